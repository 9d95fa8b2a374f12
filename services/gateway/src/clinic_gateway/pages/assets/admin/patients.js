// Patients: finding one by name, adding one, their details, their cases and opening a new one,
// and deactivating them (which discharges their active cases).
//
// The search runs in the browser over the clinic's whole list, read once: 5,000 patients are under
// a megabyte (read in a fraction of a second), every keystroke filters at once (no call per letter,
// no half-typed answer arriving late), and only the first matches are drawn. A clinic far larger
// would want a search parameter on the settings service's list instead.

import { api } from "../api.js";
import { el } from "../dom.js";
import { addingSection, checkboxes, entityCard, field, matches, replaceIn, savingForm, selectInput, textInput } from "./forms.js";

const ID = "patient_id";
const SHOWN_AT_MOST = 50;

function birthday(day) {
  return new Intl.DateTimeFormat("en-GB", { timeZone: "UTC", day: "numeric", month: "long", year: "numeric" }).format(
    new Date(`${day}T12:00:00Z`),
  );
}

function patientFields(patient = {}) {
  const born = el("input", { type: "date", name: "date_of_birth", value: patient.date_of_birth ?? "" });
  return [field("Name", textInput("name", patient.name)), field("Date of birth", born)];
}

function patientValues(form) {
  return { name: form.elements.name.value, date_of_birth: form.elements.date_of_birth.value || null };
}

function caseLine(settings, item) {
  const place = settings.locationNames.get(item.location_id) ?? "an unknown location";
  const therapist = settings.therapistNames.get(item.primary_therapist_id) ?? "an unknown therapist";
  const status = item.status === "active" ? "Active" : "Discharged";
  return el("li", {}, el("strong", {}, item.title), ` · ${place} · ${therapist} · ${status}`);
}

/** Opening a case: the therapists offered are those who work at the location chosen. */
function openCaseForm(settings, patient, onOpened) {
  const locations = settings.locations.filter((location) => location.active);
  const location = selectInput(
    "location_id",
    locations.map((place) => [place.location_id, place.name]),
  );
  const therapist = el("select", { name: "primary_therapist_id" });
  const offerTherapists = () => {
    const there = settings.therapists.filter((person) => person.active && person.location_ids.includes(location.value));
    therapist.replaceChildren(
      ...(there.length
        ? there.map((person) => el("option", { value: person.therapist_id }, person.name))
        : [el("option", { value: "" }, "Nobody works there yet")]),
    );
  };
  location.addEventListener("change", offerTherapists);
  offerTherapists();
  const allow = el("input", { type: "checkbox", name: "allow_appointment_requests" });
  const visitTypes = checkboxes(
    "Visit types that may be requested",
    settings.visitTypes
      .filter((type) => type.active)
      .map((type) => [type.visit_type_id, `${type.name} (${type.duration_minutes} min)`]),
  );
  const { form } = savingForm({
    label: `Open a case for ${patient.name}`,
    children: [
      field("Title", textInput("title")),
      field("Location", location),
      field("Primary therapist", therapist, "Therapists who work at the location chosen."),
      el("label", { class: "check" }, allow, el("span", {}, "Allow appointment requests")),
      visitTypes.element,
    ],
    submit: "Open case",
    save: async (form) => {
      const body = {
        patient_id: patient.patient_id,
        title: form.elements.title.value,
        location_id: location.value,
        primary_therapist_id: therapist.value || null,
        allow_appointment_requests: allow.checked,
        requestable_visit_type_ids: visitTypes.checkedValues(),
      };
      const opened = await api("/api/admin/patient-cases", { method: "POST", body });
      onOpened(opened);
      form.elements.title.value = "";
      return `Case ${opened.title} opened.`;
    },
  });
  return form;
}

