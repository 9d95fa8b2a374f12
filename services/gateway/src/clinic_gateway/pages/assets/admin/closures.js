// Editing the whole days a location is closed (holidays, renovation), both ends included.

import { api } from "../api.js";
import { el, uid } from "../dom.js";
import { removeButton, rowInput, saveListButton } from "./list-editor.js";

function today() {
  const now = new Date();
  return `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, "0")}-${String(now.getDate()).padStart(2, "0")}`;
}

export function closuresEditor(location, onSaved) {
  let closures = [];
  const list = el("div", { class: "closures" });
  const outcome = el("p", { class: "outcome", role: "status", "aria-live": "polite" });
  const summary = el("summary", { id: uid("closures") });

  function row(closure, index) {
    const number = el("span", { class: "visually-hidden" }, ` (closure ${index + 1})`);
    const field = (name, text, attributes) =>
      rowInput(closure, name, text, number, attributes, { class: name === "reason" ? "reason" : null });
    return el(
      "div",
      { class: "closure" },
      field("first_day", "First day", { type: "date", required: true }),
      field("last_day", "Last day", { type: "date", required: true }),
      field("reason", "Reason", { type: "text", maxlength: "200" }),
      removeButton({ number, add, outcome, removed: "Closure removed. Save to keep the change." }, () => {
        closures.splice(index, 1);
        render();
      }),
    );
  }

  function render() {
    summary.textContent = `Closures (${closures.length})`;
    list.replaceChildren(
      ...(closures.length ? closures.map(row) : [el("p", { class: "closed" }, "No closures: open every week as usual.")]),
    );
  }

  const load = (saved) => {
    closures = saved.map((closure) => ({ ...closure }));
    render();
  };

  const add = el("button", { type: "button" }, "Add a closure");
  add.addEventListener("click", () => {
    closures.push({ first_day: today(), last_day: today(), reason: "" });
    render();
    /** @type {NodeListOf<HTMLInputElement>} */ (list.querySelectorAll("input[type=date]"))[(closures.length - 1) * 2].focus();
  });

  const save = saveListButton({
    label: "Save closures",
    list,
    outcome,
    incomplete: "Give each closure its first and last day, or remove it.",
    save: async () => {
      const body = closures.map(({ first_day, last_day, reason }) => ({ first_day, last_day, reason: reason.trim() }));
      const path = `/api/admin/locations/${location.location_id}/closures`;
      const saved = onSaved(await api(path, { method: "PUT", body }));
      load(saved.closures);
      return `Closures of ${saved.name} saved.`;
    },
  });

  load(location.closures);
  return el(
    "details",
    { class: "closures" },
    summary,
    el("div", { role: "group", "aria-labelledby": summary.id }, list, el("div", { class: "actions" }, add, save), outcome),
  );
}
