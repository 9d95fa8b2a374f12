// Locations: adding one (name, address, IANA time zone), and for each whether it takes
// appointment requests, its details, weekly hours and closures, and deactivating it.

import { api } from "../api.js";
import { el } from "../dom.js";
import { zoneName } from "../local-time.js";
import { closuresEditor } from "./closures.js";
import { entityListing, listedEntityCard } from "./entities.js";
import { allowRequestsSwitch, field, outcomeRegion, savingForm, textInput } from "./forms.js";
import { hoursEditor } from "./hours.js";
import { timeZoneField } from "./time-zones.js";

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
  const { card, activeControl, path, saved } = listedEntityCard("locations", location, locations, {
    facts: (current) => [current.address, `Time zone: ${zoneName(current.time_zone)}`].filter(Boolean).join(" · "),
    consequence: "It takes no more appointment requests; its history stays.",
    onSaved: (changed) => {
      allow.querySelector("input").checked = changed.allow_appointment_requests;
      allow.querySelector("span").textContent = `Allow appointment requests at ${changed.name}`;
    },
  });
  const outcome = outcomeRegion();
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

export async function renderPage(root) {
  const locations = await api("/api/admin/locations");
  root.replaceChildren(
    el(
      "p",
      { class: "hint" },
      "Portal users see times only at locations that allow appointment requests, within the opening hours, and " +
        "never on a closure day. Hours are in each location's own time zone.",
    ),
    ...entityListing("locations", locations, (location) => locationCard(locations, location), {
      noun: "location",
      children: detailFields(),
      bodyOf: detailsOf,
      next: "Set its opening hours below, then allow appointment requests there.",
    }),
  );
}
