// Live listener counts: load /api/asteroid/stats/current once, then apply "mountChanged" pushes
// from the SignalR hub. The API key lives in sessionStorage of this tab only.
"use strict";
(() => {
  const keyStore = "asteroid.apiKey";
  const $ = (id) => document.getElementById(id);
  const rows = new Map(); // "server/mount" -> state
  const numbers = new Intl.NumberFormat();
  let connection = null;

  function showKeyForm(message) {
    $("live").hidden = true;
    $("key-form").hidden = false;
    $("key-error").textContent = message || "";
    $("api-key").focus();
  }

  async function start(key) {
    const response = await fetch("/api/asteroid/stats/current", { headers: { "X-Api-Key": key } });
    if (response.status === 401) {
      sessionStorage.removeItem(keyStore);
      showKeyForm("That API key was not accepted.");
      return;
    }
    if (!response.ok) {
      showKeyForm(`The server answered ${response.status}. Try again in a moment.`);
      return;
    }
    const current = await response.json();
    rows.clear();
    current.mounts.forEach((m) => rows.set(m.server + m.mount, m));
    $("key-form").hidden = true;
    $("live").hidden = false;
    render();
    showAttribution(key);
    await connect(key);
  }

  async function connect(key) {
    if (connection) { await connection.stop(); }
    connection = new signalR.HubConnectionBuilder()
      .withUrl("/hubs/stats", { accessTokenFactory: () => key })
      .withAutomaticReconnect()
      .configureLogging(signalR.LogLevel.None)
      .build();
    connection.on("mountChanged", (change) => {
      const key = change.server + change.mount;
      const row = rows.get(key) || { server: change.server, mount: change.mount };
      rows.set(key, Object.assign(row, {
        listeners: change.listeners, status: change.status, statusDetail: change.statusDetail, lastPolledAt: change.at,
      }));
      render();
    });
    connection.onreconnecting(() => setConnection("Reconnecting…"));
    connection.onreconnected(async () => { setConnection("Live"); await connection.invoke("JoinAll"); });
    connection.onclose(() => setConnection("Disconnected — reload the page to reconnect"));
    await connection.start();
    await connection.invoke("JoinAll");
    setConnection("Live");
  }

  async function showAttribution(key) {
    const about = await (await fetch("/api/asteroid/about", { headers: { "X-Api-Key": key } })).json();
    const credit = about.geoIp && about.geoIp.attribution;
    const p = $("attribution");
    p.replaceChildren();
    if (credit) {
      const a = document.createElement("a");
      a.href = about.geoIp.attributionUrl;
      a.textContent = credit;
      p.appendChild(a);
    }
  }

  function setConnection(text) {
    $("connection").textContent = text;
    document.body.dataset.connection = text === "Live" ? "live" : "other";
  }

  function render() {
    const body = $("mounts");
    const sorted = [...rows.values()].sort((a, b) => (a.server + a.mount).localeCompare(b.server + b.mount));
    body.replaceChildren(...sorted.map((m) => {
      const tr = document.createElement("tr");
      tr.dataset.mount = m.server + m.mount;
      const cells = [m.server, m.mount, numbers.format(m.listeners ?? 0), m.status, formatTime(m.lastPolledAt)];
      cells.forEach((text, i) => {
        const td = document.createElement("td");
        td.textContent = text;
        if (i === 2) { td.className = "num listeners"; }
        if (i === 3) {
          td.className = m.status === "ok" ? "status-ok" : "status-bad";
          if (m.statusDetail) { td.title = m.statusDetail; td.textContent = `${m.status} — ${m.statusDetail}`; }
        }
        tr.appendChild(td);
      });
      return tr;
    }));
    const total = sorted.reduce((sum, m) => sum + (m.listeners ?? 0), 0);
    $("total").textContent = numbers.format(total);
    $("empty").hidden = sorted.length > 0;
  }

  function formatTime(iso) {
    return iso ? new Date(iso).toLocaleTimeString() : "not yet";
  }

  $("key-form").addEventListener("submit", (event) => {
    event.preventDefault();
    const key = $("api-key").value.trim();
    sessionStorage.setItem(keyStore, key);
    start(key).catch((e) => showKeyForm(`Could not connect: ${e.message}`));
  });
  $("forget-key").addEventListener("click", () => { sessionStorage.removeItem(keyStore); showKeyForm(); });

  const saved = sessionStorage.getItem(keyStore) || new URLSearchParams(location.hash.slice(1)).get("key");
  if (saved) {
    sessionStorage.setItem(keyStore, saved);
    history.replaceState(null, "", location.pathname);
    start(saved).catch((e) => showKeyForm(`Could not connect: ${e.message}`));
  } else {
    showKeyForm();
  }
})();
