// What every signed-in page shares: who is signed in, the header with its links, and signing out.

import { api, currentSession, signOut } from "./api.js";
import { el, say } from "./dom.js";

const AREAS = [
  { path: "/portal", name: "Request an appointment", allowed: (me) => me.kind === "portal" },
  { path: "/scheduler", name: "Appointment requests", allowed: (me) => staffMay(me, "scheduling") },
  { path: "/admin", name: "Clinic settings", allowed: (me) => staffMay(me, "admin") },
  { path: "/admin/invitations", name: "Invitations", allowed: (me) => staffMay(me, "admin") },
];

const MY_EMAILS = "/account/emails";
const MY_CALENDAR_FEEDS = "/account/calendar-feeds";

function staffMay(me, permission) {
  return me.kind === "staff" && me.user.permissions.includes(permission);
}

/** The page a signed-in user starts on, or null when their account may use none. */
export function homeFor(me) {
  return AREAS.find((area) => area.allowed(me))?.path ?? null;
}

function renderHeader(me) {
  const here = window.location.pathname;
  const areas = AREAS.filter((area) => area.allowed(me));
  const nav = document.getElementById("site-nav");
  if (areas.length > 1) {
    const links = areas.map((area) =>
      el("li", {}, el("a", { href: area.path, "aria-current": area.path === here ? "page" : null }, area.name)),
    );
    nav.replaceChildren(el("ul", {}, links));
    nav.hidden = false;
  }
  document.getElementById("signed-in-as").textContent = `Signed in as ${me.user.name}`;
  const signOutButton = document.getElementById("sign-out");
  // Everyone's own page, beside their name rather than among the areas, which are what they work on.
  signOutButton.before(
    el("a", { href: MY_EMAILS, "aria-current": here === MY_EMAILS ? "page" : null }, "My emails"),
  );
  signOutButton.before(
    el("a", { href: MY_CALENDAR_FEEDS, "aria-current": here === MY_CALENDAR_FEEDS ? "page" : null }, "Calendar feeds"),
  );
  signOutButton.addEventListener("click", () => signOut());
  document.getElementById("account").hidden = false;
}

/**
 * Start a signed-in page: back to sign-in without a session; else the header is filled in and the
 * signed-in user ({kind, user}) returned. Whether they may use the page is the API's answer.
 */
async function startPage() {
  if (!currentSession()) {
    signOut("Please sign in first.");
    return new Promise(() => {}); // the sign-in page is loading; nothing more happens here
  }
  const me = await api("/api/me");
  renderHeader(me);
  return me;
}

/**
 * Run a signed-in page: `draw(me)` fills it in once `startPage` has; what fails is said at the top
 * of the page, and the page's "Loading…" line, if it has one, goes either way.
 * @param {(me: any) => Promise<void>} draw
 */
export async function runPage(draw) {
  try {
    await draw(await startPage());
  } catch (error) {
    showPageProblem(error);
  } finally {
    const loading = document.getElementById("loading");
    if (loading) loading.hidden = true;
  }
}

/** Say at the top of the page what went wrong, in the words of `error.message`. */
export function showPageProblem(error) {
  say(document.getElementById("page-problem"), error.message, "bad");
}

export function clearPageProblem() {
  say(document.getElementById("page-problem"), "");
}
