// A therapist's working hours at one location: weekly hours in periods (from a local date, until
// another or further notice), saved whole. Extra hours set through the API are kept as they are.

import { api } from "../api.js";
import { el, say, uid, whileBusy } from "../dom.js";
import { todayIn, zoneName } from "../local-time.js";
import { withCalendar } from "./calendar-settings.js";
import { field, outcomeRegion } from "./forms.js";
import { WORKING, weekEditor } from "./hours.js";
import { readWhenOpened } from "./list-editor.js";

export function workingHoursEditor(therapist, location) {
  const path = `/api/admin/therapists/${therapist.therapist_id}/working-hours/${location.location_id}`;
  const body = el("div", {}, el("p", { class: "loading" }, "Loading the working hours…"));
  const outcome = outcomeRegion();
  // Each period: {effective_from, effective_to, week} with week a weekEditor.
  let periods = [];
  let extraHours = [];
  // Whether the stored schedule has been read (it is read when first opened).
  let loaded = false;

  function periodItem(period, index) {
    const from = el("input", { type: "date", name: "effective_from", value: period.effective_from ?? "" });
    const until = el("input", { type: "date", name: "effective_to", value: period.effective_to ?? "" });
    from.addEventListener("input", () => {
      period.effective_from = from.value;
    });
    until.addEventListener("input", () => {
      period.effective_to = until.value || null;
    });
    const number = periods.length > 1 ? ` ${index + 1}` : "";
    const remove = el("button", { type: "button", class: "quiet" }, `Remove period${number}`);
    remove.addEventListener("click", () => {
      periods.splice(index, 1);
      draw();
      add.focus();
      say(outcome, "Period removed. Save to keep the change.");
    });
    return el(
      "fieldset",
      { class: "period" },
      el("legend", {}, periods.length > 1 ? `Period${number}` : "Weekly hours"),
      el(
        "div",
        { class: "period-dates" },
        field(`From${number ? ` (period${number})` : ""}`, from, "The first day these hours apply."),
        field(`Until${number ? ` (period${number})` : ""}`, until, "Empty: until further notice."),
      ),
      period.week.element,
      periods.length > 1 ? remove : null,
    );
  }

  function draw() {
    const extra = extraHours.length
      ? el("p", { class: "hint" }, `Also extra hours (${extraHours.length}), set elsewhere and kept as they are.`)
      : null;
    body.replaceChildren(...periods.map(periodItem), ...(extra ? [extra] : []));
  }

  const announce = (message) => say(outcome, message);
  const load = (schedule) => {
    const today = todayIn(location.time_zone);
    const stored = schedule.periods.length
      ? schedule.periods
      : [{ effective_from: today, effective_to: null, hours: [] }];
    periods = stored.map((period) => ({
      effective_from: period.effective_from,
      effective_to: period.effective_to,
      week: weekEditor(period.hours, { words: WORKING, announce }),
    }));
    extraHours = schedule.extra_hours;
    loaded = true;
    actions.hidden = false;
    draw();
  };

  const add = el("button", { type: "button" }, "Add a period");
  add.addEventListener("click", () => {
    const last = periods.at(-1);
    periods.push({
      effective_from: last?.effective_to ?? todayIn(location.time_zone),
      effective_to: null,
      week: weekEditor(last ? last.week.hours() : [], { words: WORKING, announce }),
    });
    draw();
    /** @type {NodeListOf<HTMLInputElement>} */ (body.querySelectorAll("input[name=effective_from]"))[periods.length - 1].focus();
  });

  // Hidden until the stored one is read: saving replaces it whole.
  const actions = el("div", { class: "actions", hidden: true });
  const save = el("button", { type: "button", class: "primary" }, "Save working hours");
  save.addEventListener("click", () => {
    say(outcome, "");
    const blank = periods.map((period) => period.week.firstBlank()).find(Boolean);
    if (blank) {
      say(outcome, "Fill in both the start and the end time, or remove those hours.", "bad");
      blank.focus();
      return;
    }
    const schedule = {
      periods: periods.map((period) => ({
        effective_from: period.effective_from,
        effective_to: period.effective_to || null,
        hours: period.week.hours(),
      })),
      extra_hours: extraHours,
    };
    return whileBusy(save, "Saving…", async () => {
      try {
        load(await withCalendar(() => api(path, { method: "PUT", body: schedule }), outcome));
        say(outcome, `Working hours of ${therapist.name} at ${location.name} saved.`, "ok");
      } catch (error) {
        say(outcome, error.message, "bad");
      }
    });
  });

  actions.append(add, save);
  return readWhenOpened({
    className: "hours",
    summary: el("summary", { id: uid("working-hours") }, `Working hours at ${location.name}`),
    hint: `In ${location.name}'s time, ${zoneName(location.time_zone)}.`,
    list: body,
    actions,
    outcome,
    read: async () => load(await withCalendar(() => api(path), outcome)),
    loaded: () => loaded,
  });
}
