// What the pages of the clinic's entities share (locations, visit types, therapists, staff and
// portal users): a card kept in step with the page's copy of the list, and the list of cards below
// its "Add a …" section.

import { api } from "../api.js";
import { el } from "../dom.js";
import { addingSection, entityCard, replaceIn } from "./forms.js";

/** The admin API's collections these pages list, each with the name of its entities' id. */
const ID_FIELDS = {
  locations: "location_id",
  "visit-types": "visit_type_id",
  therapists: "therapist_id",
  "staff-users": "staff_user_id",
  "portal-users": "portal_user_id",
};

/**
 * The card of one entity of `collection` (as the admin API names it, e.g. "visit-types"), headed
 * with its name. `saved(changed)` puts what the API answered into `list` (the page's copy) and the
 * card, then calls `onSaved(changed)`; "Deactivate" says `consequence` first, then PATCHes `active`
 * on `path`, the entity's own.
 * @param {keyof typeof ID_FIELDS} collection
 * @param {Record<string, any>} entity
 * @param {Record<string, any>[]} list
 * @param {{ facts: (saved: any) => string, consequence: string, onSaved?: (changed: any) => void }} shown
 */
export function listedEntityCard(collection, entity, list, { facts, consequence, onSaved = () => {} }) {
  const idField = ID_FIELDS[collection];
  const path = `/api/admin/${collection}/${entity[idField]}`;
  const saved = (changed) => {
    replaceIn(list, changed, idField);
    update(changed);
    onSaved(changed);
    return changed;
  };
  const { card, update, activeControl } = entityCard({
    entity,
    idField,
    name: (current) => current.name,
    facts,
    deactivating: {
      consequence,
      setActive: async (active) => saved(await api(path, { method: "PATCH", body: { active } })),
    },
  });
  return { card, activeControl, path, saved };
}

/**
 * An admin page's "Add a {noun}" section and, below "The clinic's {noun}s", the list (id
 * `{noun}-list`) of every entity's `card(entity)`. The section POSTs `bodyOf(form)` to the
 * `collection`; the new entity joins `entities` and the list, and the outcome says it was added,
 * then `next` (what to do with it).
 * @param {keyof typeof ID_FIELDS} collection
 * @param {Record<string, any>[]} entities
 * @param {(entity: any) => HTMLElement} card
 * @param {{ noun: string, children: any, bodyOf: (form: HTMLFormElement) => any, next: string }} adding
 */
export function entityListing(collection, entities, card, { noun, children, bodyOf, next }) {
  const list = el("div", { id: `${noun.replaceAll(" ", "-")}-list` }, entities.map((entity) => card(entity)));
  const adding = addingSection({
    label: `Add a ${noun}`,
    submit: `Add ${noun}`,
    children,
    create: (form) => api(`/api/admin/${collection}`, { method: "POST", body: bodyOf(form) }),
    added: (created) => {
      entities.push(created);
      list.append(card(created));
      return `${created.name} added. ${next}`;
    },
  });
  return [adding, el("h2", {}, `The clinic's ${noun}s`), list];
}
