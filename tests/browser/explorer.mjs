// Drives the explorer in Debian's headless Chromium through playwright-core (from web/node_modules).
// Run by tests/browser/test_explorer.py and bench/explorer_load.py against a real `dotterel serve`:
//   node tests/browser/explorer.mjs MODE URL ARTIFACTS_DIR [SCREENSHOT_NAME]
// MODE is "e2e" (network → click an actor → table filters → open an event → highlighted evidence),
// "research" (the researcher's path of issue #14: country + category + brushed dates → dyads →
// actor page → evidence → CSV export equal to the API's rows → Clear; axe-core accessibility;
// a screenshot of every view), "xss" (hostile article text stays text; no script runs), "errors" (an API error reaches the
// user) or "load" (first-load timing).
// Prints one JSON object on stdout; exits 1 with {"error": ...} when a check fails.
import { createRequire } from "node:module";
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(join(here, "..", "..", "web", "package.json"));
const { chromium } = require("playwright-core");

const [mode, url, artifacts, shotName] = process.argv.slice(2);
const shot = shotName || mode;
const CHROMIUM = process.env.DOTTEREL_CHROMIUM || "/usr/bin/chromium";
const TIMEOUT = 20000;

function check(condition, message) {
  if (!condition) throw new Error(message);
}

async function launch() {
  const profile = mkdtempSync(join(tmpdir(), "dotterel-chromium-"));
  // A persistent context is how playwright takes a fresh --user-data-dir of our own.
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1400, height: 1000 },
    args: [
      "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync",
    ],
  });
  return { context, profile };
}

function watch(page) {
  const problems = [];
  page.on("pageerror", (err) => problems.push(`page error: ${err.message}`));
  page.on("console", (msg) => {
    if (msg.type() === "error") problems.push(`console error: ${msg.text()}`);
  });
  page.on("dialog", (dialog) => {
    problems.push(`dialog opened: ${dialog.message()}`);
    dialog.dismiss();
  });
  return problems;
}

/** Wait for a selector, naming the step when it does not come. */
async function waitFor(page, selector, step) {
  try {
    await page.waitForSelector(selector, { timeout: TIMEOUT });
  } catch (err) {
    throw new Error(`${step}: ${selector} did not appear within ${TIMEOUT} ms`);
  }
}

async function ready(page) {
  await page.goto(url, { waitUntil: "load" });
  await page.waitForFunction(() => window.dotterelExplorer && window.dotterelExplorer.ready, null, { timeout: TIMEOUT });
}

async function tableRows(page) {
  return page.$$eval("#events tbody tr[data-event-id]", (rows) =>
    rows.map((r) => ({ id: r.dataset.eventId, cells: Array.from(r.cells).map((c) => c.textContent) })),
  );
}

