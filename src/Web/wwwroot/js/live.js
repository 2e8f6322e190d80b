// Live: counts per mount pushed over SignalR, a sparkline of the last hour, today's peak per
// station, and who is connected on the selected mount (never an IP).
import { api, apiKey, dateIn, el, fmt, stations } from "./api.js";
import { loadPanel, setState } from "./panel.js";

// The push connection's state, under the page list (not a page name: it says what the counts are).
const Connected = "Live updates: connected";

const rows = new Map();
let connection = null;
let selected = null;

const noMounts = () => ["No mounts yet. Add an Icecast server under ", el("a", { href: "#servers" }, "Servers & stations"), "."];

export async function show() {
  const current = await loadPanel(document.getElementById("mounts"), async () => {
    const [now, playing] = await Promise.all([api("/api/asteroid/stats/current"), api("/api/asteroid/stats/now-playing").catch(() => ({ mounts: [] }))]);
    return { now, playing };
  }, {
    render: ({ now, playing }) => {
      rows.clear();
      now.mounts.forEach((m) => rows.set(m.server + m.mount, m));
      playing.mounts.forEach((p) => { const row = rows.get(p.server + p.mount); if (row) { Object.assign(row, { artist: p.artist, title: p.title, since: p.since }); } });
      if ((!selected || !rows.has(selected)) && rows.size > 0) { selected = [...rows.keys()].sort()[0]; } // before render: highlighted at once
      render();
    },
  });
  if (current) {
    await problems(current.now.unavailableServers);
    await Promise.all([...rows.values()].map((m) => spark(m))); // not map(spark): the index would be cachedOnly
  }
  await Promise.all([peaks(), listeners()]);
  if (current) { await connect(); }
}

async function connect() {
  if (connection) { return; }
  const key = apiKey();
  connection = new signalR.HubConnectionBuilder()
    .withUrl("/hubs/stats", key ? { accessTokenFactory: () => key } : {})
    .withAutomaticReconnect()
    .configureLogging(signalR.LogLevel.None)
    .build();
  connection.on("mountChanged", (change) => {
    const id = change.server + change.mount;
    const row = rows.get(id) || { server: change.server, mount: change.mount };
    rows.set(id, Object.assign(row, { listeners: change.listeners, status: change.status, statusDetail: change.statusDetail, lastPolledAt: change.at }));
    render();
    if (id === selected) { listeners(true); }
  });
  connection.on("trackChanged", (change) => {
    const row = rows.get(change.server + change.mount);
    if (row) { Object.assign(row, { artist: change.artist, title: change.title, since: change.startedAt }); render(); }
  });
  connection.onreconnecting(() => status("Live updates: reconnecting…"));
  connection.onreconnected(async () => { status(Connected); await connection.invoke("JoinAll"); });
  connection.onclose(() => status("Live updates: disconnected — reload the page to reconnect"));
  await connection.start();
  await connection.invoke("JoinAll");
  status(Connected);
}

function status(text) {
  document.getElementById("connection").textContent = text;
  document.body.dataset.connection = text === Connected ? "live" : "other";
}

function render() {
  const sorted = [...rows.values()].sort((a, b) => (a.server + a.mount).localeCompare(b.server + b.mount));
  const body = document.getElementById("mounts");
  if (sorted.length === 0) { setState(body, "empty", noMounts()); } else { setState(body, "ready"); body.replaceChildren(...sorted.map(mountRow)); }
  document.getElementById("total").textContent = fmt.n(sorted.reduce((sum, m) => sum + (m.listeners ?? 0), 0));
  sorted.forEach((m) => spark(m, true));
}

function mountRow(m) {
  const id = m.server + m.mount;
  const ok = m.status === "ok";
  const tr = el("tr", { "data-mount": id, "data-selectable": "", tabindex: "0", "aria-selected": String(id === selected),
    onclick: () => select(id), onkeydown: (e) => { if (e.key === "Enter" || e.key === " ") { e.preventDefault(); select(id); } } },
    el("td", {}, m.server), el("td", {}, m.mount), el("td", { class: "num listeners" }, fmt.n(m.listeners)),
    el("td", { class: "now-playing", title: m.since ? `since ${fmt.time(m.since)}` : "" }, m.title ? (m.artist ? `${m.artist} – ${m.title}` : m.title) : "–"),
    el("td", {}, el("canvas", { class: "spark", id: `spark-${CSS.escape(id)}`, width: "120", height: "28", "aria-hidden": "true" })),
    el("td", { class: ok ? "status-ok" : "status-bad", title: m.statusDetail || "" }, m.statusDetail ? `${m.status} — ${m.statusDetail}` : m.status),
    el("td", {}, fmt.time(m.lastPolledAt)));
  return tr;
}

