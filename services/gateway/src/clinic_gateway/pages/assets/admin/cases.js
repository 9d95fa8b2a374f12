// Patient cases: whether each takes appointment requests, and for which visit types.

import { api } from "../api.js";
import { el, say, switchControl, uid } from "../dom.js";
import { showReadiness } from "./clinic.js";

function listOf(names) {
  if (names.length <= 1) return names.join("");
  return `${names.slice(0, -1).join(", ")} and ${names.at(-1)}`;
}

function caseCard(settings, item, names) {
  const headingId = uid("case");
  const outcome = el("p", { class: "outcome", role: "status", "aria-live": "polite" });
  const path = `/api/admin/patient-cases/${item.case_id}`;
  const title = `${names.patients.get(item.patient_id) ?? "Patient"}: ${item.title}`;
  let current = item;
  const replace = (saved) => {
    current = saved;
    const index = settings.cases.findIndex((other) => other.case_id === saved.case_id);
    settings.cases[index] = saved;
    showReadiness(settings);
    return saved;
  };

  const allow = switchControl({
    label: "Allow appointment requests",
    checked: item.allow_appointment_requests,
    onToggle: async (enabled) => {
      say(outcome, "");
      try {
        const saved = replace(await api(`${path}/appointment-requests`, { method: "PUT", body: { enabled } }));
        say(
          outcome,
          saved.allow_appointment_requests
            ? `${item.title} now takes appointment requests.`
            : `${item.title} no longer takes appointment requests.`,
          "ok",
        );
        return saved.allow_appointment_requests;
      } catch (error) {
        say(outcome, error.message, "bad");
        throw error;
      }
    },
  });

  // Inactive visit types can't be allowed; one still allowed from before is shown so it can be taken off.
  const offered = settings.visitTypes.filter(
    (type) => type.active || item.requestable_visit_type_ids.includes(type.visit_type_id),
  );
  let saving = Promise.resolve();
  const boxes = offered.map((type) => {
    const box = el("input", {
      type: "checkbox",
      value: type.visit_type_id,
      checked: item.requestable_visit_type_ids.includes(type.visit_type_id),
    });
    box.addEventListener("change", () => {
      saving = saving.then(saveVisitTypes);
    });
    const inactive = type.active ? "" : ", no longer offered";
    return el("label", { class: "check" }, box, el("span", {}, `${type.name} (${type.duration_minutes} min${inactive})`));
  });

  // Sends what is ticked when its turn comes, so quick clicks end with the last state stored.
  async function saveVisitTypes() {
    say(outcome, "");
    const ids = boxes.map((label) => label.querySelector("input")).filter((box) => box.checked).map((box) => box.value);
    try {
      const saved = replace(await api(`${path}/requestable-visit-types`, { method: "PUT", body: ids }));
      const allowed = offered.filter((type) => saved.requestable_visit_type_ids.includes(type.visit_type_id));
      say(
        outcome,
        allowed.length
          ? `Saved: ${listOf(allowed.map((type) => type.name))} can be requested for ${item.title}.`
          : `Saved: no visit type can be requested for ${item.title}.`,
        "ok",
      );
    } catch (error) {
      say(outcome, error.message, "bad");
      for (const label of boxes) {
        const box = label.querySelector("input");
        box.checked = current.requestable_visit_type_ids.includes(box.value);
      }
    }
  }

  const discharged = item.status === "discharged";
  const meta = [
    names.locations.get(item.location_id) ?? "Unknown location",
    names.therapists.get(item.primary_therapist_id) ?? "Unknown therapist",
    discharged ? "Discharged" : "Active",
  ].join(" · ");
  return el(
    "li",
    { "data-case-id": item.case_id },
    el(
      "section",
      { class: "card", "aria-labelledby": headingId },
      el("h3", { id: headingId }, title),
      el("p", { class: "meta" }, meta),
      discharged ? el("p", { class: "hint" }, "Discharged cases take no requests, whatever is set here.") : null,
      allow,
      el(
        "fieldset",
        {},
        el("legend", {}, "Visit types that may be requested"),
        boxes.length ? boxes : el("p", { class: "hint" }, "The clinic has no visit types yet."),
      ),
      outcome,
    ),
  );
}

export function renderCases(settings) {
  const names = {
    patients: new Map(settings.patients.map((patient) => [patient.patient_id, patient.name])),
    locations: new Map(settings.locations.map((location) => [location.location_id, location.name])),
    therapists: new Map(settings.therapists.map((therapist) => [therapist.therapist_id, therapist.name])),
  };
  const byPatient = (a, b) =>
    (names.patients.get(a.patient_id) ?? "").localeCompare(names.patients.get(b.patient_id) ?? "") ||
    a.title.localeCompare(b.title);
  const cards = [...settings.cases].sort(byPatient).map((item) => ({ item, card: caseCard(settings, item, names) }));
  document.getElementById("case-list").replaceChildren(...cards.map(({ card }) => card));

  const search = document.getElementById("case-search");
  const location = document.getElementById("case-location");
  const status = document.getElementById("case-status");
  location.replaceChildren(
    el("option", { value: "" }, "All locations"),
    ...settings.locations.map((place) => el("option", { value: place.location_id }, place.name)),
  );

  const filter = () => {
    const words = search.value.trim().toLowerCase();
    let shown = 0;
    for (const { item, card } of cards) {
      const text = `${names.patients.get(item.patient_id) ?? ""} ${item.title}`.toLowerCase();
      const visible =
        (!words || text.includes(words)) &&
        (!location.value || item.location_id === location.value) &&
        (!status.value || item.status === status.value);
      card.hidden = !visible;
      if (visible) shown += 1;
    }
    document.getElementById("case-count").textContent =
      shown === 1 ? "1 case shown." : `${shown} cases shown.`;
  };
  for (const control of [search, location, status]) control.addEventListener("input", filter);
  filter();
}
