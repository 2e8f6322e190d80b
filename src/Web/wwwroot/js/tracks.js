// Tracks: best and worst by tune-out index, every track of the range, and the song history with its audience.
import { api, el, fmt, rangeForm, showError } from "./api.js";

let started = false;
let query = "";

export async function show() {
  if (started) { return; }
  started = true;
  await rangeForm(document.querySelector('[data-range="tracks"]'), load, 7);
}

const name = (t) => (t.artist ? `${t.artist} – ${t.title}` : t.title);
const index = (v) => (v === null || v === undefined ? "–" : fmt.dec(v));

async function load({ station, from, to, timeZone }) {
  query = `station=${encodeURIComponent(station)}&from=${from}&to=${to}`;
  try {
    const [byIndex, byPlays] = await Promise.all([
      api(`/api/asteroid/stats/tracks?${query}&sort=tuneOutIndex`), api(`/api/asteroid/stats/tracks?${query}&sort=plays`)]);
    const rated = byIndex.tracks.filter((t) => t.tuneOutIndex !== null);
    const small = (t) => el("tr", {}, el("td", {}, name(t)), el("td", { class: "num" }, fmt.n(t.plays)), el("td", { class: "num" }, index(t.tuneOutIndex)));
    document.getElementById("tracks-worst").replaceChildren(...rated.slice(0, 10).map(small));
    document.getElementById("tracks-best").replaceChildren(...rated.slice(-10).reverse().map(small));
    document.getElementById("tracks").replaceChildren(...(byPlays.tracks.length === 0
      ? [el("tr", {}, el("td", { colspan: "7", class: "help" }, "No plays in this range. Plays come from the metadata Icecast shows, from pushes or from an imported playlist.log."))]
      : byPlays.tracks.map((t) => el("tr", { "data-selectable": "", tabindex: "0", onclick: () => history(t, timeZone), onkeydown: (e) => { if (e.key === "Enter") { history(t, timeZone); } } },
        el("td", {}, name(t)), el("td", { class: "num" }, fmt.n(t.plays)), el("td", { class: "num" }, fmt.n(t.uniqueListeners)),
        el("td", { class: "num" }, fmt.duration(t.listenMinutes)), el("td", { class: "num" }, fmt.n(t.tuneIns)), el("td", { class: "num" }, fmt.n(t.tuneOuts)),
        el("td", { class: "num" }, index(t.tuneOutIndex))))));
    await history(null, timeZone);
  } catch (error) { showError(document.getElementById("tracks"), error); }
}

// The song history of the range, or the plays of one track (its detail over the range).
async function history(track, timeZone) {
  const result = await api(`/api/asteroid/stats/plays?${query}`);
  const key = (t) => `${(t.artist ?? "").trim().toLowerCase()}|${t.title.trim().toLowerCase()}`.replace(/\s+/g, " ");
  const plays = track ? result.plays.filter((p) => key(p) === key(track)) : result.plays;
  document.getElementById("plays-title").textContent = track ? `Plays of ${name(track)}` : "Song history";
  document.getElementById("plays").replaceChildren(...plays.slice().reverse().map((p) => el("tr", {},
    el("td", {}, fmt.dateTime(p.startedAt, timeZone)), el("td", {}, p.mount), el("td", {}, name(p)), el("td", {}, p.source),
    el("td", { class: "num" }, fmt.n(p.listenersAtStart)), el("td", { class: "num" }, fmt.n(p.tuneIns)), el("td", { class: "num" }, fmt.n(p.tuneOuts)),
    el("td", { class: "num" }, fmt.n(p.listenersAtEnd)), el("td", { class: "num" }, fmt.n(p.uniqueListeners)), el("td", { class: "num" }, index(p.tuneOutIndex)))));
}
