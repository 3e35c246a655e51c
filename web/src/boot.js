// Runs before explorer.js (module scripts run in document order) and starts the first load's API
// calls while the big bundle is still downloading and compiling.
import { prefetch } from "./api.js";
import { FIRST_LOAD } from "./first-load.js";

for (const [path, params] of FIRST_LOAD) prefetch(path, params);
