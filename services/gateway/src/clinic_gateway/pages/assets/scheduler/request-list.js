// The request list: pending first by default, filtered by status, location and therapist, with
// the portal user's note, and each pending request approved or declined from its card.

import { api } from "../api.js";
import { byId, el, say } from "../dom.js";
import { SCHEDULER_STATUSES } from "../request-status.js";
import { requestCard } from "./request-card.js";
import { seriesCard } from "./series-card.js";

const PAGE_SIZE = 20;

function options(select, entries, anyLabel) {
  select.replaceChildren(
    ...(anyLabel ? [el("option", { value: "" }, anyLabel)] : []),
    ...entries.map(([value, label]) => el("option", { value }, label)),
  );
}

/** Every location and therapist named in the requests this scheduler may see, sorted by name. */
function namedIn(requests, idField, nameField) {
  const names = new Map(requests.filter((item) => item[nameField]).map((item) => [item[idField], item[nameField]]));
  return [...names].sort((a, b) => a[1].localeCompare(b[1]));
}

// Both wait for the scheduler's answer: "Waiting for review" lists the requests waiting for a time too.
const WAITING_FOR_YOU = { pending: ["pending", "awaiting-time"] };

/** The list; `onShowCalendar({therapistId, day})` opens the calendar from a request. */
export function requestList({ onShowCalendar, onReviewed: afterReview }) {
  const list = document.getElementById("scheduler-requests");
  const more = document.getElementById("more");
  const count = document.getElementById("request-count");
  const outcome = document.getElementById("review-outcome");
  const status = byId("filter-status", HTMLSelectElement);
  const location = byId("filter-location", HTMLSelectElement);
  const therapist = byId("filter-therapist", HTMLSelectElement);
  let shown = 0;

  function query(offset) {
    const params = new URLSearchParams({ limit: String(PAGE_SIZE), offset: String(offset) });
    const statuses = status.value ? (WAITING_FOR_YOU[status.value] ?? [status.value]) : SCHEDULER_STATUSES.map(([value]) => value);
    for (const value of statuses) params.append("status", value);
    if (location.value) params.set("location_id", location.value);
    if (therapist.value) params.set("therapist_id", therapist.value);
    return `/api/scheduler/requests?${params}`;
  }

  function showPendingCount(pending) {
    const badge = document.getElementById("pending-count");
    badge.textContent = `${pending} waiting`;
    badge.hidden = false;
  }

  // Answers may arrive out of order when filters change quickly: only the latest question's counts.
  let latest = 0;

  // Series already shown as one card: their visits on later pages are not shown again.
  let seriesShown = new Set();

  // A visit of a weekly series brings its whole series, as one card with every visit's status.
  async function cardsFor(items) {
    const cards = [];
    for (const request of items) {
      if (!request.series) {
        cards.push(requestCard(request, { onReviewed, onShowCalendar }));
        continue;
      }
      const seriesId = request.series.series_id;
      if (seriesShown.has(seriesId)) continue;
      seriesShown.add(seriesId);
      const params = new URLSearchParams({ series_id: seriesId, limit: "60" });
      for (const [value] of SCHEDULER_STATUSES) params.append("status", value);
      const visits = (await api(`/api/scheduler/requests?${params}`)).items;
      visits.sort((a, b) => a.series.occurrence - b.series.occurrence);
      cards.push(seriesCard(visits, { onReviewed, onShowCalendar }));
    }
    return cards;
  }

  async function load({ append = false } = {}) {
    const asked = ++latest;
    const page = await api(query(append ? shown : 0));
    if (asked !== latest) return;
    if (!append) seriesShown = new Set();
    const cards = await cardsFor(page.items);
    if (asked !== latest) return;
    if (append) list.append(...cards);
    else list.replaceChildren(...cards);
    shown = (append ? shown : 0) + page.items.length;
    showPendingCount(page.pending_count);
    more.hidden = shown >= page.total;
    count.textContent = page.total
      ? `Showing ${shown} of ${page.total} ${page.total === 1 ? "request" : "requests"}.`
      : "No requests match these filters.";
  }

  // After a decision the list is read again: the request may leave the filter, and the count changes.
  async function onReviewed(message, kind) {
    say(outcome, message, kind);
    await load();
    await afterReview();
  }

  const reload = () => {
    say(outcome, "");
    load().catch((error) => say(outcome, error.message, "bad"));
  };

  return {
    async start() {
      options(status, SCHEDULER_STATUSES, "Any status");
      status.value = "pending";
      // The filters offer the places and people in this scheduler's requests: those they may see.
      const all = await api(`/api/scheduler/requests?limit=200&${SCHEDULER_STATUSES.map(([s]) => `status=${s}`).join("&")}`);
      options(location, namedIn(all.items, "location_id", "location_name"), "All locations");
      options(therapist, namedIn(all.items, "therapist_id", "therapist_name"), "All therapists");
      for (const select of [status, location, therapist]) select.addEventListener("change", reload);
      more.addEventListener("click", () => load({ append: true }).catch((error) => say(outcome, error.message, "bad")));
      await load();
      return {
        locations: namedIn(all.items, "location_id", "location_name"),
        therapists: namedIn(all.items, "therapist_id", "therapist_name"),
      };
    },
  };
}
