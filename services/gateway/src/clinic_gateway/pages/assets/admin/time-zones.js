// Choosing a location's IANA time zone: a text field offering the zones as you type (a datalist,
// searched by any part of the name, such as "London"). Whether a zone is known is the settings
// service's to say; an unknown one is refused there in words.

import { el, uid } from "../dom.js";
import { zoneName } from "../local-time.js";
import { field, textInput } from "./forms.js";

let list = null;

/** The page's one list of zones, made on first use: the browser's, with UTC. */
function zoneList() {
  if (list) return list;
  const zones = typeof Intl.supportedValuesOf === "function" ? Intl.supportedValuesOf("timeZone") : [];
  list = el(
    "datalist",
    { id: uid("time-zones") },
    [...new Set([...zones, "UTC"])].sort().map((zone) => el("option", { value: zone })),
  );
  document.body.append(list);
  return list;
}

/** A "Time zone" field with the zones to choose from; `input.value` is the zone chosen. */
export function timeZoneField(value = "") {
  const input = textInput("time_zone", value, { list: zoneList().id, spellcheck: "false", autocapitalize: "off" });
  const described = field("Time zone", input, "Type part of a place name, such as London, and choose from the list.");
  const current = el("span", { class: "hint", "aria-live": "polite" });
  const showName = () => {
    current.textContent = input.value ? zoneName(input.value) : "";
  };
  input.addEventListener("change", showName);
  showName();
  described.append(current);
  return { element: described, input };
}
