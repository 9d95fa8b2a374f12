// "I'm flexible": instead of one time, the days of the week and parts of the day that suit, over
// a range of dates. Nothing is kept on the calendar; the clinic picks a time inside them, offers
// other times, or declines.

import { checkedValues, el, say, uid, whileBusy } from "../dom.js";
import { addDays, todayIn, zoneName } from "../local-time.js";
import { PARTS_OF_DAY, WEEKDAYS, preferredTimesText } from "../preferred-times.js";
import { attempts } from "./send-request.js";

const capital = (word) => word[0].toUpperCase() + word.slice(1);

function checkboxes(name, values, legend) {
  const boxes = values.map((value) => {
    const id = uid(name);
    const input = el("input", { type: "checkbox", id, name, value });
    return el("label", { class: "check", for: id }, input, el("span", {}, capital(value)));
  });
  return el("fieldset", { class: `flexible-${name}` }, el("legend", {}, legend), el("div", { class: "checks" }, boxes));
}

/**
 * The flexible choice inside `container`, for `chosen` ({patient, case, visitType, location});
 * `onSent()` once a request is sent.
 */
export function flexibleTimes(container, { chosen, outcome, onSent }) {
  const panelId = uid("flexible");
  const toggle = el(
    "button",
    { type: "button", class: "quiet", "aria-expanded": "false", "aria-controls": panelId },
    "I'm flexible: pick days and times of day",
  );
  const fromId = uid("flexible-from");
  const toId = uid("flexible-to");
  const noteId = uid("flexible-note");
  const from = el("input", { type: "date", id: fromId });
  const to = el("input", { type: "date", id: toId });
  const note = el("textarea", { id: noteId, maxlength: "2000" });
  const zoneHint = el("p", { class: "hint" });
  const send = el("button", { type: "button", class: "primary" }, "Send these preferences");
  const panel = el(
    "div",
    { id: panelId, class: "flexible-panel", hidden: true },
    zoneHint,
    checkboxes("weekday", WEEKDAYS, "Which days suit?"),
    checkboxes("part-of-day", PARTS_OF_DAY, "Which times of day?"),
    el("div", { class: "field" }, el("label", { for: fromId }, "From"), from),
    el("div", { class: "field" }, el("label", { for: toId }, "To"), to),
    el("div", { class: "field" }, el("label", { for: noteId }, "Note with these preferences (optional)"), note),
    el("div", { class: "actions" }, send),
  );
  container.replaceChildren(toggle, panel);
  // As for a single time (send-request.js): a new choice starts a new attempt.
  const attempt = attempts(outcome);
  panel.addEventListener("input", () => attempt.forget());

  toggle.addEventListener("click", () => {
    panel.hidden = !panel.hidden;
    toggle.setAttribute("aria-expanded", String(!panel.hidden));
    if (!panel.hidden) panel.querySelector("input").focus();
  });

  const checked = (name) => checkedValues(panel, name);

  send.addEventListener("click", () => {
    say(outcome, "");
    const preferred = {
      weekdays: checked("weekday"),
      parts_of_day: checked("part-of-day"),
      date_from: from.value,
      date_to: to.value,
    };
    if (!preferred.weekdays.length || !preferred.parts_of_day.length || !from.value || !to.value) {
      say(outcome, "Please choose at least one day, one time of day, and the dates.", "bad");
      outcome.focus();
      return;
    }
    return whileBusy(send, "Sending…", async () => {
      const sent = await attempt.send("/api/portal/preferred-time-requests", {
        chosen,
        preferred_times: preferred,
        note: note.value.trim(),
      });
      if (sent === undefined) return;
      const what = `${chosen.visitType.name} for ${chosen.patient.name}`;
      say(
        outcome,
        `Request sent: ${what}, ${preferredTimesText(preferred)}. The clinic will pick a time that suits and let you know. It is under My requests below.`,
        "ok",
      );
      note.value = "";
      for (const input of panel.querySelectorAll("input")) if (input.type === "checkbox") input.checked = false;
      await onSent();
      outcome.focus();
    });
  });

  return {
    show() {
      const zone = chosen.location.time_zone;
      const today = todayIn(zone);
      from.min = today;
      to.min = today;
      from.value = addDays(today, 2);
      to.value = addDays(today, 21);
      zoneHint.textContent = `Days and times of day in ${zoneName(zone)}. Nothing is kept for you until the clinic picks a time.`;
      container.hidden = false;
    },
    hide() {
      container.hidden = true;
      panel.hidden = true;
      toggle.setAttribute("aria-expanded", "false");
      attempt.forget();
    },
  };
}
