// Asking for a password reset link. The answer is the same whether or not an account has the
// email, so the page says only that a link is on its way if there is one.

import { api } from "../api.js";
import { byId, control, say, whileBusy } from "../dom.js";

const form = byId("forgot-form", HTMLFormElement);
const emailField = control(form, "email", HTMLInputElement);
const problem = document.getElementById("forgot-problem");

form.addEventListener("submit", async (event) => {
  event.preventDefault();
  say(problem, "");
  const email = emailField.value.trim();
  emailField.removeAttribute("aria-invalid");
  if (!email) {
    emailField.setAttribute("aria-invalid", "true");
    say(problem, "Please enter your email.", "bad");
    emailField.focus();
    return;
  }
  await whileBusy(form.querySelector("button[type=submit]"), "Sending…", async () => {
    try {
      const answer = await api("/api/password-resets", { method: "POST", body: { email } });
      form.hidden = true;
      say(
        document.getElementById("sent"),
        `${answer.detail} Look for it at ${email}. If nothing arrives, ask your clinic: they can give you a link too.`,
        "ok",
      );
    } catch (error) {
      say(problem, error.message, "bad");
      emailField.focus();
    }
  });
});