async function e2e(page) {
  await ready(page);
  const nodes = await page.evaluate(() => window.dotterelExplorer.cy.nodes().map((n) => ({ id: n.id(), label: n.data("label") })));
  check(nodes.length > 1, `the network shows ${nodes.length} actors`);
  const totalBefore = await page.evaluate(() => window.dotterelExplorer.state.total);
  const timelineBefore = await page.evaluate(() => window.dotterelExplorer.state.timelineTotal);
  const rowsBefore = await tableRows(page);
  check(rowsBefore.length > 0, "the event table is empty before filtering");

  // Click the busiest actor where it is drawn on the canvas, like a person would.
  const target = await page.evaluate(() => {
    const cy = window.dotterelExplorer.cy;
    const node = cy.nodes().max((n) => n.width()).ele;
    const pos = node.renderedPosition();
    const box = cy.container().getBoundingClientRect();
    return { id: node.id(), label: node.data("label"), x: box.left + pos.x, y: box.top + pos.y };
  });
  await page.mouse.click(target.x, target.y);
  await waitFor(page, '[data-testid="actor-chip"]', `after clicking ${target.label} at (${Math.round(target.x)}, ${Math.round(target.y)})`);
  await page.waitForFunction(() => !document.body.dataset.loading, null, { timeout: TIMEOUT });
  const picked = await page.evaluate(() => window.dotterelExplorer.state.actor);
  check(picked && picked.id === target.id, `clicking ${target.label} picked ${JSON.stringify(picked)}`);
  const pickedInList = await page.inputValue("#actor-pick");
  check(pickedInList === target.id, `the actor list shows ${JSON.stringify(pickedInList)}, not ${target.id}`);
  const totalAfter = await page.evaluate(() => window.dotterelExplorer.state.total);
  const rowsAfter = await tableRows(page);
  check(rowsAfter.length > 0, `no events listed for ${target.label}`);
  check(totalAfter < totalBefore, `the table did not narrow: ${totalBefore} → ${totalAfter}`);
  for (const row of rowsAfter) {
    check(row.cells[2].includes(target.label) || row.cells[3].includes(target.label),
      `row ${row.id} does not involve ${target.label}: ${row.cells.join(" | ")}`);
  }
  // The timeline and the map follow the click too: they count the same events as the table.
  const after = await page.evaluate(() => window.dotterelExplorer.state);
  check(after.mapTotal === totalAfter, `the map counts ${after.mapTotal} events, the table ${totalAfter}`);
  check(after.timelineTotal > 0 && after.timelineTotal <= totalAfter && after.timelineTotal < timelineBefore,
    `the timeline counts ${timelineBefore} → ${after.timelineTotal} events for ${totalAfter} in the table`);
  const caption = await page.textContent("#table-caption");
  check(caption.includes(target.label), `table caption ${JSON.stringify(caption)} does not name the actor`);

  // Open the first event and look at the evidence sentence.
  await page.click(`#events tbody tr[data-event-id="${rowsAfter[0].id}"]`);
  await waitFor(page, '[data-testid="evidence"] mark.hl-trigger', "after opening an event");
  const marks = await page.$$eval('[data-testid="evidence"]:first-of-type mark', (ms) =>
    ms.map((m) => ({ role: m.dataset.role, text: m.textContent, bg: getComputedStyle(m).backgroundColor })),
  );
  // Every role whose span lies inside the evidence sentence must be highlighted, with its words.
  const expected = await page.evaluate(async (id) => {
    const detail = await (await fetch(`/api/events/${encodeURIComponent(id)}`)).json();
    const rep = detail.mentions.find((m) => m.id === detail.event.representative_mention) || detail.mentions[0];
    const r = rep.record;
    const ev = r.evidence;
    const inside = (s) => s && s.start >= ev.start && s.end <= ev.end && s.end > s.start;
    const out = [];
    if (inside(r.trigger)) out.push(["trigger", r.trigger.text]);
    for (const a of r.actor) if (inside(a)) out.push(["actor", a.text]);
    for (const a of r.recipient) if (inside(a)) out.push(["recipient", a.text]);
    if (inside(r.location)) out.push(["place", r.location.text]);
    if (inside(r.attribution)) out.push(["attribution", r.attribution.text]);
    return out;
  }, rowsAfter[0].id);
  check(expected.some(([role]) => role === "trigger"), "the event's trigger is not inside its evidence sentence");
  for (const [role, text] of expected) {
    check(marks.some((m) => m.role === role && text.includes(m.text)),
      `the evidence does not highlight the ${role} ${JSON.stringify(text)}: ${JSON.stringify(marks)}`);
  }
  check(marks.every((m) => m.bg && m.bg !== "rgba(0, 0, 0, 0)"), "a highlight has no background colour");
  // The whole article, with the spans of all its events.
  await page.click("#event-view button.open-article");
  await waitFor(page, '[data-testid="article-text"] mark', "after opening the article");
  const articleMarks = await page.$$eval('[data-testid="article-text"] mark', (ms) => ms.length);
  const timelineBars = await page.$$eval("#timeline svg rect", (r) => r.length);
  check(timelineBars > 0, "the timeline drew no bars");
  const mapShapes = await page.$$eval("#map path.leaflet-interactive", (p) => p.length);
  check(mapShapes > 100, `the map drew ${mapShapes} shapes (country outlines missing?)`);
  return {
    nodes: nodes.length, actor: target.label, totalBefore, totalAfter, timelineAfter: after.timelineTotal,
    marks, expectedRoles: expected.map(([role]) => role), articleMarks, timelineBars, mapShapes,
  };
}

