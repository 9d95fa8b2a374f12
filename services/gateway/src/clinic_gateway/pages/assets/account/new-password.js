// What the invitation and password reset pages share: the token from the link, and the form
// that asks for a password twice and hands it on.

import { signOut } from "../api.js";
import { say, whileBusy } from "../dom.js";

/**
 * The token in the page's address: it travels in the fragment (`#token=...`), which the browser
 * sends to no server and puts in no Referer header. Null when the link was cut short.
 */
export function tokenFromLink() {
  return new URLSearchParams(window.location.hash.slice(1)).get("token") || null;
}

/**
 * Ask for the password twice; `save(password)` sends it and resolves to the notice for the
 * sign-in page, where the person goes next. A refusal is said under the form, in words.
 */
export function passwordForm(form, save) {
  const problem = form.querySelector("[role=alert]");
  const [chosen, repeated] = [form.elements["new-password"], form.elements["repeat-password"]];
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    say(problem, "");
    for (const field of [chosen, repeated]) field.removeAttribute("aria-invalid");
    const empty = [chosen, repeated].find((field) => !field.value);
    if (empty) {
      empty.setAttribute("aria-invalid", "true");
      say(problem, "Please type the password in both fields.", "bad");
      empty.focus();
      return;
    }
    if (chosen.value !== repeated.value) {
      repeated.setAttribute("aria-invalid", "true");
      say(problem, "The two passwords are not the same. Please type them again.", "bad");
      repeated.select();
      repeated.focus();
      return;
    }
    await whileBusy(form.querySelector("button[type=submit]"), "Saving…", async () => {
      try {
        // Whoever was signed in in this tab is signed out: the sign-in that follows is this person's.
        signOut(await save(chosen.value));
      } catch (error) {
        say(problem, error.message, "bad");
        chosen.setAttribute("aria-invalid", "true");
        chosen.select();
        chosen.focus();
      }
    });
  });
}
