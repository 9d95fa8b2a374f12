// The portal: a patient or caregiver asks for an appointment, step by step, phone first, and
// follows what became of their requests.

import { api } from "../api.js";
import { runPage } from "../shell.js";
import { myRequests } from "./my-requests.js";
import { requestForm } from "./request-form.js";
import { waitlist } from "./waitlist.js";

runPage(async () => {
  const [patients, locations] = await Promise.all([api("/api/portal/patients"), api("/api/portal/locations")]);
  const requests = myRequests({ patients, locations });
  requestForm(document.getElementById("request-form"), { patients, locations, onSent: requests.refresh }).start();
  await requests.refresh();
  await waitlist({ patients, locations }).start();
});
