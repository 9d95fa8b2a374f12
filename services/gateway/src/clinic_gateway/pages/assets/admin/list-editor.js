// What the editors of a list saved whole share (a location's closures, a therapist's time off and
// working hours): each row's inputs and its Remove button, and a section read when first opened.

import { el, firstInvalid, say, whileBusy } from "../dom.js";

/**
 * A labelled input whose typing is kept in `item[name]`. `number` (a visually hidden "(closure 2)")
 * tells the rows' inputs apart for a screen reader.
 * @param {Record<string, any>} item
 * @param {string} name
 * @param {string} text
 * @param {HTMLElement} number
 * @param {Record<string, any>} inputAttributes
 * @param {Record<string, any>} [labelAttributes]
 */
export function rowInput(item, name, text, number, inputAttributes, labelAttributes = {}) {
  return el(
    "label",
    labelAttributes,
    el("span", {}, text, number.cloneNode(true)),
    el("input", {
      ...inputAttributes,
      value: item[name],
      oninput: (event) => {
        item[name] = event.target.value;
      },
    }),
  );
}

/**
 * A row's Remove button, named with the row's `number`: `remove()` takes the row out and draws the
 * list again; then the focus goes to the list's Add button and `outcome` says `removed`.
 * @param {{ number: HTMLElement, add: HTMLElement, outcome: HTMLElement, removed: string }} row
 * @param {() => void} remove
 */
export function removeButton({ number, add, outcome, removed }, remove) {
  const onclick = () => {
    remove();
    add.focus();
    say(outcome, removed);
  };
  return el("button", { type: "button", class: "quiet", onclick }, "Remove", number.cloneNode(true));
}

/**
 * The button that saves the whole list: a row left incomplete (an input in `list` not valid) is
 * said with `incomplete` and focused; otherwise `save()` sends the list and resolves to what
 * `outcome` says then.
 * @param {{ label: string, list: HTMLElement, outcome: HTMLElement, incomplete: string, save: () => Promise<string> }} saving
 */
export function saveListButton({ label, list, outcome, incomplete, save }) {
  const button = el("button", { type: "button", class: "primary" }, label);
  button.addEventListener("click", () => {
    say(outcome, "");
    const blank = firstInvalid(list);
    if (blank) {
      say(outcome, incomplete, "bad");
      blank.focus();
      return;
    }
    return whileBusy(button, "Saving…", async () => {
      try {
        say(outcome, await save(), "ok");
      } catch (error) {
        say(outcome, error.message, "bad");
      }
    });
  });
  return button;
}

/**
 * A section read when first opened (a clinic has many therapists, each at several locations):
 * `read()` fetches and shows the list; when it fails, `outcome` says why and `list` is emptied.
 * Opening it again after a failed read tries again.
 * @param {{ className: string, summary: HTMLElement, hint: string, list: HTMLElement, actions: HTMLElement, outcome: HTMLElement, read: () => Promise<void>, loaded: () => boolean }} section
 */
export function readWhenOpened({ className, summary, hint, list, actions, outcome, read, loaded }) {
  const details = el(
    "details",
    { class: className },
    summary,
    el("div", { role: "group", "aria-labelledby": summary.id }, el("p", { class: "hint" }, hint), list, actions, outcome),
  );
  details.addEventListener("toggle", async () => {
    if (!details.open || loaded()) return;
    try {
      await read();
      say(outcome, "");
    } catch (error) {
      list.replaceChildren();
      say(outcome, error.message, "bad");
    }
  });
  return details;
}
