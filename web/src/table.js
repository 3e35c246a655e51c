// The filterable event table: one page at a time from /api/events (the server bounds page
// sizes, so 10,000 or 1,000,000 events load equally fast).
import { append, clear, el } from "./dom.js";

export function renderTable(tbody, page, onSelect, selectedId) {
  clear(tbody);
  if (!page.items.length) {
    append(tbody, el("tr", { class: "empty" }, el("td", { colspan: 7 }, "No events match these filters.")));
    return;
  }
  for (const event of page.items) {
    const tr = el(
      "tr",
      {
        tabindex: 0,
        class: event.id === selectedId ? "selected" : "",
        dataset: { eventId: event.id },
        onclick: () => onSelect(event.id, tr),
        onkeydown: (e) => {
          if (e.key === "Enter") onSelect(event.id, tr);
        },
      },
      el("td", {}, event.date || ""),
      el("td", { class: `quad-${event.quad_code}` }, event.event_type + (event.mode ? ` · ${event.mode}` : "")),
      el("td", {}, (event.actors || []).join(", ")),
      el("td", {}, (event.recipients || []).join(", ")),
      el("td", {}, event.place || ""),
      el("td", {}, event.status),
      el("td", { class: "num" }, typeof event.confidence === "number" ? event.confidence.toFixed(2) : ""),
    );
    append(tbody, tr);
  }
}
