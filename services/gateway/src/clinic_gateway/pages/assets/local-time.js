// Times as people at a location read them: in the location's own time zone, named.

/** "Eastern Time (America/New_York)", or the IANA name alone where the browser has no better one. */
export function zoneName(timeZone) {
  for (const style of ["longGeneric", "long"]) {
    try {
      const parts = new Intl.DateTimeFormat("en-US", { timeZone, timeZoneName: style }).formatToParts(new Date());
      const name = parts.find((part) => part.type === "timeZoneName")?.value;
      if (name && !name.startsWith("GMT")) return `${name} (${timeZone})`;
    } catch {
      // An unknown style or zone in this browser: try the next, else fall back to the IANA name.
    }
  }
  return timeZone;
}

/** "Saturday, November 28, 10:15 – 11:00 AM" in `timeZone` (the zone itself is named apart). */
export function visitTime(start, end, timeZone) {
  const format = new Intl.DateTimeFormat("en-US", {
    timeZone,
    weekday: "long",
    month: "long",
    day: "numeric",
    hour: "numeric",
    minute: "2-digit",
  });
  return format.formatRange(new Date(start), new Date(end));
}

/** "November 27, 1:42 PM" in the browser's own zone: when something happened, not a visit. */
export function momentTime(at) {
  return new Intl.DateTimeFormat("en-US", { month: "long", day: "numeric", hour: "numeric", minute: "2-digit" }).format(
    new Date(at),
  );
}
