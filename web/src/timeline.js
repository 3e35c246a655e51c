// The timeline (Observable Plot): event counts per day or week, stacked by quad code or category.
import * as Plot from "@observablehq/plot";
import { append, clear, el } from "./dom.js";

const QUAD_NAMES = { 1: "1 verbal coop.", 2: "2 material coop.", 3: "3 verbal conflict", 4: "4 material conflict" };

export function renderTimeline(container, timeline) {
  clear(container);
  if (!timeline.buckets.length) {
    append(container, el("p", { class: "hint" }, "No dated events match these filters."));
    return;
  }
  const data = timeline.buckets.map((b) => ({
    period: new Date(`${b.period}T00:00:00Z`),
    key: timeline.by === "quad" ? QUAD_NAMES[b.key] || String(b.key) : String(b.key),
    count: b.count,
  }));
  const width = Math.max(320, container.clientWidth || 900);
  // Pad the time axis by a few periods so one day or one week still reads as a bar on a calendar.
  const DAY = 86400000;
  const step = { day: DAY, week: 7 * DAY, month: 31 * DAY }[timeline.interval] || DAY;
  const times = data.map((d) => d.period.getTime());
  const domain = [new Date(Math.min(...times) - 2 * step), new Date(Math.max(...times) + 3 * step)];
  const chart = Plot.plot({
    width,
    height: 180,
    marginLeft: 40,
    // A short span gets one tick per day rather than Plot's hourly ticks.
    x: { type: "utc", label: null, domain, ...(domain[1] - domain[0] <= 21 * DAY ? { ticks: "day" } : {}) },
    y: { label: "events", grid: true },
    color: { legend: true, scheme: timeline.by === "quad" ? undefined : "tableau10",
      ...(timeline.by === "quad" ? { domain: Object.values(QUAD_NAMES), range: ["#2b8a3e", "#74b816", "#f08c00", "#c92a2a"] } : {}) },
    marks: [
      Plot.rectY(data, {
        x: "period",
        y: "count",
        fill: "key",
        interval: timeline.interval === "month" ? "month" : timeline.interval === "week" ? "week" : "day",
        tip: true,
      }),
      Plot.ruleY([0]),
    ],
  });
  append(container, chart);
}
