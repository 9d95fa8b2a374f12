// A request's status in the words of whoever reads it: the portal user, or the clinic's scheduler.

import { momentTime } from "./local-time.js";

const FOR_PORTAL = {
  submitted: "Being sent to the clinic",
  pending: "Waiting for the clinic",
  approving: "Being booked",
  approved: "Booked",
  declined: "Declined",
  cancelled: "Withdrawn",
  expired: "Expired",
  refused: "Not possible",
  cancelling: "Being cancelled",
  "appointment-cancelled": "Appointment cancelled",
  offering: "Waiting for the clinic",
  offered: "Other times offered",
  "offer-declined": "Other times declined",
  "awaiting-time": "Waiting for the clinic to pick a time",
};

const FOR_SCHEDULER = {
  submitted: "Being placed",
  pending: "Waiting for review",
  approving: "Being booked",
  approved: "Approved",
  declined: "Declined",
  cancelled: "Withdrawn",
  expired: "Expired",
  refused: "Refused",
  cancelling: "Being cancelled",
  "appointment-cancelled": "Appointment cancelled",
  offering: "Offering other times",
  offered: "Other times offered",
  "offer-declined": "Offer declined",
  "awaiting-time": "Waiting for a time",
};

export function portalStatus(status) {
  return FOR_PORTAL[status] ?? status;
}

export function schedulerStatus(status) {
  return FOR_SCHEDULER[status] ?? status;
}

/** The statuses a scheduler can filter by, in their words. */
export const SCHEDULER_STATUSES = Object.entries(FOR_SCHEDULER).filter(([status]) => status !== "submitted");

/** Who cancelled an approved appointment, and when, in a sentence; `you` is how a portal user is named. */
export function appointmentCancellation(request, { you }) {
  const cancellation = request.appointment_cancellation;
  if (!cancellation) return "This appointment was cancelled.";
  const on = momentTime(cancellation.at);
  return cancellation.actor_kind === "staff"
    ? `The clinic cancelled this appointment on ${on}.`
    : `${you} cancelled this appointment on ${on}.`;
}

/** Why a request ended as it did, or what it is waiting for, told to the portal user. */
export function portalStatusDetail(request) {
  switch (request.status) {
    case "pending":
      return "The clinic will review your request. The time is kept for you meanwhile.";
    case "awaiting-time":
      return "The clinic will pick a time inside the days and times you gave, and let you know.";
    case "approved":
      return request.cancellable_until && new Date(request.cancellable_until) > new Date()
        ? `Your appointment is booked. You can cancel it here until ${momentTime(request.cancellable_until)}.`
        : "Your appointment is booked.";
    case "cancelling":
      return "Your appointment is being cancelled.";
    case "appointment-cancelled":
      return `${appointmentCancellation(request, { you: "You" })} The time is no longer kept for you.`;
    case "declined":
      return request.decline_reason ? `The clinic's reason: ${request.decline_reason}` : null;
    case "expired":
      // A time offered from the waitlist: it went to the next person waiting; the family waits on.
      if (request.waitlist_entry_id) {
        return "The time that came free was not accepted in time (or was taken first), so it went to the next person waiting. You are still on the waitlist.";
      }
      if (request.expiry?.code === "offer-not-answered-in-time") {
        return "The times the clinic offered were not answered in time, so they were released. Please send a new request or call the clinic.";
      }
      if (request.expiry?.code === "preferred-times-passed") {
        return "The days you asked for passed before the clinic found a time, so this request expired. Please send a new request or call the clinic.";
      }
      if (request.expiry?.code === "start-passed") {
        return "The requested time came before the clinic answered, so this request expired. Please send a new request or call the clinic.";
      }
      return "The clinic didn't answer in time. Please send a new request or call the clinic.";
    case "refused":
      return request.refusal?.reason ?? "That time was no longer free. Please choose another time.";
    case "offer-declined":
      if (request.waitlist_entry_id) return "You declined the time that came free; it went to the next person waiting.";
      return "You declined the times the clinic offered. Please send a new request or call the clinic.";
    default:
      return null;
  }
}
