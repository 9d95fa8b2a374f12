// Invitations: invite a patient, a caregiver or a member of staff, and follow the invitations sent.

import { api } from "../api.js";
import { renderAdminNav } from "../admin/pages.js";
import { runPage } from "../shell.js";
import { renderInvitationList } from "./invitation-list.js";
import { renderInviteForm } from "./invite-form.js";

runPage(async () => {
  renderAdminNav("/admin/invitations");
  const [invitations, patients, locations] = await Promise.all([
    api("/api/admin/invitations"),
    api("/api/admin/patients"),
    api("/api/admin/locations"),
  ]);
  const add = renderInvitationList(invitations);
  renderInviteForm({ patients, locations: locations.filter((location) => location.active), onInvited: add });
  document.getElementById("invitations-page").hidden = false;
});
