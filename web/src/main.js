// dotterel explorer: wires the filters (kept in the URL), the header counts, timeline, network,
// map, event table, dyad table, actor page, event view and export buttons. Every view follows
// the filters; a click in a view (a node, a country, a place, a dyad, a brushed period) is a
// filter too, so "who attacked whom in Mexico in March" takes a few clicks.
import "leaflet/dist/leaflet.css";
import "./style.css";
import { getJSON, queryString } from "./api.js";
import { renderActorPage } from "./actor.js";
import { DEFAULT_STATUSES, EVENT_TYPES, EXPORTS, STATUSES } from "./colours.js";
import { append, clear, el } from "./dom.js";
import { renderDyads } from "./dyads.js";
import { articleNode, renderEvent } from "./evidence.js";
import { PAGE, viewCalls } from "./first-load.js";
import { createMap, loadCountries, renderMap, renderMapLegend } from "./map.js";
import { createNetwork, renderNetwork, renderNetworkLegend } from "./network.js";
import { FILTER_KEYS, readURL, toURL } from "./state.js";
import { renderHeader, renderTable } from "./table.js";
import { renderTimeline } from "./timeline.js";

const $ = (id) => document.getElementById(id);

const state = {
  ...readURL(),
  offset: 0,
  total: 0, // events matching every filter (the table's total)
  timelineTotal: 0, // dated events the timeline counts
  mapTotal: 0,
  counts: null,
  actor: null, // {id, label} while actor_id is set (tests read it)
  names: {}, // actor id → name, from the network, dyads and actor pages
};

/** Run fn inside a performance measure, so the load benchmark can say where the time goes. */
function timed(name, fn) {
  const started = performance.now();
  try {
    return fn();
  } finally {
    performance.measure(name, { start: started });
  }
}

function showError(err) {
  const box = $("error");
  box.textContent = err && err.message ? err.message : String(err);
  box.hidden = false;
}
$("error").addEventListener("click", () => {
  $("error").hidden = true;
});

// --- the filter form <-> state.filters ------------------------------------------------------
const FORM_FIELDS = {
  event_type: "f-event-type", quad_code: "f-quad", date_from: "f-since", date_to: "f-until",
  country: "f-country", place: "f-place", actor: "f-actor", actor_country: "f-actor-country",
  actor_sector: "f-actor-sector", recipient: "f-recipient", recipient_country: "f-recipient-country",
  recipient_sector: "f-recipient-sector", outlet: "f-outlet", text: "f-text", min_confidence: "f-conf",
};
const CODES = new Set(["country", "actor_country", "actor_sector", "recipient_country", "recipient_sector"]);

function buildForm() {
  for (const t of EVENT_TYPES) append($("f-event-type"), el("option", { value: t }, t));
  for (const s of STATUSES) {
    append($("f-status"), el("label", { class: "check" },
      el("input", { type: "checkbox", name: "status", value: s, checked: DEFAULT_STATUSES.includes(s) }), s));
  }
}

function formToFilters() {
  const out = {};
  for (const [key, id] of Object.entries(FORM_FIELDS)) {
    let value = $(id).value.trim();
    if (CODES.has(key)) value = value.toUpperCase();
    if (value) out[key] = value;
  }
  const statuses = [...document.querySelectorAll("#f-status input:checked")].map((i) => i.value);
  if (statuses.length && statuses.length < STATUSES.length) out.status = statuses.join(",");
  // Picks made by clicking (an actor, a dyad) stay until cleared from their chip.
  for (const key of ["actor_id", "source_id", "target_id"]) if (state.filters[key]) out[key] = state.filters[key];
  return out;
}

function filtersToForm() {
  for (const [key, id] of Object.entries(FORM_FIELDS)) $(id).value = state.filters[key] || "";
  const statuses = (state.filters.status || STATUSES.join(",")).split(",");
  for (const box of document.querySelectorAll("#f-status input")) box.checked = statuses.includes(box.value);
  $("t-interval").value = state.view.interval;
  $("t-by").value = state.view.by;
  $("n-size").value = state.view.n;
  $("n-isolated").checked = state.view.isolated === "1";
}

async function loadFacets() {
  const facets = await getJSON("/facets");
  const fill = (id, items) => {
    const list = $(id);
    clear(list);
    for (const f of items) append(list, el("option", { value: f.value }, `${f.value} (${f.count})`));
  };
  fill("l-country", facets.country);
  fill("l-actor-country", facets.actor_country);
  fill("l-recipient-country", facets.recipient_country);
  fill("l-sector", facets.sector);
  fill("l-outlet", facets.outlet);
}

