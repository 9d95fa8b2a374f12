// Calling the gateway's JSON API: adds the sign-in token, turns problem documents into readable
// errors, and sends the user back to sign-in when the session is over.

import { explain } from "./problems.js";

const SESSION_KEY = "clinic.session";
const NOTICE_KEY = "clinic.sign-in-notice";

/** The signed-in session ({token, kind, user_id, clinic_id, expires_at}), or null. */
export function currentSession() {
  try {
    return JSON.parse(sessionStorage.getItem(SESSION_KEY));
  } catch {
    return null;
  }
}

export function keepSession(session) {
  sessionStorage.setItem(SESSION_KEY, JSON.stringify(session));
}

/** Forget the session and go to the sign-in page, which shows `notice` if one is given. */
export function signOut(notice) {
  sessionStorage.removeItem(SESSION_KEY);
  if (notice) sessionStorage.setItem(NOTICE_KEY, notice);
  window.location.assign("/");
}

/** The message left for the sign-in page by `signOut`, read once. */
export function takeSignInNotice() {
  const notice = sessionStorage.getItem(NOTICE_KEY);
  sessionStorage.removeItem(NOTICE_KEY);
  return notice;
}

/** An API call that failed: `message` is the sentence to show, `problem` the document itself. */
export class ApiError extends Error {
  constructor(problem) {
    super(explain(problem));
    this.name = "ApiError";
    this.problem = problem;
    this.code = problem.code;
    this.status = problem.status;
  }
}

async function problemOf(response) {
  try {
    const body = await response.json();
    if (body && typeof body === "object") return { status: response.status, ...body };
  } catch {
    // Not JSON: a proxy's error page, say. The status alone must do.
  }
  const code = response.status >= 500 ? "service-unavailable" : `http-${response.status}`;
  return { status: response.status, code, title: response.statusText };
}

/**
 * Call the API and return the decoded JSON answer; throws ApiError on any failure.
 * An expired or missing sign-in ends the session and opens the sign-in page.
 * @param {string} path
 * @param {{ method?: string, body?: unknown }} [options] `body` is sent as JSON
 * @returns {Promise<any>}
 */
export async function api(path, { method = "GET", body } = {}) {
  const headers = { Accept: "application/json, application/problem+json" };
  const session = currentSession();
  if (session?.token) headers.Authorization = `Bearer ${session.token}`;
  if (body !== undefined) headers["Content-Type"] = "application/json";
  let response;
  try {
    response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  } catch {
    throw new ApiError({ code: "network-error", status: 0 });
  }
  if (!response.ok) {
    const error = new ApiError(await problemOf(response));
    if (response.status === 401 && error.code === "not-signed-in") signOut(error.message);
    throw error;
  }
  if (response.status === 204) return null;
  try {
    return await response.json();
  } catch {
    throw new ApiError({ code: "unreadable-answer", status: response.status });
  }
}
