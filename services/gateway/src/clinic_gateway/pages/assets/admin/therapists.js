// Therapists: adding one (name and where they work), their details, working hours at each of
// their locations and time off, and deactivating them (they can then be no case's new therapist).

import { api } from "../api.js";
import { el } from "../dom.js";
import { entityListing, listedEntityCard } from "./entities.js";
import { checkboxes, field, savingForm, textInput } from "./forms.js";
import { timeOffEditor } from "./time-off.js";
import { workingHoursEditor } from "./working-hours.js";

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
  let current = therapist;
  const { card, activeControl, path, saved } = listedEntityCard("therapists", therapist, settings.therapists, {
    facts: (shown) =>
      shown.location_ids.length
        ? `Works at ${shown.location_ids.map((id) => names.get(id)?.name ?? "an unknown location").join(", ")}`
        : "Works at no location yet",
    consequence: "They can be no case's new primary therapist; the cases they have keep them until reassigned.",
    onSaved: (changed) => {
      current = changed;
    },
  });
  const schedules = el("div", {});
  const drawSchedules = () => {
    const places = current.location_ids.map((id) => names.get(id)).filter(Boolean);
    const zone = places[0]?.time_zone ?? settings.clinic.time_zone;
    schedules.replaceChildren(
      ...places.map((location) => workingHoursEditor(current, location)),
      timeOffEditor(current, zone),
    );
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
  const worksAt = checkboxes("Works at", locationChoices(settings));
  const name = textInput("name");
  root.replaceChildren(
    ...entityListing("therapists", therapists, (item) => therapistCard(settings, item), {
      noun: "therapist",
      children: [field("Name", name), worksAt.element],
      bodyOf: () => ({ name: name.value, location_ids: worksAt.checkedValues() }),
      next: "Give them working hours below: they offer no times until then.",
    }),
  );
}
