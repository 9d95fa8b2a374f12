// Staff and portal users: correcting a name or email, what staff may do and where, which patients
// a portal user may request for, and deactivating either (they are signed out on their next step).
// Inviting new users is the invitations page's business.

import { api } from "../api.js";
import { el, say, uid } from "../dom.js";
import { listedEntityCard } from "./entities.js";
import { checkboxes, field, matches, outcomeRegion, savingForm, textInput } from "./forms.js";

const SHOWN_AT_MOST = 50;
const PERMISSIONS = [
  ["admin", "Admin: changes the clinic's settings"],
  ["scheduling", "Scheduling: sees and decides appointment requests"],
];

function nameAndEmail(user, path, saved) {
  return savingForm({
    label: `Account details of ${user.name}`,
    children: [
      field("Name", textInput("name", user.name)),
      field("Email", textInput("email", user.email, { type: "email" }), "They sign in with it."),
    ],
    submit: "Save name and email",
    save: async (form) => {
      const body = { name: form.elements.name.value, email: form.elements.email.value };
      return `${saved(await api(path, { method: "PATCH", body })).name} saved.`;
    },
  }).form;
}

function staffCard(settings, staff) {
  const locationName = (id) =>
    settings.locations.find((place) => place.location_id === id)?.name ?? "an unknown location";
  const facts = (saved) => {
    const may = saved.permissions.length
      ? saved.permissions.map((p) => p[0].toUpperCase() + p.slice(1)).join(", ")
      : "No permissions";
    const where = saved.all_locations
      ? "All locations"
      : saved.location_ids.map(locationName).join(", ") || "No locations";
    return `${saved.email} · ${may} · ${where}`;
  };
  let current = staff;
  const { card, activeControl, path, saved } = listedEntityCard("staff-users", staff, settings.staff, {
    facts,
    consequence: "They can no longer sign in, and are signed out on their next step; nothing is deleted.",
    onSaved: (changed) => {
      current = changed;
    },
  });

  const permissions = checkboxes("Permissions", PERMISSIONS, staff.permissions);
  const permissionsForm = savingForm({
    label: `Permissions of ${staff.name}`,
    children: [permissions.element],
    submit: "Save permissions",
    save: async () => {
      saved(await api(`${path}/permissions`, { method: "PUT", body: permissions.checkedValues() }));
      return `Permissions of ${current.name} saved; they apply from their next step.`;
    },
  }).form;

  const everywhere = el("input", { type: "checkbox", checked: staff.all_locations });
  const places = checkboxes(
    "Or these locations",
    settings.locations.map((place) => [place.location_id, place.name]),
    staff.location_ids,
  );
  const locationsForm = savingForm({
    label: `Locations of ${staff.name}`,
    children: [
      el("p", { class: "hint" }, "A scheduler sees the requests and calendars of these locations' patients."),
      el("label", { class: "check" }, everywhere, el("span", {}, "All locations, including ones added later")),
      places.element,
    ],
    submit: "Save locations",
    save: async () => {
      const body = { all_locations: everywhere.checked, location_ids: places.checkedValues() };
      saved(await api(`${path}/locations`, { method: "PUT", body }));
      return `Locations of ${current.name} saved.`;
    },
  }).form;

  card.append(
    el("details", {}, el("summary", {}, "Name and email"), nameAndEmail(staff, path, saved)),
    el("details", {}, el("summary", {}, "Permissions and locations"), permissionsForm, locationsForm),
    activeControl,
  );
  return card;
}

function patientLabel(patient) {
  const born = patient.date_of_birth ? `, born ${patient.date_of_birth}` : "";
  return `${patient.name}${born}`;
}

