// Locations: adding one (name, address, IANA time zone), and for each whether it takes
// appointment requests, its details, weekly hours and closures, and deactivating it.

import { api } from "../api.js";
import { el } from "../dom.js";
import { zoneName } from "../local-time.js";
import { closuresEditor } from "./closures.js";
import { addingSection, allowRequestsSwitch, entityCard, field, outcomeRegion, replaceIn, savingForm, textInput } from "./forms.js";
import { hoursEditor } from "./hours.js";
import { timeZoneField } from "./time-zones.js";

const ID = "location_id";

function detailsOf(form) {
  return {
    name: form.elements.name.value,
    address: form.elements.address.value,
    time_zone: form.elements.time_zone.value.trim(),
  };
}

function detailFields(location = {}) {
  return [
    field("Name", textInput("name", location.name)),
    field("Address", textInput("address", location.address, { autocomplete: "street-address" })),
    timeZoneField(location.time_zone).element,
  ];
}

function locationCard(locations, location) {
  const { card, update, activeControl } = entityCard({
    entity: location,
    idField: ID,
    name: (saved) => saved.name,
    facts: (saved) => [saved.address, `Time zone: ${zoneName(saved.time_zone)}`].filter(Boolean).join(" · "),
    deactivating: {
      consequence: "It takes no more appointment requests; its history stays.",
      setActive: async (active) => saved(await api(path, { method: "PATCH", body: { active } })),
    },
  });
  const outcome = outcomeRegion();
  const saved = (changed) => {
    replaceIn(locations, changed, ID);
    update(changed);
    allow.querySelector("input").checked = changed.allow_appointment_requests;
    allow.querySelector("span").textContent = `Allow appointment requests at ${changed.name}`;
    return changed;
  };
  const path = `/api/admin/locations/${location.location_id}`;
  const allow = allowRequestsSwitch({
    label: `Allow appointment requests at ${location.name}`,
    entity: location,
    path,
    outcome,
    saved,
    name: (changed) => changed.name,
  });
  const details = savingForm({
    label: `Details of ${location.name}`,
    children: detailFields(location),
    submit: "Save details",
    save: async (form) => {
      const changed = saved(await api(path, { method: "PATCH", body: detailsOf(form) }));
      return `Details of ${changed.name} saved.`;
    },
  });
  card.append(
    allow,
    outcome,
    el("details", {}, el("summary", {}, "Name, address and time zone"), details.form),
    hoursEditor(location, saved),
    closuresEditor(location, saved),
    activeControl,
  );
  return card;
}

function addLocationForm(locations, list) {
  return addingSection({
    label: "Add a location", submit: "Add location",
    children: detailFields(),
    create: (form) => api("/api/admin/locations", { method: "POST", body: detailsOf(form) }),
    added: (created) => {
      locations.push(created);
      list.append(locationCard(locations, created));
      return `${created.name} added. Set its opening hours below, then allow appointment requests there.`;
    },
  });
}

export async function renderPage(root) {
  const locations = await api("/api/admin/locations");
  const list = el(
    "div",
    { id: "location-list" },
    locations.map((location) => locationCard(locations, location)),
  );
  root.replaceChildren(
    el(
      "p",
      { class: "hint" },
      "Portal users see times only at locations that allow appointment requests, within the opening hours, and " +
        "never on a closure day. Hours are in each location's own time zone.",
    ),
    addLocationForm(locations, list),
    el("h2", {}, "The clinic's locations"),
    list,
  );
}
