// Inviting a patient, a caregiver or a member of staff: who they are, what their account is for,
// then the link to pass on.

import { api } from "../api.js";
import { byId, checkedValues, control, el, say, submitButton, uid, whileBusy } from "../dom.js";
import { copyableLink } from "../copyable-link.js";

function untilDate(at) {
  return new Intl.DateTimeFormat("en-US", { dateStyle: "long", timeStyle: "short" }).format(new Date(at));
}

/** A patient's own account links one patient (radio buttons); a caregiver's any number (boxes). */
function renderPatients(form, patients) {
  const single = checkedValues(form, "role")[0] === "patient";
  const chosen = new Set(checkedValues(form, "patient_ids"));
  const list = document.getElementById("patient-list");
  document.getElementById("patients-legend").textContent = single
    ? "Which patient is it?"
    : "Patients they may request appointments for";
  list.replaceChildren(
    ...patients.map((patient) => {
      const id = uid("patient");
      const born = patient.date_of_birth ? `Born ${patient.date_of_birth}` : "";
      return el(
        "label",
        { class: "choice", for: id, "data-name": patient.name.toLowerCase() },
        el("input", {
          id,
          type: single ? "radio" : "checkbox",
          name: "patient_ids",
          value: patient.patient_id,
          checked: chosen.has(patient.patient_id),
        }),
        el("span", {}, el("span", { class: "choice-title" }, patient.name), el("span", { class: "choice-meta" }, born)),
      );
    }),
  );
  if (!patients.length) list.replaceChildren(el("p", { class: "hint" }, "The clinic has no active patients yet."));
  filterPatients();
}

function filterPatients() {
  const words = byId("patient-search", HTMLInputElement).value.trim().toLowerCase();
  for (const choice of byId("patient-list", HTMLElement).querySelectorAll("label")) {
    choice.hidden = Boolean(words) && !choice.dataset.name.includes(words) && !choice.querySelector("input").checked;
  }
}

function renderLocations(locations) {
  const all = byId("all-locations", HTMLInputElement);
  const boxes = locations.map((location) =>
    el(
      "label",
      { class: "check" },
      el("input", { type: "checkbox", name: "location_ids", value: location.location_id }),
      el("span", {}, location.name),
    ),
  );
  document.getElementById("location-list").replaceChildren(...boxes);
  // "All locations" and a list are one or the other: ticking all clears and hides the list.
  all.addEventListener("change", () => {
    document.getElementById("location-list").hidden = all.checked;
    if (all.checked) for (const box of byId("location-list", HTMLElement).querySelectorAll("input")) box.checked = false;
  });
}

const nameField = (form) => control(form, "name", HTMLInputElement);
const emailField = (form) => control(form, "email", HTMLInputElement);

function body(form) {
  const common = { name: nameField(form).value.trim(), email: emailField(form).value.trim() };
  if (checkedValues(form, "kind")[0] === "staff") {
    return {
      kind: "staff",
      ...common,
      permissions: checkedValues(form, "permissions"),
      all_locations: byId("all-locations", HTMLInputElement).checked,
      location_ids: checkedValues(form, "location_ids"),
    };
  }
  return { kind: "portal", ...common, role: checkedValues(form, "role")[0], patient_ids: checkedValues(form, "patient_ids") };
}

/** The form; `onInvited(invitation)` adds the new invitation to the list. */
export function renderInviteForm({ patients, locations, onInvited }) {
  const form = byId("invite-form", HTMLFormElement);
  const problem = document.getElementById("invite-problem");
  const newLink = document.getElementById("new-link");
  const active = patients.filter((patient) => patient.active).sort((a, b) => a.name.localeCompare(b.name));

  const showKind = () => {
    const staff = checkedValues(form, "kind")[0] === "staff";
    document.getElementById("portal-part").hidden = staff;
    document.getElementById("staff-part").hidden = !staff;
  };
  for (const input of form.querySelectorAll("input[name=kind]")) input.addEventListener("change", showKind);
  for (const input of form.querySelectorAll("input[name=role]")) {
    input.addEventListener("change", () => renderPatients(form, active));
  }
  document.getElementById("patient-search").addEventListener("input", filterPatients);
  renderPatients(form, active);
  renderLocations(locations);
  showKind();

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    say(problem, "");
    const fields = [nameField(form), emailField(form)];
    const empty = fields.filter((field) => !field.value.trim());
    for (const field of fields) field.removeAttribute("aria-invalid");
    if (empty.length) {
      for (const field of empty) field.setAttribute("aria-invalid", "true");
      say(problem, "Please fill in their name and email.", "bad");
      empty[0].focus();
      return;
    }
    await whileBusy(submitButton(form), "Sending…", async () => {
      try {
        const invitation = await api("/api/admin/invitations", { method: "POST", body: body(form) });
        newLink.replaceChildren(
          copyableLink({
            intro: `${invitation.name} is invited. Send them this link; it works once, until ${untilDate(invitation.expires_at)}.`,
            url: invitation.link,
            label: `Invitation link for ${invitation.name}`,
          }),
        );
        form.reset();
        renderPatients(form, active);
        document.getElementById("location-list").hidden = false;
        showKind();
        onInvited(invitation);
        newLink.querySelector("input").focus();
      } catch (error) {
        say(problem, error.message, "bad");
      }
    });
  });
}
