// Audience: new vs returning, session lengths, players, devices, OS, and an hour × weekday heatmap.
import { api, el, fmt, rangeForm } from "./api.js";
import { loadPanel, loadPanels } from "./panel.js";
import { bar, draw, palette } from "./charts.js";
import { kpi } from "./trends.js";
import { sourcePanels } from "./sources.js";

let started = false;
const weekdays = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

export async function show() {
  if (started) { return; }
  started = true;
  await rangeForm(document.querySelector('[data-range="audience"]'), load, 28);
}

const figure = (canvasId) => document.getElementById(canvasId).closest("figure");
const nothing = "No listening in this range: choose other dates, or wait for sessions to end.";

function load({ scope, from, to }) {
  const q = `${scope}from=${from}&to=${to}`;
  const breakdown = (canvas, key) => ({
    element: figure(canvas), isEmpty: (summary) => summary.breakdowns[key].length === 0, empty: nothing,
    render: (summary) => {
      const top = summary.breakdowns[key].slice(0, 8);
      draw(canvas, { type: "bar", data: { labels: top.map((r) => r.value ?? "Unknown"), datasets: [bar("unique listeners", top.map((r) => r.uniqueListeners), palette[0])] },
        options: { indexAxis: "y", scales: { y: { ticks: { autoSkip: false } } } } }); // every label, none skipped
    },
  });
  const summary = loadPanels([
    { element: document.getElementById("audience-kpis"), isEmpty: (r) => r.uniqueListeners === 0, empty: nothing, keep: true, render: kpis },
    { element: figure("chart-lengths"), isEmpty: (r) => Object.values(r.sessionLengths).every((n) => n === 0), empty: nothing,
      render: (r) => draw("chart-lengths", { type: "bar", data: { labels: Object.keys(r.sessionLengths), datasets: [bar("sessions", Object.values(r.sessionLengths), palette[0])] } }) },
    breakdown("chart-players", "players"), breakdown("chart-devices", "devices"), breakdown("chart-os", "os"),
    ...sourcePanels(),
  ], () => api(`/api/asteroid/stats/summary?${q}&compare=previous`));
  const daily = loadPanel(figure("chart-new"), () => api(`/api/asteroid/stats/daily?${q}`), {
    isEmpty: (r) => r.days.every((d) => !d.newListeners && !d.returningListeners), empty: nothing,
    render: (r) => draw("chart-new", { type: "bar", data: { labels: r.days.map((d) => d.date), datasets: [
      bar("new", r.days.map((d) => d.newListeners), palette[2]), bar("returning", r.days.map((d) => d.returningListeners), palette[0])] },
      options: { scales: { x: { stacked: true }, y: { stacked: true } } } }),
  });
  const hourly = loadPanel(document.getElementById("heatmap-panel"), () => api(`/api/asteroid/stats/hourly?${q}`), {
    isEmpty: (r) => r.hours.every((h) => !h.aqh), empty: nothing, render: (r) => heatmap(r.hours),
  });
  return Promise.all([summary, daily, hourly]);
}

function kpis(summary) {
  const before = summary.compare;
  const c = (field) => ({ change: before.change[field], field, period: `${before.from} – ${before.to}` });
  document.getElementById("audience-kpis").replaceChildren(
    kpi("Unique listeners", fmt.n(summary.uniqueListeners), "Cume: distinct listeners with at least one qualifying session in the range, counted once.", c("uniqueListeners")),
    kpi("New", fmt.n(summary.newListeners), "Listeners of the range whose first qualifying session ever, in this scope, starts in the range.", c("newListeners")),
    kpi("Returning", fmt.n(summary.returningListeners), "Listeners of the range heard in this scope before it. The daily chart judges each day on its own: a listener new on the 1st returns on every later day, so it is mostly returning even when the range's total is mostly new.", c("returningListeners")),
    kpi("Bounce rate", fmt.pct(summary.bounceRate), "Non-bot sessions under 60 s as a share of all non-bot sessions that start in the range.", c("bounceRate")));
}

/** A cell's colour for a share 0..1 of the busiest hour: from the card's colour towards the accent, in either theme. */
function shade(t) {
  if (document.documentElement.dataset.theme === "dark") {
    return `rgb(${Math.round(42 + 101 * t)}, ${Math.round(48 + 128 * t)}, ${Math.round(58 + 197 * t)})`;
  }
  const c = Math.round(255 - t * 180);
  return `rgb(${c}, ${c}, 255)`;
}

let shown = null; // the hours in the heatmap, painted again when the theme changes
window.addEventListener("asteroid:theme", () => { if (shown) { heatmap(shown); } });

function heatmap(hours) {
  shown = hours;
  const sums = Array.from({ length: 7 }, () => new Array(24).fill(0));
  const counts = Array.from({ length: 7 }, () => new Array(24).fill(0));
  for (const h of hours) {
    const day = (new Date(h.start.slice(0, 10) + "T12:00:00Z").getUTCDay() + 6) % 7;
    const hour = Number(h.start.slice(11, 13));
    sums[day][hour] += h.aqh;
    counts[day][hour] += 1;
  }
  const avg = sums.map((row, d) => row.map((s, h) => (counts[d][h] ? s / counts[d][h] : 0)));
  const max = Math.max(0.0001, ...avg.flat());
  const cells = [el("span", {}, "")];
  for (let h = 0; h < 24; h++) { cells.push(el("span", { role: "columnheader" }, String(h))); }
  avg.forEach((row, d) => {
    cells.push(el("span", { role: "rowheader" }, weekdays[d]));
    row.forEach((v, h) => {
      cells.push(el("span", { role: "cell", title: `${weekdays[d]} ${h}:00 — AQH ${fmt.dec(v)}`, style: `background: ${shade(v / max)}` }, ""));
    });
  });
  document.getElementById("heatmap").replaceChildren(...cells);
  document.getElementById("heatmap-legend").replaceChildren(el("span", {}, "Average AQH per local hour and weekday: "),
    ...[0, max / 2, max].map((v) => el("span", { class: "swatch-item" }, el("span", { class: "swatch", style: `background: ${shade(v / max)}` }), fmt.dec(v))));
}
