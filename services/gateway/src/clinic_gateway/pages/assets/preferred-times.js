// Preferred times (weekdays × parts of the day over local dates, in the location's zone) in words,
// for the portal user who asked and the scheduler who answers. The parts' hours are defined once,
// in clinic_contracts.preferred_times; the pages name the parts only.

import { dayName } from "./local-time.js";

export const WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];
export const PARTS_OF_DAY = ["morning", "afternoon", "evening"];

const capital = (word) => word[0].toUpperCase() + word.slice(1);

function listed(words) {
  return words.length > 1 ? `${words.slice(0, -1).join(", ")} or ${words.at(-1)}` : words[0];
}

/** "Tuesday or Thursday mornings, Thursday, December 10 to Wednesday, December 30". */
export function preferredTimesText(preferred) {
  const days = WEEKDAYS.filter((day) => preferred.weekdays.includes(day)).map(capital);
  const parts = PARTS_OF_DAY.filter((part) => preferred.parts_of_day.includes(part)).map((part) => `${part}s`);
  return `${listed(days)} ${listed(parts)}, ${dayName(preferred.date_from)} to ${dayName(preferred.date_to)}`;
}
