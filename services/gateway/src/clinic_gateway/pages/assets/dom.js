// Small helpers for building the pages' markup without a framework.

/**
 * Make an element: `el("button", { type: "button", onclick }, "Save")`. Attributes whose value is
 * false, null or undefined are left out; `on…` attributes become event listeners.
 * @template {keyof HTMLElementTagNameMap} K
 * @param {K} tag
 * @param {Record<string, any>} [attributes]
 * @param {...any} children nodes or strings, nested arrays allowed; null, undefined and false are left out
 * @returns {HTMLElementTagNameMap[K]}
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

/**
 * Show an outcome in a live region: `kind` is "ok", "bad" or "" (neutral).
 * @param {Element} region
 * @param {string} message
 * @param {string} [kind]
 */
export function say(region, message, kind = "") {
  region.className = `outcome ${kind}`.trim();
  region.textContent = message;
}

/**
 * Run `work` with `button` marked busy (a second press does nothing meanwhile), saying `busyText`
 * on the button so its state is visible and announced.
 * @template T
 * @param {Element} button
 * @param {string} busyText
 * @param {() => Promise<T>} work
 * @returns {Promise<T | undefined>}
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

let counter = 0;
/**
 * A unique id for tying a label or hint to its control.
 * @param {string} prefix
 */
export function uid(prefix) {
  counter += 1;
  return `${prefix}-${counter}`;
}

/**
 * An on/off switch: a checkbox with role="switch" and its label. `onToggle(on)` saves the change
 * and resolves to the saved state; until it does the switch keeps the new position, and a failure
 * puts it back. Enter toggles it as well as Space, since people try both.
 * @param {{ label: string, checked: boolean, onToggle: (on: boolean) => Promise<boolean>, describedBy?: string }} options
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

/**
 * The page's element with this id, as the kind of element the code expects: a missing element or
 * one of another kind is a mistake in the page, said at once rather than as an undefined later.
 * @template {Element} T
 * @param {string} id
 * @param {{ new (...args: any[]): T, name: string }} kind e.g. HTMLInputElement
 * @returns {T}
 */
export function byId(id, kind) {
  const element = document.getElementById(id);
  if (!(element instanceof kind)) throw new Error(`#${id} is not a ${kind.name}`);
  return element;
}

/**
 * The control named `name` in `form`, as the kind the code expects (a RadioNodeList for a group of
 * radio buttons); like byId, anything else is a mistake in the page.
 * @template T
 * @param {HTMLFormElement} form
 * @param {string} name
 * @param {{ new (...args: any[]): T, name: string }} kind
 * @returns {T}
 */
export function control(form, name, kind) {
  const found = form.elements.namedItem(name);
  if (!(found instanceof kind)) throw new Error(`The form's "${name}" is not a ${kind.name}`);
  return found;
}

/**
 * The form's submit button (its busy state is shown while the form is being sent).
 * @param {HTMLFormElement} form
 * @returns {HTMLButtonElement}
 */
export function submitButton(form) {
  return form.querySelector("button[type=submit]");
}

/**
 * The values of the ticked checkboxes (or the chosen radio button) named `name` inside `root`.
 * @param {ParentNode} root
 * @param {string} name
 * @returns {string[]}
 */
export function checkedValues(root, name) {
  const ticked = /** @type {NodeListOf<HTMLInputElement>} */ (root.querySelectorAll(`input[name="${name}"]:checked`));
  return [...ticked].map((input) => input.value);
}

/**
 * The first field inside `root` that the browser finds invalid (a required one left empty), if any.
 * @param {ParentNode} root
 * @returns {HTMLInputElement | null}
 */
export function firstInvalid(root) {
  return root.querySelector("input:invalid");
}

/**
 * A list item holding one card: its heading, then `children`.
 * @param {Record<string, any>} attributes the list item's
 * @param {string} heading
 * @param {...any} children
 */
export function cardItem(attributes, heading, ...children) {
  return el("li", attributes, el("article", { class: "card" }, el("h3", {}, heading), ...children));
}

/**
 * A card's heading with its status badge. It takes focus (tabindex -1) so that after a change the
 * reader can be brought back to the card it changed.
 * @param {string} id
 * @param {string} title
 * @param {string} status the class suffix: `status-${status}` colours the badge
 * @param {string} words what the badge says
 */
export function statusHeading(id, title, status, words) {
  return el("h3", { id, tabindex: "-1" }, `${title} `, el("span", { class: `badge status-${status}` }, words));
}
