// Trends: daily figures for a range, the previous period of the same length dashed, and hourly AQH/peak.
import { api, el, fmt, rangeForm, showError } from "./api.js";
import { draw, line, palette } from "./charts.js";

let started = false;

export async function show() {
  if (started) { return; }
  started = true;
  await rangeForm(document.querySelector('[data-range="trends"]'), load, 14);
}

async function load({ scope, from, to }) {
  const note = document.getElementById("trends-note");
  try {
    const days = (Date.parse(to) - Date.parse(from)) / 86400000 + 1;
    const prevTo = new Date(Date.parse(from) - 86400000).toISOString().slice(0, 10);
    const prevFrom = new Date(Date.parse(from) - days * 86400000).toISOString().slice(0, 10);
    const q = (f, t) => `${scope}from=${f}&to=${t}`;
    const [now, before, hourly] = await Promise.all([
      api(`/api/asteroid/stats/daily?${q(from, to)}`),
      api(`/api/asteroid/stats/daily?${q(prevFrom, prevTo)}`),
      days <= 31 ? api(`/api/asteroid/stats/hourly?${q(from, to)}`) : Promise.resolve(null),
    ]);
    const labels = now.days.map((d) => d.date);
    const series = (key, scale = 1) => [
      line(`${from} – ${to}`, now.days.map((d) => d[key] * scale), palette[0]),
      line("previous period", before.days.map((d) => d[key] * scale), palette[6], true),
    ];
    draw("chart-uniques", { type: "line", data: { labels, datasets: series("uniqueListeners") } });
    draw("chart-sessions", { type: "line", data: { labels, datasets: series("sessions") } });
    draw("chart-hours", { type: "line", data: { labels, datasets: series("listenMinutes", 1 / 60) } });
    draw("chart-atsl", { type: "line", data: { labels, datasets: [line("ATSL (minutes)", now.days.map((d) => d.avgSessionMinutes), palette[0]), line("AQH", now.days.map((d) => d.aqh), palette[2])] } });
    draw("chart-peak", { type: "bar", data: { labels, datasets: [{ label: "peak concurrent", data: now.days.map((d) => d.peakConcurrent), backgroundColor: palette[0] }] } });
    if (hourly) {
      draw("chart-hourly", { type: "line", data: { labels: hourly.hours.map((h) => h.start.slice(5, 16).replace("T", " ")),
        datasets: [line("AQH", hourly.hours.map((h) => h.aqh), palette[2]), line("peak", hourly.hours.map((h) => h.peakConcurrent), palette[1])] } });
    }
    const t = now.total;
    note.textContent = `${now.station ?? now.group ?? (now.scope === "network" ? "Whole network" : now.server)} in ${now.timeZone}.${now.rebuilding ? ` Rebuilding history: ${now.rebuilding.done} of ${now.rebuilding.total} days.` : ""} ${t.uniqueListenersExact ? "" : "Unique listeners over this range are estimated (±1 %)."}`;
    document.getElementById("trends-totals").replaceChildren(
      kpi("Unique listeners", fmt.n(t.uniqueListeners)), kpi("Sessions", fmt.n(t.sessions)), kpi("Listen hours", fmt.dec(t.listenMinutes / 60)),
      kpi("Average session", fmt.duration(t.avgSessionMinutes)), kpi("Time spent listening", fmt.duration(t.tslMinutes)),
      kpi("AQH", fmt.dec(t.aqh)), kpi("Peak concurrent", fmt.n(t.peakConcurrent)), kpi("Bounce rate", fmt.pct(t.bounceRate)));
    if (t.sessions + t.shortSessions === 0) { note.textContent += " No listening in this range yet: choose other dates, or wait for sessions to end."; }
  } catch (error) { showError(note, error); }
}

export function kpi(name, value) { return el("div", {}, el("dt", {}, name), el("dd", {}, value)); }
