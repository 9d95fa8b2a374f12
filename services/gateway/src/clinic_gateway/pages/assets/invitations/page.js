// Invitations: invite a patient, a caregiver or a member of staff, and follow the invitations sent.

import { api } from "../api.js";
import { renderAdminNav } from "../admin/pages.js";
import { showPageProblem, startPage } from "../shell.js";
import { renderInvitationList } from "./invitation-list.js";
import { renderInviteForm } from "./invite-form.js";

try {
  await startPage();
  renderAdminNav("/admin/invitations");
  const [invitations, patients, locations] = await Promise.all([
    api("/api/admin/invitations"),
    api("/api/admin/patients"),
    api("/api/admin/locations"),
  ]);
  const add = renderInvitationList(invitations);
  renderInviteForm({ patients, locations: locations.filter((location) => location.active), onInvited: add });
  document.getElementById("invitations-page").hidden = false;
} catch (error) {
  showPageProblem(error);
} finally {
  document.getElementById("loading").hidden = true;
}
