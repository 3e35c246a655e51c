// The map (Leaflet, no tile server): country outlines from world-atlas shipped with the
// explorer, shaded by event count, with circles for geocoded places (dense ones merged per screen
// cell). A click on a country or a place filters to it; the legend says how many events have no
// place, and a message replaces a blank map when none has. Works offline.
import L from "leaflet";
import { feature } from "topojson-client";
import { append, clear, el } from "./dom.js";

let countriesPromise = null;

/** Fetch the outlines once; main.js starts this at once so it overlaps the API calls. */
export function loadCountries() {
  if (!countriesPromise) {
    countriesPromise = fetch("/static/dist/countries-110m.json")
      .then((r) => r.json())
      .then((topo) => planar(feature(topo, topo.objects.countries)));
  }
  return countriesPromise;
}

// Leaflet draws lines straight on the plane, so a ring that crosses the antimeridian (Russia, Fiji)
// would streak across the whole map: carry its longitudes on past ±180 instead. Antarctica is
// left out: its ring wraps the pole, and no event happens there.
function unwrapRing(ring) {
  let shift = 0;
  return ring.map(([lon, lat], i) => {
    if (i > 0) {
      const prev = ring[i - 1][0];
      if (lon - prev > 180) shift -= 360;
      else if (prev - lon > 180) shift += 360;
    }
    return [lon + shift, lat];
  });
}

function planar(collection) {
  const features = collection.features
    .filter((f) => String(f.id) !== "010")
    .map((f) => {
      const g = f.geometry;
      if (!g) return f;
      const coordinates =
        g.type === "Polygon" ? g.coordinates.map(unwrapRing) : g.coordinates.map((poly) => poly.map(unwrapRing));
      return { ...f, geometry: { ...g, coordinates } };
    });
  return { ...collection, features };
}

function shade(count, max) {
  if (!count) return "#f1f3f5";
  const t = Math.sqrt(count / max);
  const light = Math.round(88 - 50 * t);
  return `hsl(8, 70%, ${light}%)`;
}

export function createMap(container, { onCountry, onPlace }) {
  // One copy of the world, no grey beyond the poles: there are no tiles to wrap around.
  const world = L.latLngBounds([-60, -180], [84, 180]);
  const map = L.map(container, {
    attributionControl: true,
    zoomSnap: 0.25,
    maxBounds: world.pad(0.1),
    maxBoundsViscosity: 1,
    minZoom: 1,
    keyboard: true,
  });
  map.fitBounds(world);
  map.attributionControl.setPrefix(false);
  map.attributionControl.addAttribution("Outlines: Natural Earth via world-atlas");
  const state = { map, countries: null, places: L.layerGroup().addTo(map), data: null, onCountry, onPlace };
  // Dense places merge into one circle per screen cell; zooming in splits them again.
  map.on("zoomend", () => {
    if (state.data) drawPlaces(state);
  });
  return state;
}

const CELL_PX = 36;

/** Places grouped by screen cell at the current zoom: [{lat, lon, count, places: [...]}]. */
export function cluster(map, places) {
  const cells = new Map();
  for (const p of places) {
    if (typeof p.lat !== "number" || typeof p.lon !== "number") continue;
    const pt = map.project([p.lat, p.lon], map.getZoom());
    const key = `${Math.floor(pt.x / CELL_PX)}:${Math.floor(pt.y / CELL_PX)}`;
    const c = cells.get(key) || { lat: 0, lon: 0, count: 0, places: [] };
    c.lat += p.lat * p.count;
    c.lon += p.lon * p.count;
    c.count += p.count;
    c.places.push(p);
    cells.set(key, c);
  }
  return [...cells.values()].map((c) => ({ ...c, lat: c.lat / c.count, lon: c.lon / c.count }));
}

