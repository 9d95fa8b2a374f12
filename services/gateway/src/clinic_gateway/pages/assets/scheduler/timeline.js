// Days drawn as timelines: calendar items placed by their local start and end, side by side where
// they overlap. Appointments are solid, pending requests striped, blocks and busy time grey.

import { el } from "../dom.js";
import { clockTime, dayName, localDay, localMinutes } from "../local-time.js";

const KIND_NAMES = {
  appointment: "Appointment",
  pending_request: "Requested, not yet approved",
  block: "Blocked time",
  busy: "Busy (a patient you don't have access to)",
};

/**
 * How a calendar item's kind is drawn, here and in the legend alike: its class, by which app.css
 * draws it (`.kind-pending_request` is the striped one), and its name for the legend and for
 * screen readers. The kinds are the availability service's: appointment, pending_request, block
 * and busy.
 * @param {string} kind
 */
export function drawnKind(kind) {
  return { className: `kind-${kind}`, name: KIND_NAMES[kind] ?? kind };
}

/**
 * What an item shows as its title: who and what for a request or an appointment, the reason for
 * a block, and no more than "Busy" for a patient the scheduler may not see.
 */
export function describeItem(item) {
  if (item.kind === "busy") return "Busy";
  if (item.kind === "block") return item.title || "Blocked";
  return [item.patient_name, item.visit_type_name].filter(Boolean).join(" · ");
}

const HOUR_REM = 3;

function minutesOf(item, day) {
  const start = localDay(item.local_start) < day ? 0 : localMinutes(item.local_start);
  const end = localDay(item.local_end) > day ? 24 * 60 : localMinutes(item.local_end);
  return [start, Math.max(end, start + 5)];
}

/** Whole hours covering `spans` ([start, end] minutes) and at least `earliest`–`latest`. */
export function hoursAround(spans, earliest = 8 * 60, latest = 18 * 60) {
  let from = earliest;
  let to = latest;
  for (const [start, end] of spans) {
    from = Math.min(from, start);
    to = Math.max(to, end);
  }
  return [Math.floor(from / 60) * 60, Math.min(24 * 60, Math.ceil(to / 60) * 60)];
}

export function itemSpans(items, days) {
  return items.flatMap((item) => days.filter((day) => localDay(item.local_start) <= day && day <= localDay(item.local_end)).map((day) => minutesOf(item, day)));
}

function place(element, from, to, start, end) {
  const total = to - from;
  element.style.setProperty("top", `${((Math.max(start, from) - from) / total) * 100}%`);
  element.style.setProperty("height", `${((Math.min(end, to) - Math.max(start, from)) / total) * 100}%`);
}

/** Lanes so overlapping items sit side by side: [item, lane], and how many lanes. */
function lanes(placed) {
  const ends = [];
  const out = placed
    .sort((a, b) => a.start - b.start)
    .map((entry) => {
      let lane = ends.findIndex((end) => end <= entry.start);
      if (lane === -1) lane = ends.length;
      ends[lane] = entry.end;
      return { ...entry, lane };
    });
  return [out, Math.max(1, ends.length)];
}

/**
 * The timelines of `days` (local dates) from minute `from` to `to`. `describe(item)` gives the
 * item's text; `decorate(element, item)` may add classes or notes; `highlight` ({day, start, end}
 * in minutes) marks a time, such as the one requested.
 * @param {{ days: string[], items: any[], from: number, to: number, describe: (item: any) => string,
 *   decorate?: (entry: HTMLElement, item: any) => void, highlight?: { day: string, start: number, end: number } | null,
 *   label: string }} options
 */
export function timeline({ days, items, from, to, describe, decorate = () => {}, highlight = null, label }) {
  const hours = [];
  for (let minute = from; minute < to; minute += 60) {
    const mark = el("li", { class: "hour" }, clockTime(`0000-00-00T${String(minute / 60).padStart(2, "0")}:00`));
    place(mark, from, to, minute, minute + 60);
    hours.push(mark);
  }
  const columns = days.map((day) => {
    const placed = items
      .filter((item) => localDay(item.local_start) <= day && day <= localDay(item.local_end))
      .map((item) => {
        const [start, end] = minutesOf(item, day);
        return { item, start, end };
      });
    const [laid, laneCount] = lanes(placed);
    const entries = laid.map(({ item, start, end, lane }) => {
      const kind = drawnKind(item.kind);
      const entry = el(
        "li",
        {
          class: `cal-item ${kind.className}`,
          "data-kind": item.kind,
          "data-request-id": item.request_id ?? null,
        },
        el("span", { class: "visually-hidden" }, `${kind.name}: `),
        el("span", { class: "cal-time" }, `${clockTime(item.local_start)} – ${clockTime(item.local_end)}`),
        " ",
        el("span", { class: "cal-title" }, describe(item)),
      );
      place(entry, from, to, start, end);
      entry.style.setProperty("left", `${(lane / laneCount) * 100}%`);
      entry.style.setProperty("width", `${100 / laneCount}%`);
      decorate(entry, item);
      return entry;
    });
    const track = el("ul", { class: "day-track", "aria-label": `${dayName(day)}` }, entries);
    if (highlight && highlight.day === day) {
      const band = el("li", { class: "requested-band", "aria-hidden": "true" });
      place(band, from, to, highlight.start, highlight.end);
      track.prepend(band);
    }
    if (!entries.length) track.append(el("li", { class: "visually-hidden" }, "Nothing booked."));
    return el("div", { class: "day-column" }, el("h4", { class: "day-heading" }, dayName(day, { short: true })), track);
  });
  const grid = el(
    "div",
    { class: "timeline", role: "group", "aria-label": label },
    el("div", { class: "hours-column", "aria-hidden": "true" }, el("span", { class: "day-heading" }, ""), el("ul", { class: "hour-track" }, hours)),
    columns,
  );
  grid.style.setProperty("--track-height", `${((to - from) / 60) * HOUR_REM}rem`);
  grid.style.setProperty("--days", String(days.length));
  return grid;
}

/** The legend of the kinds, drawn as the timeline draws them. */
export function legend() {
  return el(
    "ul",
    { class: "legend", "aria-label": "Legend" },
    Object.keys(KIND_NAMES)
      .map(drawnKind)
      .map(({ className, name }) => el("li", {}, el("span", { class: `swatch ${className}`, "aria-hidden": "true" }), name)),
  );
}
