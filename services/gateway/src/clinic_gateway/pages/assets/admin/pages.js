// The admin pages and the links between them. The shell (html/admin.html) shows each page that has
// a `module` (exporting `renderPage(root, context)`); a page of its own html (the invitations) only
// shows these links too. A new admin page is one entry here and its path in pages/router.py.

import { el } from "../dom.js";

export const ADMIN_PAGES = [
  { path: "/admin", name: "Clinic", title: "Clinic settings", module: () => import("./clinic.js") },
  { path: "/admin/locations", name: "Locations", title: "Locations", module: () => import("./locations.js") },
  { path: "/admin/visit-types", name: "Visit types", title: "Visit types", module: () => import("./visit-types.js") },
  { path: "/admin/therapists", name: "Therapists", title: "Therapists", module: () => import("./therapists.js") },
  { path: "/admin/patients", name: "Patients", title: "Patients", module: () => import("./patients.js") },
  { path: "/admin/cases", name: "Patient cases", title: "Patient cases", module: () => import("./cases.js") },
  {
    path: "/admin/people",
    name: "Staff and portal users",
    title: "Staff and portal users",
    module: () => import("./people.js"),
  },
  { path: "/admin/invitations", name: "Invitations", title: "Invitations" },
  { path: "/admin/emails", name: "Emails", title: "Emails", module: () => import("./emails.js") },
];

/** The page at this address (the clinic page for an address it does not know). */
export function currentPage() {
  const path = window.location.pathname.replace(/\/+$/, "") || "/admin";
  return ADMIN_PAGES.find((page) => page.module && page.path === path) ?? ADMIN_PAGES[0];
}

/** The links to every admin page, `current` (one of ADMIN_PAGES, or its path) marked. */
export function renderAdminNav(current) {
  if (typeof current === "string") current = ADMIN_PAGES.find((page) => page.path === current);
  const links = ADMIN_PAGES.map((page) =>
    el("li", {}, el("a", { href: page.path, "aria-current": page === current ? "page" : null }, page.name)),
  );
  document.getElementById("admin-nav").replaceChildren(el("ul", {}, links));
}
