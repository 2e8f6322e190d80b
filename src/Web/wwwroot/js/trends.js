// Trends: daily figures for a range, the previous period of the same length dashed, and hourly AQH/peak.
import { api, el, fmt, rangeForm, showError } from "./api.js";
import { draw, line, palette, units } from "./charts.js";

let started = false;

export async function show() {
  if (started) { return; }
  started = true;
  await rangeForm(document.querySelector('[data-range="trends"]'), load, 14);
}

async function load({ scope, from, to }) {
  const note = document.getElementById("trends-note");
  note.textContent = "Loading…";
  document.getElementById("page-trends").setAttribute("aria-busy", "true");
  try {
    const days = (Date.parse(to) - Date.parse(from)) / 86400000 + 1;
    const q = (f, t) => `${scope}from=${f}&to=${t}`;
    const [now, hourly] = await Promise.all([
      api(`/api/asteroid/stats/daily?${q(from, to)}&compare=previous`), // the previous period of the same length, computed by the API
      days <= 31 ? api(`/api/asteroid/stats/hourly?${q(from, to)}`) : Promise.resolve(null),
    ]);
    const before = now.compare;
    const labels = now.days.map((d) => d.date);
    const series = (key, scale = 1) => [
      line(`${from} – ${to}`, now.days.map((d) => d[key] * scale), palette[0]),
      line(`previous period (${before.from} – ${before.to})`, before.days.map((d) => d[key] * scale), palette[6], true),
    ];
    draw("chart-uniques", { type: "line", data: { labels, datasets: series("uniqueListeners") }, options: units("listeners") });
    draw("chart-sessions", { type: "line", data: { labels, datasets: series("sessions") }, options: units("sessions") });
    draw("chart-hours", { type: "line", data: { labels, datasets: series("listenMinutes", 1 / 60) }, options: units("hours") });
    draw("chart-atsl", { type: "line", data: { labels, datasets: [line("ATSL (minutes)", now.days.map((d) => d.avgSessionMinutes), palette[0]),
      { ...line("AQH (listeners)", now.days.map((d) => d.aqh), palette[2]), yAxisID: "y1" }] }, options: units("minutes", "listeners") });
    draw("chart-peak", { type: "bar", data: { labels, datasets: [{ label: "peak concurrent", data: now.days.map((d) => d.peakConcurrent), backgroundColor: palette[0] }] }, options: units("listeners") });
    if (hourly) {
      draw("chart-hourly", { type: "line", data: { labels: hourly.hours.map((h) => h.start.slice(5, 16).replace("T", " ")),
        datasets: [line("AQH", hourly.hours.map((h) => h.aqh), palette[2]), line("peak", hourly.hours.map((h) => h.peakConcurrent), palette[1])] }, options: units("listeners") });
      document.getElementById("chart-hourly-caption").textContent = "Listeners by hour (AQH and peak)";
    } else {
      draw("chart-hourly", { type: "line", data: { labels: [], datasets: [] } }); // not the chart of an earlier range
      document.getElementById("chart-hourly-caption").textContent = "Listeners by hour: choose a range of at most 31 days";
    }
    const t = now.total;
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
    if (t.sessions + t.shortSessions === 0) { note.textContent += " No listening in this range yet: choose other dates, or wait for sessions to end."; }
  } catch (error) { showError(note, error); } finally { document.getElementById("page-trends").removeAttribute("aria-busy"); }
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