async function xss(page) {
  await ready(page);
  await page.fill("#f-actor", "onerror=");
  await page.click("#filters button[type=submit]");
  await page.waitForFunction(() => !document.body.dataset.loading && window.dotterelExplorer.state.total === 1, null, { timeout: TIMEOUT });
  const rows = await tableRows(page);
  await page.click(`#events tbody tr[data-event-id="${rows[0].id}"]`);
  await waitFor(page, '[data-testid="evidence"] mark.hl-actor', "after opening the hostile event");
  await page.hover("#map");
  await page.waitForTimeout(300);
  const result = await page.evaluate(() => ({
    xss: window.__xss === undefined ? null : window.__xss,
    injectedImages: document.querySelectorAll('img[src="x"]').length,
    injectedScripts: Array.from(document.scripts).filter((s) => s.textContent.includes("__xss")).length,
    evidenceText: document.querySelector('[data-testid="evidence"]').textContent,
    tableText: document.querySelector("#events tbody").textContent,
  }));
  check(result.xss === null, `a script from the article ran (window.__xss = ${result.xss})`);
  check(result.injectedImages === 0, "an <img> from the article became markup");
  check(result.injectedScripts === 0, "a <script> from the article became markup");
  check(result.evidenceText.includes("<script>window.__xss=2</script>"), "the evidence does not show the markup as text");
  check(result.tableText.includes("onerror="), "the table does not show the markup as text");
  return result;
}

async function errors(page) {
  // A bad filter comes back in the API's error shape and is shown to the user, not swallowed.
  await ready(page);
  await page.fill("#f-since", "2023-12-01");
  await page.fill("#f-until", "2023-11-01");
  await page.click("#filters button[type=submit]");
  await waitFor(page, "#error:not([hidden])", "after asking for an empty date range");
  const message = await page.textContent("#error");
  check(message.includes("E601") && message.includes("date_from"), `the error box says ${JSON.stringify(message)}`);
  await page.click("#error");
  check(await page.isHidden("#error"), "the error box does not close on click");
  return { message };
}

async function load(page) {
  const started = Date.now();
  await ready(page);
  const wall = Date.now() - started;
  const timing = await page.evaluate(() => {
    const nav = performance.getEntriesByType("navigation")[0];
    const mark = performance.getEntriesByName("explorer-ready")[0];
    const api = performance.getEntriesByType("resource").filter((r) => r.name.includes("/api/"));
    return {
      ttfb_ms: nav.responseStart,
      dom_content_loaded_ms: nav.domContentLoadedEventEnd,
      load_event_ms: nav.loadEventEnd,
      explorer_ready_ms: mark ? mark.startTime : null,
      render_ms: Object.fromEntries(performance.getEntriesByType("measure").map((m) => [m.name, Math.round(m.duration)])),
      script_ms: Math.round((performance.getEntriesByType("resource").find((r) => r.name.endsWith("explorer.js")) || {}).duration || 0),
      api_calls: api.map((r) => ({ url: r.name.replace(location.origin, ""), ms: Math.round(r.duration) })),
      rows: document.querySelectorAll("#events tbody tr[data-event-id]").length,
      total: window.dotterelExplorer.state.total,
      nodes: window.dotterelExplorer.cy.nodes().length,
    };
  });
  return { wall_ms: wall, ...timing };
}

/** RFC 4180 CSV (quoted fields may hold commas, quotes and line breaks) → rows of cells. */
function parseCSV(text) {
  const rows = [];
  let row = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { cell += '"'; i++; }
      else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") { row.push(cell); cell = ""; }
    else if (c === "\n" || c === "\r") {
      if (c === "\r" && text[i + 1] === "\n") i++;
      row.push(cell); rows.push(row); row = []; cell = "";
    } else cell += c;
  }
  if (cell || row.length) { row.push(cell); rows.push(row); }
  return rows;
}

