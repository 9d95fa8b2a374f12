// The invitations sent, newest first: where each stands, and what can be done with it (send it
// again, withdraw it, or, once accepted, give the person a password reset link).

import { api } from "../api.js";
import { el, say, statusHeading, uid, whileBusy } from "../dom.js";
import { copyableLink } from "../copyable-link.js";

const STATUS = {
  pending: "Waiting for them",
  accepted: "Accepted",
  expired: "Expired",
  revoked: "Withdrawn",
};

function dateTime(at) {
  return new Intl.DateTimeFormat("en-US", { dateStyle: "medium", timeStyle: "short" }).format(new Date(at));
}

function when(invitation) {
  if (invitation.status === "accepted") return `Accepted ${dateTime(invitation.accepted_at)}`;
  if (invitation.status === "pending") return `Valid until ${dateTime(invitation.expires_at)}`;
  if (invitation.status === "expired") return `Expired ${dateTime(invitation.expires_at)}`;
  return `Sent ${dateTime(invitation.created_at)}`;
}

function invitationCard(invitation, replace) {
  const headingId = uid("invitation");
  const outcome = el("p", { class: "outcome", role: "status", "aria-live": "polite" });
  const linkSpot = el("div");
  const who = invitation.kind === "staff" ? "Staff" : "Patient or caregiver";
  const path = `/api/admin/invitations/${invitation.invitation_id}`;

  const action = (label, busy, work) =>
    el(
      "button",
      {
        type: "button",
        "aria-label": `${label}: ${invitation.name}`,
        onclick: (event) =>
          whileBusy(event.currentTarget, busy, async () => {
            say(outcome, "");
            try {
              await work();
            } catch (error) {
              say(outcome, error.message, "bad");
            }
          }),
      },
      label,
    );
  const resend = action("Send again", "Sending…", async () => {
    const sent = await api(`${path}/resend`, { method: "POST" });
    const fresh = replace(sent);
    fresh.querySelector(".link-spot").replaceChildren(
      copyableLink({
        intro: `A new link for ${invitation.name}; the one sent before no longer works.`,
        url: sent.link,
        label: `Invitation link for ${invitation.name}`,
      }),
    );
    fresh.querySelector(".link-spot input").focus();
  });
  const revoke = action("Withdraw", "Withdrawing…", async () => {
    const fresh = replace(await api(`${path}/revoke`, { method: "POST" }));
    say(fresh.querySelector(".outcome"), `${invitation.name}'s link no longer works.`, "ok");
    fresh.querySelector("h3").focus();
  });
  const reset = action("Password reset link", "Making it…", async () => {
    const kind = invitation.kind === "staff" ? "staff-users" : "portal-users";
    const made = await api(`/api/admin/${kind}/${invitation.user_id}/password-reset`, { method: "POST" });
    linkSpot.replaceChildren(
      copyableLink({
        intro: `Send ${invitation.name} this link to choose a new password; it works once, for an hour.`,
        url: made.link,
        label: `Password reset link for ${invitation.name}`,
      }),
    );
    linkSpot.querySelector("input").focus();
  });
  const actions = {
    pending: [resend, revoke],
    expired: [resend, revoke],
    revoked: [resend],
    accepted: [reset],
  }[invitation.status];

  linkSpot.className = "link-spot";
  const card = el(
    "li",
    { class: "card invitation", "aria-labelledby": headingId, "data-invitation-id": invitation.invitation_id },
    statusHeading(headingId, invitation.name, invitation.status, STATUS[invitation.status]),
    el("p", { class: "meta" }, invitation.email),
    el("p", { class: "meta" }, `${who} · ${when(invitation)}`),
    el("div", { class: "actions" }, actions),
    outcome,
    linkSpot,
  );
  return card;
}

/** The list; returns `add(invitation)` for one just made. */
export function renderInvitationList(invitations) {
  const list = document.getElementById("invitation-list");
  const count = () => {
    const waiting = list.querySelectorAll(".status-pending").length;
    const sent = list.children.length;
    document.getElementById("invitation-count").textContent = sent
      ? `${sent} ${sent === 1 ? "invitation" : "invitations"}, ${waiting} waiting to be accepted.`
      : "No invitations yet.";
  };
  const cardOf = (invitation) => {
    const card = invitationCard(invitation, (saved) => {
      const fresh = cardOf(saved);
      card.replaceWith(fresh);
      count();
      return fresh;
    });
    return card;
  };
  list.replaceChildren(...invitations.map(cardOf));
  count();
  return (invitation) => {
    list.prepend(cardOf(invitation));
    count();
  };
}
