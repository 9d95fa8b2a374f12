// Weekly hours: several stretches a day, the gaps being breaks. A location's opening hours use it,
// and each period of a therapist's working hours.

import { api } from "../api.js";
import { el, firstInvalid, say, uid, whileBusy } from "../dom.js";
import { outcomeRegion } from "./forms.js";

const WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];

const OPENING = { starts: "Opens", ends: "Closes", none: "Closed" };
export const WORKING = { starts: "Starts", ends: "Ends", none: "Not working" };

const hhmm = (time) => time.slice(0, 5);

function laterBy(time, minutes) {
  const [hours, mins] = time.split(":").map(Number);
  const total = Math.min(hours * 60 + mins + minutes, 23 * 60 + 59);
  return `${String(Math.floor(total / 60)).padStart(2, "0")}:${String(total % 60).padStart(2, "0")}`;
}

/** A new stretch for a day: after its last one, or a usual working day when it has none. */
function nextStretch(day) {
  const last = day.at(-1);
  return last ? { start: last.end, end: laterBy(last.end, 60) } : { start: "09:00", end: "17:00" };
}

/**
 * A week of hours to edit, from `hours` ([{weekday, start, end}]). `words` name a stretch's ends
 * and a day without any; `announce(message)` says what an add or remove did. Returns the element,
 * `hours()` (what is entered, as the API takes it) and `firstBlank()` (a time left empty, if any).
 * @param {{ weekday: number, start: string, end: string }[]} hours
 * @param {{ words?: typeof OPENING, announce?: (message: string) => void }} [options]
 */
export function weekEditor(hours, { words = OPENING, announce = () => {} } = {}) {
  // days[weekday] is that day's stretches in order, as {start: "HH:MM", end: "HH:MM"}.
  const days = WEEKDAYS.map(() => []);
  for (const stretch of hours) days[stretch.weekday].push({ start: hhmm(stretch.start), end: hhmm(stretch.end) });
  const list = el("ul", { class: "week" });

  function dayItem(weekday) {
    const name = WEEKDAYS[weekday];
    const stretches = days[weekday];
    const rows = stretches.map((stretch, index) => {
      const which = stretches.length > 1 ? ` (${index + 1} of ${stretches.length})` : "";
      const time = (field, text) =>
        el(
          "label",
          {},
          el(
            "span",
            {},
            el("span", { class: "visually-hidden" }, `${name} `),
            text,
            el("span", { class: "visually-hidden" }, which),
          ),
          el("input", {
            type: "time",
            value: stretch[field],
            required: true,
            oninput: (event) => {
              stretch[field] = event.target.value;
            },
          }),
        );
      return el(
        "div",
        { class: "stretch" },
        time("start", words.starts),
        time("end", words.ends),
        el(
          "button",
          {
            type: "button",
            class: "remove",
            title: "Remove these hours",
            onclick: () => {
              stretches.splice(index, 1);
              redraw(weekday, `Removed hours from ${name}.`);
            },
          },
          // On a phone only the cross shows, for the row to fit; the name says it all either way.
          el("span", { "aria-hidden": "true" }, "✕", el("span", { class: "wide-only" }, " Remove")),
          el("span", { class: "visually-hidden" }, `Remove ${name} hours${which}`),
        ),
      );
    });
    return el(
      "li",
      { class: "day", "data-weekday": weekday },
      el("p", { class: "day-name" }, name),
      el(
        "div",
        { class: "day-hours" },
        stretches.length ? rows : el("p", { class: "closed" }, words.none),
        el(
          "button",
          {
            type: "button",
            class: "add",
            onclick: () => {
              stretches.push(nextStretch(stretches));
              redraw(weekday, `Added hours on ${name}.`, true);
            },
          },
          "Add hours",
          el("span", { class: "visually-hidden" }, ` on ${name}`),
        ),
      ),
    );
  }

  // Redraw one day, keeping keyboard focus in it: on the new stretch's first field after adding,
  // else on the day's "Add hours" button.
  function redraw(weekday, message, focusNew = false) {
    const item = dayItem(weekday);
    list.children[weekday].replaceWith(item);
    const addButton = /** @type {HTMLButtonElement} */ (item.querySelector("button.add"));
    (focusNew ? [...item.querySelectorAll("input")].at(-2) : addButton).focus();
    announce(message);
  }

  list.replaceChildren(...WEEKDAYS.map((_, weekday) => dayItem(weekday)));
  return {
    element: list,
    hours: () =>
      days.flatMap((stretches, weekday) =>
        stretches.map((stretch) => ({ weekday, start: `${stretch.start}:00`, end: `${stretch.end}:00` })),
      ),
    firstBlank: () => firstInvalid(list),
  };
}

/** A location's weekly opening hours, saved whole; `onSaved(location)` hears of the new state. */
export function hoursEditor(location, onSaved) {
  const body = el("div", {});
  const outcome = outcomeRegion();
  let week;
  const show = (hours) => {
    week = weekEditor(hours, { announce: (message) => say(outcome, message) });
    body.replaceChildren(week.element);
  };

  const save = el("button", { type: "button", class: "primary" }, "Save opening hours");
  save.addEventListener("click", () => {
    say(outcome, "");
    const blank = week.firstBlank();
    if (blank) {
      say(outcome, "Fill in both the opening and the closing time, or remove those hours.", "bad");
      blank.focus();
      return;
    }
    return whileBusy(save, "Saving…", async () => {
      try {
        const path = `/api/admin/locations/${location.location_id}/operating-hours`;
        const saved = onSaved(await api(path, { method: "PUT", body: week.hours() }));
        show(saved.operating_hours);
        say(outcome, `Opening hours of ${saved.name} saved.`, "ok");
      } catch (error) {
        say(outcome, error.message, "bad");
      }
    });
  });

  show(location.operating_hours);
  const summaryId = uid("hours");
  return el(
    "details",
    { class: "hours" },
    el("summary", { id: summaryId }, "Opening hours"),
    el("div", { role: "group", "aria-labelledby": summaryId }, body, el("div", { class: "actions" }, save), outcome),
  );
}
