// Export: dataset, range, format → a download link to the streamed export.
import { keyAwareDownload, rangeForm } from "./api.js";
import { showSchedules } from "./schedules.js";

let started = false;

export async function show() {
  if (started) { return; }
  started = true;
  let range = null;
  const link = document.getElementById("export-link");
  keyAwareDownload(link);
  const update = () => {
    if (!range) { return; }
    const dataset = document.getElementById("ex-dataset").value;
    const format = document.getElementById("ex-format").value;
    link.href = `/api/asteroid/stats/export?dataset=${dataset}&format=${format}&${range.scope}from=${range.from}&to=${range.to}`;
  };
  await rangeForm(document.querySelector('[data-range="export"]'), (r) => { range = r; update(); }, 7);
  document.getElementById("ex-dataset").addEventListener("change", update);
  document.getElementById("ex-format").addEventListener("change", update);
  await showSchedules(document.getElementById("report-schedules"));
}
