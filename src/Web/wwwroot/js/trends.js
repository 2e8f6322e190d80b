// Trends: daily figures for a range, the previous period of the same length dashed, and hourly AQH/peak.
import { api, el, fmt, rangeForm } from "./api.js";
import { bar, draw, line, palette, units } from "./charts.js";
import { loadPanel, loadPanels } from "./panel.js";

let started = false;

export async function show() {
  if (started) { return; }
  started = true;
  await rangeForm(document.querySelector('[data-range="trends"]'), load, 14);
}

const figure = (canvasId) => document.getElementById(canvasId).closest("figure");
const quiet = (report) => report.total.sessions + report.total.shortSessions === 0;
const nothing = "No listening in this range: choose other dates, or wait for sessions to end.";

function load({ scope, from, to }) {
  const days = (Date.parse(to) - Date.parse(from)) / 86400000 + 1;
  const q = `${scope}from=${from}&to=${to}`;
  const note = document.getElementById("trends-note");
  note.textContent = "";
  const chart = (canvasId, config) => ({ element: figure(canvasId), isEmpty: quiet, empty: nothing, render: (now) => draw(canvasId, config(now)) });
  const series = (now, key, scale = 1) => [
    { ...line("this period", now.days.map((d) => d[key] * scale), palette[0]), dates: now.days.map((d) => d.date) },
    { ...line(`previous period (${now.compare.from} – ${now.compare.to})`, now.compare.days.map((d) => d[key] * scale), palette[6], true), dates: now.compare.days.map((d) => d.date) },
  ];
  const labels = (now) => now.days.map((d) => d.date);
  const daily = loadPanels([
    { element: document.getElementById("trends-totals"), isEmpty: quiet, empty: nothing, keep: true, render: (now) => kpis(now, note) },
    chart("chart-uniques", (now) => ({ type: "line", data: { labels: labels(now), datasets: series(now, "uniqueListeners") }, options: units("listeners") })),
    chart("chart-sessions", (now) => ({ type: "line", data: { labels: labels(now), datasets: series(now, "sessions") }, options: units("sessions") })),
    chart("chart-hours", (now) => ({ type: "line", data: { labels: labels(now), datasets: series(now, "listenMinutes", 1 / 60) }, options: units("hours") })),
    chart("chart-atsl", (now) => ({ type: "line", data: { labels: labels(now), datasets: [line("ATSL (minutes)", now.days.map((d) => d.avgSessionMinutes), palette[0]),
      { ...line("AQH (listeners)", now.days.map((d) => d.aqh), palette[2]), yAxisID: "y1" }] }, options: units("minutes", "listeners") })),
    chart("chart-peak", (now) => ({ type: "bar", data: { labels: labels(now), datasets: [bar("peak concurrent", now.days.map((d) => d.peakConcurrent), palette[0])] }, options: units("listeners") })),
  ], () => api(`/api/asteroid/stats/daily?${q}&compare=previous`)); // the previous period of the same length, computed by the API
  const caption = document.getElementById("chart-hourly-caption");
  caption.textContent = days <= 31 ? "Listeners by hour (AQH and peak)" : "Listeners by hour";
  const hourly = loadPanel(figure("chart-hourly"), () => (days <= 31 ? api(`/api/asteroid/stats/hourly?${q}`) : Promise.resolve(null)), {
    isEmpty: (h) => !h || h.hours.every((x) => !x.aqh && !x.peakConcurrent),
    empty: (h) => (h ? nothing : `Hour by hour needs a range of at most 31 days; this one has ${days}.`),
    // hours are many: no dots, the line alone
    render: (h) => draw("chart-hourly", { type: "line", data: { labels: h.hours.map((x) => x.start.slice(5, 16).replace("T", " ")),
      datasets: [{ ...line("AQH", h.hours.map((x) => x.aqh), palette[2]), pointRadius: 0 }, { ...line("peak", h.hours.map((x) => x.peakConcurrent), palette[1]), pointRadius: 0 }] }, options: units("listeners") }),
  });
  return Promise.all([daily, hourly]);
}

function kpis(now, note) {
  const t = now.total;
  const before = now.compare;
  note.textContent = `${now.station ?? now.group ?? (now.scope === "network" ? "Whole network" : [now.server, now.mount].filter(Boolean).join(""))} in ${now.timeZone}.${now.rebuilding ? ` Rebuilding history: ${now.rebuilding.done} of ${now.rebuilding.total} days.` : ""} ${t.uniqueListenersExact ? "" : "Unique listeners over this range are estimated (±1 %)."}`;
  const c = (field) => ({ change: before.change[field], field, period: `${before.from} – ${before.to}` });
  document.getElementById("trends-totals").replaceChildren(
    kpi("Unique listeners", fmt.n(t.uniqueListeners), "Cume: distinct listeners with at least one qualifying session (not a bot, at least 60 s) overlapping the range, counted once across days and mounts.", c("uniqueListeners")),
    kpi("Sessions", fmt.n(t.sessions), "Qualifying sessions (not a bot, at least 60 s) that start in the range.", c("sessions")),
    kpi("Listen hours", fmt.dec(t.listenMinutes / 60), "TLH: the listening of qualifying sessions inside the range, in hours.", c("listenMinutes")),
    kpi("Average session", fmt.duration(t.avgSessionMinutes), "ATSL: listen time divided by the qualifying sessions overlapping the range.", c("avgSessionMinutes")),
    kpi("Time spent listening", fmt.duration(t.tslMinutes), "TSL: listen time divided by unique listeners.", c("tslMinutes")),
    kpi("AQH", fmt.dec(t.aqh), "Average quarter-hour audience: the mean, over the quarter hours of the range, of listeners with at least 5 minutes of listening in that quarter hour.", c("aqh")),
    kpi("Peak concurrent", fmt.n(t.peakConcurrent), "The most non-bot sessions connected at one second of the range.", c("peakConcurrent")),
    kpi("Bounce rate", fmt.pct(t.bounceRate), "Non-bot sessions under 60 s as a share of all non-bot sessions that start in the range.", c("bounceRate")));
}

/** Figures where a rise is bad news: their change is coloured the other way. */
const lowerIsBetter = new Set(["bounceRate"]);

/** A KPI tile; with a definition, an (i) that shows it on hover and focus (and to screen readers); with a
 * comparison ({change, field, period}), the change against that period ("–" when it has none: nothing before). */
export function kpi(name, value, definition, comparison) {
  return el("div", { class: "kpi" }, el("dt", {}, name, definition ? el("abbr", { class: "info", title: definition, tabindex: "0", "aria-label": `${name}: ${definition}` }, " (i)") : ""),
    el("dd", {}, value), comparison ? changeLine(comparison) : "");
}

function changeLine({ change, field, period }) {
  if (change === null || change === undefined) {
    return el("dd", { class: "change", title: `No change: nothing (or nothing known) to compare with in ${period}` }, "n/a", el("span", { class: "sub" }, ` vs ${period}`));
  }
  const arrow = change > 0 ? "▲" : change < 0 ? "▼" : "=";
  const good = change === 0 ? "flat" : (change > 0) !== lowerIsBetter.has(field) ? "up" : "down";
  const text = `${change > 0 ? "+" : ""}${fmt.pct(change)}`;
  return el("dd", { class: `change ${good}` },
    el("span", { "aria-hidden": "true" }, `${arrow} `), text, el("span", { class: "sub" }, ` vs ${period}`));
}