/** Wait until no view is loading (and the first load is done). */
async function settled(page) {
  await page.waitForFunction(() => window.dotterelExplorer.ready && !document.body.dataset.loading, null, { timeout: TIMEOUT });
}

async function api(page, path, params = {}) {
  return page.evaluate(async ([p, q]) => {
    const qs = new URLSearchParams(Object.entries(q).filter(([, v]) => v !== undefined && v !== null && v !== ""));
    const r = await fetch(`/api${p}${qs.toString() ? `?${qs}` : ""}`);
    return r.json();
  }, [path, params]);
}

async function shoot(page, selector, name) {
  await page.locator(selector).screenshot({ path: join(artifacts, `explorer-${name}.png`) });
}

/** axe-core (from web/node_modules, offline) on the page as it is: violations by impact. */
async function accessibility(page) {
  const source = readFileSync(require.resolve("axe-core/axe.min.js"), "utf-8");
  await page.evaluate(source); // evaluate runs outside the page's CSP
  const result = await page.evaluate(async () => {
    const r = await window.axe.run(document, { resultTypes: ["violations", "passes"] });
    return {
      passes: r.passes.length,
      violations: r.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.length, help: v.help,
        targets: v.nodes.slice(0, 3).map((n) => n.target.join(" ")) })),
    };
  });
  // A rule-level score in the spirit of Lighthouse's: the share of applicable rules passed.
  result.score = Math.round((100 * result.passes) / Math.max(1, result.passes + result.violations.length));
  return result;
}

