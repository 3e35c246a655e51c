// The map (Leaflet, no tile server): country outlines from world-atlas shipped with the
// explorer, shaded by event count, with a circle per geocoded place. Works offline.
import L from "leaflet";
import { feature } from "topojson-client";

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

export function createMap(container) {
  // One copy of the world, no grey beyond the poles: there are no tiles to wrap around.
  const world = L.latLngBounds([-60, -180], [84, 180]);
  const map = L.map(container, {
    attributionControl: true,
    zoomSnap: 0.25,
    maxBounds: world.pad(0.1),
    maxBoundsViscosity: 1,
    minZoom: 1,
  });
  map.fitBounds(world);
  map.attributionControl.setPrefix(false);
  map.attributionControl.addAttribution("Outlines: Natural Earth via world-atlas");
  const state = { map, countries: null, places: L.layerGroup().addTo(map) };
  return state;
}

export async function renderMap(state, data) {
  const world = await loadCountries();
  const byNumeric = new Map(data.countries.filter((c) => c.numeric).map((c) => [String(c.numeric).padStart(3, "0"), c]));
  const max = Math.max(1, ...data.countries.map((c) => c.count));
  if (state.countries) state.countries.remove();
  state.countries = L.geoJSON(world, {
    style: (f) => {
      const hit = byNumeric.get(String(f.id).padStart(3, "0"));
      return { color: "#adb5bd", weight: 0.6, fillOpacity: 1, fillColor: shade(hit ? hit.count : 0, max) };
    },
    onEachFeature: (f, layer) => {
      const hit = byNumeric.get(String(f.id).padStart(3, "0"));
      const name = (f.properties && f.properties.name) || "";
      // bindTooltip with a DOM node: names and counts go in as text, never as HTML.
      const tip = document.createElement("span");
      tip.textContent = `${name}: ${hit ? hit.count : 0} events`;
      layer.bindTooltip(tip, { sticky: true });
    },
  }).addTo(state.map);
  state.places.clearLayers();
  const maxPlace = Math.max(1, ...data.places.map((p) => p.count));
  for (const p of data.places) {
    if (typeof p.lat !== "number" || typeof p.lon !== "number") continue;
    const tip = document.createElement("span");
    tip.textContent = `${p.name}: ${p.count} events`;
    L.circleMarker([p.lat, p.lon], {
      radius: 3 + 9 * Math.sqrt(p.count / maxPlace),
      color: "#1864ab",
      weight: 1,
      fillColor: "#339af0",
      fillOpacity: 0.7,
    })
      .bindTooltip(tip)
      .addTo(state.places);
  }
}
