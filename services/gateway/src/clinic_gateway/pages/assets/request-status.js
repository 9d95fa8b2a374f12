// A request's status in the words of whoever reads it: the portal user, or the clinic's scheduler.

const FOR_PORTAL = {
  submitted: "Being sent to the clinic",
  pending: "Waiting for the clinic",
  approving: "Being booked",
  approved: "Booked",
  declined: "Declined",
  cancelled: "Withdrawn",
  expired: "Expired",
  refused: "Not possible",
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
};

export function portalStatus(status) {
  return FOR_PORTAL[status] ?? status;
}

export function schedulerStatus(status) {
  return FOR_SCHEDULER[status] ?? status;
}

/** The statuses a scheduler can filter by, in their words. */
export const SCHEDULER_STATUSES = Object.entries(FOR_SCHEDULER).filter(([status]) => status !== "submitted");

/** Why a request ended as it did, or what it is waiting for, told to the portal user. */
export function portalStatusDetail(request) {
  switch (request.status) {
    case "pending":
      return "The clinic will review your request. The time is kept for you meanwhile.";
    case "approved":
      return "Your appointment is booked.";
    case "declined":
      return request.decline_reason ? `The clinic's reason: ${request.decline_reason}` : null;
    case "expired":
      return "The clinic didn't answer in time. Please send a new request or call the clinic.";
    case "refused":
      return request.refusal?.reason ?? "That time was no longer free. Please choose another time.";
    default:
      return null;
  }
}
