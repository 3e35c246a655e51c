// The actor page: canonical name, country, sector, knowledge-base id, the surface texts it was
// read from, its counts (as actor, as recipient, per quad class and category), its dyads and its
// events per month. Opened from a dyad, the network's hover list or the filter chip; the URL
// keeps it (?actor_page=ID).
import * as Plot from "@observablehq/plot";
import { QUAD_COLOURS, QUAD_NAMES, sectorColour, sectorName } from "./colours.js";
import { append, clear, el } from "./dom.js";
import { accessible } from "./timeline.js";

const MONTH = 31 * 86400000;

export function renderActorPage(box, page, { onClose, onFilter, onActor, onDyad }) {
  clear(box);
  const a = page.actor;
  const dyadRows = page.dyads.map((d) => {
    const out = d.source_id === a.id;
    const otherId = out ? d.target_id : d.source_id;
    const other = out ? d.target_name : d.source_name;
    return el("tr", { tabindex: 0, onclick: () => onDyad(d), onkeydown: (e) => { if (e.key === "Enter") onDyad(d); } },
      el("td", {}, out ? "→" : "←"),
      el("td", {}, el("a", { href: `?actor_page=${encodeURIComponent(otherId)}`, onclick: (e) => { e.preventDefault(); e.stopPropagation(); onActor(otherId); } }, other)),
      [1, 2, 3, 4].map((q) => el("td", { class: "num" }, d.counts[q] ? String(d.counts[q]) : "")),
      el("td", { class: "num" }, String(d.total)));
  });
  const timeline = el("div", { class: "actor-timeline" });
  append(box, [
    el("div", { class: "actor-head" },
      el("h2", { id: "actor-title" }, el("i", { class: "swatch dot big", style: `background:${sectorColour(a.sector)}` }), a.name),
      el("div", { class: "actor-actions" },
        el("button", { type: "button", onclick: () => onFilter(a.id, a.name) }, "Filter everything to this actor"),
        el("button", { type: "button", onclick: onClose, "aria-label": "Close the actor page" }, "Close ×"))),
    el("dl", { class: "facts" },
      el("dt", {}, "Country"), el("dd", {}, a.country || "unknown"),
      el("dt", {}, "Sector"), el("dd", {}, sectorName(a.sector)),
      el("dt", {}, "Knowledge-base id"), el("dd", {}, a.kb_id || "none"),
      el("dt", {}, "Events"), el("dd", { "data-testid": "actor-events" }, `${a.num_events} (as actor ${page.as_actor}, as recipient ${page.as_recipient})`),
      el("dt", {}, "Dates"), el("dd", {}, page.first_date ? `${page.first_date} – ${page.last_date}` : "undated"),
      el("dt", {}, "Quad classes"), el("dd", {}, Object.entries(page.quads).map(([q, n]) => el("span", { class: "pill", style: `border-color:${QUAD_COLOURS[q]}` }, `${QUAD_NAMES[q]} ${n}`))),
      el("dt", {}, "Categories"), el("dd", {}, Object.entries(page.event_types).map(([t, n]) => `${t} ${n}`).join(", ")),
      el("dt", {}, "Seen as"), el("dd", { "data-testid": "aliases" }, page.aliases.length ? page.aliases.map((x) => `“${x.text}” ×${x.count}`).join(", ") : "—")),
    el("div", { class: "actor-body" },
      el("div", {},
        el("h3", {}, "Dyads"),
        el("table", { class: "small", "data-testid": "actor-dyads" },
          el("thead", {}, el("tr", {}, el("th", { scope: "col" }, "dir."), el("th", { scope: "col" }, "Counterpart"),
            [1, 2, 3, 4].map((q) => el("th", { scope: "col", class: "num", title: QUAD_NAMES[q] }, `q${q}`)), el("th", { scope: "col", class: "num" }, "Total"))),
          el("tbody", {}, dyadRows.length ? dyadRows : el("tr", {}, el("td", { colspan: 7 }, "No dyads with resolved actors."))))),
      el("div", {}, el("h3", {}, "Events per month"), timeline)),
  ]);
  if (page.timeline.length) {
    const data = page.timeline.map((p) => ({ period: new Date(`${p.period}T00:00:00Z`), quad: `${p.quad} ${QUAD_NAMES[p.quad]}`, count: p.count }));
    const times = data.map((d) => d.period.getTime());
    const tallest = Math.max(1, ...data.map((d) => d.count));
    const chart = Plot.plot({
      width: Math.max(300, (box.clientWidth || 900) / 2 - 40),
      height: 170,
      marginLeft: 40,
      x: { type: "utc", label: null, domain: [new Date(Math.min(...times) - MONTH), new Date(Math.max(...times) + 2 * MONTH)] },
      y: { label: "events", grid: true, tickFormat: "d", ticks: Math.min(5, tallest) },
      color: { domain: [1, 2, 3, 4].map((q) => `${q} ${QUAD_NAMES[q]}`), range: [1, 2, 3, 4].map((q) => QUAD_COLOURS[q]), legend: true },
      marks: [Plot.rectY(data, { x: "period", y: "count", fill: "quad", interval: "month", tip: true }), Plot.ruleY([0])],
    });
    accessible(chart, `Events of ${a.name} per month, by quad class`);
    append(timeline, chart);
  } else {
    append(timeline, el("p", { class: "hint" }, "No dated events."));
  }
}