// --- the views ------------------------------------------------------------------------------
function chip(label, testid, onClear) {
  return el("span", { class: "chip", "data-testid": testid }, label,
    el("button", { type: "button", "aria-label": `clear ${label}`, onclick: onClear }, "×"));
}

function renderChips() {
  const box = $("chips");
  clear(box);
  const f = state.filters;
  if (f.actor_id) {
    const label = state.names[f.actor_id] || f.actor_id;
    append(box, chip(`actor: ${label}`, "actor-chip", () => pickActor(null)));
    append(box, el("button", { type: "button", class: "link", onclick: () => openActor(f.actor_id) }, "actor page"));
  }
  if (f.source_id || f.target_id) {
    const a = state.names[f.source_id] || f.source_id || "anyone";
    const b = state.names[f.target_id] || f.target_id || "anyone";
    append(box, chip(`dyad: ${a} → ${b}`, "dyad-chip", () => update({ filters: { ...state.filters, source_id: null, target_id: null } })));
  }
}

function renderCounts(counts) {
  const box = $("stats");
  clear(box);
  const status = state.filters.status;
  append(box, [
    el("span", { "data-testid": "count-events" }, el("b", {}, String(counts.events)), " events"),
    el("span", {}, el("b", {}, String(counts.articles)), " articles"),
    counts.date_min ? el("span", {}, `${counts.date_min} – ${counts.date_max}`) : null,
    el("span", { "data-testid": "count-undated", title: "not on the timeline" }, `${counts.undated} undated`),
    el("span", { "data-testid": "count-unplaced", title: "not on the map" }, `${counts.unplaced} unplaced`),
    el("span", { class: "status-note" }, status ? `status: ${status.replaceAll(",", ", ")}` : "all statuses"),
  ]);
}

function renderExports() {
  const box = $("exports");
  clear(box);
  const qs = queryString(state.filters);
  append(box, el("span", { class: "label" }, "Export:"));
  for (const [format, label] of EXPORTS) {
    const sep = qs ? "&" : "?";
    append(box, el("a", {
      class: "button",
      href: `/api/export${qs}${sep}format=${format}`,
      download: "",
      "data-format": format,
      title: `the ${state.total || ""} events of this view as ${label}`,
    }, label));
  }
}

async function loadCounts(calls) {
  state.counts = await getJSON(...calls.counts);
  renderCounts(state.counts);
}

let lastNetwork = null;
async function loadNetwork(calls) {
  const network = await getJSON(...calls.network);
  lastNetwork = network;
  for (const n of network.nodes) state.names[n.id] = n.name;
  drawNetwork();
  renderNetworkLegend($("network-legend"), network);
  const pick = $("actor-pick");
  while (pick.options.length > 1) pick.remove(1);
  for (const node of [...network.nodes].sort((a, b) => a.name.localeCompare(b.name))) {
    append(pick, el("option", { value: node.id }, `${node.name} (${node.num_events})`));
  }
  pick.value = state.filters.actor_id || "";
}

function drawNetwork() {
  const network = lastNetwork;
  const shown = timed("render-network", () =>
    renderNetwork(cy, network, { activeId: state.filters.actor_id, showIsolated: state.view.isolated === "1" }));
  const isolated = network.nodes.filter((n) => n.isolated).length;
  $("network-note").textContent =
    `${shown.shown} of the ${network.total_nodes} actors shown (top ${network.nodes.length} by events` +
    `${isolated ? `; ${isolated} without a link to another shown actor ${state.view.isolated === "1" ? "shown faded" : "hidden"}` : ""}). ` +
    "Hover for details; click to filter.";
}

async function loadTimeline(calls) {
  const timeline = await getJSON(...calls.timeline);
  const drawn = timed("render-timeline", () =>
    renderTimeline($("timeline"), $("timeline-legend"), $("timeline-outliers"), timeline, onBrush,
      [state.filters.date_from, state.filters.date_to]));
  state.timelineTotal = drawn.total;
  lastTimeline = drawn;
}

/** A point on the page inside a shaded country's outline and not under a place circle (tests
 * click there like a person would), or null. */
function countryPoint(alpha3) {
  let found = null;
  if (!mapState.countries) return null;
  mapState.countries.eachLayer((layer) => {
    if (found || !layer._path) return;
    const hit = (mapState.data.countries || []).find((c) => c.country === alpha3);
    if (!hit || String(layer.feature.id).padStart(3, "0") !== String(hit.numeric).padStart(3, "0")) return;
    const b = layer.getBounds();
    const box = mapState.map.getContainer().getBoundingClientRect();
    for (let i = 1; i < 10 && !found; i++) {
      for (let j = 1; j < 10 && !found; j++) {
        const ll = [b.getSouth() + ((b.getNorth() - b.getSouth()) * i) / 10, b.getWest() + ((b.getEast() - b.getWest()) * j) / 10];
        const pt = mapState.map.latLngToContainerPoint(ll);
        const x = box.left + pt.x;
        const y = box.top + pt.y;
        if (document.elementFromPoint(x, y) === layer._path) found = { x, y };
      }
    }
  });
  return found;
}

