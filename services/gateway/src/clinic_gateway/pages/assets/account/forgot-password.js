// Asking for a password reset link. The answer is the same whether or not an account has the
// email, so the page says only that a link is on its way if there is one.

import { api } from "../api.js";
import { say, whileBusy } from "../dom.js";

const form = document.getElementById("forgot-form");
const problem = document.getElementById("forgot-problem");

form.addEventListener("submit", async (event) => {
  event.preventDefault();
  say(problem, "");
  const email = form.email.value.trim();
  form.email.removeAttribute("aria-invalid");
  if (!email) {
    form.email.setAttribute("aria-invalid", "true");
    say(problem, "Please enter your email.", "bad");
    form.email.focus();
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
      form.email.focus();
    }
  });
});
