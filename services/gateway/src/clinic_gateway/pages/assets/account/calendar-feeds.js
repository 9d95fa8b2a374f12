// Calendar feeds, for every signed-in person: a secret link a calendar app subscribes to. A
// scheduler follows one therapist whose calendar they may open (a patient they may not see shows
// as "Busy"); a portal user follows the appointments of everyone they look after. The link is shown
// once, when the feed is made: only the person who made it has it.

import { api } from "../api.js";
import { copyableLink } from "../copyable-link.js";
import { byId, control, el, say, submitButton, whileBusy } from "../dom.js";
import { momentTime } from "../local-time.js";
import { runPage } from "../shell.js";

const WHAT = {
  portal:
    "A feed of the booked appointments of everyone you look after: the time, the place, the kind of visit and the first name.",
  staff: "A feed of one therapist's appointments and pending requests, as your calendar shows them.",
};

function feedName(feed) {
  return feed.kind === "family" ? "Our appointments" : `${feed.therapist_name ?? "A therapist"}'s calendar`;
}

function newFeedBox(feed) {
  return copyableLink({
    intro: `${feedName(feed)}: copy this link now. It is not shown again; if you lose it, make a new feed.`,
    url: feed.url,
    label: "Feed link",
    groupLabel: "New feed's link",
    copied: "Copied. Paste it into your calendar app where it asks for a calendar's URL.",
  });
}

function feedItem(feed, onRevoke) {
  const state = feed.revoked_at ? `revoked ${momentTime(feed.revoked_at)}` : "active";
  const name = feedName(feed);
  return el(
    "li",
    { "data-feed-id": feed.feed_id },
    el("strong", {}, name),
    ` · made ${momentTime(feed.created_at)} · ${state} `,
    feed.revoked_at
      ? null
      : el("button", { type: "button", "aria-label": `Revoke ${name} (made ${momentTime(feed.created_at)})`, onclick: onRevoke }, "Revoke"),
  );
}

async function renderFeeds() {
  const feeds = await api("/api/me/calendar-feeds");
  const list = document.getElementById("feed-list");
  const outcome = document.getElementById("list-outcome");
  list.replaceChildren(
    ...feeds.map((feed) =>
      feedItem(feed, (event) =>
        whileBusy(event.currentTarget, "Revoking…", async () => {
          try {
            await api(`/api/me/calendar-feeds/${feed.feed_id}/revoke`, { method: "POST" });
            await renderFeeds();
            say(outcome, `Revoked: ${feedName(feed)} no longer shows anything in any calendar app.`, "ok");
          } catch (error) {
            say(outcome, error.message, "bad");
          }
        }),
      ),
    ),
  );
  document.getElementById("no-feeds").hidden = feeds.length > 0;
  document.getElementById("feeds").hidden = false;
}

/** The therapists a scheduler may follow, or null when they may follow none. */
async function followableTherapists(me) {
  if (me.kind !== "staff") return [];
  if (!me.user.permissions.includes("scheduling")) return null;
  return (await api("/api/scheduler/scope")).therapists;
}

runPage(async (me) => {
  const form = byId("feed-form", HTMLFormElement);
  const therapists = await followableTherapists(me);
  await renderFeeds();
  if (therapists === null) {
    // Their list stays: a feed made while they could schedule can still be revoked.
    say(document.getElementById("feed-outcome"), "Following a therapist's calendar takes the Scheduling permission.");
    submitButton(form).hidden = true;
  } else {
    document.getElementById("feed-what").textContent = WHAT[me.kind];
    if (me.kind === "staff") {
      document
        .getElementById("feed-therapist")
        .replaceChildren(...therapists.map((therapist) => el("option", { value: therapist.id }, therapist.name)));
      document.getElementById("therapist-field").hidden = false;
    }
  }
  const outcome = document.getElementById("feed-outcome");
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    say(outcome, "");
    whileBusy(submitButton(form), "Making…", async () => {
      try {
        const body = me.kind === "staff" ? { therapist_id: control(form, "therapist", HTMLSelectElement).value } : {};
        const feed = await api("/api/me/calendar-feeds", { method: "POST", body });
        document.getElementById("new-feed").replaceChildren(newFeedBox(feed));
        await renderFeeds();
      } catch (error) {
        say(outcome, error.message, "bad");
      }
    });
  });
  form.hidden = false;
});