let lastTimeline = null;
/** Where on the page a date is drawn on the timeline: the tests drag the brush from x0 to x1. */
function brushPixels(date, half = 18) {
  if (!lastTimeline || !lastTimeline.chart) return null;
  const px = lastTimeline.chart.scale("x").apply(new Date(`${date}T12:00:00Z`));
  const box = lastTimeline.chart.getBoundingClientRect();
  if (!Number.isFinite(px)) return null;
  return { x0: box.left + Math.max(lastTimeline.x0, px - half), x1: box.left + Math.min(lastTimeline.x1, px + half), y: box.top + 90 };
}

async function loadMap(calls) {
  const data = await getJSON(...calls.map);
  state.mapTotal = data.total;
  const started = performance.now();
  await renderMap(mapState, data);
  performance.measure("render-map", { start: started });
  return data;
}

async function loadTable(calls) {
  const page = await getJSON(...calls.events);
  state.total = page.total;
  renderHeader($("events").tHead.rows[0], state.view, (sort, order) => update({ view: { ...state.view, sort, order } }));
  renderTable($("events").tBodies[0], page, (id, tr) => selectEvent(id, tr), state.open.event);
  const last = Math.min(state.offset + page.items.length, page.total);
  $("page-info").textContent = page.total ? `${state.offset + 1}–${last} of ${page.total}` : "0 of 0";
  const f = state.filters;
  $("table-caption").textContent = f.actor_id ? `involving ${state.names[f.actor_id] || f.actor_id}` : "";
  $("prev").disabled = state.offset === 0;
  $("next").disabled = last >= page.total;
  renderExports();
}

async function loadDyads(calls) {
  const body = await getJSON(...calls.dyads);
  for (const d of body.items) {
    state.names[d.source_id] = d.source_name;
    state.names[d.target_id] = d.target_name;
  }
  renderDyads($("dyads").tBodies[0], $("dyads-note"), body, {
    onDyad: pickDyad,
    onActor: openActor,
    selected: state.filters,
  });
}

async function loadActorPage(calls) {
  const box = $("actor-page");
  if (!calls.actor) {
    box.hidden = true;
    clear(box);
    return;
  }
  const page = await getJSON(...calls.actor);
  state.names[page.actor.id] = page.actor.name;
  box.hidden = false;
  renderActorPage(box, page, {
    onClose: () => update({ open: { ...state.open, actor_page: null } }),
    onFilter: (id) => pickActor(id),
    onActor: openActor,
    onDyad: pickDyad,
  });
}

async function loadEvent(calls) {
  const view = $("event-view");
  if (!calls.event) {
    clear(view);
    append(view, el("p", { class: "hint" }, "Select an event in the table."));
    return;
  }
  renderEvent(view, await getJSON(...calls.event), openArticle);
}

async function selectEvent(id, tr) {
  for (const row of document.querySelectorAll("#events tr.selected")) {
    row.classList.remove("selected");
    row.setAttribute("aria-selected", "false");
  }
  if (tr) {
    tr.classList.add("selected");
    tr.setAttribute("aria-selected", "true");
  }
  state.open = { ...state.open, event: id };
  history.replaceState(null, "", toURL(state));
  try {
    await loadEvent(viewCalls(state, state.offset));
  } catch (err) {
    showError(err);
  }
}

async function openArticle(articleId) {
  try {
    const article = await getJSON(`/articles/${encodeURIComponent(articleId)}`);
    const view = $("event-view");
    for (const old of view.querySelectorAll(".article")) old.remove();
    append(view, articleNode(article));
  } catch (err) {
    showError(err);
  }
}

// --- changing the state ---------------------------------------------------------------------
/** Apply a change to the state, write it to the URL (a new history entry) and redraw. */
function update(change, { push = true, network } = {}) {
  const before = JSON.stringify({ f: state.filters, n: state.view.n });
  if (change.filters) {
    state.filters = Object.fromEntries(Object.entries(change.filters).filter(([, v]) => v !== null && v !== undefined && v !== ""));
    state.offset = 0;
  }
  if (change.view) state.view = change.view;
  if (change.open) state.open = change.open;
  const url = toURL(state);
  if (push) history.pushState(null, "", url);
  else history.replaceState(null, "", url);
  const netChanged = network ?? before !== JSON.stringify({ f: state.filters, n: state.view.n });
  filtersToForm();
  return refresh(netChanged);
}

