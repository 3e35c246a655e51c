// The explorer's state lives in the URL, so a view can be bookmarked and shared: every filter,
// the timeline's interval and grouping, the network size, the table's sort, the open actor page
// and the open event. Status has a default (what happened: asserted + historical); "all" in the
// URL means no status filter.
import { DEFAULT_STATUSES } from "./colours.js";

/** The API's EventFilter fields the page sets. */
export const FILTER_KEYS = [
  "event_type", "quad_code", "status", "date_from", "date_to", "country", "place",
  "actor", "actor_country", "actor_sector", "recipient", "recipient_country", "recipient_sector",
  "outlet", "text", "min_confidence", "actor_id", "source_id", "target_id",
];
const VIEW_KEYS = { interval: "week", by: "category", n: "60", isolated: "", sort: "date", order: "desc" };
const OPEN_KEYS = ["actor_page", "event"];

export function readURL(search = location.search) {
  const qs = new URLSearchParams(search);
  const filters = {};
  for (const key of FILTER_KEYS) {
    const value = qs.get(key);
    if (value) filters[key] = value;
  }
  if (!qs.has("status")) filters.status = DEFAULT_STATUSES.join(",");
  else if (qs.get("status") === "all") delete filters.status;
  const view = {};
  for (const [key, fallback] of Object.entries(VIEW_KEYS)) view[key] = qs.get(key) || fallback;
  const open = {};
  for (const key of OPEN_KEYS) open[key] = qs.get(key) || null;
  return { filters, view, open };
}

export function toURL({ filters, view, open }) {
  const qs = new URLSearchParams();
  for (const key of FILTER_KEYS) {
    if (key === "status") continue;
    if (filters[key]) qs.set(key, filters[key]);
  }
  const status = filters.status || "";
  if (!status) qs.set("status", "all");
  else if (status !== DEFAULT_STATUSES.join(",")) qs.set("status", status);
  for (const [key, fallback] of Object.entries(VIEW_KEYS)) {
    if (view[key] && view[key] !== fallback) qs.set(key, view[key]);
  }
  for (const key of OPEN_KEYS) if (open[key]) qs.set(key, open[key]);
  const text = qs.toString();
  return text ? `?${text}` : location.pathname;
}
