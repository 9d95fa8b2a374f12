// Patient cases: whether each takes appointment requests and for which visit types, its title,
// therapist and location, and discharging it or taking it up again. Cases are opened from the
// patient's card on the patients page.

import { api } from "../api.js";
import { el, say, whileBusy } from "../dom.js";
import { allowRequestsSwitch, field, outcomeRegion, savingForm, selectInput, textInput } from "./forms.js";

function listOf(names) {
  if (names.length <= 1) return names.join("");
  return `${names.slice(0, -1).join(", ")} and ${names.at(-1)}`;
}

/** Title, location and primary therapist; the therapists offered are those who work there. */
function careForm(settings, item, onSaved) {
  const chosenFirst = (list, idField, chosen) => list.filter((entry) => entry.active || entry[idField] === chosen);
  const location = selectInput(
    "location_id",
    chosenFirst(settings.locations, "location_id", item.location_id).map((place) => [place.location_id, place.name]),
    item.location_id,
  );
  const therapist = el("select", { name: "primary_therapist_id" });
  const offerTherapists = () => {
    const wanted = therapist.value || item.primary_therapist_id;
    const there = chosenFirst(settings.therapists, "therapist_id", item.primary_therapist_id).filter(
      (person) => person.location_ids.includes(location.value) || person.therapist_id === item.primary_therapist_id,
    );
    therapist.replaceChildren(...there.map((person) => el("option", { value: person.therapist_id }, person.name)));
    if (there.some((person) => person.therapist_id === wanted)) therapist.value = wanted;
  };
  location.addEventListener("change", offerTherapists);
  offerTherapists();
  return savingForm({
    label: `Details of ${item.title}`,
    children: [
      field("Title", textInput("title", item.title)),
      field("Location", location),
      field("Primary therapist", therapist, "They must work at the case's location."),
    ],
    submit: "Save details",
    save: async (form) => {
      const body = {
        title: form.elements.title.value,
        location_id: location.value,
        primary_therapist_id: therapist.value,
      };
      const saved = await onSaved(await api(`/api/admin/patient-cases/${item.case_id}`, { method: "PATCH", body }));
      return `Details of ${saved.title} saved.`;
    },
  }).form;
}

const LIMITS = [
  ["", "As the clinic chooses for all cases"],
  ["warn", "Accept, and warn the scheduler"],
  ["block", "Refuse the request"],
  ["allow", "Accept without a word"],
];

function authorizationText(authorization) {
  if (!authorization) return "No insurance authorization tracked.";
  const perWeek = authorization.visits_per_week ? `, at most ${authorization.visits_per_week} a week` : "";
  return `${authorization.visits} visits from ${authorization.first_day} to ${authorization.last_day}${perWeek}.`;
}

/** The insurer's authorization: visits, first and last day, visits a week; no visits: none tracked. */
function authorizationForm(item, onSaved) {
  const authorization = item.authorization ?? {};
  const number = (name, value) => el("input", { type: "number", name, min: "1", step: "1", value: value ?? "" });
  const date = (name, value) => el("input", { type: "date", name, value: value ?? "" });
  const summary = el("p", { class: "hint authorization-summary" }, authorizationText(item.authorization));
  const { form } = savingForm({
    label: `Insurance authorization of ${item.title}`,
    children: [
      summary,
      field("Authorized visits", number("visits", authorization.visits), "Leave empty to track no authorization."),
      field("First day", date("first_day", authorization.first_day)),
      field("Last day", date("last_day", authorization.last_day)),
      field("At most visits a week", number("visits_per_week", authorization.visits_per_week), "Optional."),
      field("A portal request beyond it", selectInput("limit", LIMITS, authorization.limit ?? "")),
    ],
    submit: "Save authorization",
    save: async (form) => {
      const value = (name) => form.elements[name].value.trim();
      let body = { authorization: null };
      if (value("visits")) {
        if (!value("first_day") || !value("last_day")) throw new Error("Give the authorization's first and last day.");
        body = {
          authorization: {
            visits: Number(value("visits")),
            first_day: value("first_day"),
            last_day: value("last_day"),
            visits_per_week: value("visits_per_week") ? Number(value("visits_per_week")) : null,
            limit: value("limit") || null,
          },
        };
      }
      const saved = await onSaved(
        await api(`/api/admin/patient-cases/${item.case_id}/authorization`, { method: "PUT", body }),
      );
      summary.textContent = authorizationText(saved.authorization);
      return saved.authorization
        ? `Authorization of ${saved.title} saved: ${authorizationText(saved.authorization)}`
        : `${saved.title} tracks no authorization now.`;
    },
  });
  return form;
}