function drawPlaces(state) {
  state.places.clearLayers();
  const groups = cluster(state.map, state.data.places);
  const max = Math.max(1, ...groups.map((g) => g.count));
  for (const g of groups) {
    const many = g.places.length > 1;
    const tip = document.createElement("span");
    tip.textContent = many
      ? `${g.count} events in ${g.places.length} places (${g.places.slice(0, 4).map((p) => p.name).join(", ")}${g.places.length > 4 ? " …" : ""}); zoom in to split`
      : `${g.places[0].name}: ${g.count} events (click to filter)`;
    const marker = L.circleMarker([g.lat, g.lon], {
      radius: 4 + 12 * Math.sqrt(g.count / max),
      color: many ? "#0b3d91" : "#1864ab",
      weight: many ? 2 : 1,
      fillColor: many ? "#4dabf7" : "#339af0",
      fillOpacity: 0.75,
      className: many ? "cluster" : "place",
    }).bindTooltip(tip);
    marker.on("click", (e) => {
      L.DomEvent.stopPropagation(e);
      if (many) state.map.setView([g.lat, g.lon], Math.min(state.map.getZoom() + 2, 10));
      else state.onPlace(g.places[0]);
    });
    marker.addTo(state.places);
  }
  state.clusters = groups.length;
}

export async function renderMap(state, data) {
  const world = await loadCountries();
  state.data = data;
  const byNumeric = new Map(data.countries.filter((c) => c.numeric).map((c) => [String(c.numeric).padStart(3, "0"), c]));
  const max = Math.max(1, ...data.countries.map((c) => c.count));
  state.max = max;
  if (state.countries) state.countries.remove();
  state.countries = L.geoJSON(world, {
    style: (f) => {
      const hit = byNumeric.get(String(f.id).padStart(3, "0"));
      return { color: "#868e96", weight: 0.6, fillOpacity: 1, fillColor: shade(hit ? hit.count : 0, max) };
    },
    onEachFeature: (f, layer) => {
      const hit = byNumeric.get(String(f.id).padStart(3, "0"));
      const name = (f.properties && f.properties.name) || "";
      // bindTooltip with a DOM node: names and counts go in as text, never as HTML.
      const tip = document.createElement("span");
      tip.textContent = `${name}: ${hit ? hit.count : 0} events${hit ? " (click to filter)" : ""}`;
      layer.bindTooltip(tip, { sticky: true });
      if (hit) layer.on("click", () => state.onCountry(hit.country, hit.name));
    },
  }).addTo(state.map);
  drawPlaces(state);
}

/** The legend, with how many events are placed: the map cannot show the others. */
export function renderMapLegend(box, message, data, counts) {
  clear(box);
  const max = Math.max(1, ...data.countries.map((c) => c.count));
  if (data.countries.length) {
    append(box, el("span", { class: "sep" }, "events per country:"));
    for (const n of legendSteps(max)) {
      append(box, el("span", { class: "key" }, el("i", { class: "swatch", style: `background:${shade(n, max)}` }), String(n)));
    }
  }
  append(box, el("span", { class: "key" }, el("i", { class: "swatch dot", style: "background:#339af0" }), "a place"));
  append(box, el("span", { class: "key" }, el("i", { class: "swatch dot ring", style: "background:#4dabf7" }), "several places (click to zoom)"));
  const total = counts.events;
  const placed = total - counts.unplaced;
  const share = total ? Math.round((100 * placed) / total) : 0;
  append(box, el("span", { class: "placed", "data-testid": "placed-share" },
    `${placed} of ${total} events placed (${share}%); ${counts.unplaced} without a place are not on the map`));
  if (total && !placed) {
    message.textContent = `None of the ${total} events in this filter has a known place, so the map is empty.`;
    message.hidden = false;
  } else if (!total) {
    message.textContent = "No events match these filters.";
    message.hidden = false;
  } else {
    message.hidden = true;
  }
}

function legendSteps(max) {
  if (max <= 1) return [1];
  const steps = [1, Math.round(max / 4), Math.round(max / 2), max];
  return [...new Set(steps.filter((n) => n >= 1))];
}
