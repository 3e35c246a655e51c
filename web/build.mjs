// Builds the explorer (explorer.js, and explorer.css from the CSS it imports) into src/dotterel/server/static/dist/ (git-ignored; `make setup` runs this).
// Everything the page needs is bundled or copied here: no CDN, no tile server, works offline.
import { build } from "esbuild";
import { copyFileSync, mkdirSync, rmSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, "..", "src", "dotterel", "server", "static", "dist");

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });

// boot.js: a few hundred bytes that start the first API calls while explorer.js loads.
await build({
  entryPoints: [join(here, "src", "boot.js")],
  bundle: true,
  minify: true,
  format: "esm",
  target: ["chrome110", "firefox110", "safari16"],
  outfile: join(out, "boot.js"),
  logLevel: "warning",
});

await build({
  entryPoints: [join(here, "src", "main.js")],
  bundle: true,
  minify: true,
  format: "esm",
  target: ["chrome110", "firefox110", "safari16"],
  outfile: join(out, "explorer.js"),
  loader: { ".png": "dataurl", ".svg": "dataurl" },
  legalComments: "linked",
  logLevel: "warning",
});

copyFileSync(join(here, "src", "index.html"), join(out, "index.html"));
// Country outlines (Natural Earth via world-atlas, public domain / ISC) for the offline map.
copyFileSync(join(here, "node_modules", "world-atlas", "countries-110m.json"), join(out, "countries-110m.json"));
const notice = [
  "Third-party code bundled into explorer.js (see explorer.js.LEGAL.txt for their notices):",
  "cytoscape (MIT), @observablehq/plot (ISC) with d3 (ISC), leaflet (BSD-2-Clause),",
  "topojson-client (ISC); countries-110m.json from world-atlas (ISC; data: Natural Earth, public domain).",
  "",
].join("\n");
writeFileSync(join(out, "NOTICE.txt"), notice);
const size = readFileSync(join(out, "explorer.js")).length;
console.log(`explorer built into ${out} (explorer.js ${(size / 1024).toFixed(0)} KiB)`);
