// Tracks: best and worst by tune-out index, every track of the range, and the song history with its audience.
import { api, el, fmt, rangeForm } from "./api.js";
import { loadPanel, loadPanels } from "./panel.js";

let started = false;
let query = "";

export async function show() {
  if (started) { return; }
  started = true;
  await rangeForm(document.querySelector('[data-range="tracks"]'), load, 7);
}

const name = (t) => (t.artist ? `${t.artist} – ${t.title}` : t.title);
const index = (v) => (v === null || v === undefined ? "–" : fmt.dec(v));

const noPlays = "No plays in this range. Plays come from the metadata Icecast shows, from pushes or from an imported playlist.log.";
const noneRated = "No track has a tune-out index in this range yet (it needs plays heard by listeners).";

function load({ station, from, to, timeZone }) {
  query = `station=${encodeURIComponent(station)}&from=${from}&to=${to}`;
  const rated = (r) => r.byIndex.tracks.filter((t) => t.tuneOutIndex !== null);
  const small = (t) => el("tr", {}, el("td", {}, name(t)), el("td", { class: "num" }, fmt.n(t.plays)), el("td", { class: "num" }, index(t.tuneOutIndex)));
  const tracks = loadPanels([
    { element: document.getElementById("tracks-worst"), isEmpty: (r) => rated(r).length === 0, empty: noneRated,
      render: (r) => document.getElementById("tracks-worst").replaceChildren(...rated(r).slice(0, 10).map(small)) },
    { element: document.getElementById("tracks-best"), isEmpty: (r) => rated(r).length === 0, empty: noneRated,
      render: (r) => document.getElementById("tracks-best").replaceChildren(...rated(r).slice(-10).reverse().map(small)) },
    { element: document.getElementById("tracks"), isEmpty: (r) => r.byPlays.tracks.length === 0, empty: noPlays,
      render: (r) => document.getElementById("tracks").replaceChildren(...r.byPlays.tracks.map((t) => el("tr", { "data-selectable": "", tabindex: "0", onclick: () => history(t, timeZone), onkeydown: (e) => { if (e.key === "Enter" || e.key === " ") { e.preventDefault(); history(t, timeZone); } } },
        el("td", {}, name(t)), el("td", { class: "num" }, fmt.n(t.plays)), el("td", { class: "num" }, fmt.n(t.uniqueListeners)),
        el("td", { class: "num" }, fmt.duration(t.listenMinutes)), el("td", { class: "num" }, fmt.n(t.tuneIns)), el("td", { class: "num" }, fmt.n(t.tuneOuts)),
        el("td", { class: "num" }, index(t.tuneOutIndex))))) },
  ], async () => {
    const [byIndex, byPlays] = await Promise.all([
      api(`/api/asteroid/stats/tracks?${query}&sort=tuneOutIndex`), api(`/api/asteroid/stats/tracks?${query}&sort=plays`)]);
    return { byIndex, byPlays };
  });
  return Promise.all([tracks, history(null, timeZone)]);
}

// The song history of the range, or the plays of one track (its detail over the range).
function history(track, timeZone) {
  const key = (t) => `${(t.artist ?? "").trim().toLowerCase()}|${t.title.trim().toLowerCase()}`.replace(/\s+/g, " ");
  const playsOf = (result) => (track ? result.plays.filter((p) => key(p) === key(track)) : result.plays);
  document.getElementById("plays-title").textContent = track ? `Plays of ${name(track)}` : "Song history";
  const body = document.getElementById("plays");
  return loadPanel(body, () => api(`/api/asteroid/stats/plays?${query}`), {
    isEmpty: (result) => playsOf(result).length === 0, empty: noPlays,
    render: (result) => body.replaceChildren(...playsOf(result).slice().reverse().map((p) => el("tr", {},
      el("td", {}, fmt.dateTime(p.startedAt, timeZone)), el("td", {}, p.mount), el("td", {}, name(p)), el("td", {}, p.source),
      el("td", { class: "num" }, fmt.n(p.listenersAtStart)), el("td", { class: "num" }, fmt.n(p.tuneIns)), el("td", { class: "num" }, fmt.n(p.tuneOuts)),
      el("td", { class: "num" }, fmt.n(p.listenersAtEnd)), el("td", { class: "num" }, fmt.n(p.uniqueListeners)), el("td", { class: "num" }, index(p.tuneOutIndex))))),
  });
}
