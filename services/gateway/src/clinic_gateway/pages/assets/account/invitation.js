// The invitation page: whose invitation the link is, then a password, then on to sign in.

import { api } from "../api.js";
import { byId, control, say } from "../dom.js";
import { passwordForm, tokenFromLink } from "./new-password.js";

const INCOMPLETE = "This invitation link is incomplete. Open the whole link from your invitation, or ask the clinic for a new one.";

function untilDate(at) {
  return new Intl.DateTimeFormat("en-US", { dateStyle: "long", timeStyle: "short" }).format(new Date(at));
}

function cannotUse(message) {
  say(document.getElementById("link-problem"), message, "bad");
  document.getElementById("to-sign-in").hidden = false;
}

const token = tokenFromLink();
try {
  if (!token) {
    cannotUse(INCOMPLETE);
  } else {
    const invitation = await api("/api/invitations/lookup", { method: "POST", body: { token } });
    document.getElementById("welcome").textContent =
      `Welcome, ${invitation.name}. ${invitation.clinic_name} invites you to request and manage appointments online.`;
    document.getElementById("valid-until").textContent =
      `Choose your password by ${untilDate(invitation.expires_at)}, when this invitation expires.`;
    const form = byId("password-form", HTMLFormElement);
    control(form, "email", HTMLInputElement).value = invitation.email;
    passwordForm(form, async (password) => {
      const account = await api("/api/invitations/accept", { method: "POST", body: { token, password } });
      return `Your password is set. Sign in with ${account.email} and your new password.`;
    });
    document.getElementById("invitation").hidden = false;
    control(form, "new-password", HTMLInputElement).focus();
  }
} catch (error) {
  cannotUse(error.message);
} finally {
  document.getElementById("loading").hidden = true;
}
