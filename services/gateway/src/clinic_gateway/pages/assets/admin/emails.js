// The clinic's emails, newest first: what each told and to whom, where it stands (sent, being
// tried again while the mail relay is away, failed), and "Send again" on a failed one once its
// cause is fixed. An email's words are never shown: the API does not give them.

import { api } from "../api.js";
import { el, say, statusHeading, uid, whileBusy } from "../dom.js";
import { momentTime } from "../local-time.js";
import { field, outcomeRegion, selectInput } from "./forms.js";

const PAGE_SIZE = 25;

const KINDS = {
  "request-received": "Request received",
  "request-refused": "Request not possible",
  "request-moved": "Requested time changed",
  "request-approved": "Appointment booked",
  "request-declined": "Request declined",
  "request-expired": "Request expired",
  "appointment-cancelled": "Appointment cancelled",
  "account-invitation": "Invitation to the portal",
  "password-reset": "Link to choose a new password",
  "new-pending-request": "New request waiting",
  "waiting-digest": "Daily digest of waiting requests",
};

const STATUS = {
  queued: "Waiting to be sent",
  retrying: "Trying again",
  sent: "Sent",
  failed: "Failed",
};

const FILTERS = [
  ["", "All emails"],
  ["failed", "Failed"],
  ["retrying", "Trying again"],
  ["queued", "Waiting to be sent"],
  ["sent", "Sent"],
];

const RECIPIENTS = { portal: "patient or caregiver", staff: "staff" };

function kindInWords(kind) {
  return KINDS[kind] ?? kind.replaceAll("-", " ").replace(/^./, (first) => first.toUpperCase());
}

function attempts(count) {
  return count === 1 ? "1 attempt" : `${count} attempts`;
}

/** Where the email stands, with its time in the browser's own zone. */
function when(email) {
  if (email.status === "sent") return `Sent ${momentTime(email.sent_at)} · ${attempts(email.attempts)}`;
  if (email.status === "failed") return `Failed after ${attempts(email.attempts)} · written ${momentTime(email.created_at)}`;
  if (email.status === "retrying") {
    const next = email.next_attempt_at ? ` · next try ${momentTime(email.next_attempt_at)}` : "";
    return `Not sent yet: ${attempts(email.attempts)}${next}`;
  }
  return `Written ${momentTime(email.created_at)}, waiting for its turn`;
}

function emailCard(email, { replace }) {
  const headingId = uid("email");
  const kind = kindInWords(email.kind);
  const outcome = outcomeRegion();
  const card = el(
    "li",
    { class: "card email", "aria-labelledby": headingId, "data-email-id": email.email_id },
    statusHeading(headingId, kind, email.status, STATUS[email.status] ?? email.status),
    el("p", { class: "meta" }, `To ${email.to_address} (${RECIPIENTS[email.recipient_kind] ?? email.recipient_kind})`),
    el("p", { class: "meta" }, `Subject: ${email.subject}`),
    email.has_calendar_invitation ? el("p", { class: "meta" }, "With a calendar invitation") : null,
    el("p", { class: "meta" }, when(email)),
    // A sent email's last error is history; one still waiting, or given up on, says why.
    email.last_error && email.status !== "sent"
      ? el("p", { class: "meta" }, `The mail relay answered: ${email.last_error}`)
      : null,
  );
  if (email.status === "failed") {
    const again = el(
      "button",
      { type: "button", "aria-label": `Send again: ${kind} to ${email.to_address}` },
      "Send again",
    );
    again.addEventListener("click", () =>
      whileBusy(again, "Sending…", async () => {
        say(outcome, "");
        try {
          const fresh = replace(await api(`/api/admin/emails/${email.email_id}/retry`, { method: "POST" }));
          say(fresh.querySelector(".outcome"), "Queued again: it goes out in a moment.", "ok");
          fresh.querySelector("h3").focus();
        } catch (error) {
          say(outcome, error.message, "bad");
        }
      }),
    );
    card.append(el("div", { class: "actions" }, again));
  }
  card.append(outcome);
  return card;
}

export async function renderPage(root) {
  const status = selectInput("status", FILTERS, "");
  const count = el("p", { class: "hint", role: "status", "aria-live": "polite" });
  const problem = outcomeRegion();
  const list = el("ul", { id: "email-list", class: "email-list" });
  const more = el("button", { type: "button", hidden: true }, "Show more emails");
  let shown = 0;

  const cardOf = (email) => {
    const card = emailCard(email, {
      replace: (saved) => {
        const fresh = cardOf(saved);
        card.replaceWith(fresh);
        return fresh;
      },
    });
    return card;
  };

  // Answers may arrive out of order when the filter changes quickly: only the latest counts.
  let latest = 0;
  async function load({ append = false } = {}) {
    const asked = ++latest;
    const params = new URLSearchParams({ limit: String(PAGE_SIZE), offset: String(append ? shown : 0) });
    if (status.value) params.set("status", status.value);
    // Busy until the latest answer is shown: a card pressed meanwhile may be about to be replaced.
    list.setAttribute("aria-busy", "true");
    const page = await api(`/api/admin/emails?${params}`).finally(() => {
      if (asked === latest) list.removeAttribute("aria-busy");
    });
    if (asked !== latest) return;
    const cards = page.items.map(cardOf);
    if (append) list.append(...cards);
    else list.replaceChildren(...cards);
    shown = (append ? shown : 0) + page.items.length;
    more.hidden = shown >= page.total;
    count.textContent = page.total
      ? `Showing ${shown} of ${page.total} ${page.total === 1 ? "email" : "emails"}, newest first.`
      : "No emails match this filter.";
  }
  const loadOrSay = (options) => {
    say(problem, "");
    load(options).catch((error) => say(problem, error.message, "bad"));
  };
  status.addEventListener("change", () => loadOrSay());
  more.addEventListener("click", () => loadOrSay({ append: true }));

  await load();
  root.replaceChildren(
    el(
      "p",
      { class: "hint" },
      "Every email the clinic's system wrote, and where it stands. While the mail relay is away an email is tried " +
        "again for a while; once it has failed, fix the cause (the relay's settings, the address) and send it again.",
    ),
    el("div", { class: "card filters", role: "search", "aria-label": "Filter emails" }, field("Status", status)),
    problem,
    count,
    list,
    el("div", { class: "actions" }, more),
  );
}
