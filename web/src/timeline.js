// The timeline (Observable Plot, with a d3 brush): events per day, week or month, stacked by
// category (16 distinct colours) or quad class. The axis fits the bulk of the filtered events:
// a few stray dates (an article about 1985) are listed under the chart instead of stretching
// the axis over decades. Dragging across the bars picks a period (onBrush(from, to)).
import * as Plot from "@observablehq/plot";
import { brushX } from "d3-brush";
import { select } from "d3-selection";
import { CATEGORY_COLOURS, EVENT_TYPES, QUAD_COLOURS, QUAD_NAMES } from "./colours.js";
import { append, clear, el } from "./dom.js";

const DAY = 86400000;
const STEP = { day: DAY, week: 7 * DAY, month: 31 * DAY };

/** Split buckets into the bulk and outliers: periods far (by the interquartile range of event
 * dates) from where most events are. */
export function splitOutliers(buckets) {
  const points = buckets.map((b) => ({ t: Date.parse(`${b.period}T00:00:00Z`), n: b.count }));
  const sorted = [...points].sort((a, b) => a.t - b.t);
  const total = sorted.reduce((s, p) => s + p.n, 0);
  const quantile = (q) => {
    let seen = 0;
    for (const p of sorted) {
      seen += p.n;
      if (seen >= q * total) return p.t;
    }
    return sorted[sorted.length - 1].t;
  };
  const q1 = quantile(0.25);
  const q3 = quantile(0.75);
  const spread = Math.max(q3 - q1, 60 * DAY);
  const low = q1 - 3 * spread;
  const high = q3 + 3 * spread;
  const inside = (b) => {
    const t = Date.parse(`${b.period}T00:00:00Z`);
    return t >= low && t <= high;
  };
  return { bulk: buckets.filter(inside), outliers: buckets.filter((b) => !inside(b)) };
}

/** The tallest stack per period, for integer y ticks. */
function stackHeights(data) {
  const sums = new Map();
  for (const d of data) sums.set(+d.period, (sums.get(+d.period) || 0) + d.count);
  return [1, ...sums.values()];
}

/** Plot labels its inner <g> elements with aria-label, which ARIA forbids on a role-less <g>;
 * the chart as a whole gets one label and role="img" instead (axe-core checks this). */
export function accessible(chart, label) {
  const svg = chart.tagName.toLowerCase() === "svg" ? chart : [...chart.querySelectorAll("svg")].pop();
  for (const g of chart.querySelectorAll("g[aria-label]")) g.removeAttribute("aria-label");
  if (svg) {
    svg.setAttribute("role", "img");
    svg.setAttribute("aria-label", label);
  }
}

function legend(container, by, keys) {
  clear(container);
  const items = by === "quad" ? [1, 2, 3, 4].map((q) => [`${q} ${QUAD_NAMES[q]}`, QUAD_COLOURS[q]])
    : EVENT_TYPES.filter((t) => keys.has(t)).map((t) => [t, CATEGORY_COLOURS[t]]);
  for (const [name, colour] of items) {
    append(container, el("span", { class: "key" }, el("i", { class: "swatch", style: `background:${colour}` }), name));
  }
}

export function renderTimeline(container, legendBox, outlierBox, timeline, onBrush, range) {
  clear(container);
  clear(outlierBox);
  if (!timeline.buckets.length) {
    clear(legendBox);
    append(container, el("p", { class: "hint empty" }, "No dated events match these filters."));
    return { total: 0 };
  }
  const { bulk, outliers } = splitOutliers(timeline.buckets);
  const quad = timeline.by === "quad";
  const data = bulk.map((b) => ({
    period: new Date(`${b.period}T00:00:00Z`),
    key: quad ? `${b.key} ${QUAD_NAMES[b.key] || ""}` : String(b.key),
    count: b.count,
  }));
  const keys = new Set(bulk.map((b) => String(b.key)));
  legend(legendBox, timeline.by, keys);
  const step = STEP[timeline.interval] || DAY;
  const times = data.map((d) => d.period.getTime());
  const domain = [new Date(Math.min(...times) - step), new Date(Math.max(...times) + 2 * step)];
  const width = Math.max(320, container.clientWidth || 900);
  const colour = quad
    ? { domain: [1, 2, 3, 4].map((q) => `${q} ${QUAD_NAMES[q]}`), range: [1, 2, 3, 4].map((q) => QUAD_COLOURS[q]) }
    : { domain: EVENT_TYPES, range: EVENT_TYPES.map((t) => CATEGORY_COLOURS[t]) };
  const chart = Plot.plot({
    width,
    height: 190,
    marginLeft: 44,
    marginBottom: 28,
    x: { type: "utc", label: null, domain, ...(domain[1] - domain[0] <= 21 * DAY ? { ticks: "day" } : {}) },
    y: { label: "events", grid: true, tickFormat: "d", ticks: Math.min(5, Math.max(...stackHeights(data))) },
    color: colour,
    marks: [
      Plot.rectY(data, {
        x: "period",
        y: "count",
        fill: "key",
        interval: timeline.interval,
        tip: true,
        title: (d) => `${d.period.toISOString().slice(0, 10)}: ${d.count} ${d.key}`,
      }),
      Plot.ruleY([0]),
    ],
  });
  accessible(chart, `Events per ${timeline.interval}, ${timeline.by === "quad" ? "by quad class" : "by category"}`);
  append(container, chart);
  const total = timeline.buckets.reduce((s, b) => s + b.count, 0);
  if (outliers.length) {
    const n = outliers.reduce((s, b) => s + b.count, 0);
    const periods = new Map();
    for (const b of outliers) {
      const p = periods.get(b.period) || { period: b.period, count: 0, keys: [] };
      p.count += b.count;
      p.keys.push(quad ? `q${b.key}` : b.key);
      periods.set(b.period, p);
    }
    const listed = [...periods.values()];
    append(outlierBox, [
      `Off the axis (far from the bulk of the dates): ${n} event${n === 1 ? "" : "s"} in the ${timeline.interval}s of `,
      listed.slice(0, 12).map((p, i) => [i ? ", " : "", el("b", {}, p.period), ` (${p.count}: ${p.keys.join(", ")})`]),
      listed.length > 12 ? ` and ${listed.length - 12} more` : "",
      ".",
    ]);
  }
  // The brush: drag across the plot area to pick a period.
  const x = chart.scale("x");
  const [x0, x1] = x.range;
  const height = 190;
  const brush = brushX()
    .extent([[x0, 10], [x1, height - 28]])
    .on("end", (event) => {
      if (!event.sourceEvent) return; // moved by code, not by the user
      if (!event.selection) {
        onBrush(null, null);
        return;
      }
      const [a, b] = event.selection.map((px) => x.invert(px));
      onBrush(a.toISOString().slice(0, 10), b.toISOString().slice(0, 10));
    });
  const g = select(chart).append("g").attr("class", "brush").call(brush);
  if (range && range[0] && range[1]) {
    const a = x.apply(new Date(`${range[0]}T00:00:00Z`));
    const b = x.apply(new Date(`${range[1]}T00:00:00Z`));
    const lo = Math.max(x0, a);
    const hi = Math.min(x1, b);
    if (Number.isFinite(lo) && Number.isFinite(hi) && lo < hi) g.call(brush.move, [lo, hi]);
  }
  return { total, outliers: outliers.length, chart, x0, x1 };
}
