// My emails, for every signed-in person: what the clinic's system sends them (nothing, each email
// as it happens, or, for staff, only the daily digest). The choices offered are the API's: a
// portal user is not offered the digest, which is about other people's requests.

import { api } from "../api.js";
import { byId, control, el, say, uid, whileBusy } from "../dom.js";
import { runPage } from "../shell.js";

// What each choice means, in the words of whoever reads it.
const CHOICES = {
  portal: {
    off: ["No emails", "Nothing about your requests and appointments: you see where they stand on the portal."],
    immediate: [
      "Each email as it happens",
      "When the clinic receives a request of yours, and when it books, moves, declines or cancels it.",
    ],
  },
  staff: {
    off: ["No emails", "Nothing about appointment requests: you see them on the requests page."],
    immediate: [
      "Each email as it happens",
      "Each new request waiting for a decision at your locations, and the daily digest of those still waiting.",
    ],
    digest: ["Only the daily digest of waiting requests", "One email a day listing the requests still waiting for a decision."],
  },
};

const SAVED = {
  off: "Saved. The clinic's system sends you no emails, except links to your own account.",
  immediate: "Saved. You get each email as it happens.",
  digest: "Saved. You get only the daily digest of waiting requests.",
};

function choiceCard(delivery, [title, meta], checked) {
  // Named by the title alone; what it means is its description, read after the name.
  const titleId = uid("delivery");
  const metaId = uid("delivery-meta");
  return el(
    "label",
    { class: "choice" },
    el("input", {
      type: "radio",
      name: "delivery",
      value: delivery,
      checked,
      "aria-labelledby": titleId,
      "aria-describedby": metaId,
    }),
    el(
      "span",
      {},
      el("span", { class: "choice-title", id: titleId }, title),
      el("span", { class: "choice-meta", id: metaId }, meta),
    ),
  );
}

function renderChoices(words, preference) {
  document
    .getElementById("delivery-choices")
    .replaceChildren(
      ...preference.choices.map((delivery) =>
        choiceCard(delivery, words[delivery] ?? [delivery, ""], delivery === preference.delivery),
      ),
    );
}

runPage(async (me) => {
  const words = CHOICES[me.kind] ?? CHOICES.portal;
  renderChoices(words, await api("/api/me/notification-preferences"));

  const form = byId("delivery-form", HTMLFormElement);
  const outcome = document.getElementById("delivery-outcome");
  form.addEventListener("change", () => say(outcome, ""));
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const delivery = control(form, "delivery", RadioNodeList).value;
    say(outcome, "");
    whileBusy(form.querySelector("button[type=submit]"), "Saving…", async () => {
      try {
        const saved = await api("/api/me/notification-preferences", { method: "PUT", body: { delivery } });
        control(form, "delivery", RadioNodeList).value = saved.delivery;
        say(outcome, SAVED[saved.delivery] ?? "Saved.", "ok");
      } catch (error) {
        say(outcome, error.message, "bad");
      }
    });
  });
  form.hidden = false;
});
