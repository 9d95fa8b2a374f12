// Visit types: adding one (name and length), changing it, and no longer offering it.

import { api } from "../api.js";
import { el } from "../dom.js";
import { entityListing, listedEntityCard } from "./entities.js";
import { field, savingForm, textInput } from "./forms.js";

function fields(visitType = {}) {
  const minutes = el("input", {
    type: "number",
    name: "duration_minutes",
    inputmode: "numeric",
    value: visitType.duration_minutes ?? "",
  });
  return [field("Name", textInput("name", visitType.name)), field("Length (minutes)", minutes)];
}

function valuesOf(form) {
  const minutes = form.elements.duration_minutes.value;
  // An empty length is sent as it is, for the API to say what is missing.
  return { name: form.elements.name.value, duration_minutes: minutes === "" ? null : Number(minutes) };
}

function visitTypeCard(visitTypes, visitType) {
  const { card, activeControl, path, saved } = listedEntityCard("visit-types", visitType, visitTypes, {
    facts: (current) => `${current.duration_minutes} minutes`,
    consequence: "It can no longer be requested; cases that allowed it keep it listed until changed.",
  });
  const { form } = savingForm({
    label: `Details of ${visitType.name}`,
    children: fields(visitType),
    submit: "Save details",
    save: async (form) => `${saved(await api(path, { method: "PATCH", body: valuesOf(form) })).name} saved.`,
  });
  card.append(el("details", {}, el("summary", {}, "Name and length"), form), activeControl);
  return card;
}

export async function renderPage(root) {
  const visitTypes = await api("/api/admin/visit-types");
  root.replaceChildren(
    ...entityListing("visit-types", visitTypes, (item) => visitTypeCard(visitTypes, item), {
      noun: "visit type",
      children: fields(),
      bodyOf: valuesOf,
      next: "Allow it on a patient's case for it to be requested there.",
    }),
  );
}
