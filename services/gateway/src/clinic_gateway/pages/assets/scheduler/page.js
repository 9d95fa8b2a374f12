// The scheduler's pages: the appointment requests of the patients this scheduler may see, with
// approve, move and decline, and the calendar, for staff with the Scheduling permission.

import { ApiError, api } from "../api.js";
import { runPage } from "../shell.js";
import { calendar } from "./calendar.js";
import { requestList } from "./request-list.js";
import { waitlist } from "./waitlist.js";

runPage(async (me) => {
  if (me.kind !== "staff" || !me.user.permissions.includes("scheduling")) {
    const code = me.kind === "staff" ? "scheduling-permission-required" : "staff-only";
    throw new ApiError({ code, status: 403 });
  }
  const days = calendar();
  const [scope] = await Promise.all([
    api("/api/scheduler/scope"),
    requestList({ onShowCalendar: days.show, onReviewed: days.reload }).start(),
  ]);
  document.getElementById("requests-view").hidden = false;
  await waitlist().refresh();
  await days.start(
    scope.locations.map(({ id, name }) => [id, name]),
    scope.therapists.map(({ id, name }) => [id, name]),
  );
});
