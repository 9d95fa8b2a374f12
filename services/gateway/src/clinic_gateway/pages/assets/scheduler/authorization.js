// How a request's case stands with its insurance authorization: visits left (or how far over),
// and what this request is beyond. The count itself is the request service's (one place).

import { el } from "../dom.js";

export function visitsLeftText(authorization) {
  const left = authorization.visits_left;
  const standing =
    left < 0 ? `over by ${-left}` : left === 1 ? "1 visit left" : `${left} visits left`;
  const perWeek = authorization.visits_per_week ? `, at most ${authorization.visits_per_week} a week` : "";
  return (
    `Insurance authorization: ${standing} of ${authorization.visits}` +
    ` (${authorization.visits_used} booked, ${authorization.visits_pending} waiting;` +
    ` ${authorization.first_day} to ${authorization.last_day}${perWeek}).`
  );
}

/** The visits-left line and a warning line for each thing the request is beyond; none without one. */
export function authorizationLines(request) {
  const authorization = request.authorization;
  if (!authorization) return [];
  const over = authorization.warnings.length > 0;
  return [
    el("p", { class: `authorization ${over ? "outcome warn" : "meta"}` }, visitsLeftText(authorization)),
    ...authorization.warnings.map((warning) =>
      el("p", { class: "outcome warn authorization-warning" }, `Beyond the authorization: ${warning.reason}`),
    ),
  ];
}
