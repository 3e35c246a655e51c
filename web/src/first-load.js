// The API calls behind each view, computed from the state in the URL. boot.js starts them as soon
// as the page begins to load, while the big explorer bundle is still being fetched and compiled;
// main.js asks for exactly the same URLs and picks the answers up (api.js, takePrefetched).
export const PAGE = 50;
export const DYADS = 25;

/** Filters for the network: everything but the picked actor or dyad, so the graph keeps showing
 * the picked actor's neighbourhood. */
export function contextFilters(filters) {
  const { actor_id, source_id, target_id, ...rest } = filters;
  return rest;
}

/** The timeline shows the whole period of the other filters; the brush marks the chosen dates. */
export function undated(filters) {
  const { date_from, date_to, ...rest } = filters;
  return rest;
}

export function viewCalls(state, offset = 0) {
  const f = state.filters;
  const v = state.view;
  const sorted = v.sort !== "date" || v.order !== "desc" ? { sort: v.sort, order: v.order } : {};
  const calls = {
    counts: ["/counts", f],
    network: ["/network", { ...contextFilters(f), max_nodes: v.n }],
    timeline: ["/timeline", { ...undated(f), interval: v.interval, by: v.by }],
    map: ["/map", f],
    events: ["/events", { ...f, limit: PAGE, offset, ...sorted }],
    dyads: ["/dyads", { ...f, limit: DYADS, offset: 0 }],
  };
  if (state.open.actor_page) calls.actor = [`/actors/${encodeURIComponent(state.open.actor_page)}`, contextFilters(f)];
  if (state.open.event) calls.event = [`/events/${encodeURIComponent(state.open.event)}`, {}];
  return calls;
}