function pickActor(id) {
  $("actor-pick").value = id || "";
  return update({ filters: { ...state.filters, actor_id: id } }, { network: false }).then(() => {
    cy.nodes().removeClass("active");
    if (id) cy.getElementById(id).addClass("active");
  });
}

function pickDyad(d) {
  return update({ filters: { ...state.filters, source_id: d.source_id, target_id: d.target_id } }, { network: false });
}

function openActor(id) {
  update({ open: { ...state.open, actor_page: id } }).then(() => $("actor-page").scrollIntoView({ block: "start" }));
}

function onBrush(from, to) {
  update({ filters: { ...state.filters, date_from: from, date_to: to } });
}

async function refresh(withNetwork = true) {
  document.body.dataset.loading = "1";
  $("error").hidden = true;
  const calls = viewCalls(state, state.offset);
  state.actor = state.filters.actor_id ? { id: state.filters.actor_id, label: state.names[state.filters.actor_id] } : null;
  try {
    await Promise.all([
      loadCounts(calls),
      withNetwork ? loadNetwork(calls) : null,
      loadTimeline(calls),
      loadMap(calls).then(() => renderMapLegend($("map-legend"), $("map-message"), mapState.data, state.counts || { events: 0, unplaced: 0 })),
      loadTable(calls),
      loadDyads(calls),
      loadActorPage(calls),
      loadEvent(calls),
    ]);
    state.actor = state.filters.actor_id ? { id: state.filters.actor_id, label: state.names[state.filters.actor_id] } : null;
    renderChips();
    // The counts may land after the map: draw its legend with both.
    renderMapLegend($("map-legend"), $("map-message"), mapState.data, state.counts);
  } catch (err) {
    showError(err);
  } finally {
    // The header may have grown (chips) and moved the graph: cytoscape caches where its canvas
    // is on the page, so tell it, or clicks land beside the nodes.
    cy.resize();
    delete document.body.dataset.loading;
  }
}

// --- start ----------------------------------------------------------------------------------
loadCountries();
buildForm();
filtersToForm();
const cy = createNetwork($("network"), $("network-tip"), (id) => pickActor(id));
const mapState = createMap($("map"), {
  onCountry: (code) => update({ filters: { ...state.filters, country: code } }),
  onPlace: (place) => update({ filters: { ...state.filters, place: place.name, country: place.country || state.filters.country } }),
});

$("filters").addEventListener("submit", (e) => {
  e.preventDefault();
  update({ filters: formToFilters() });
});
for (const id of ["f-event-type", "f-quad"]) $(id).addEventListener("change", () => update({ filters: formToFilters() }));
$("f-status").addEventListener("change", () => update({ filters: formToFilters() }));
$("f-all-status").addEventListener("click", () => {
  for (const box of document.querySelectorAll("#f-status input")) box.checked = true;
  update({ filters: formToFilters() });
});
$("f-clear").addEventListener("click", () => {
  // Back to the landing view: default statuses, no filter, no open event or actor page.
  state.names = { ...state.names };
  update({ filters: { status: DEFAULT_STATUSES.join(",") }, open: { actor_page: null, event: null } });
});
$("prev").addEventListener("click", () => {
  state.offset = Math.max(0, state.offset - PAGE);
  loadTable(viewCalls(state, state.offset)).catch(showError);
});
$("next").addEventListener("click", () => {
  state.offset += PAGE;
  loadTable(viewCalls(state, state.offset)).catch(showError);
});
$("actor-pick").addEventListener("change", (e) => pickActor(e.target.value || null));
$("t-interval").addEventListener("change", (e) => update({ view: { ...state.view, interval: e.target.value } }, { network: false }));
$("t-by").addEventListener("change", (e) => update({ view: { ...state.view, by: e.target.value } }, { network: false }));
$("n-size").addEventListener("change", (e) => update({ view: { ...state.view, n: e.target.value } }));
$("n-isolated").addEventListener("change", (e) => {
  state.view = { ...state.view, isolated: e.target.checked ? "1" : "" };
  history.replaceState(null, "", toURL(state));
  if (lastNetwork) drawNetwork();
});
window.addEventListener("popstate", () => {
  Object.assign(state, readURL());
  state.offset = 0;
  filtersToForm();
  refresh(true);
});

// Tests and the load benchmark read these: the graph (to click a node where it is drawn) and
// the moment the first full load finished.
window.dotterelExplorer = { cy, state, ready: false, FILTER_KEYS, brushPixels, countryPoint };
refresh(true).then(() => {
  performance.mark("explorer-ready");
  window.dotterelExplorer.ready = true;
  document.body.dataset.ready = "1";
  // The filter boxes' suggestions are not needed to draw the first view: ask for them after it.
  loadFacets().catch(showError);
});
