// Small helpers for building the pages' markup without a framework.

/**
 * Make an element: `el("button", { type: "button", onclick }, "Save")`. Attributes whose value is
 * false, null or undefined are left out; `on…` attributes become event listeners.
 */
export function el(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === false || value === null || value === undefined) continue;
    if (name.startsWith("on") && typeof value === "function") element.addEventListener(name.slice(2), value);
    else if (name in element && typeof value !== "string") element[name] = value;
    else element.setAttribute(name, value === true ? "" : value);
  }
  element.append(...children.flat().filter((child) => child !== null && child !== undefined && child !== false));
  return element;
}

/** Show an outcome in a live region: `kind` is "ok", "bad" or "" (neutral). */
export function say(region, message, kind = "") {
  region.className = `outcome ${kind}`.trim();
  region.textContent = message;
}

/**
 * Run `work` with `button` marked busy (a second press does nothing meanwhile), saying `busyText`
 * on the button so its state is visible and announced.
 */
export async function whileBusy(button, busyText, work) {
  if (button.getAttribute("aria-disabled") === "true") return undefined;
  const label = button.textContent;
  button.setAttribute("aria-disabled", "true");
  button.textContent = busyText;
  try {
    return await work();
  } finally {
    button.removeAttribute("aria-disabled");
    button.textContent = label;
  }
}

/** A unique id for tying a label or hint to its control. */
let counter = 0;
export function uid(prefix) {
  counter += 1;
  return `${prefix}-${counter}`;
}

/**
 * An on/off switch: a checkbox with role="switch" and its label. `onToggle(on)` saves the change
 * and resolves to the saved state; until it does the switch keeps the new position, and a failure
 * puts it back. Enter toggles it as well as Space, since people try both.
 */
export function switchControl({ label, checked, onToggle, describedBy }) {
  const id = uid("switch");
  const input = el("input", { type: "checkbox", role: "switch", id, checked, "aria-describedby": describedBy });
  let saving = Promise.resolve();
  input.addEventListener("keydown", (event) => {
    if (event.key === "Enter") {
      event.preventDefault();
      input.click();
    }
  });
  input.addEventListener("change", () => {
    const wanted = input.checked;
    // One change at a time, in the order made, so the last press is what is stored.
    saving = saving.then(async () => {
      try {
        input.checked = await onToggle(wanted);
      } catch {
        input.checked = !wanted;
      }
    });
  });
  return el("label", { class: "switch", for: id }, input, el("span", {}, label));
}
