// A request opened in the scheduler's list: its calendar snapshot (the therapist's day around the
// requested time, overlaps flagged) and, while it is pending, moving it to another time.

import { api } from "../api.js";
import { el, say, uid, whileBusy } from "../dom.js";
import { dayName, localDay, localMinutes, utcToZoned, visitTime, zoneName, zonedToUtc } from "../local-time.js";
import { visitsLeftText } from "./authorization.js";
import { offerForm, offerOutcome, sendChange } from "./offer-form.js";
import { describeItem, hoursAround, itemSpans, legend, timeline } from "./timeline.js";

function snapshotView(request) {
  const snapshot = request.calendar_snapshot;
  const zone = snapshot.time_zone;
  const requestedStart = utcToZoned(snapshot.requested_start, zone);
  const requestedEnd = utcToZoned(snapshot.requested_end, zone);
  const day = localDay(requestedStart);
  const highlight = { day, start: localMinutes(requestedStart), end: localMinutes(requestedEnd) || 24 * 60 };
  const [from, to] = hoursAround([...itemSpans(snapshot.items, [day]), [highlight.start - 60, highlight.end + 60]]);
  const clashes = snapshot.items.filter((item) => item.overlaps_requested_time && !item.requested);
  return el(
    "div",
    { class: "snapshot" },
    el("h4", {}, `${request.therapist_name ?? "The therapist"}'s calendar, ${dayName(day)}`),
    el("p", { class: "hint" }, `The requested time is outlined. Times are in ${zoneName(zone)}.`),
    el(
      "p",
      { class: clashes.length ? "outcome bad" : "outcome ok" },
      clashes.length
        ? `${clashes.length === 1 ? "1 item overlaps" : `${clashes.length} items overlap`} the requested time.`
        : "Nothing else on the calendar overlaps the requested time.",
    ),
    request.authorization
      ? el(
          "p",
          { class: `snapshot-authorization outcome ${request.authorization.warnings.length ? "warn" : "ok"}` },
          visitsLeftText(request.authorization),
        )
      : null,
    timeline({
      days: [day],
      items: snapshot.items,
      from,
      to,
      highlight,
      label: `Calendar snapshot, ${dayName(day)}`,
      describe: describeItem,
      decorate: (entry, item) => {
        if (item.requested) {
          entry.classList.add("requested");
          entry.append(el("span", { class: "cal-flag" }, " This request"));
        } else if (item.overlaps_requested_time) {
          entry.classList.add("overlaps");
          entry.append(el("span", { class: "cal-flag" }, " Overlaps the requested time"));
        }
      },
    }),
    legend(),
  );
}

function editOutcome(answer, zone) {
  if (answer.edit_refusal) {
    return [`The new time couldn't be held: ${answer.edit_refusal.reason} The request keeps its time.`, "bad"];
  }
  if (answer.proposed_edit) return ["The new time is being held on the calendar. Open the snapshot again in a moment.", ""];
  return [`Moved to ${visitTime(answer.start, answer.end, zone)}. You can now approve it.`, "ok"];
}

function editForm(request, zone, { outcome, onMoved }) {
  const inputId = uid("new-start");
  const hintId = uid("new-start-hint");
  const input = el("input", {
    type: "datetime-local",
    id: inputId,
    step: "900",
    value: utcToZoned(request.start, zone),
    "aria-describedby": hintId,
  });
  const save = el("button", { type: "submit" }, "Move to this time");
  const form = el(
    "form",
    { class: "edit-time", novalidate: true },
    el(
      "div",
      { class: "field" },
      el("label", { for: inputId }, "New start time"),
      el("span", { class: "hint", id: hintId }, `In ${zoneName(zone)}. The visit keeps its length.`),
      input,
    ),
    el("div", { class: "actions" }, save),
  );
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    if (!input.value) {
      say(outcome, "Please choose the new start time.", "bad");
      input.focus();
      return;
    }
    sendChange(save, "Moving…", {
      path: `/api/scheduler/requests/${request.request_id}/edit`,
      body: () => ({ start: zonedToUtc(input.value, zone) }),
      outcome,
      outcomeOf: (answer) => editOutcome(answer, zone),
      done: onMoved,
    });
  });
  return form;
}

/**
 * The "Calendar snapshot" button and the panel it opens. `onMoved(request)` follows an edit;
 * `onShowCalendar({therapistId, day})` opens the calendar on the therapist's week.
 */
export function requestDetail(request, { outcome, onMoved, onShowCalendar }) {
  const panelId = uid("snapshot");
  const panel = el("div", { class: "request-detail", id: panelId, hidden: true });
  const open = el("button", { type: "button", "aria-expanded": "false", "aria-controls": panelId }, "Calendar snapshot");
  const zone = request.time_zone;

  async function fill() {
    panel.replaceChildren(el("p", { class: "loading" }, "Loading the calendar…"));
    const full = await api(`/api/scheduler/requests/${request.request_id}`);
    const day = localDay(utcToZoned(full.start, zone ?? full.calendar_snapshot.time_zone));
    const toCalendar = el("button", { type: "button", class: "quiet" }, "Show the week on the calendar");
    toCalendar.addEventListener("click", () => onShowCalendar({ therapistId: full.therapist_id, day }));
    // A move or an offer changes the request and its calendar: both are drawn again.
    const changed = async (answer) => {
      await onMoved(answer);
      await fill();
    };
    const changeable = full.status === "pending" && zone;
    panel.replaceChildren(
      snapshotView(full),
      el("div", { class: "actions" }, toCalendar),
      changeable ? editForm(full, zone, { outcome, onMoved: changed }) : null,
      changeable ? offerForm(full, zone, { outcome, onOffered: changed }) : null,
      full.counter_offer && full.status !== "pending" && zone
        ? el("p", { class: "meta offer-state" }, offerOutcome(full, zone)[0])
        : null,
    );
  }

  open.addEventListener("click", () =>
    whileBusy(open, "Loading…", async () => {
      const opening = panel.hidden;
      panel.hidden = !opening;
      open.setAttribute("aria-expanded", String(opening));
      if (!opening) return;
      try {
        await fill();
      } catch (error) {
        panel.replaceChildren();
        say(outcome, error.message, "bad");
      }
    }),
  );
  return { open, panel };
}
