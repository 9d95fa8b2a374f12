// A link to pass on (an invitation, a password reset, a calendar feed): shown in full, selectable,
// with a button that copies it.

import { el, say, uid } from "./dom.js";

async function copy(input, outcome, copied) {
  input.select();
  try {
    await navigator.clipboard.writeText(input.value);
    say(outcome, copied, "ok");
  } catch {
    // No clipboard here (an old browser, or permission refused): the link is selected to copy by hand.
    say(outcome, "The link is selected: copy it with Ctrl+C (or ⌘+C), or long-press it on a phone.");
  }
}

/**
 * `intro` says what the link is for; the box is announced when it appears. `copied` says where to
 * paste it; `groupLabel` names the box where the input's `label` would not.
 */
export function copyableLink({
  intro,
  url,
  label,
  groupLabel = label,
  copied = "Copied. Paste it into an email or message to them.",
}) {
  const id = uid("link");
  const input = el("input", { id, type: "text", readonly: true, value: url, spellcheck: "false" });
  const outcome = el("p", { class: "outcome", role: "status", "aria-live": "polite" });
  return el(
    "div",
    { class: "link-box", role: "group", "aria-label": groupLabel },
    el("p", {}, intro),
    el("div", { class: "field" }, el("label", { for: id }, label), input),
    el("button", { type: "button", onclick: () => copy(input, outcome, copied) }, "Copy link"),
    outcome,
  );
}
