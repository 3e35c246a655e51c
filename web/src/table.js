// The event table: one page at a time from /api/events, sortable by any column over all pages
// (the API sorts; the server bounds page sizes, so 10,000 or 1,000,000 events load equally fast).
import { append, clear, el } from "./dom.js";

export const COLUMNS = [
  ["date", "Date", (e) => e.date || "undated"],
  ["event_type", "Category", (e) => e.event_type + (e.mode ? ` · ${e.mode}` : "")],
  [null, "Actor", (e) => (e.actors || []).join(", ")],
  [null, "Recipient", (e) => (e.recipients || []).join(", ")],
  [null, "Place", (e) => e.place || ""],
  ["place_country", "Country", (e) => e.place_country || ""],
  ["fatalities", "Killed", (e) => (e.fatalities === null || e.fatalities === undefined ? "" : String(e.fatalities))],
  ["num_mentions", "Mentions", (e) => String(e.num_mentions)],
  ["num_sources", "Sources", (e) => String(e.num_sources)],
  ["status", "Status", (e) => e.status],
  ["confidence", "Conf.", (e) => (typeof e.confidence === "number" ? e.confidence.toFixed(2) : "")],
];
const NUMERIC = new Set(["fatalities", "num_mentions", "num_sources", "confidence"]);

export function renderHeader(row, view, onSort) {
  clear(row);
  for (const [key, label] of COLUMNS) {
    if (!key) {
      append(row, el("th", { scope: "col" }, label));
      continue;
    }
    const active = view.sort === key;
    const sort = active ? (view.order === "asc" ? "ascending" : "descending") : "none";
    append(row, el("th", { scope: "col", "aria-sort": sort, class: NUMERIC.has(key) ? "num" : "" },
      el("button", {
        type: "button",
        class: "sort",
        "data-sort": key,
        title: `sort by ${label.toLowerCase()}`,
        onclick: () => onSort(key, active && view.order === "desc" ? "asc" : "desc"),
      }, label, el("span", { "aria-hidden": "true" }, active ? (view.order === "asc" ? " ▲" : " ▼") : ""))));
  }
}

export function renderTable(tbody, page, onSelect, selectedId) {
  clear(tbody);
  if (!page.items.length) {
    append(tbody, el("tr", { class: "empty" }, el("td", { colspan: COLUMNS.length }, "No events match these filters.")));
    return;
  }
  for (const event of page.items) {
    const tr = el(
      "tr",
      {
        tabindex: 0,
        class: event.id === selectedId ? "selected" : "",
        dataset: { eventId: event.id },
        "aria-selected": event.id === selectedId ? "true" : "false",
        onclick: () => onSelect(event.id, tr),
        onkeydown: (e) => {
          if (e.key === "Enter" || e.key === " ") {
            e.preventDefault();
            onSelect(event.id, tr);
          }
        },
      },
      COLUMNS.map(([key, , cell]) =>
        el("td", { class: [NUMERIC.has(key) ? "num" : "", key === "event_type" ? `quad-${event.quad_code}` : ""].join(" ").trim() }, cell(event))),
    );
    append(tbody, tr);
  }
}
