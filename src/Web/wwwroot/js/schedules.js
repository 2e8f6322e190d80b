// Scheduled reports on the Export page: the schedules the caller manages, their last run, and
// "Send now" (POST …/{id}/send: the last closed period, built and queued at once).
import { api, el } from "./api.js";
import { loadPanel } from "./panel.js";

const base = "/api/asteroid/admin/report-schedules";

function scopeText(scope) {
  return scope?.station ? `station ${scope.station}` : scope?.group ? `group ${scope.group}` : "network";
}

function runText(run) {
  if (!run) { return "none yet"; }
  const sent = run.deliveries.filter((d) => d.status === "delivered").length;
  return `${run.from}${run.to !== run.from ? " – " + run.to : ""} (${run.trigger}): ${run.status}, ${sent}/${run.deliveries.length} delivered`;
}

export async function showSchedules(panel) {
  if (document.body.dataset.role === "viewer") { return; } // viewers have no schedules (the API says 403)
  const rows = panel.querySelector("#rs-rows");
  const status = panel.querySelector("#rs-status");
  panel.hidden = false;
  const refresh = () => loadPanel(rows, async () => {
    const schedules = await api(base);
    const runs = await Promise.all(schedules.map((s) => api(`${base}/${encodeURIComponent(s.id)}/runs?limit=1`)));
    return schedules.map((s, i) => ({ s, last: runs[i][0] }));
  }, {
    isEmpty: (list) => list.length === 0, empty: "No scheduled report yet.",
    render: (list) => rows.replaceChildren(...list.map(({ s, last }) => {
      const button = el("button", { type: "button", "data-send": s.id }, "Send now");
      button.addEventListener("click", async () => {
        button.disabled = true;
        status.textContent = `Sending ${s.name}…`;
        try {
          const run = await api(`${base}/${encodeURIComponent(s.id)}/send`, { method: "POST" });
          status.textContent = `${s.name}: ${runText(run)}`;
          await refresh();
        } catch (e) {
          status.textContent = `${s.name}: not sent: ${e.message}`;
        } finally {
          button.disabled = false;
        }
      });
      return el("tr", {}, el("td", {}, s.name), el("td", {}, s.period), el("td", {}, scopeText(s.scope)),
        el("td", { "data-last-run": s.id }, runText(last)), el("td", {}, button));
    })),
  });
  await refresh();
}
