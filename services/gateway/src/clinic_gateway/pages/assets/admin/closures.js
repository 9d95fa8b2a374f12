// Editing the whole days a location is closed (holidays, renovation), both ends included.

import { api } from "../api.js";
import { el, firstInvalid, say, uid, whileBusy } from "../dom.js";

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
      el(
        "label",
        { class: name === "reason" ? "reason" : null },
        el("span", {}, text, number.cloneNode(true)),
        el("input", {
          ...attributes,
          value: closure[name],
          oninput: (event) => {
            closure[name] = event.target.value;
          },
        }),
      );
    return el(
      "div",
      { class: "closure" },
      field("first_day", "First day", { type: "date", required: true }),
      field("last_day", "Last day", { type: "date", required: true }),
      field("reason", "Reason", { type: "text", maxlength: "200" }),
      el(
        "button",
        {
          type: "button",
          class: "quiet",
          onclick: () => {
            closures.splice(index, 1);
            render();
            add.focus();
            say(outcome, "Closure removed. Save to keep the change.");
          },
        },
        "Remove",
        number.cloneNode(true),
      ),
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

  const save = el("button", { type: "button", class: "primary" }, "Save closures");
  save.addEventListener("click", () => {
    say(outcome, "");
    const blank = firstInvalid(list);
    if (blank) {
      say(outcome, "Give each closure its first and last day, or remove it.", "bad");
      blank.focus();
      return;
    }
    const body = closures.map(({ first_day, last_day, reason }) => ({ first_day, last_day, reason: reason.trim() }));
    return whileBusy(save, "Saving…", async () => {
      try {
        const path = `/api/admin/locations/${location.location_id}/closures`;
        const saved = onSaved(await api(path, { method: "PUT", body }));
        load(saved.closures);
        say(outcome, `Closures of ${saved.name} saved.`, "ok");
      } catch (error) {
        say(outcome, error.message, "bad");
      }
    });
  });

  load(location.closures);
  return el(
    "details",
    { class: "closures" },
    summary,
    el("div", { role: "group", "aria-labelledby": summary.id }, list, el("div", { class: "actions" }, add, save), outcome),
  );
}
