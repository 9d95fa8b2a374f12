// Each location: whether it takes appointment requests, its weekly hours and its closures.

import { api } from "../api.js";
import { el, say, switchControl, uid } from "../dom.js";
import { zoneName } from "../local-time.js";
import { closuresEditor } from "./closures.js";
import { showReadiness } from "./clinic.js";
import { hoursEditor } from "./hours.js";

function locationCard(settings, location) {
  const outcome = el("p", { class: "outcome", role: "status", "aria-live": "polite" });
  const headingId = uid("location");
  const replace = (saved) => {
    const index = settings.locations.findIndex((item) => item.location_id === saved.location_id);
    settings.locations[index] = saved;
    showReadiness(settings);
    return saved;
  };
  const allow = switchControl({
    label: `Allow appointment requests at ${location.name}`,
    checked: location.allow_appointment_requests,
    onToggle: async (enabled) => {
      say(outcome, "");
      try {
        const path = `/api/admin/locations/${location.location_id}/appointment-requests`;
        const saved = replace(await api(path, { method: "PUT", body: { enabled } }));
        say(
          outcome,
          saved.allow_appointment_requests
            ? `${saved.name} now takes appointment requests.`
            : `${saved.name} no longer takes appointment requests.`,
          "ok",
        );
        return saved.allow_appointment_requests;
      } catch (error) {
        say(outcome, error.message, "bad");
        throw error;
      }
    },
  });
  return el(
    "section",
    { class: "card location", "aria-labelledby": headingId, "data-location-id": location.location_id },
    el("h3", { id: headingId }, location.name),
    el("p", { class: "meta" }, location.address),
    el("p", { class: "meta" }, `Time zone: ${zoneName(location.time_zone)}`),
    allow,
    outcome,
    hoursEditor(location, replace),
    closuresEditor(location, replace),
  );
}

export function renderLocations(settings) {
  const list = document.getElementById("location-list");
  list.replaceChildren(...settings.locations.map((location) => locationCard(settings, location)));
}
