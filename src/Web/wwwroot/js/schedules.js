// Scheduled reports on the Export page: the schedules the caller manages, their last run, and
// "Send now" (POST …/{id}/send: the last closed period, built and queued at once).
import { api, el, ApiError } from "./api.js";

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
  let schedules;
  try {
    schedules = await api(base);
  } catch (e) {
    if (e instanceof ApiError && e.status === 403) { return; } // viewers have no schedules
    throw e;
  }

  const rows = panel.querySelector("#rs-rows");
  const status = panel.querySelector("#rs-status");
  panel.hidden = schedules.length === 0;
  const render = async () => {
    const lines = [];
    for (const s of schedules) {
      const runs = await api(`${base}/${encodeURIComponent(s.id)}/runs?limit=1`);
      const button = el("button", { type: "button", "data-send": s.id }, "Send now");
      button.addEventListener("click", async () => {
        button.disabled = true;
        status.textContent = `Sending ${s.name}…`;
        try {
          const run = await api(`${base}/${encodeURIComponent(s.id)}/send`, { method: "POST" });
          status.textContent = `${s.name}: ${runText(run)}`;
          await render();
        } catch (e) {
          status.textContent = `${s.name}: not sent: ${e.message}`;
        } finally {
          button.disabled = false;
        }
      });
      lines.push(el("tr", {}, el("td", {}, s.name), el("td", {}, s.period), el("td", {}, scopeText(s.scope)),
        el("td", { "data-last-run": s.id }, runText(runs[0])), el("td", {}, button)));
    }

    rows.replaceChildren(...lines);
  };
  await render();
}
