// What the admin pages' forms share: labelled fields, saving that says what went wrong next to the
// form and keeps what was typed, cards that keep their heading in step with what was saved, and
// deactivating with a second look.
//
// Forms do not check values themselves (they are `novalidate`): the settings service decides every
// rule, and its answer is shown in words beside the button that asked.

import { api } from "../api.js";
import { el, say, switchControl, uid, whileBusy } from "../dom.js";

/** A live region for a form's outcome, placed right after its buttons. */
export function outcomeRegion() {
  return el("p", { class: "outcome", role: "status", "aria-live": "polite" });
}

/** A labelled control: `control` is an input, select or textarea; `hint` describes it. */
export function field(label, control, hint) {
  control.id ||= uid("field");
  const hintElement = hint ? el("span", { class: "hint", id: `${control.id}-hint` }, hint) : null;
  if (hintElement) control.setAttribute("aria-describedby", hintElement.id);
  return el("div", { class: "field" }, el("label", { for: control.id }, label), hintElement, control);
}

export function textInput(name, value = "", attributes = {}) {
  return el("input", { type: "text", name, value: value ?? "", autocomplete: "off", ...attributes });
}

/** A select of `choices` ([value, text] pairs), with `value` chosen. */
export function selectInput(name, choices, value) {
  const select = el(
    "select",
    { name },
    choices.map(([key, text]) => el("option", { value: key }, text)),
  );
  if (value !== undefined) select.value = value;
  return select;
}

/** Checkboxes in a fieldset; `checkedValues()` reads which are ticked. */
export function checkboxes(legend, choices, checked = []) {
  const boxes = choices.map(([value, text]) => {
    const box = el("input", { type: "checkbox", value, checked: checked.includes(value) });
    return { box, label: el("label", { class: "check" }, box, el("span", {}, text)) };
  });
  const element = el(
    "fieldset",
    {},
    el("legend", {}, legend),
    boxes.length ? boxes.map(({ label }) => label) : el("p", { class: "hint" }, "None yet."),
  );
  return {
    element,
    checkedValues: () => boxes.filter(({ box }) => box.checked).map(({ box }) => box.value),
  };
}

/**
 * A form that saves with `save()`, which resolves to the sentence saying what was saved. While it
 * runs the button is busy; a refusal is said in words under the button and every field keeps what
 * was typed, so nothing is lost.
 */
export function savingForm({ label, children, submit, save }) {
  const button = el("button", { type: "submit", class: "primary" }, submit);
  const outcome = outcomeRegion();
  const form = el(
    "form",
    { novalidate: true, "aria-label": label },
    ...children,
    el("div", { class: "actions" }, button),
    outcome,
  );
  form.addEventListener("input", () => {
    if (outcome.classList.contains("ok")) say(outcome, "");
  });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    say(outcome, "");
    whileBusy(button, "Saving…", async () => {
      try {
        say(outcome, await save(form), "ok");
      } catch (error) {
        say(outcome, error.message, "bad");
      }
    });
  });
  return { form, outcome };
}

/**
 * The switch that lets a location or a case take appointment requests, saved at once at
 * `${path}/appointment-requests`; `saved(answer)` records the answer and returns it, `name(it)`
 * names it in the sentence that says what changed.
 */
export function allowRequestsSwitch({ label, entity, path, outcome, saved, name }) {
  return switchControl({
    label,
    checked: entity.allow_appointment_requests,
    onToggle: async (enabled) => {
      say(outcome, "");
      try {
        const changed = saved(await api(`${path}/appointment-requests`, { method: "PUT", body: { enabled } }));
        const allowed = changed.allow_appointment_requests;
        say(outcome, `${name(changed)} ${allowed ? "now takes" : "no longer takes"} appointment requests.`, "ok");
        return allowed;
      } catch (error) {
        say(outcome, error.message, "bad");
        throw error;
      }
    },
  });
}

/**
 * The "Add a …" card above a list: a saving form whose `create(form)` resolves to the new entity,
 * then is emptied for the next one; `added(created)` shows it and says what comes next.
 */
export function addingSection({ label, submit, children, create, added }) {
  const { form } = savingForm({
    label,
    children,
    submit,
    save: async (form) => {
      const created = await create(form);
      form.reset();
      return added(created);
    },
  });
  const headingId = uid("adding");
  return el("section", { class: "card", "aria-labelledby": headingId }, el("h2", { id: headingId }, label), form);
}

