// Shows: the ranking of the station's shows, an episode's retention curve, week over week, and the schedule editor.
import { api, el, fmt, rangeForm } from "./api.js";
import { loadPanel, loadPanels, setState } from "./panel.js";
import { draw, line, palette } from "./charts.js";

const days = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
let started = false;
let current = null;
let editing = null; // the show loaded into the form: its other slots, validity and one-off episodes are kept

export async function show() {
  if (started) { return; }
  started = true;
  document.getElementById("show-form").addEventListener("submit", save);
  document.getElementById("show-delete").addEventListener("click", remove);
  document.getElementById("ics-form").addEventListener("submit", importIcs);
  await rangeForm(document.querySelector('[data-range="shows"]'), load, 7);
}

const change = (v) => (v === null || v === undefined ? "–" : `${v > 0 ? "+" : ""}${fmt.pct(v)}`);

function load(range) {
  current = range;
  const ranking = document.getElementById("shows");
  const episodesBody = document.getElementById("episodes");
  const chart = document.getElementById("retention-panel");
  if (!stationEditing(range)) {
    const words = "Shows belong to a station: pick one as the scope.";
    for (const element of [ranking, episodesBody, chart, document.getElementById("schedule")]) { setState(element, "empty", words); }
    return Promise.resolve();
  }
  const episodesOf = (report) => report.shows.flatMap((s) => s.episodes.map((e) => ({ ...e, show: s.name }))).sort((a, b) => a.start.localeCompare(b.start));
  const noShows = "No shows yet: add one to the schedule below.";
  const noEpisodes = "No episode of a show in this range.";
  const report = loadPanels([
    { element: ranking, isEmpty: (r) => r.shows.length === 0, empty: noShows,
      render: (r) => ranking.replaceChildren(...r.shows.map((s) => el("tr", {},
        el("th", { scope: "row" }, s.name), el("td", { class: "num" }, fmt.n(s.episodeCount)), el("td", { class: "num" }, fmt.dec(s.total.aqh)),
        el("td", { class: "num" }, fmt.n(s.total.uniqueListeners)), el("td", { class: "num" }, fmt.duration(s.total.listenMinutes)),
        el("td", { class: "num" }, fmt.duration(s.total.tslMinutes)), el("td", { class: "num" }, fmt.n(s.total.peakConcurrent))))) },
    { element: episodesBody, isEmpty: (r) => episodesOf(r).length === 0, empty: noEpisodes,
      render: (r) => episodesBody.replaceChildren(...episodesOf(r).map((e) => el("tr",
        { "data-selectable": "", tabindex: "0", onclick: () => retention(e, range.timeZone), onkeydown: (k) => { if (k.key === "Enter" || k.key === " ") { k.preventDefault(); retention(e, range.timeZone); } } },
        el("td", {}, fmt.dateTime(e.start, range.timeZone)), el("td", {}, e.show), el("td", { class: "num" }, fmt.dec(e.aqh)),
        el("td", { class: "num" }, fmt.n(e.uniqueListeners)), el("td", { class: "num" }, change(e.compare?.change?.aqh)),
        el("td", { class: "num" }, change(e.compare?.change?.uniqueListeners)), el("td", { class: "num" }, fmt.n(e.tuneIns)), el("td", { class: "num" }, fmt.n(e.tuneOuts))))) },
    { element: chart, isEmpty: (r) => episodesOf(r).length === 0, empty: noEpisodes,
      render: (r) => { const list = episodesOf(r); retention(list[list.length - 1], range.timeZone); } },
  ], () => api(`/api/asteroid/stats/shows?${range.scope}from=${range.from}&to=${range.to}&compare=previous`));
  return Promise.all([report, schedule()]);
}

function retention(episode, timeZone) {
  document.getElementById("retention-title").textContent =
    `Retention: ${episode.show}, ${fmt.dateTime(episode.start, timeZone)} (${fmt.n(episode.retention.listenersAtStart)} listeners at the start)`;
  const datasets = [line("This episode", episode.retention.points.map((p) => p.share * 100), palette[0])];
  if (episode.compare) { datasets.push(line("A week before", episode.compare.retention.points.map((p) => p.share * 100), palette[1], true)); }
  draw("retention-chart", {
    type: "line",
    data: { labels: episode.retention.points.map((p) => `${p.percent} %`), datasets },
    options: { scales: { y: { min: 0, max: 100, title: { display: true, text: "% of the listeners at the start" } } } },
  });
}

/** The schedule editor and the .ics import write to one station: on any other scope (the network, a
 * group, a server, a mount) they are disabled and say why. True when the scope is a station. */
