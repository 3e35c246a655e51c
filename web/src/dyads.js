// The dyad table: actor → recipient pairs of the filtered events with their events per quad
// class. A click on a row lists that dyad's events (source_id + target_id filters); a click on
// a name opens that actor's page.
import { QUAD_COLOURS } from "./colours.js";
import { append, clear, el } from "./dom.js";

function name(id, label, country, onActor) {
  return el("a", {
    href: `?actor_page=${encodeURIComponent(id)}`,
    class: "actor-link",
    "data-actor-id": id,
    onclick: (e) => {
      e.preventDefault();
      e.stopPropagation();
      onActor(id);
    },
  }, label, country ? el("span", { class: "code" }, ` ${country}`) : null);
}

export function renderDyads(tbody, note, body, { onDyad, onActor, selected }) {
  clear(tbody);
  if (!body.items.length) {
    append(tbody, el("tr", { class: "empty" }, el("td", { colspan: 7 }, "No actor → recipient pairs among resolved actors match these filters.")));
    note.textContent = "";
    return;
  }
  const max = Math.max(...body.items.map((d) => d.total));
  for (const d of body.items) {
    const isSel = selected && selected.source_id === d.source_id && selected.target_id === d.target_id;
    const open = () => onDyad(d);
    append(tbody, el("tr", {
      tabindex: 0,
      class: isSel ? "selected" : "",
      dataset: { source: d.source_id, target: d.target_id },
      title: `${d.source_name} → ${d.target_name}: list these ${d.total} events`,
      onclick: open,
      onkeydown: (e) => {
        if (e.key === "Enter") open();
      },
    },
    el("td", {}, name(d.source_id, d.source_name, d.source_country, onActor)),
    el("td", {}, name(d.target_id, d.target_name, d.target_country, onActor)),
    [1, 2, 3, 4].map((q) => {
      const n = d.counts[q] || 0;
      return el("td", { class: "num" }, n ? el("span", { class: "pill", style: `border-color:${QUAD_COLOURS[q]}` }, String(n)) : "");
    }),
    el("td", { class: "num" }, el("span", { class: "bar", style: `width:${Math.round((40 * d.total) / max)}px` }), ` ${d.total}`)));
  }
  note.textContent = body.total > body.items.length ? `the ${body.items.length} busiest of ${body.total} dyads` : `${body.total} dyads`;
}
