// The sign-in page: exchange email and password for a token, then open the user's own area.

import { api, currentSession, keepSession, signOut, takeSignInNotice } from "./api.js";
import { byId, control, say, whileBusy } from "./dom.js";
import { homeFor } from "./shell.js";

const form = byId("sign-in-form", HTMLFormElement);
const email = control(form, "email", HTMLInputElement);
const password = control(form, "password", HTMLInputElement);
const problem = document.getElementById("sign-in-problem");
const notice = takeSignInNotice();
if (notice) say(document.getElementById("notice"), notice);

async function openHome() {
  const me = await api("/api/me");
  const home = homeFor(me);
  if (home) {
    window.location.assign(home);
  } else {
    // Signed in, but nothing to use: say so rather than open a page that would refuse them.
    signOut("Your account has no access to appointment requests or clinic settings yet. Ask a clinic administrator.");
  }
}

function missing() {
  const fields = [...form.querySelectorAll("input")];
  const empty = fields.filter((field) => field.required && !field.value.trim());
  for (const field of fields) field.removeAttribute("aria-invalid");
  for (const field of empty) field.setAttribute("aria-invalid", "true");
  return empty;
}

form.addEventListener("submit", async (event) => {
  event.preventDefault();
  say(problem, "");
  const empty = missing();
  if (empty.length) {
    say(problem, "Please enter your email and password.", "bad");
    empty[0].focus();
    return;
  }
  const button = form.querySelector("button[type=submit]");
  await whileBusy(button, "Signing in…", async () => {
    try {
      const session = await api("/api/session", {
        method: "POST",
        body: { email: email.value.trim(), password: password.value },
      });
      keepSession(session);
      await openHome();
    } catch (error) {
      say(problem, error.message, "bad");
      password.select();
      password.focus();
    }
  });
});

// Someone already signed in (a reload, or the back button) goes straight on.
if (currentSession()) openHome().catch((error) => say(problem, error.message, "bad"));