function stationEditing(range) {
  const station = isStation(range.station);
  const note = station ? "" : "The schedule and .ics imports belong to a station: pick a station as the scope to edit or import shows.";
  for (const id of ["show-form", "ics-form"]) {
    for (const control of document.getElementById(id).elements) { control.disabled = !station; }
  }
  for (const id of ["show-scope-note", "ics-scope-note"]) { document.getElementById(id).textContent = note; }
  return station;
}

/** Picker values of other scopes carry a prefix ("network:", "group:…", "mount:…", "server:…"); station ids have no ":". */
const isStation = (value) => Boolean(value) && !value.includes(":");

// The week grid: each day's slots, and the form that stores or deletes a show.
function schedule() {
  const grid = document.getElementById("schedule");
  return loadPanel(grid, () => api(`/api/asteroid/admin/stations/${encodeURIComponent(current.station)}/shows`), {
    isEmpty: (shows) => shows.length === 0, empty: "No show in the schedule yet: add one with the form below.", render: (shows) => grid.replaceChildren(...days.map((d) => el("tr", {}, el("th", { scope: "row" }, d),
    el("td", {}, shows.flatMap((s) => s.slots.filter((slot) => slot.days.includes(d))
      .map((slot) => ({ s, slot }))).sort((a, b) => a.slot.start.localeCompare(b.slot.start))
      .map(({ s, slot }) => el("button", { type: "button", class: "link", onclick: () => edit(s) }, `${slot.start}–${slot.end} ${s.name}`)))))),
  });
}

function edit(s) {
  editing = s;
  const form = document.getElementById("show-form");
  form.elements["show-id"].value = s.id;
  form.elements["show-name"].value = s.name;
  form.elements["show-host"].value = s.host ?? "";
  const slot = s.slots[0];
  for (const d of days) { form.elements[`show-day-${d}`].checked = slot ? slot.days.includes(d) : false; }
  form.elements["show-start"].value = slot?.start ?? "";
  form.elements["show-end"].value = slot?.end ?? "";
}

async function save(e) {
  e.preventDefault();
  const form = e.target;
  const status = document.getElementById("show-status");
  if (!current || !isStation(current.station)) { status.textContent = "Pick a station as the scope first."; return; }
  const id = form.elements["show-id"].value.trim();
  const body = {
    name: form.elements["show-name"].value, host: form.elements["show-host"].value || null,
    slots: [{ days: days.filter((d) => form.elements[`show-day-${d}`].checked), start: form.elements["show-start"].value, end: form.elements["show-end"].value }],
  };
  if (editing?.id === id) {
    body.slots.push(...editing.slots.slice(1));
    Object.assign(body, { validFrom: editing.validFrom, validTo: editing.validTo, episodes: editing.episodes, exceptDates: editing.exceptDates });
  }
  try {
    await api(`/api/asteroid/admin/stations/${encodeURIComponent(current.station)}/shows/${encodeURIComponent(id)}`, { method: "PUT", body });
    status.textContent = `Saved ${id}.`;
    await load(current);
  } catch (error) { status.textContent = `Not saved: ${error.message}`; }
}

async function remove() {
  const form = document.getElementById("show-form");
  const status = document.getElementById("show-status");
  const id = form.elements["show-id"].value.trim();
  try {
    await api(`/api/asteroid/admin/stations/${encodeURIComponent(current.station)}/shows/${encodeURIComponent(id)}`, { method: "DELETE" });
    status.textContent = `Deleted ${id}.`;
    await load(current);
  } catch (error) { status.textContent = `Not deleted: ${error.message}`; }
}

// "Import .ics": the file is posted as it is; the answer's counts and skipped events are listed.
async function importIcs(e) {
  e.preventDefault();
  const form = e.target;
  const status = document.getElementById("ics-status");
  const file = form.elements["ics-file"].files[0];
  if (!current || !isStation(current.station)) { status.replaceChildren("Pick a station as the scope first: an .ics file fills one station's schedule."); return; }
  if (!file) { status.replaceChildren("Pick an .ics file."); return; }
  const replace = form.elements["ics-replace"].checked ? "?replace=true" : "";
  try {
    const answer = await api(`/api/asteroid/admin/stations/${encodeURIComponent(current.station)}/shows/import-ics${replace}`,
      { method: "POST", body: file, contentType: "text/calendar" });
    status.replaceChildren(
      el("p", {}, `Imported ${file.name}: ${answer.created} created, ${answer.updated} updated, ${answer.unchanged} unchanged, ${answer.removed} removed, ${answer.skipped} skipped.`),
      ...(answer.skippedEvents.length === 0 ? [] : [el("ul", {}, answer.skippedEvents.map((s) =>
        el("li", {}, `${s.summary || s.uid || "event"}${s.line ? ` (line ${s.line})` : ""}: ${s.reason}`)))]));
    await load(current);
  } catch (error) { status.replaceChildren(`Not imported: ${error.message}`); }
}
