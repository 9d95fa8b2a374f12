// Therapists: adding one (name and where they work), their details, working hours at each of
// their locations and time off, and deactivating them (they can then be no case's new therapist).

import { api } from "../api.js";
import { el } from "../dom.js";
import { addingSection, checkboxes, entityCard, field, replaceIn, savingForm, textInput } from "./forms.js";
import { timeOffEditor } from "./time-off.js";
import { workingHoursEditor } from "./working-hours.js";

const ID = "therapist_id";

function sameSet(a, b) {
  return a.length === b.length && a.every((item) => b.includes(item));
}

/** Locations to tick: the active ones, and any the therapist still has that are not. */
function locationChoices(settings, chosen = []) {
  return settings.locations
    .filter((location) => location.active || chosen.includes(location.location_id))
    .map((location) => [location.location_id, location.active ? location.name : `${location.name} (deactivated)`]);
}

function therapistCard(settings, therapist) {
  const names = new Map(settings.locations.map((location) => [location.location_id, location]));
  const { card, update, activeControl } = entityCard({
    entity: therapist,
    idField: ID,
    name: (saved) => saved.name,
    facts: (saved) =>
      saved.location_ids.length
        ? `Works at ${saved.location_ids.map((id) => names.get(id)?.name ?? "an unknown location").join(", ")}`
        : "Works at no location yet",
    deactivating: {
      consequence: "They can be no case's new primary therapist; the cases they have keep them until reassigned.",
      setActive: async (active) => saved(await api(path, { method: "PATCH", body: { active } })),
    },
  });
  const path = `/api/admin/therapists/${therapist.therapist_id}`;
  let current = therapist;
  const schedules = el("div", {});
  const drawSchedules = () => {
    const places = current.location_ids.map((id) => names.get(id)).filter(Boolean);
    const zone = places[0]?.time_zone ?? settings.clinic.time_zone;
    schedules.replaceChildren(
      ...places.map((location) => workingHoursEditor(current, location)),
      timeOffEditor(current, zone),
    );
  };
  const saved = (changed) => {
    current = replaceIn(settings.therapists, changed, ID);
    update(changed);
    return changed;
  };

  const worksAt = checkboxes("Works at", locationChoices(settings, therapist.location_ids), therapist.location_ids);
  const { form } = savingForm({
    label: `Details of ${therapist.name}`,
    children: [field("Name", textInput("name", therapist.name)), worksAt.element],
    submit: "Save details",
    save: async (form) => {
      const name = form.elements.name.value;
      if (name !== current.name) saved(await api(path, { method: "PATCH", body: { name } }));
      const chosen = worksAt.checkedValues();
      if (!sameSet(chosen, current.location_ids)) {
        saved(await api(`${path}/locations`, { method: "PUT", body: chosen }));
        drawSchedules();
      }
      return `Details of ${current.name} saved.`;
    },
  });
  drawSchedules();
  card.append(el("details", {}, el("summary", {}, "Name and locations"), form), schedules, activeControl);
  return card;
}

export async function renderPage(root, { clinic }) {
  const [locations, therapists] = await Promise.all([api("/api/admin/locations"), api("/api/admin/therapists")]);
  const settings = { clinic, locations, therapists };
  const list = el(
    "div",
    { id: "therapist-list" },
    therapists.map((item) => therapistCard(settings, item)),
  );
  const worksAt = checkboxes("Works at", locationChoices(settings));
  const name = textInput("name");
  root.replaceChildren(
    addingSection({
      label: "Add a therapist", submit: "Add therapist",
      children: [field("Name", name), worksAt.element],
      create: () =>
        api("/api/admin/therapists", { method: "POST", body: { name: name.value, location_ids: worksAt.checkedValues() } }),
      added: (created) => {
        therapists.push(created);
        list.append(therapistCard(settings, created));
        return `${created.name} added. Give them working hours below: they offer no times until then.`;
      },
    }),
    el("h2", {}, "The clinic's therapists"),
    list,
  );
}
