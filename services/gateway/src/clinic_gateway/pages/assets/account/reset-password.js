// The password reset page: a new password, twice, then on to sign in. The link is checked when
// the password is sent: it says then if it has expired or was used.

import { api } from "../api.js";
import { say } from "../dom.js";
import { passwordForm, tokenFromLink } from "./new-password.js";

const form = document.getElementById("password-form");
const token = tokenFromLink();

if (!token) {
  say(
    document.getElementById("link-problem"),
    "This password reset link is incomplete. Open the whole link, or ask for a new one.",
    "bad",
  );
  form.hidden = true;
  document.getElementById("ask-again").hidden = false;
} else {
  passwordForm(form, async (password) => {
    const account = await api("/api/password-resets/complete", { method: "POST", body: { token, password } });
    return `Your new password is set. Sign in with ${account.email} and your new password.`;
  });
}
