// Editing a location's weekly opening hours: several stretches a day, the gaps being breaks.

import { api } from "../api.js";
import { el, say, uid, whileBusy } from "../dom.js";

const WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];

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

export function hoursEditor(location, onSaved) {
  // days[weekday] is that day's stretches in order, as {start: "HH:MM", end: "HH:MM"}.
  let days = [];
  const list = el("ul", { class: "week" });
  const outcome = el("p", { class: "outcome", role: "status", "aria-live": "polite" });

  const load = (hours) => {
    days = WEEKDAYS.map(() => []);
    for (const stretch of hours) days[stretch.weekday].push({ start: hhmm(stretch.start), end: hhmm(stretch.end) });
  };

  function dayItem(weekday) {
    const name = WEEKDAYS[weekday];
    const stretches = days[weekday];
    const rows = stretches.map((stretch, index) => {
      const which = stretches.length > 1 ? ` (${index + 1} of ${stretches.length})` : "";
      const time = (field, text) =>
        el(
          "label",
          {},
          el("span", {}, el("span", { class: "visually-hidden" }, `${name} `), text, el("span", { class: "visually-hidden" }, which)),
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
        time("start", "Opens"),
        time("end", "Closes"),
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
        stretches.length ? rows : el("p", { class: "closed" }, "Closed"),
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
    const target = focusNew ? [...item.querySelectorAll("input")].at(-2) : item.querySelector("button.add");
    target.focus();
    say(outcome, message);
  }

  function render() {
    list.replaceChildren(...WEEKDAYS.map((_, weekday) => dayItem(weekday)));
  }

  const save = el("button", { type: "button", class: "primary" }, "Save opening hours");
  save.addEventListener("click", () => {
    say(outcome, "");
    const blank = list.querySelector("input:invalid");
    if (blank) {
      say(outcome, "Fill in both the opening and the closing time, or remove those hours.", "bad");
      blank.focus();
      return;
    }
    const body = days.flatMap((stretches, weekday) =>
      stretches.map((stretch) => ({ weekday, start: `${stretch.start}:00`, end: `${stretch.end}:00` })),
    );
    return whileBusy(save, "Saving…", async () => {
      try {
        const path = `/api/admin/locations/${location.location_id}/operating-hours`;
        const saved = onSaved(await api(path, { method: "PUT", body }));
        load(saved.operating_hours);
        render();
        say(outcome, `Opening hours of ${saved.name} saved.`, "ok");
      } catch (error) {
        say(outcome, error.message, "bad");
      }
    });
  });

  load(location.operating_hours);
  render();
  const summaryId = uid("hours");
  return el(
    "details",
    { class: "hours" },
    el("summary", { id: summaryId }, "Opening hours"),
    el("div", { role: "group", "aria-labelledby": summaryId }, list, el("div", { class: "actions" }, save), outcome),
  );
}
