// Clinic settings, for staff with the Admin permission: the page this address names (see
// pages.js), below the links to all of them.

import { api } from "../api.js";
import { runPage } from "../shell.js";
import { currentPage, renderAdminNav } from "./pages.js";

const page = currentPage();
runPage(async () => {
  renderAdminNav(page);
  document.title = `${page.title} · Appointment requests`;
  document.getElementById("page-title").textContent = page.title;
  const [clinic, module] = await Promise.all([api("/api/admin/clinic"), page.module()]);
  document.getElementById("clinic-name").textContent = `· ${clinic.name}`;
  const root = document.getElementById("admin-page");
  await module.renderPage(root, { clinic });
  root.hidden = false;
});
