// Visit types: adding one (name and length), changing it, and no longer offering it.

import { api } from "../api.js";
import { el } from "../dom.js";
import { addingSection, entityCard, field, replaceIn, savingForm, textInput } from "./forms.js";

const ID = "visit_type_id";

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
  const { card, update, activeControl } = entityCard({
    entity: visitType,
    idField: ID,
    name: (saved) => saved.name,
    facts: (saved) => `${saved.duration_minutes} minutes`,
    deactivating: {
      consequence: "It can no longer be requested; cases that allowed it keep it listed until changed.",
      setActive: async (active) => saved(await api(path, { method: "PATCH", body: { active } })),
    },
  });
  const path = `/api/admin/visit-types/${visitType.visit_type_id}`;
  const saved = (changed) => {
    update(replaceIn(visitTypes, changed, ID));
    return changed;
  };
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
  const list = el(
    "div",
    { id: "visit-type-list" },
    visitTypes.map((item) => visitTypeCard(visitTypes, item)),
  );
  root.replaceChildren(
    addingSection({
      label: "Add a visit type", submit: "Add visit type",
      children: fields(),
      create: (form) => api("/api/admin/visit-types", { method: "POST", body: valuesOf(form) }),
      added: (created) => {
        visitTypes.push(created);
        list.append(visitTypeCard(visitTypes, created));
        return `${created.name} added. Allow it on a patient's case for it to be requested there.`;
      },
    }),
    el("h2", {}, "The clinic's visit types"),
    list,
  );
}