const sparkData = new Map();
async function spark(m, cachedOnly = false) {
  const id = m.server + m.mount;
  if (!cachedOnly) {
    const points = await api(`/api/asteroid/stats/snapshots?server=${encodeURIComponent(m.server)}&mount=${encodeURIComponent(m.mount)}&minutes=60`);
    sparkData.set(id, points.map((p) => p.listeners));
  }
  const values = [...(sparkData.get(id) || []), m.listeners ?? 0];
  const canvas = document.getElementById(`spark-${CSS.escape(id)}`);
  if (!canvas) { return; }
  const ctx = canvas.getContext("2d");
  ctx.clearRect(0, 0, canvas.width, canvas.height);
  const max = Math.max(1, ...values);
  ctx.strokeStyle = getComputedStyle(document.documentElement).getPropertyValue("--accent").trim() || "#2747a8";
  ctx.beginPath();
  values.forEach((v, i) => {
    const x = values.length === 1 ? 0 : (i / (values.length - 1)) * (canvas.width - 2) + 1;
    const y = canvas.height - 2 - (v / max) * (canvas.height - 4);
    if (i === 0) { ctx.moveTo(x, y); } else { ctx.lineTo(x, y); }
  });
  ctx.stroke();
}

// A red banner for what stops the counts: servers the cluster cannot read right now, and (for
// admins, who may list servers) Icecast servers whose discovery fails — they may have no mount row at all.
async function problems(unavailable) {
  const lines = (unavailable ?? []).map((s) => `Server ${s} cannot be read right now: its mounts are missing from the total.`);
  const servers = document.body.dataset.role === "admin" ? await api("/api/asteroid/admin/servers").catch(() => []) : [];
  for (const s of servers) {
    if (s.enabled && s.status !== "ok" && s.status !== "pending") {
      lines.push(`Server ${s.id} (${s.baseUrl}): ${s.status}${s.statusDetail ? ` — ${s.statusDetail}` : ""}. Its mounts are not being counted.`);
    }
  }
  const box = document.getElementById("live-problems");
  box.replaceChildren(...lines.map((line) => el("p", {}, line)));
  box.hidden = lines.length === 0;
}

function peaks() {
  const grid = document.getElementById("stations");
  return loadPanel(grid, async () => {
    const list = await stations();
    return Promise.all(list.map(async (s) => {
      const today = dateIn(s.timeZone); // the station's own today
      return { s, report: await api(`/api/asteroid/stats/daily?station=${encodeURIComponent(s.id)}&from=${today}&to=${today}`) };
    }));
  }, {
    isEmpty: (list) => list.length === 0, empty: "No station yet: add an Icecast server under Servers & stations.",
    render: (list) => grid.replaceChildren(...list.map(card)),
  });
}

function card({ s, report }) {
    const t = report.total;
    return el("div", { class: "card" }, el("h3", {}, s.name),
      el("p", {}, `Today's peak: `, el("strong", {}, fmt.count(t.peakConcurrent, "listener")),
        t.peakAt ? ` at ${fmt.time(t.peakAt, report.timeZone)} (${report.timeZone})` : ""),
      el("p", { class: "help" }, `Today (${report.timeZone}): ${fmt.count(t.uniqueListeners, "unique listener")}, ${fmt.duration(t.listenMinutes)} listened`),
      // the peak counts every non-bot connection; the day's listeners only sessions of 60 s or more, open ones too (docs/metrics.md)
      t.peakConcurrent > t.uniqueListeners ? el("p", { class: "help" }, "The day's listeners count a session once it has lasted a minute; the peak counts every player connected at once (bots in neither).") : "");
}

async function select(id) {
  selected = id;
  render();
  await listeners();
}

/** The listeners of the selected mount; `again`: the same mount refreshed after a push, its rows stay while it loads. */
async function listeners(again = false) {
  const m = rows.get(selected);
  document.getElementById("listeners-mount").textContent = m ? `${m.server}${m.mount}` : "";
  const body = document.getElementById("listeners");
  if (!m) { setState(body, "empty", "Select a mount above to see its listeners."); return; }
  await loadPanel(body, () => api(`/api/asteroid/stats/listeners?server=${encodeURIComponent(m.server)}&mount=${encodeURIComponent(m.mount)}`), {
    refresh: again, isEmpty: (list) => list.length === 0, empty: "Nobody is connected to this mount right now.",
    render: (list) => body.replaceChildren(...list.map((l) => el("tr", {}, el("td", {}, l.countryName || "Unknown"), el("td", {}, l.city || "–"), el("td", {}, l.player),
      el("td", {}, l.device), el("td", { class: "num" }, fmt.duration(l.connectedSeconds / 60))))),
  });
}
