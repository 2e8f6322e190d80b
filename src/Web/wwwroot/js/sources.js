// Audience, "Where listeners come from": the summary's referrer and player-kind breakdowns
// (docs/metrics.md, "Traffic sources"), in a section of its own under the Audience page; its two
// tables load through the panels' states (js/panel.js), from the summary the Audience page asks for.
import { el, fmt } from "./api.js";

const kinds = { web: "Web player (browser)", app: "App", "smart-speaker": "Smart speaker", "media-player": "Media player", directory: "Radio directory", unknown: "Unknown" };
const none = "No listening in this range: choose other dates, or wait for sessions to end.";

/** The section's panels, drawn from the Audience page's own summary answer (one request for the page). */
export function sourcePanels() {
  const referrer = (r) => r.value === null ? "No referrer (direct, app, player)" : r.value === "(other)" ? "Other sites" : r.value;
  return [
    { element: document.getElementById("referrers"), isEmpty: (s) => (s.breakdowns.referrers ?? []).length === 0, empty: none,
      render: (s) => rows("referrers", s.breakdowns.referrers, referrer) },
    { element: document.getElementById("player-kinds"), isEmpty: (s) => (s.breakdowns.playerKinds ?? []).length === 0, empty: none,
      render: (s) => rows("player-kinds", s.breakdowns.playerKinds, (r) => kinds[r.value] ?? r.value) },
    { element: document.getElementById("sources-note"), isEmpty: () => false, render: note },
  ];
}

function rows(id, list, label) {
  document.getElementById(id).replaceChildren(...list.slice(0, 15).map((r) => el("tr", {}, el("td", {}, label(r)),
    el("td", { class: "num" }, fmt.n(r.uniqueListeners)), el("td", { class: "num" }, fmt.n(r.sessions)), el("td", { class: "num" }, fmt.duration(r.listenMinutes)))));
}

function note(summary) {
  const unknown = summary.breakdowns.sourcesUnknownDates ?? [];
  document.getElementById("sources-note").replaceChildren(...(unknown.length === 0 ? [] : [el("span", {},
    `Not known for ${fmt.count(unknown.length, "day")} (${unknown[0]} – ${unknown[unknown.length - 1]}): stored before traffic sources were counted, and their raw sessions are past retention. These tables leave those days out.`)]));
}
