// Audience, "Where listeners come from": the summary's referrer and player-kind breakdowns
// (docs/metrics.md, "Traffic sources"), in a section of its own under the Audience page.
import { api, el, fmt, showError } from "./api.js";

const kinds = { web: "Web player (browser)", app: "App", "smart-speaker": "Smart speaker", "media-player": "Media player", directory: "Radio directory", unknown: "Unknown" };
const cols = 4;

export async function loadSources({ scope, from, to }) {
  const note = document.getElementById("sources-note");
  try {
    const summary = await api(`/api/asteroid/stats/summary?${scope}from=${from}&to=${to}`);
    const b = summary.breakdowns;
    rows("referrers", b.referrers ?? [], (r) => r.value === null ? "No referrer (direct, app, player)" : r.value === "(other)" ? "Other sites" : r.value);
    rows("player-kinds", b.playerKinds ?? [], (r) => kinds[r.value] ?? r.value);
    const unknown = b.sourcesUnknownDates ?? [];
    note.replaceChildren(...(unknown.length === 0 ? [] : [el("span", {},
      `Not known for ${fmt.count(unknown.length, "day")} (${unknown[0]} – ${unknown[unknown.length - 1]}): stored before traffic sources were counted, and their raw sessions are past retention. These tables leave those days out.`)]));
  } catch (error) { showError(note, error); }
}

function rows(id, list, label) {
  document.getElementById(id).replaceChildren(...(list.length === 0
    ? [el("tr", {}, el("td", { colspan: String(cols), class: "help" }, "No listeners in this range."))]
    : list.slice(0, 15).map((r) => el("tr", {}, el("td", {}, label(r)), el("td", { class: "num" }, fmt.n(r.uniqueListeners)),
      el("td", { class: "num" }, fmt.n(r.sessions)), el("td", { class: "num" }, fmt.duration(r.listenMinutes))))));
}