function patientCard(settings, patient) {
  let current = patient;
  const casesOf = () => settings.cases.filter((item) => item.patient_id === current.patient_id);
  const facts = (saved) => {
    const born = saved.date_of_birth ? `Born ${birthday(saved.date_of_birth)}` : "Date of birth not given";
    const active = casesOf().filter((item) => item.status === "active").length;
    return `${born} · ${active === 1 ? "1 active case" : `${active} active cases`}`;
  };
  const { card, update, activeControl } = entityCard({
    entity: patient,
    idField: ID,
    name: (saved) => saved.name,
    facts,
    deactivating: {
      consequence: "Their active cases are discharged, so nothing more can be requested for them; nothing is deleted.",
      setActive: async (active) => {
        const changed = saved(await api(path, { method: "PATCH", body: { active } }));
        // Deactivating discharged their cases in the same change.
        const cases = await api(`/api/admin/patient-cases?patient_id=${patient.patient_id}`);
        for (const item of cases) replaceIn(settings.cases, item, "case_id");
        drawCases();
        return changed;
      },
    },
  });
  const path = `/api/admin/patients/${patient.patient_id}`;
  const caseList = el("ul", { class: "plain-list" });
  const drawCases = () => {
    const cases = casesOf();
    caseList.replaceChildren(
      ...(cases.length
        ? cases.map((item) => caseLine(settings, item))
        : [el("li", { class: "hint" }, "No cases yet.")]),
    );
    update(current);
  };
  const casesLink = el("a", {}, "Change their cases");
  const saved = (changed) => {
    current = replaceIn(settings.patients, changed, ID);
    update(changed);
    casesLink.href = `/admin/cases?search=${encodeURIComponent(changed.name)}`;
    return changed;
  };
  const { form } = savingForm({
    label: `Details of ${patient.name}`,
    children: patientFields(patient),
    submit: "Save details",
    save: async (form) =>
      `Details of ${saved(await api(path, { method: "PATCH", body: patientValues(form) })).name} saved.`,
  });
  card.append(
    el("details", {}, el("summary", {}, "Name and date of birth"), form),
    el("h4", {}, "Cases"),
    caseList,
    el("p", {}, casesLink),
    el(
      "details",
      {},
      el("summary", {}, "Open a case"),
      openCaseForm(settings, patient, (opened) => {
        settings.cases.push(opened);
        drawCases();
      }),
    ),
    activeControl,
  );
  saved(patient);
  drawCases();
  return card;
}

export async function renderPage(root) {
  const [patients, cases, locations, therapists, visitTypes] = await Promise.all([
    api("/api/admin/patients"),
    api("/api/admin/patient-cases"),
    api("/api/admin/locations"),
    api("/api/admin/therapists"),
    api("/api/admin/visit-types"),
  ]);
  const settings = {
    patients,
    cases,
    locations,
    therapists,
    visitTypes,
    locationNames: new Map(locations.map((location) => [location.location_id, location.name])),
    therapistNames: new Map(therapists.map((therapist) => [therapist.therapist_id, therapist.name])),
  };
  // Cards are made when first shown, and kept, so what was typed in one survives a new search.
  const cards = new Map();
  const cardOf = (patient) => {
    if (!cards.has(patient.patient_id)) cards.set(patient.patient_id, patientCard(settings, patient));
    return cards.get(patient.patient_id);
  };

  const search = el("input", { type: "search", id: "patient-search", autocomplete: "off" });
  const count = el("p", { class: "hint", role: "status", "aria-live": "polite" });
  const list = el("div", { id: "patient-list" });
  const show = () => {
    const query = search.value.trim();
    const found = settings.patients.filter((patient) => matches(patient.name, query));
    list.replaceChildren(...found.slice(0, SHOWN_AT_MOST).map(cardOf));
    const more = found.length > SHOWN_AT_MOST ? ` The first ${SHOWN_AT_MOST} are shown: type more of the name.` : "";
    const what = found.length === 1 ? "1 patient" : `${found.length} patients`;
    count.textContent = query ? `${what} found for “${query}”.${more}` : `${what}.${more}`;
  };
  search.addEventListener("input", show);

  root.replaceChildren(
    addingSection({
      label: "Add a patient", submit: "Add patient",
      children: patientFields(),
      create: (form) => api("/api/admin/patients", { method: "POST", body: patientValues(form) }),
      added: (created) => {
        settings.patients.push(created);
        settings.patients.sort((a, b) => a.name.localeCompare(b.name));
        search.value = created.name;
        show();
        return `${created.name} added. Open a case for them below.`;
      },
    }),
    el("h2", {}, "The clinic's patients"),
    el(
      "div",
      { class: "card filters", role: "search", "aria-label": "Find patients" },
      el("div", { class: "field" }, el("label", { for: "patient-search" }, "Find a patient"), search),
    ),
    count,
    list,
  );
  show();
}
