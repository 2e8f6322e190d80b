// Geography: a world choropleth drawn from world-atlas shapes with Leaflet (no tile server, fully
// offline), the country table, and the cities of the selected country.
import { api, el, fmt, rangeForm } from "./api.js";
import { loadPanels, setState } from "./panel.js";

let started = false;
let map = null;
let layer = null;
let numericToAlpha2 = null;
let countries = null;
let report = null;

export async function show() {
  if (!started) {
    started = true;
    await setUpMap();
    await rangeForm(document.querySelector('[data-range="geography"]'), load, 30);
  }

  fitWorld();
}

// Every inhabited land whole, Tierra del Fuego and New Zealand included, at any width of the map.
const world = [[-56, -168], [78, 190]];
function fitWorld() {
  if (!map || document.getElementById("map").clientWidth === 0) { return; } // not shown: fitted when it is
  map.invalidateSize();
  map.fitBounds(world, { padding: [4, 4] });
}

async function setUpMap() {
  const [atlas, codes] = await Promise.all([fetch("lib/countries-110m.json").then((r) => r.json()), fetch("lib/codes.json").then((r) => r.json())]);
  numericToAlpha2 = new Map(codes.map(([alpha2, , numeric]) => [numeric, alpha2]));
  const byName = { Kosovo: "XK", "N. Cyprus": "CY", Somaliland: "SO" };
  const geo = topojson.feature(atlas, atlas.objects.countries);
  geo.features = geo.features.filter((f) => f.properties.name !== "Antarctica").map((f) => {
    f.properties.alpha2 = numericToAlpha2.get(f.id) || byName[f.properties.name] || null;
    f.geometry = unwrap(f.geometry);
    return f;
  });
  countries = geo;
  map = L.map("map", { attributionControl: false, worldCopyJump: false, minZoom: 0, zoomSnap: 0.25, maxBounds: [[-70, -200], [85, 200]] });
  fitWorld();
  // Refit whenever the map's box changes, not only the window: a panel shown after loading or a
  // scroll bar that appears with the tables changes it too.
  new ResizeObserver(() => fitWorld()).observe(document.getElementById("map"));
  layer = L.geoJSON(countries, { style: () => style(0, 1) }).addTo(map);
}

/** Rings that cross ±180° (Russia, Fiji) get their western part moved east so they draw whole. */
function unwrap(geometry) {
  const fix = (ring) => {
    const jumps = ring.some((p, i) => i > 0 && Math.abs(p[0] - ring[i - 1][0]) > 180);
    return jumps ? ring.map(([x, y]) => [x < 0 ? x + 360 : x, y]) : ring;
  };
  if (geometry.type === "Polygon") { return { ...geometry, coordinates: geometry.coordinates.map(fix) }; }
  if (geometry.type === "MultiPolygon") { return { ...geometry, coordinates: geometry.coordinates.map((poly) => poly.map(fix)) }; }
  return geometry;
}

function style(value, max) {
  const t = value > 0 ? 0.25 + 0.75 * Math.sqrt(value / max) : 0;
  return { weight: 0.5, color: "#6b7280", fillOpacity: 1, fillColor: value > 0 ? `rgba(39, 71, 168, ${t.toFixed(3)})` : getComputedStyle(document.documentElement).getPropertyValue("--land").trim() || "#f4f5f7" };
}

/** Colours each country for the report's listeners in the current theme; answers the scale's maximum. */
function paint() {
  const values = new Map(report.countries.filter((c) => c.countryCode).map((c) => [c.countryCode, c]));
  const max = Math.max(1, ...report.countries.map((c) => c.uniqueListeners));
  layer.eachLayer((shape) => shape.setStyle(style(values.get(shape.feature.properties.alpha2)?.uniqueListeners ?? 0, max)));
  return max;
}

window.addEventListener("asteroid:theme", () => { if (report && layer) { paint(); } });

