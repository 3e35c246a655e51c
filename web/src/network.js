// The actor network (cytoscape.js on a 2D canvas, no WebGL): the busiest actors of the filtered
// events, node size by events, colour by sector; an edge is actor → recipient, its width the
// number of events and its colour the dominant quad class. The layout is seeded by the actors'
// ids, so the same data draws the same picture on every load. Labels keep a readable size on
// screen whatever the zoom; a hover card gives name, country, sector and counts.
import cytoscape from "cytoscape";
import { OTHER_SECTOR, QUAD_COLOURS, QUAD_NAMES, SECTORS, sectorColour, sectorName } from "./colours.js";
import { append, clear, el } from "./dom.js";

const LABEL_PX = 12;
const LABEL_WIDTH = 110; // px on screen: longer names wrap onto a second line

/** Keep labels LABEL_PX tall and LABEL_WIDTH wide on screen whatever the zoom. */
function scaleLabels(cy) {
  const z = cy.zoom();
  cy.style().selector("node").style({ "font-size": LABEL_PX / z, "text-max-width": LABEL_WIDTH / z }).update();
}

/** A small deterministic PRNG (mulberry32) seeded from a string. */
function seeded(text) {
  let h = 1779033703;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 3432918353);
  let a = h >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function short(name) {
  return name.length > 40 ? `${name.slice(0, 38)}…` : name;
}

export function createNetwork(container, tip, onActor) {
  const cy = cytoscape({
    container,
    elements: [],
    minZoom: 0.2,
    maxZoom: 4,
    wheelSensitivity: 0.3,
    style: [
      {
        selector: "node",
        style: {
          label: "data(label)",
          "font-size": LABEL_PX,
          "text-valign": "bottom",
          "text-margin-y": 2,
          width: "data(size)",
          height: "data(size)",
          "background-color": "data(colour)",
          "border-width": 1,
          "border-color": "#fff",
          color: "#1a1a1a",
          "text-outline-color": "#fff",
          "text-outline-width": 2,
          "min-zoomed-font-size": 0,
          "text-wrap": "wrap",
          "text-max-width": LABEL_WIDTH,
        },
      },
      { selector: "node.active", style: { "border-width": 4, "border-color": "#e8590c" } },
      { selector: "node.isolated", style: { opacity: 0.55 } },
      {
        selector: "edge",
        style: {
          width: "data(width)",
          "line-color": "data(colour)",
          "target-arrow-color": "data(colour)",
          "target-arrow-shape": "triangle",
          "arrow-scale": 0.8,
          "curve-style": "bezier",
          opacity: 0.65,
        },
      },
      { selector: "edge.faded, node.faded", style: { opacity: 0.15 } },
    ],
  });
  cy.on("tap", "node", (evt) => onActor(evt.target.id(), evt.target.data("label")));
  cy.on("tap", (evt) => {
    if (evt.target === cy) onActor(null, null);
  });
  cy.on("mouseover", "node", (evt) => {
    const d = evt.target.data();
    clear(tip);
    append(tip, [
      el("b", {}, d.name),
      el("div", {}, `${d.country || "no country"} · ${sectorName(d.sector)}`),
      el("div", {}, `${d.events} events: ${d.asActor} as actor, ${d.asRecipient} only as recipient`),
      el("div", { class: "hint" }, "click to filter"),
    ]);
    const pos = evt.target.renderedPosition();
    tip.style.left = `${Math.min(pos.x + 12, container.clientWidth - 200)}px`;
    tip.style.top = `${pos.y + 12}px`;
    tip.hidden = false;
    const hood = evt.target.closedNeighborhood();
    cy.elements().not(hood).addClass("faded");
  });
  cy.on("mouseout", "node", () => {
    tip.hidden = true;
    cy.elements().removeClass("faded");
  });
  // Keep labels LABEL_PX tall on screen at any zoom.
  cy.on("zoom", () => scaleLabels(cy));
  return cy;
}

export function renderNetwork(cy, network, { activeId, showIsolated }) {
  const nodes = network.nodes.filter((n) => showIsolated || !n.isolated || n.id === activeId);
  const maxEvents = Math.max(1, ...nodes.map((n) => n.num_events));
  const maxWeight = Math.max(1, ...network.edges.map((e) => e.total));
  const ids = new Set(nodes.map((n) => n.id));
  const rand = seeded([...ids].sort().join("|"));
  const elements = [
    ...nodes.map((n) => ({
      group: "nodes",
      data: {
        id: n.id,
        label: short(n.name),
        name: n.name,
        country: n.country,
        sector: n.sector,
        events: n.num_events,
        asActor: n.as_actor,
        asRecipient: n.as_recipient,
        size: 12 + 34 * Math.sqrt(n.num_events / maxEvents),
        colour: sectorColour(n.sector),
      },
      position: { x: rand() * 600, y: rand() * 400 },
      classes: [n.id === activeId ? "active" : "", n.isolated ? "isolated" : ""].join(" ").trim(),
    })),
    ...network.edges
      .filter((e) => ids.has(e.source) && ids.has(e.target))
      .map((e, i) => ({
        group: "edges",
        data: {
          id: `e${i}`,
          source: e.source,
          target: e.target,
          width: 1 + 7 * Math.sqrt(e.total / maxWeight),
          colour: QUAD_COLOURS[e.quad] || "#868e96",
        },
      })),
  ];
  cy.batch(() => {
    cy.elements().remove();
    cy.add(elements);
  });
  cy.resize();
  cy.layout({
    name: "cose",
    animate: false,
    randomize: false, // start from the seeded positions: the same data, the same picture
    nodeDimensionsIncludeLabels: true,
    nodeRepulsion: () => 200000,
    nodeOverlap: 40,
    idealEdgeLength: () => 110,
    edgeElasticity: () => 100,
    gravity: 2,
    componentSpacing: 160,
    numIter: 300,
    coolingFactor: 0.95,
  }).run();
  cy.fit(undefined, 30);
  if (cy.zoom() > 1.6) cy.zoom({ level: 1.6, renderedPosition: { x: cy.width() / 2, y: cy.height() / 2 } });
  scaleLabels(cy);
  return { shown: nodes.length, hidden: network.nodes.length - nodes.length };
}

export function renderNetworkLegend(box, network) {
  clear(box);
  const seen = new Set(network.nodes.map((n) => (SECTORS[n.sector] ? n.sector : "other")));
  for (const [code, [name, colour]] of Object.entries(SECTORS)) {
    if (seen.has(code)) append(box, el("span", { class: "key" }, el("i", { class: "swatch dot", style: `background:${colour}` }), `${code} ${name}`));
  }
  if (seen.has("other")) append(box, el("span", { class: "key" }, el("i", { class: "swatch dot", style: `background:${OTHER_SECTOR[1]}` }), OTHER_SECTOR[0]));
  append(box, el("span", { class: "sep" }, "edges:"));
  for (const q of [1, 2, 3, 4]) {
    append(box, el("span", { class: "key" }, el("i", { class: "swatch line", style: `background:${QUAD_COLOURS[q]}` }), QUAD_NAMES[q]));
  }
}
