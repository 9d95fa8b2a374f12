// Clinic settings: turn appointment requests on or off, the request rules, each location's flag,
// hours and closures, and which cases and visit types may be requested.

import { api } from "../api.js";
import { showPageProblem, startPage } from "../shell.js";
import { renderCases } from "./cases.js";
import { renderLocations } from "./locations.js";
import { renderPolicy, renderRequestsSwitch } from "./clinic.js";

async function loadSettings() {
  const [clinic, locations, visitTypes, therapists, patients, cases] = await Promise.all([
    api("/api/admin/clinic"),
    api("/api/admin/locations"),
    api("/api/admin/visit-types"),
    api("/api/admin/therapists"),
    api("/api/admin/patients"),
    api("/api/admin/patient-cases"),
  ]);
  return { clinic, locations, visitTypes, therapists, patients, cases };
}

try {
  await startPage();
  const settings = await loadSettings();
  document.getElementById("clinic-name").textContent = `· ${settings.clinic.name}`;
  renderRequestsSwitch(settings);
  renderPolicy(settings);
  renderLocations(settings);
  renderCases(settings);
  document.getElementById("settings").hidden = false;
} catch (error) {
  showPageProblem(error);
} finally {
  document.getElementById("loading").hidden = true;
}
