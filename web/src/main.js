// dotterel explorer: wires the filters, network, timeline, map, event table and event view.
// Clicking an actor in the network filters the table, the timeline and the map to it.
import "leaflet/dist/leaflet.css";
import "./style.css";
import { getJSON } from "./api.js";
import { append, clear, el } from "./dom.js";
import { articleNode, renderEvent } from "./evidence.js";
import { createMap, loadCountries, renderMap } from "./map.js";
import { createNetwork, renderNetwork } from "./network.js";
import { renderTable } from "./table.js";
import { renderTimeline } from "./timeline.js";
import { NETWORK_NODES, PAGE } from "./first-load.js";

const EVENT_TYPES = [
  "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
  "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
];

const state = {
  filters: {},
  actor: null, // {id, label} when an actor is picked in the network
  offset: 0,
  total: 0, // events matching the table's filters
  timelineTotal: 0, // events counted in the timeline (dated ones)
  mapTotal: 0,
  selected: null,
};

const $ = (id) => document.getElementById(id);

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

function formFilters() {
  const data = new FormData($("filters"));
  const out = {};
  for (const [k, v] of data.entries()) if (v) out[k] = v;
  return out;
}

/** Filters for everything but the network: the form plus the picked actor. */
function eventFilters() {
  const f = { ...state.filters };
  if (state.actor) f.actor_id = state.actor.id;
  return f;
}

async function loadStats() {
  const stats = await getJSON("/stats");
  const box = $("stats");
  clear(box);
  append(box, [
    el("span", {}, el("b", {}, String(stats.events)), " events"),
    el("span", {}, el("b", {}, String(stats.articles)), " articles"),
    el("span", {}, el("b", {}, String(stats.actors)), " actors"),
    stats.date_min ? el("span", {}, `${stats.date_min} – ${stats.date_max}`) : null,
    state.actor
      ? el("span", { class: "chip", "data-testid": "actor-chip" }, `actor: ${state.actor.label} `,
          el("button", { type: "button", title: "clear actor", onclick: () => pickActor(null, null) }, "×"))
      : null,
  ]);
}

async function loadNetwork() {
  const network = await getJSON("/network", { ...state.filters, max_nodes: NETWORK_NODES });
  timed("render-network", () => renderNetwork(cy, network, state.actor ? state.actor.id : null));
  // The same actors as a list, for keyboards and screen readers (the graph is a canvas).
  const pick = $("actor-pick");
  while (pick.options.length > 1) pick.remove(1);
  for (const node of [...network.nodes].sort((a, b) => a.name.localeCompare(b.name))) {
    append(pick, el("option", { value: node.id }, `${node.name} (${node.num_events})`));
  }
  pick.value = state.actor ? state.actor.id : "";
}

async function loadTimeline() {
  const timeline = await getJSON("/timeline", { ...eventFilters(), interval: $("t-interval").value, by: $("t-by").value });
  state.timelineTotal = timeline.buckets.reduce((sum, b) => sum + b.count, 0);
  timed("render-timeline", () => renderTimeline($("timeline"), timeline));
}

async function loadMap() {
  const data = await getJSON("/map", eventFilters());
  state.mapTotal = data.total;
  const started = performance.now();
  await renderMap(mapState, data);
  performance.measure("render-map", { start: started });
}

async function loadTable() {
  const page = await getJSON("/events", { ...eventFilters(), limit: PAGE, offset: state.offset });
  state.total = page.total;
  renderTable($("events").tBodies[0], page, selectEvent, state.selected);
  const last = Math.min(state.offset + page.items.length, page.total);
  $("page-info").textContent = page.total ? `${state.offset + 1}–${last} of ${page.total}` : "0 of 0";
  $("table-caption").textContent = state.actor ? `involving ${state.actor.label}` : "";
  $("prev").disabled = state.offset === 0;
  $("next").disabled = last >= page.total;
}

async function selectEvent(id, tr) {
  state.selected = id;
  for (const row of document.querySelectorAll("#events tr.selected")) row.classList.remove("selected");
  if (tr) tr.classList.add("selected");
  try {
    renderEvent($("event-view"), await getJSON(`/events/${encodeURIComponent(id)}`), openArticle);
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

function pickActor(id, label) {
  state.actor = id ? { id, label } : null;
  $("actor-pick").value = id || "";
  state.offset = 0;
  cy.nodes().removeClass("active");
  if (id) cy.getElementById(id).addClass("active");
  return refresh(false);
}

async function refresh(withNetwork = true) {
  document.body.dataset.loading = "1";
  $("error").hidden = true;
  try {
    await Promise.all([
      loadStats(),
      withNetwork ? loadNetwork() : null,
      loadTimeline(),
      loadMap(),
      loadTable(),
    ]);
  } catch (err) {
    showError(err);
  } finally {
    // The header may have grown (stats, the actor chip) and moved the graph: cytoscape caches
    // where its canvas is on the page, so tell it, or clicks land beside the nodes.
    cy.resize();
    delete document.body.dataset.loading;
  }
}

loadCountries();
const select = $("f-event-type");
for (const t of EVENT_TYPES) append(select, el("option", { value: t }, t));

const cy = createNetwork($("network"), (id, label) => pickActor(id, label));
const mapState = createMap($("map"));

$("filters").addEventListener("submit", (e) => {
  e.preventDefault();
  state.filters = formFilters();
  state.offset = 0;
  refresh(true);
});
$("f-clear").addEventListener("click", () => {
  $("filters").reset();
  state.filters = {};
  state.actor = null;
  state.offset = 0;
  refresh(true);
});
$("prev").addEventListener("click", () => {
  state.offset = Math.max(0, state.offset - PAGE);
  loadTable().catch(showError);
});
$("next").addEventListener("click", () => {
  state.offset += PAGE;
  loadTable().catch(showError);
});
$("actor-pick").addEventListener("change", (e) => {
  const id = e.target.value;
  const node = id ? cy.getElementById(id) : null;
  pickActor(id || null, node && node.nonempty() ? node.data("label") : null);
});
$("t-interval").addEventListener("change", () => loadTimeline().catch(showError));
$("t-by").addEventListener("change", () => loadTimeline().catch(showError));

// Tests and the load benchmark read these: the graph (to click a node where it is drawn) and
// the moment the first full load finished.
window.dotterelExplorer = { cy, state, ready: false };
refresh(true).then(() => {
  performance.mark("explorer-ready");
  window.dotterelExplorer.ready = true;
  document.body.dataset.ready = "1";
});