async function research(page) {
  await ready(page);
  await settled(page);
  const landing = await page.evaluate(() => window.dotterelExplorer.state.filters);
  check(landing.status === "asserted,historical", `the landing view's status filter is ${landing.status}`);
  // The network: hover a node for its card; the size of the top-N is adjustable and kept in the URL.
  const node = await page.evaluate(() => {
    const cy = window.dotterelExplorer.cy;
    const n = cy.nodes().max((x) => x.width()).ele;
    const pos = n.renderedPosition();
    const box = cy.container().getBoundingClientRect();
    return { name: n.data("name"), events: n.data("events"), x: box.left + pos.x, y: box.top + pos.y };
  });
  await page.mouse.move(node.x, node.y);
  await page.waitForSelector("#network-tip:not([hidden])", { timeout: TIMEOUT });
  const tip = await page.textContent("#network-tip");
  check(tip.includes(node.name) && tip.includes(`${node.events} events`), `the hover card says ${tip} for ${node.name}`);
  await page.mouse.move(0, 0);
  const labels = await page.evaluate(() => {
    const cy = window.dotterelExplorer.cy;
    return cy.nodes().map((n) => parseFloat(n.style("font-size")) * cy.zoom());
  });
  check(labels.every((px) => px >= 11), `network labels drawn at ${Math.min(...labels)} px`);
  await page.selectOption("#n-size", "20");
  await page.waitForFunction(() => location.search.includes("n=20"), null, { timeout: TIMEOUT });
  await settled(page);
  const nodes20 = await page.evaluate(() => window.dotterelExplorer.cy.nodes().length);
  check(nodes20 > 0 && nodes20 <= 20, `top 20 drew ${nodes20} nodes`);
  await page.selectOption("#n-size", "60");
  await settled(page);
  const axeLanding = await accessibility(page);
  await page.screenshot({ path: join(artifacts, "explorer-overview.png"), fullPage: false });
  await shoot(page, "#timeline-panel", "timeline");
  await shoot(page, "#network-panel", "network");
  await shoot(page, "#map-panel", "map");

  // The question to answer: pick, from the data, a country and a category that have a dyad.
  const facets = await api(page, "/facets");
  let pick = null;
  for (const c of facets.country) {
    const events = await api(page, "/events", { country: c.value, status: landing.status, limit: 500 });
    const types = [...new Set(events.items.filter((e) => e.date).map((e) => e.event_type))];
    for (const t of types) {
      const dyads = await api(page, "/dyads", { country: c.value, event_type: t, status: landing.status });
      if (dyads.items.length) {
        const dates = events.items.filter((e) => e.event_type === t && e.date).map((e) => e.date).sort();
        pick = { country: c.value, type: t, dates };
        break;
      }
    }
    if (pick) break;
  }
  check(pick, "no country and category in the store have a dyad between resolved actors");

  // 0. A click on a country on the map filters to it (then back to the landing view).
  const spot = await page.evaluate((c) => window.dotterelExplorer.countryPoint(c), pick.country);
  check(spot, `no clickable point inside ${pick.country} on the map`);
  await page.mouse.click(spot.x, spot.y);
  await page.waitForFunction((c) => new URLSearchParams(location.search).get("country") === c, pick.country, { timeout: TIMEOUT });
  await settled(page);
  check((await page.inputValue("#f-country")) === pick.country, "the map click did not fill the country box");
  await page.click("#f-clear");
  await settled(page);

  // 1. Country (typed, as a researcher would: lower case) and category.
  await page.fill("#f-country", pick.country.toLowerCase());
  await page.click("#filters button[type=submit]");
  await settled(page);
  await page.selectOption("#f-event-type", pick.type);
  await settled(page);
  const byCountry = await api(page, "/counts", { country: pick.country, event_type: pick.type, status: landing.status });
  const shown = Number(await page.textContent('[data-testid="count-events"] b'));
  check(shown === byCountry.events, `the header says ${shown} events, the API ${byCountry.events}`);
  const unplacedText = await page.textContent('[data-testid="count-unplaced"]');
  check(unplacedText.startsWith(`${byCountry.unplaced} `), `the header says ${unplacedText}, the API ${byCountry.unplaced} unplaced`);

  // 2. A date range by dragging across the timeline (around the pair's dates).
  const first = pick.dates[pick.dates.length - 1]; // brush the latest stretch of dates
  const drag = await page.evaluate((d) => window.dotterelExplorer.brushPixels(d), first);
  check(drag, `the timeline cannot place ${first}`);
  await page.mouse.move(drag.x0, drag.y);
  await page.mouse.down();
  await page.mouse.move((drag.x0 + drag.x1) / 2, drag.y, { steps: 4 });
  await page.mouse.move(drag.x1, drag.y, { steps: 4 });
  await page.mouse.up();
  await page.waitForFunction(() => new URLSearchParams(location.search).has("date_from"), null, { timeout: TIMEOUT });
  await settled(page);
  const filters = await page.evaluate(() => window.dotterelExplorer.state.filters);
  const url = await page.evaluate(() => location.search);
  check(filters.date_from <= first && first <= filters.date_to, `brushed ${filters.date_from}..${filters.date_to}, not around ${first}`);
  for (const key of ["country", "event_type", "date_from", "date_to"]) {
    check(url.includes(`${key}=`), `the URL ${url} does not keep ${key}`);
  }
  const apiFilters = { ...filters };
  const total = await page.evaluate(() => window.dotterelExplorer.state.total);
  const apiPage = await api(page, "/events", { ...apiFilters, limit: 500 });
  check(total === apiPage.total && total > 0, `the table counts ${total}, the API ${apiPage.total}`);
  await page.mouse.move(0, 0);
  await shoot(page, "#timeline-panel", "timeline-brushed");

  // 3. The dyad table: the same pairs as the API, busiest first.
  const dyadRows = await page.$$eval("#dyads tbody tr[data-source]", (rows) =>
    rows.map((r) => ({ source: r.dataset.source, target: r.dataset.target, total: Number(r.cells[6].textContent.trim()),
      text: r.textContent })));
  const apiDyads = await api(page, "/dyads", { ...apiFilters, limit: 25 });
  check(dyadRows.length === apiDyads.items.length && dyadRows.length > 0, `the dyad table has ${dyadRows.length} rows, the API ${apiDyads.items.length}`);
  dyadRows.forEach((row, i) => {
    const d = apiDyads.items[i];
    check(row.source === d.source_id && row.target === d.target_id && row.total === d.total,
      `dyad row ${i} ${row.text} is not ${d.source_name} → ${d.target_name} (${d.total})`);
  });
  await shoot(page, "#dyads-panel", "dyads");
  // A click on the row lists that dyad's events.
  await page.click(`#dyads tbody tr[data-source="${dyadRows[0].source}"] td:nth-child(3)`);
  await waitFor(page, '[data-testid="dyad-chip"]', "after clicking a dyad");
  await settled(page);
  const dyadTotal = await page.evaluate(() => window.dotterelExplorer.state.total);
  check(dyadTotal === apiDyads.items[0].total, `the dyad lists ${dyadTotal} events, its row says ${apiDyads.items[0].total}`);

  // 4. The actor page of the dyad's actor.
  await page.click(`#dyads tbody a[data-actor-id="${dyadRows[0].source}"]`);
  await waitFor(page, '#actor-page:not([hidden]) [data-testid="actor-dyads"]', "after opening an actor page");
  await settled(page);
  const actorApi = await api(page, `/actors/${encodeURIComponent(dyadRows[0].source)}`,
    Object.fromEntries(Object.entries(filters).filter(([k]) => !["actor_id", "source_id", "target_id"].includes(k))));
  const title = await page.textContent("#actor-title");
  check(title.includes(actorApi.actor.name), `the actor page is titled ${title}, not ${actorApi.actor.name}`);
  const eventsText = await page.textContent('[data-testid="actor-events"]');
  check(eventsText.startsWith(String(actorApi.actor.num_events)), `the actor page says ${eventsText}, the API ${actorApi.actor.num_events}`);
  const aliases = await page.textContent('[data-testid="aliases"]');
  check(actorApi.aliases.every((a) => aliases.includes(a.text)), `aliases ${aliases} miss some of ${JSON.stringify(actorApi.aliases)}`);
  await shoot(page, "#actor-page", "actor");

  // 5. An event's evidence, opened from the keyboard.
  const rows = await tableRows(page);
  check(rows.length > 0, "no events listed for the dyad");
  await page.focus(`#events tbody tr[data-event-id="${rows[0].id}"]`);
  await page.keyboard.press("Enter");
  await waitFor(page, '[data-testid="evidence"] mark.hl-trigger', "after opening an event");
  check((await page.evaluate(() => location.search)).includes("event="), "the URL does not keep the open event");
  await shoot(page, "#table-panel", "table");
  await shoot(page, "#event-panel", "event");

  // 6. Export the filtered CSV through the page's own button; its rows are the API's events.
  const href = await page.getAttribute('#exports a[data-format="csv"]', "href");
  const exported = await page.evaluate(async (h) => (await fetch(h)).text(), href);
  const table = parseCSV(exported);
  const idCol = table[0].indexOf("event_id");
  check(idCol >= 0, `the CSV has no event_id column: ${table[0]}`);
  const csvIds = table.slice(1).map((r) => r[idCol]).sort();
  const current = await page.evaluate(() => window.dotterelExplorer.state.filters);
  const apiRows = await api(page, "/events", { ...current, limit: 500 });
  const apiIds = apiRows.items.map((e) => e.id).sort();
  check(JSON.stringify(csvIds) === JSON.stringify(apiIds), `the CSV has ${csvIds.length} rows ${csvIds}, the API ${apiIds.length}: ${apiIds}`);
  for (const format of ["acled", "gdelt", "jsonl", "graphml"]) {
    const link = await page.getAttribute(`#exports a[data-format="${format}"]`, "href");
    const status = await page.evaluate(async (h) => (await fetch(h)).status, link);
    check(status === 200, `the ${format} export answers ${status}`);
  }
  await page.mouse.move(0, 0);
  await page.screenshot({ path: join(artifacts, "explorer-answer.png"), fullPage: true });
  const axeDeep = await accessibility(page);

  // 7. Clear: back to the landing view, no event left open.
  await page.click("#f-clear");
  await settled(page);
  const after = await page.evaluate(() => ({ search: location.search, open: window.dotterelExplorer.state.open,
    view: document.querySelector("#event-view").textContent, actorHidden: document.querySelector("#actor-page").hidden }));
  check(!after.open.event && after.view.includes("Select an event"), `Clear left the event open: ${JSON.stringify(after)}`);
  check(after.actorHidden && after.search === "", `Clear left ${after.search} in the URL`);

  // 8. The table sorts over all pages: the first rows by confidence are the API's.
  await page.click('#events thead button[data-sort="confidence"]');
  await page.waitForFunction(() => location.search.includes("sort=confidence"), null, { timeout: TIMEOUT });
  await settled(page);
  const sortedRows = (await tableRows(page)).slice(0, 10).map((r) => r.id);
  const sortedApi = await api(page, "/events", { status: landing.status, sort: "confidence", order: "desc", limit: 10 });
  check(JSON.stringify(sortedRows) === JSON.stringify(sortedApi.items.map((e) => e.id)), "the table sorted by confidence is not the API's order");

  // 9. A bookmarked view whose events have no place: the map says so instead of staying blank.
  const actors = await api(page, "/actors", { status: landing.status, limit: 100 });
  let unplacedActor = null;
  for (const a of actors.items) {
    const c = await api(page, "/counts", { actor_id: a.id, status: landing.status });
    if (c.events > 0 && c.unplaced === c.events) { unplacedActor = a; break; }
  }
  let mapMessage = null;
  if (unplacedActor) {
    await page.goto(new URL(`/?actor_id=${encodeURIComponent(unplacedActor.id)}`, page.url()).href);
    await page.waitForFunction(() => window.dotterelExplorer && window.dotterelExplorer.ready, null, { timeout: TIMEOUT });
    await settled(page);
    const chipText = await page.textContent('[data-testid="actor-chip"]');
    check(chipText.includes(unplacedActor.name), `the bookmarked actor filter shows ${chipText}`);
    mapMessage = await page.evaluate(() => { const m = document.querySelector("#map-message"); return m.hidden ? null : m.textContent; });
    check(mapMessage && mapMessage.startsWith("None of the"), `no message on an empty map: ${mapMessage}`);
    await shoot(page, "#map-panel", "map-unplaced");
  }
  return {
    hover: tip,
    nodes20,
    mapMessage, pick, filters, total, dyads: dyadRows.length, csvRows: csvIds.length, actor: actorApi.actor.name, axe: { landing: axeLanding, deep: axeDeep } };
}

