// Calling the calendar's settings (working hours, time off) through the admin API. The calendar
// learns of a new therapist, or a new location of theirs, a moment after the settings do: while the
// gateway answers `calendar-catching-up`, the call is made again, once a second, for a while.

import { say } from "../dom.js";

const ATTEMPTS = 20;

const pause = (seconds) => new Promise((resolve) => setTimeout(resolve, seconds * 1000));

/** `call()`'s answer; `outcome` says meanwhile that the calendar is catching up. */
export async function withCalendar(call, outcome) {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await call();
    } catch (error) {
      if (error.code !== "calendar-catching-up" || attempt === ATTEMPTS) throw error;
      say(outcome, "The calendar is catching up with this therapist; trying again in a moment…");
      await pause(1);
    }
  }
}
