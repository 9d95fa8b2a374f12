// One step of the portal's request form: a set of radio cards to choose one item from.

import { el, uid } from "../dom.js";

/**
 * A step over a <fieldset>: `show(items)` draws a radio card per item (or `emptyText` when there
 * are none) and calls `onChoose(item)` when one is chosen; a single item is chosen at once, so a
 * parent with one child or a case with one visit type skips a tap.
 */
export function choiceStep(fieldset, { name, describe, emptyText, onChoose }) {
  const box = fieldset.querySelector(".choices");
  return {
    fieldset,
    loading() {
      fieldset.hidden = false;
      fieldset.setAttribute("aria-busy", "true");
      box.replaceChildren(el("p", { class: "loading" }, "Loading…"));
    },
    show(items, ...context) {
      fieldset.hidden = false;
      fieldset.removeAttribute("aria-busy");
      if (!items.length) {
        box.replaceChildren(el("p", { class: "hint" }, emptyText(...context)));
        return null;
      }
      const cards = items.map((item) => {
        const { value, title, meta } = describe(item);
        // Named by the title alone; the details are its description, read after the name.
        const titleId = uid("choice");
        const metaId = meta ? uid("choice-meta") : null;
        const input = el("input", {
          type: "radio",
          name,
          value,
          "aria-labelledby": titleId,
          "aria-describedby": metaId,
          onchange: () => onChoose(item),
        });
        return el(
          "label",
          { class: "choice" },
          input,
          el(
            "span",
            {},
            el("span", { class: "choice-title", id: titleId }, title),
            meta ? el("span", { class: "choice-meta", id: metaId }, meta) : null,
          ),
        );
      });
      box.replaceChildren(...cards);
      if (items.length === 1) {
        cards[0].querySelector("input").checked = true;
        onChoose(items[0]);
        return items[0];
      }
      return null;
    },
    hide() {
      fieldset.hidden = true;
      fieldset.removeAttribute("aria-busy");
      box.replaceChildren();
    },
  };
}
