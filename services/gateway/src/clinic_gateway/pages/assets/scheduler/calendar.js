// The day and week calendar of a location or a therapist, in the location's time zone:
// appointments solid, pending requests striped, blocks and busy time grey.

import { api } from "../api.js";
import { byId, el, say } from "../dom.js";
import { addDays, dayName, todayIn, zoneName } from "../local-time.js";
import { describeItem, hoursAround, itemSpans, legend, timeline } from "./timeline.js";

function describe(item, byLocation) {
  const who = describeItem(item);
  return byLocation && item.therapist_name ? `${who} (${item.therapist_name})` : who;
}

/** The calendar section; `start(locations, therapists)` takes [id, name] pairs to choose from. */
export function calendar() {
  const section = document.getElementById("calendar");
  const whose = byId("calendar-of", HTMLSelectElement);
  const dayInput = byId("calendar-day", HTMLInputElement);
  const span = byId("calendar-span", HTMLSelectElement);
  const view = document.getElementById("calendar-view");
  const zoneNote = document.getElementById("calendar-zone");
  const outcome = document.getElementById("calendar-outcome");
  const heading = document.getElementById("calendar-heading");
  let generation = 0;

  async function load() {
    const mine = ++generation;
    if (!whose.value || !dayInput.value) return;
    const [kind, id] = whose.value.split(":");
    const params = new URLSearchParams({ day: dayInput.value, span: span.value });
    params.set(kind === "location" ? "location_id" : "therapist_id", id);
    say(outcome, "");
    section.setAttribute("aria-busy", "true");
    try {
      const answer = await api(`/api/scheduler/calendar?${params}`);
      if (mine !== generation) return;
      const days = [];
      for (let day = answer.date_from; day <= answer.date_to; day = addDays(day, 1)) days.push(day);
      const [from, to] = hoursAround(itemSpans(answer.items, days));
      zoneNote.textContent = `Times are in ${zoneName(answer.time_zone)}.`;
      const title = `${whose.selectedOptions[0].textContent}, ${
        days.length === 1 ? dayName(days[0]) : `week of ${dayName(days[0])}`
      }`;
      view.replaceChildren(
        timeline({
          days,
          items: answer.items,
          from,
          to,
          label: title,
          describe: (item) => describe(item, kind === "location"),
        }),
      );
      view.classList.toggle("week-view", days.length > 1);
      if (!answer.items.length) say(outcome, "Nothing on this calendar for these days.");
    } catch (error) {
      if (mine === generation) say(outcome, error.message, "bad");
    } finally {
      if (mine === generation) section.removeAttribute("aria-busy");
    }
  }

  function step(direction) {
    dayInput.value = addDays(dayInput.value || todayIn("UTC"), direction * (span.value === "week" ? 7 : 1));
    load();
  }

  return {
    start(locations, therapists) {
      whose.replaceChildren(
        ...locations.map(([id, name]) => el("option", { value: `location:${id}` }, `${name} (everyone)`)),
        ...therapists.map(([id, name]) => el("option", { value: `therapist:${id}` }, name)),
      );
      if (!whose.options.length) {
        say(outcome, "No location is assigned to you yet, so there is no calendar to show. Ask an admin to assign one.");
      }
      dayInput.value = todayIn(Intl.DateTimeFormat().resolvedOptions().timeZone);
      section.querySelector("#calendar-legend").replaceChildren(legend());
      for (const control of [whose, dayInput, span]) control.addEventListener("change", load);
      document.getElementById("calendar-previous").addEventListener("click", () => step(-1));
      document.getElementById("calendar-next").addEventListener("click", () => step(1));
      section.hidden = false;
      return load();
    },
    /** Show a therapist's week around a local date, and move there. */
    async show({ therapistId, day }) {
      const wanted = `therapist:${therapistId}`;
      if ([...whose.options].some((option) => option.value === wanted)) whose.value = wanted;
      dayInput.value = day;
      span.value = "week";
      await load();
      heading.focus();
      heading.scrollIntoView({ block: "start" });
    },
    reload: load,
  };
}