const MODES = { e2e, research, xss, errors, load };

async function main() {
  check(MODES[mode], `unknown mode ${mode}; one of ${Object.keys(MODES).join(", ")}`);
  mkdirSync(artifacts, { recursive: true });
  const { context, profile } = await launch();
  let page;
  try {
    page = context.pages()[0] || (await context.newPage());
    const problems = watch(page);
    const result = await MODES[mode](page);
    await page.screenshot({ path: join(artifacts, `explorer-${shot}.png`), fullPage: true });
    rmSync(join(artifacts, `explorer-${shot}-failed.png`), { force: true }); // a stale one would mislead
    // The browser logs the failed request of the errors mode itself; nothing else may be logged.
    const unexpected = mode === "errors" ? problems.filter((p) => !p.includes("400 (Bad Request)")) : problems;
    check(unexpected.length === 0, unexpected.join("; "));
    process.stdout.write(JSON.stringify({ ok: true, mode, ...result }) + "\n");
  } catch (err) {
    if (page) await page.screenshot({ path: join(artifacts, `explorer-${shot}-failed.png`), fullPage: true }).catch(() => {});
    process.stdout.write(JSON.stringify({ ok: false, mode, error: String(err && err.message ? err.message : err) }) + "\n");
    process.exitCode = 1;
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
}

await main();