function caseCard(settings, item, names) {
  const outcome = outcomeRegion();
  const path = `/api/admin/patient-cases/${item.case_id}`;
  const title = el("h3", { id: `case-${item.case_id}` });
  const meta = el("p", { class: "meta" });
  const dischargedHint = el("p", { class: "hint" }, "Discharged cases take no requests, whatever is set here.");
  let current = item;
  const draw = () => {
    title.textContent = `${names.patients.get(current.patient_id) ?? "Patient"}: ${current.title}`;
    meta.textContent = [
      names.locations.get(current.location_id) ?? "Unknown location",
      names.therapists.get(current.primary_therapist_id) ?? "Unknown therapist",
      current.status === "discharged" ? "Discharged" : "Active",
    ].join(" · ");
    dischargedHint.hidden = current.status !== "discharged";
    statusButton.replaceChildren(
      current.status === "active" ? "Discharge" : "Take up again",
      el("span", { class: "visually-hidden" }, ` ${current.title}`),
    );
  };
  const replace = (saved) => {
    current = saved;
    draw();
    return saved;
  };

  const allow = allowRequestsSwitch({
    label: "Allow appointment requests",
    entity: item,
    path,
    outcome,
    saved: replace,
    name: (saved) => saved.title,
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
    return el(
      "label",
      { class: "check" },
      box,
      el("span", {}, `${type.name} (${type.duration_minutes} min${inactive})`),
    );
  });

  // Sends what is ticked when its turn comes, so quick clicks end with the last state stored.
  async function saveVisitTypes() {
    say(outcome, "");
    const ids = boxes
      .map((label) => label.querySelector("input"))
      .filter((box) => box.checked)
      .map((box) => box.value);
    try {
      const saved = replace(await api(`${path}/requestable-visit-types`, { method: "PUT", body: ids }));
      const allowed = offered.filter((type) => saved.requestable_visit_type_ids.includes(type.visit_type_id));
      say(
        outcome,
        allowed.length
          ? `Saved: ${listOf(allowed.map((type) => type.name))} can be requested for ${saved.title}.`
          : `Saved: no visit type can be requested for ${saved.title}.`,
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

  const statusOutcome = outcomeRegion();
  const statusButton = el("button", { type: "button" });
  statusButton.addEventListener("click", async () => {
    say(statusOutcome, "");
    const status = current.status === "active" ? "discharged" : "active";
    await whileBusy(statusButton, "Saving…", async () => {
      try {
        const saved = replace(await api(`${path}/status`, { method: "PUT", body: { status } }));
        const said = saved.status === "active" ? `${saved.title} is active again.` : `${saved.title} is discharged.`;
        say(statusOutcome, said, "ok");
      } catch (error) {
        say(statusOutcome, error.message, "bad");
      }
    });
    draw(); // after the busy label is put back, so the button names what it does now
  });
  draw();
  const card = el(
    "li",
    { "data-case-id": item.case_id },
    el(
      "section",
      { class: "card", "aria-labelledby": title.id },
      title,
      meta,
      dischargedHint,
      allow,
      el(
        "fieldset",
        {},
        el("legend", {}, "Visit types that may be requested"),
        boxes.length ? boxes : el("p", { class: "hint" }, "The clinic has no visit types yet."),
      ),
      outcome,
      el("details", {}, el("summary", {}, "Title, location and therapist"), careForm(settings, item, replace)),
      el("details", {}, el("summary", {}, "Insurance authorization"), authorizationForm(item, replace)),
      el("div", { class: "actions" }, statusButton),
      statusOutcome,
    ),
  );
  return { card, current: () => current };
}

function filters(settings) {
  const search = el("input", { id: "case-search", type: "search", autocomplete: "off" });
  search.value = new URLSearchParams(window.location.search).get("search") ?? "";
  const location = selectInput("location", [
    ["", "All locations"],
    ...settings.locations.map((place) => [place.location_id, place.name]),
  ]);
  location.id = "case-location";
  const status = selectInput("status", [
    ["active", "Active"],
    ["discharged", "Discharged"],
    ["", "Any"],
  ]);
  status.id = "case-status";
  const element = el(
    "div",
    { class: "card filters", role: "search", "aria-label": "Find cases" },
    field("Patient or case", search),
    field("Location", location),
    field("Status", status),
  );
  return { element, search, location, status };
}

export async function renderPage(root) {
  const [locations, visitTypes, therapists, patients, cases] = await Promise.all([
    api("/api/admin/locations"),
    api("/api/admin/visit-types"),
    api("/api/admin/therapists"),
    api("/api/admin/patients"),
    api("/api/admin/patient-cases"),
  ]);
  const settings = { locations, visitTypes, therapists, patients, cases };
  const names = {
    patients: new Map(patients.map((patient) => [patient.patient_id, patient.name])),
    locations: new Map(locations.map((location) => [location.location_id, location.name])),
    therapists: new Map(therapists.map((therapist) => [therapist.therapist_id, therapist.name])),
  };
  const byPatient = (a, b) =>
    (names.patients.get(a.patient_id) ?? "").localeCompare(names.patients.get(b.patient_id) ?? "") ||
    a.title.localeCompare(b.title);
  const cards = [...cases].sort(byPatient).map((item) => caseCard(settings, item, names));
  const { element, search, location, status } = filters(settings);
  const count = el("p", { id: "case-count", class: "hint", role: "status", "aria-live": "polite" });

  const filter = () => {
    const words = search.value.trim().toLowerCase();
    let shown = 0;
    for (const { card, current } of cards) {
      const item = current();
      const text = `${names.patients.get(item.patient_id) ?? ""} ${item.title}`.toLowerCase();
      const visible =
        (!words || text.includes(words)) &&
        (!location.value || item.location_id === location.value) &&
        (!status.value || item.status === status.value);
      card.hidden = !visible;
      if (visible) shown += 1;
    }
    count.textContent = shown === 1 ? "1 case shown." : `${shown} cases shown.`;
  };
  for (const control of [search, location, status]) control.addEventListener("input", filter);
  root.replaceChildren(
    el(
      "p",
      { class: "hint" },
      "A portal user can request appointments only for an active case that allows them, and only for the visit " +
        "types ticked for that case. To open a case, find the patient on the ",
      el("a", { href: "/admin/patients" }, "patients page"),
      ".",
    ),
    element,
    count,
    el(
      "ul",
      { id: "case-list", class: "case-list" },
      cards.map(({ card }) => card),
    ),
  );
  filter();
}
