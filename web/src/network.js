// The actor network (cytoscape.js, drawn on a 2D canvas so it needs no WebGL): nodes are
// actors sized by their event count, edges are actor→recipient dyads weighted by events.
import cytoscape from "cytoscape";

// Node colour by PLOVER sector of the actor: governments, armed forces, rebels, IGOs, civilians.
const SECTOR_COLOURS = { GOV: "#3b5bdb", MIL: "#364fc7", REB: "#c2255c", IGO: "#7048e8", CVL: "#2f9e44", OPP: "#e67700" };

const QUAD_COLOURS = { 1: "#2b8a3e", 2: "#74b816", 3: "#f08c00", 4: "#c92a2a" };

export function createNetwork(container, onActor) {
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
          "font-size": 10,
          "text-valign": "bottom",
          "text-margin-y": 2,
          width: "data(size)",
          height: "data(size)",
          "background-color": "data(colour)",
          color: "#222",
          "text-outline-color": "#fff",
          "text-outline-width": 2,
        },
      },
      { selector: "node.active", style: { "background-color": "#e8590c", "border-width": 3, "border-color": "#862e00" } },
      {
        selector: "edge",
        style: {
          width: "data(width)",
          "line-color": "data(colour)",
          "target-arrow-color": "data(colour)",
          "target-arrow-shape": "triangle",
          "curve-style": "bezier",
          opacity: 0.7,
        },
      },
    ],
  });
  cy.on("tap", "node", (evt) => onActor(evt.target.id(), evt.target.data("label")));
  cy.on("tap", (evt) => {
    if (evt.target === cy) onActor(null, null);
  });
  return cy;
}

export function renderNetwork(cy, network, activeId) {
  const maxEvents = Math.max(1, ...network.nodes.map((n) => n.num_events));
  const maxWeight = Math.max(1, ...network.edges.map((e) => e.total));
  const ids = new Set(network.nodes.map((n) => n.id));
  const elements = [
    ...network.nodes.map((n) => ({
      group: "nodes",
      data: {
        id: n.id,
        label: n.name,
        size: 14 + 30 * Math.sqrt(n.num_events / maxEvents),
        colour: SECTOR_COLOURS[n.sector] || "#868e96",
      },
      classes: n.id === activeId ? "active" : "",
    })),
    ...network.edges
      .filter((e) => ids.has(e.source) && ids.has(e.target))
      .map((e, i) => ({
        group: "edges",
        data: {
          id: `e${i}`,
          source: e.source,
          target: e.target,
          width: 1 + 6 * (e.total / maxWeight),
          colour: QUAD_COLOURS[e.quad] || "#868e96",
        },
      })),
  ];
  cy.batch(() => {
    cy.elements().remove();
    cy.add(elements);
  });
  cy.resize();
  // Force-directed, with strong gravity so loose chains of rare actors stay near the busy core.
  cy.layout({
    name: "cose",
    animate: false,
    randomize: true,
    nodeDimensionsIncludeLabels: true,
    nodeRepulsion: () => 60000,
    idealEdgeLength: () => 60,
    edgeElasticity: () => 120,
    gravity: 4,
    componentSpacing: 40,
    numIter: 400,
    coolingFactor: 0.95,
  }).run();
  cy.fit(undefined, 24);
}