/** The patients a portal user may request for: remove any, add one found by name. */
function linkedPatientsForm(settings, user, path, saved) {
  let linked = [...user.patient_ids];
  const byId = new Map(settings.patients.map((patient) => [patient.patient_id, patient]));
  const byLabel = new Map(settings.patients.filter((p) => p.active).map((patient) => [patientLabel(patient), patient]));
  const list = el("ul", { class: "plain-list" });
  const outcome = outcomeRegion();
  const draw = () => {
    list.replaceChildren(
      ...(linked.length
        ? linked.map((id, index) => {
            const name = byId.get(id)?.name ?? "An unknown patient";
            const remove = el(
              "button",
              { type: "button", class: "quiet" },
              "Remove",
              el("span", { class: "visually-hidden" }, ` ${name}`),
            );
            remove.addEventListener("click", () => {
              linked.splice(index, 1);
              draw();
              finder.focus();
              say(outcome, `${name} removed. Save to keep the change.`);
            });
            return el("li", {}, name, " ", remove);
          })
        : [el("li", { class: "hint" }, "No patients linked.")]),
    );
  };
  const choices = el(
    "datalist",
    { id: uid("patients") },
    [...byLabel.keys()].map((label) => el("option", { value: label })),
  );
  const finder = textInput("patient", "", { list: choices.id });
  const add = el("button", { type: "button" }, "Link this patient");
  add.addEventListener("click", () => {
    const patient = byLabel.get(finder.value.trim());
    if (!patient) {
      say(outcome, "Choose a patient from the list: type part of their name.", "bad");
      finder.focus();
      return;
    }
    if (!linked.includes(patient.patient_id)) linked.push(patient.patient_id);
    finder.value = "";
    draw();
    say(outcome, `${patient.name} added. Save to keep the change.`);
  });
  const { form } = savingForm({
    label: `Patients of ${user.name}`,
    children: [
      list,
      field("Patient to link", finder, "Type part of their name and choose from the list."),
      choices,
      el("div", { class: "actions" }, add),
      outcome,
    ],
    submit: "Save linked patients",
    save: async () => {
      const changed = saved(await api(`${path}/patients`, { method: "PUT", body: linked }));
      linked = [...changed.patient_ids];
      draw();
      return `Patients of ${changed.name} saved.`;
    },
  });
  draw();
  return form;
}

function portalUserCard(settings, user) {
  const patientName = (id) =>
    settings.patients.find((patient) => patient.patient_id === id)?.name ?? "an unknown patient";
  const facts = (saved) => {
    const role = saved.role === "caregiver" ? "Caregiver" : "Patient";
    const who = saved.patient_ids.length
      ? `for ${saved.patient_ids.map(patientName).join(", ")}`
      : "linked to no patient";
    return `${saved.email} · ${role} ${who}`;
  };
  const { card, activeControl, path, saved } = listedEntityCard("portal-users", user, settings.portalUsers, {
    facts,
    consequence: "They can no longer sign in nor send requests; their requests stay.",
  });
  card.append(
    el("details", {}, el("summary", {}, "Name and email"), nameAndEmail(user, path, saved)),
    el("details", {}, el("summary", {}, "Linked patients"), linkedPatientsForm(settings, user, path, saved)),
    activeControl,
  );
  return card;
}

/** A list with a search by name or email, drawing at most the first matches. */
function searchedList({ id, label, items, key, text, card }) {
  // Cards are made when first shown, and kept, so what was typed in one survives a new search.
  const cards = new Map();
  const cardOf = (item) => {
    if (!cards.has(item[key])) cards.set(item[key], card(item));
    return cards.get(item[key]);
  };
  const search = el("input", { type: "search", id: `${id}-search`, autocomplete: "off" });
  const count = el("p", { class: "hint", role: "status", "aria-live": "polite" });
  const list = el("div", { id });
  const show = () => {
    const found = items.filter((item) => matches(text(item), search.value.trim()));
    list.replaceChildren(...found.slice(0, SHOWN_AT_MOST).map(cardOf));
    const more = found.length > SHOWN_AT_MOST ? ` The first ${SHOWN_AT_MOST} are shown: type more.` : "";
    count.textContent = `${found.length === 1 ? "1 user" : `${found.length} users`}.${more}`;
  };
  search.addEventListener("input", show);
  show();
  return [el("div", { class: "card filters", role: "search", "aria-label": label }, field(label, search)), count, list];
}

export async function renderPage(root) {
  const [staff, portalUsers, locations, patients] = await Promise.all([
    api("/api/admin/staff-users"),
    api("/api/admin/portal-users"),
    api("/api/admin/locations"),
    api("/api/admin/patients"),
  ]);
  const settings = { staff, portalUsers, locations, patients };
  const byNameOrEmail = (user) => `${user.name} ${user.email}`;
  root.replaceChildren(
    el(
      "p",
      { class: "hint" },
      "Changes take effect on the user's next step: a deactivated user is signed out, a removed permission is gone.",
    ),
    el(
      "section",
      { "aria-labelledby": "staff-heading" },
      el("h2", { id: "staff-heading" }, "Staff users"),
      ...searchedList({
        id: "staff-list",
        label: "Find a staff user",
        items: staff,
        key: "staff_user_id",
        text: byNameOrEmail,
        card: (user) => staffCard(settings, user),
      }),
    ),
    el(
      "section",
      { "aria-labelledby": "portal-heading" },
      el("h2", { id: "portal-heading" }, "Portal users"),
      ...searchedList({
        id: "portal-list",
        label: "Find a portal user",
        items: portalUsers,
        key: "portal_user_id",
        text: byNameOrEmail,
        card: (user) => portalUserCard(settings, user),
      }),
    ),
  );
}
