// "Join the waitlist" and "My waitlist": a family waits for an earlier time for a case, naming
// the weekdays and parts of the day that suit. A time that comes free is offered under "My
// requests", to accept or decline like other offered times.

import { api } from "../api.js";
import { byId, cardItem, checkedValues, control, el, say, submitButton, whileBusy } from "../dom.js";
import { addDays, todayIn } from "../local-time.js";

/** @type {[number, string][]} */
const WEEKDAYS = [
  [1, "Monday"],
  [2, "Tuesday"],
  [3, "Wednesday"],
  [4, "Thursday"],
  [5, "Friday"],
  [6, "Saturday"],
  [7, "Sunday"],
];
const PARTS = [
  ["morning", "Morning (7–12)"],
  ["afternoon", "Afternoon (12–17)"],
  ["evening", "Evening (17–21)"],
];
const WEEKDAY_NAME = new Map(WEEKDAYS);
const PART_NAME = new Map(PARTS.map(([value, label]) => [value, label.split(" ")[0].toLowerCase()]));

function checkboxes(name, options, checked) {
  return options.map(([value, label]) =>
    el("label", { class: "check" }, el("input", { type: "checkbox", name, value: String(value), checked: checked(value) }), " ", label),
  );
}

export function waitlist({ patients, locations }) {
  const form = byId("waitlist-form", HTMLFormElement);
  const list = document.getElementById("waitlist-list");
  const outcome = document.getElementById("waitlist-outcome");
  const patientSelect = byId("waitlist-patient", HTMLSelectElement);
  const caseSelect = byId("waitlist-case", HTMLSelectElement);
  const firstDay = control(form, "waitlist-first-day", HTMLInputElement);
  const lastDay = control(form, "waitlist-last-day", HTMLInputElement);
  const patientName = new Map(patients.map((patient) => [patient.patient_id, patient.name]));
  const zone = locations[0]?.time_zone ?? Intl.DateTimeFormat().resolvedOptions().timeZone;
  const caseTitle = new Map();
  const today = todayIn(zone);

  form.querySelector(".weekdays").replaceChildren(...checkboxes("weekday", WEEKDAYS, (day) => day <= 5));
  form.querySelector(".parts").replaceChildren(...checkboxes("part", PARTS, (part) => part !== "evening"));
  firstDay.value = today;
  lastDay.value = addDays(today, 28);
  patientSelect.replaceChildren(...patients.map((patient) => el("option", { value: patient.patient_id }, patient.name)));

  async function loadCases() {
    const cases = await api(`/api/portal/patients/${patientSelect.value}/cases`);
    for (const item of cases) caseTitle.set(item.case_id, item.title);
    caseSelect.replaceChildren(
      ...(cases.length
        ? cases.map((item) => el("option", { value: item.case_id }, item.title))
        : [el("option", { value: "" }, "No treatment takes requests now")]),
    );
  }
  patientSelect.addEventListener("change", () => loadCases().catch((error) => say(outcome, error.message, "bad")));

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const join = submitButton(form);
    whileBusy(join, "Joining…", async () => {
      const picked = (name) => checkedValues(form, name);
      try {
        await api("/api/portal/waitlist", {
          method: "POST",
          body: {
            case_id: caseSelect.value,
            weekdays: picked("weekday").map(Number),
            parts_of_day: picked("part"),
            first_day: firstDay.value,
            last_day: lastDay.value,
          },
        });
        await refresh();
        say(outcome, "You are on the waitlist. We will email you when a time that suits comes free.", "ok");
      } catch (error) {
        say(outcome, error.message, "bad");
      }
    });
  });

  function entryItem(entry) {
    const days = entry.weekdays.map((day) => WEEKDAY_NAME.get(day)).join(", ");
    const parts = entry.parts_of_day.map((part) => PART_NAME.get(part)).join(", ");
    const title = `${caseTitle.get(entry.case_id) ?? "Treatment"} for ${patientName.get(entry.patient_id) ?? "your patient"}`;
    const leave = el("button", { type: "button", "aria-label": `Leave the waitlist: ${title}` }, "Leave the waitlist");
    leave.addEventListener("click", () =>
      whileBusy(leave, "Leaving…", async () => {
        try {
          await api(`/api/portal/waitlist/${entry.entry_id}/leave`, { method: "POST" });
          await refresh();
          say(outcome, `You left the waitlist (${title}).`, "ok");
        } catch (error) {
          say(outcome, error.message, "bad");
        }
      }),
    );
    return cardItem(
      { "data-entry-id": entry.entry_id },
      title,
      el("p", {}, `${days}; ${parts}; from ${entry.first_day} to ${entry.last_day}.`),
      el("div", { class: "actions" }, leave),
    );
  }

  async function refresh() {
    const waiting = await api("/api/portal/waitlist");
    list.replaceChildren(
      ...(waiting.items.length ? waiting.items.map(entryItem) : [el("li", { class: "hint" }, "You are not on a waitlist.")]),
    );
  }

  async function start() {
    // Every patient's case titles, for naming their places on the waitlist.
    await Promise.all(
      patients.map(async (patient) => {
        for (const item of await api(`/api/portal/patients/${patient.patient_id}/cases`)) caseTitle.set(item.case_id, item.title);
      }),
    );
    if (patients.length) await loadCases();
    await refresh();
  }

  return { start, refresh };
}