/**
 * "Deactivate X" asks once more, saying what follows (`consequence`), before `setActive(false)`;
 * "Reactivate X" does it at once. `setActive` resolves to the saved entity; `name()` is X now.
 */
export function activeControl({ name, active, consequence, setActive }) {
  const outcome = outcomeRegion();
  const box = el("div", { class: "active-control" });
  let current = active;

  const named = (text) => [text, el("span", { class: "visually-hidden" }, ` ${name()}`)];

  async function change(wanted, button) {
    say(outcome, "");
    await whileBusy(button, wanted ? "Reactivating…" : "Deactivating…", async () => {
      try {
        const saved = await setActive(wanted);
        current = saved.active;
        draw();
        say(outcome, current ? `${name()} is active again.` : `${name()} is deactivated.`, "ok");
        box.querySelector("button").focus();
      } catch (error) {
        say(outcome, error.message, "bad");
      }
    });
  }

  function draw() {
    if (current) {
      const ask = el("button", { type: "button", class: "quiet" }, ...named("Deactivate"));
      ask.addEventListener("click", () => confirm());
      box.replaceChildren(ask);
    } else {
      const again = el("button", { type: "button" }, ...named("Reactivate"));
      again.addEventListener("click", () => change(true, again));
      box.replaceChildren(again);
    }
  }

  function confirm() {
    const yes = el("button", { type: "button", class: "danger" }, ...named("Yes, deactivate"));
    const no = el("button", { type: "button" }, "Keep active");
    yes.addEventListener("click", () => change(false, yes));
    no.addEventListener("click", () => {
      draw();
      box.querySelector("button").focus();
    });
    const question = el("p", {}, `Deactivate ${name()}? ${consequence}`);
    const buttons = el("div", { class: "actions" }, yes, no);
    box.replaceChildren(el("div", { class: "confirm", role: "group", "aria-label": "Confirm" }, question, buttons));
    yes.focus();
  }

  draw();
  // `refresh()` after a rename, so the buttons name what they are for.
  return { element: el("div", {}, box, outcome), refresh: draw };
}

/** "Active" or "Deactivated", as a badge beside a name. */
export function activeBadge(active) {
  return el("span", { class: `badge ${active ? "on" : "off"}` }, active ? "Active" : "Deactivated");
}

/**
 * A card for one entity: its name as heading, a line with its badge and facts (both kept in step
 * by `update(entity)`), and the card's own parts below. With `deactivating` ({consequence,
 * setActive}) it also makes the card's `activeControl`, for the caller to place.
 */
export function entityCard({ entity, name, facts, idField, deactivating }) {
  const title = el("h3", { id: uid("card") });
  const badgeSlot = el("span", {});
  const factsText = el("span", {});
  const card = el(
    "section",
    { class: "card entity", "aria-labelledby": title.id, "data-id": entity[idField] },
    title,
    // The badge is beside the heading, not in it, so the card's name is the entity's alone.
    el("p", { class: "meta" }, badgeSlot, " ", factsText),
  );
  let latest = entity;
  const control = deactivating
    ? activeControl({ name: () => name(latest), active: entity.active, ...deactivating })
    : null;
  const update = (saved) => {
    latest = saved;
    title.textContent = name(saved);
    badgeSlot.replaceChildren(activeBadge(saved.active));
    factsText.textContent = facts(saved);
    control?.refresh();
  };
  update(entity);
  return { card, update, activeControl: control?.element };
}

/** Replace `saved` in `list` by its id (or add it), keeping the list's order. */
export function replaceIn(list, saved, idField) {
  const index = list.findIndex((item) => item[idField] === saved[idField]);
  if (index === -1) list.push(saved);
  else list[index] = saved;
  return saved;
}

/** Words, lower case and without accents, for matching what someone types against a name. */
export function searchable(text) {
  return text
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase();
}

/** Whether every word of `query` appears in `text`. */
export function matches(text, query) {
  const haystack = searchable(text);
  return searchable(query)
    .split(/\s+/)
    .filter(Boolean)
    .every((word) => haystack.includes(word));
}
