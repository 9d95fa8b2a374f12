// The scheduler's pages: the appointment requests of the patients this scheduler may see, with
// approve and decline, for staff with the Scheduling permission.

import { ApiError } from "../api.js";
import { showPageProblem, startPage } from "../shell.js";
import { requestList } from "./request-list.js";

try {
  const me = await startPage();
  if (me.kind !== "staff" || !me.user.permissions.includes("scheduling")) {
    const code = me.kind === "staff" ? "scheduling-permission-required" : "staff-only";
    throw new ApiError({ code, status: 403 });
  }
  await requestList().start();
  document.getElementById("requests-view").hidden = false;
} catch (error) {
  showPageProblem(error);
}
