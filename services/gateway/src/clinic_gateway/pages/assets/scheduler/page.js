// The scheduler's pages: the appointment requests of the patients this scheduler may see, with
// approve, move and decline, and the calendar, for staff with the Scheduling permission.

import { ApiError } from "../api.js";
import { showPageProblem, startPage } from "../shell.js";
import { calendar } from "./calendar.js";
import { requestList } from "./request-list.js";

try {
  const me = await startPage();
  if (me.kind !== "staff" || !me.user.permissions.includes("scheduling")) {
    const code = me.kind === "staff" ? "scheduling-permission-required" : "staff-only";
    throw new ApiError({ code, status: 403 });
  }
  const days = calendar();
  const { locations, therapists } = await requestList({ onShowCalendar: days.show, onReviewed: days.reload }).start();
  document.getElementById("requests-view").hidden = false;
  await days.start(locations, therapists);
} catch (error) {
  showPageProblem(error);
}
