// The deliveries of an alert rule as an editable list: one row per delivery (a webhook, or one list of
// e-mail addresses), so editing a rule sends back every delivery as it was, in its order.
import { el } from "./api.js";

const presets = { json: "JSON (signed)", slack: "Slack", discord: "Discord", teams: "Microsoft Teams" };
let counter = 0;

/** Adds a row for `delivery` ({webhook, preset, hasSecret} or {email: [...]}; empty: a new one). */
export function addDelivery(list, delivery) {
  const n = ++counter;
  const id = (part) => `al-d${n}-${part}`;
  const remove = el("button", { type: "button", class: "small danger", "aria-label": `Remove delivery ${list.children.length + 1}` }, "Remove");
  let row;
  if (delivery.email !== undefined) {
    row = el("div", { class: "delivery", "data-kind": "email" },
      el("label", { for: id("email") }, "E-mail addresses (comma-separated)",
        el("input", { id: id("email"), class: "dl-email", type: "text", value: (delivery.email || []).join(", "), placeholder: "ops@example.org" })),
      remove);
  } else {
    const preset = el("select", { id: id("preset"), class: "dl-preset" }, Object.entries(presets).map(([v, name]) => el("option", { value: v }, name)));
    preset.value = delivery.preset || "json";
    row = el("div", { class: "delivery", "data-kind": "webhook" },
      el("label", { for: id("url") }, "Webhook URL",
        el("input", { id: id("url"), class: "dl-webhook", type: "url", value: delivery.webhook || "", placeholder: "the receiver's URL" })),
      el("label", { for: id("preset") }, "Format", preset),
      el("label", { for: id("secret") }, "Secret",
        el("input", { id: id("secret"), class: "dl-secret", type: "password", autocomplete: "new-password", "aria-describedby": "al-secret-help",
          placeholder: delivery.hasSecret ? "stored: leave empty to keep" : "none" })),
      ...(delivery.hasSecret ? [el("label", { class: "check" }, el("input", { type: "checkbox", class: "dl-unsign" }), "remove the secret")] : []),
      remove);
  }
  remove.addEventListener("click", () => row.remove());
  list.append(row);
  return row;
}

/** Replaces the rows with one per delivery of a rule. */
export function setDeliveries(list, deliveries) {
  list.replaceChildren();
  for (const d of deliveries) { addDelivery(list, d); }
}

/** The deliveries of the rows as the API takes them; rows left empty are dropped. */
export function readDeliveries(list) {
  const out = [];
  for (const row of list.querySelectorAll(".delivery")) {
    if (row.dataset.kind === "email") {
      const email = row.querySelector(".dl-email").value.split(",").map((x) => x.trim()).filter(Boolean);
      if (email.length > 0) { out.push({ email }); }
      continue;
    }
    const webhook = row.querySelector(".dl-webhook").value.trim();
    if (!webhook) { continue; }
    const secret = row.querySelector(".dl-secret").value;
    const unsign = row.querySelector(".dl-unsign")?.checked;
    // no secret field: the server keeps the stored secret of the same URL; "" removes it
    out.push({ webhook, preset: row.querySelector(".dl-preset").value, ...(secret ? { secret } : unsign ? { secret: "" } : {}) });
  }
  return out;
}
