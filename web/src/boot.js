// Loaded with `async` ahead of explorer.js: starts the first load's API calls at once.
import { prefetch } from "./api.js";
import { FIRST_LOAD } from "./first-load.js";

for (const [path, params] of FIRST_LOAD) prefetch(path, params);