function load({ scope, from, to }) {
  const none = "No listeners in this range. Choose other dates, or import an access log.";
  const cityTable = document.getElementById("cities");
  document.getElementById("cities-title").textContent = "Cities";
  return loadPanels([
    { element: document.getElementById("map-panel"), isEmpty: (r) => r.countries.length === 0, empty: none, keep: true, render: drawMap },
    { element: document.getElementById("countries"), isEmpty: (r) => r.countries.length === 0, empty: none, render: countryRows },
    { element: cityTable, isEmpty: () => true, empty: (r) => (r.countries.length === 0 ? none : "Select a country for its cities.") },
  ], () => api(`/api/asteroid/stats/geo?${scope}from=${from}&to=${to}`));
}

function drawMap(r) {
  report = r;
  const values = new Map(report.countries.filter((c) => c.countryCode).map((c) => [c.countryCode, c]));
  const max = paint();
  layer.eachLayer((shape) => {
    const code = shape.feature.properties.alpha2;
    const c = values.get(code);
    shape.getElement?.()?.setAttribute("data-country", code || "");
    shape.getElement?.()?.setAttribute("data-listeners", String(c?.uniqueListeners ?? 0));
    // Out of the Tab order (Chromium lets Tab stop on each of the ~180 shapes once a tooltip is bound):
    // the country table is the keyboard's way to pick a country.
    shape.getElement?.()?.setAttribute("tabindex", "-1");
    shape.bindTooltip(`${shape.feature.properties.name}: ${fmt.count(c?.uniqueListeners ?? 0, "listener")}`);
    shape.off("click").on("click", () => c && cities(c));
  });
  legend(max);
}

function countryRows(r) {
  document.getElementById("countries").replaceChildren(...r.countries.map((c) => el("tr", { "data-selectable": "", "data-code": c.countryCode ?? "", "aria-selected": "false", tabindex: "0", onclick: () => cities(c), onkeydown: (e) => { if (e.key === "Enter" || e.key === " ") { e.preventDefault(); cities(c); } } },
    el("td", {}, c.countryName || "Unknown location"), el("td", { class: "num" }, fmt.n(c.uniqueListeners)),
    el("td", { class: "num" }, fmt.n(c.sessions)), el("td", { class: "num" }, fmt.duration(c.listenMinutes)))));
}

const citiesShown = 20;

// The cities of one country, largest first: the first 20, and a button for the rest (a country can
// have thousands). The country's row stays marked as the selected one.
function cities(country, all = false) {
  for (const row of document.querySelectorAll("#countries tr[data-code]")) {
    row.setAttribute("aria-selected", String(row.dataset.code === (country.countryCode ?? "")));
  }
  document.getElementById("cities-title").textContent = `Cities in ${country.countryName || "unknown location"}`;
  const list = all ? country.cities : country.cities.slice(0, citiesShown);
  const rows = list.map((c) => el("tr", {}, el("td", {}, [c.city, c.region].filter(Boolean).join(", ") || "Unknown city"),
    el("td", { class: "num" }, fmt.n(c.uniqueListeners)), el("td", { class: "num" }, fmt.duration(c.listenMinutes))));
  if (list.length < country.cities.length) {
    rows.push(el("tr", {}, el("td", { colspan: "3" }, el("button", { type: "button", class: "small", onclick: () => cities(country, true) },
      `Show all ${fmt.n(country.cities.length)} cities`))));
  }
  const table = document.getElementById("cities");
  if (country.cities.length === 0) {
    setState(table, "empty", country.countryCode ? "No city is known for these listeners."
      : "These listeners could not be placed: their addresses are not in the GeoIP database (private and loopback addresses never are).");
    return;
  }
  setState(table, "ready");
  table.replaceChildren(...rows);
}

// What the shades mean: from one listener to the largest country's count.
function legend(max) {
  const steps = [1, Math.max(1, Math.round(max / 4)), Math.max(1, Math.round(max / 2)), max].filter((v, i, a) => a.indexOf(v) === i);
  document.getElementById("map-legend").replaceChildren(el("span", {}, "Unique listeners: "),
    ...[0, ...steps].map((v) => el("span", { class: "swatch-item" }, el("span", { class: "swatch", style: `background: ${style(v, max).fillColor}` }), fmt.n(v))));
}
