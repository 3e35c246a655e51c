// Runs before explorer.js (module scripts run in document order) and starts the page's API calls
// (for the state in the URL) while the big bundle is still downloading and compiling.
import { prefetch } from "./api.js";
import { viewCalls } from "./first-load.js";
import { readURL } from "./state.js";

for (const [path, params] of Object.values(viewCalls(readURL()))) prefetch(path, params);
