// The API calls of the explorer's first load, with no filters. boot.js starts them as soon as the
// page begins to load, while the big explorer bundle is still being fetched and compiled;
// main.js then picks the answers up instead of asking again (api.js, takePrefetched).
export const NETWORK_NODES = 60;
export const PAGE = 50;
export const DEFAULT_INTERVAL = "day"; // the first option of #t-interval
export const DEFAULT_BY = "quad"; // the first option of #t-by

export const FIRST_LOAD = [
  ["/stats", {}],
  ["/network", { max_nodes: NETWORK_NODES }],
  ["/timeline", { interval: DEFAULT_INTERVAL, by: DEFAULT_BY }],
  ["/map", {}],
  ["/events", { limit: PAGE, offset: 0 }],
];
