// Times as people at a location read them: in the location's own time zone, named.

/** "Eastern Time (America/New_York)", or the IANA name alone where the browser has no better one. */
export function zoneName(timeZone) {
  for (const style of /** @type {const} */ (["longGeneric", "long"])) {
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

// Local dates ("2026-11-30") and wall-clock times as the services send them: `local_start` is
// "2026-11-30T08:00:00-05:00", already in the location's zone, so its digits are read as they are.

/** The date part of a local ISO time. */
export function localDay(localIso) {
  return localIso.slice(0, 10);
}

/** Minutes after local midnight of a local ISO time. */
export function localMinutes(localIso) {
  return Number(localIso.slice(11, 13)) * 60 + Number(localIso.slice(14, 16));
}

/** "8:00 AM" from a local ISO time. */
export function clockTime(localIso) {
  const minutes = localMinutes(localIso);
  return new Intl.DateTimeFormat("en-US", { timeZone: "UTC", hour: "numeric", minute: "2-digit" }).format(
    new Date(Date.UTC(2000, 0, 1, Math.floor(minutes / 60), minutes % 60)),
  );
}

/** "Monday, November 30" for a local date (no zone involved: the date is already local). */
export function dayName(day, { short = false } = {}) {
  /** @type {Intl.DateTimeFormatOptions} */
  const style = short ? { weekday: "short", month: "short", day: "numeric" } : { weekday: "long", month: "long", day: "numeric" };
  return new Intl.DateTimeFormat("en-US", { timeZone: "UTC", ...style }).format(new Date(`${day}T12:00:00Z`));
}

/** The local date `days` after `day`. */
export function addDays(day, days) {
  const date = new Date(`${day}T12:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

/** Today's date in `timeZone`. */
export function todayIn(timeZone) {
  return new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(new Date());
}

function offsetMinutes(utcMillis, timeZone) {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    })
      .formatToParts(new Date(utcMillis))
      .map((part) => [part.type, Number(part.value)]),
  );
  const wall = Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute, parts.second);
  return Math.round((wall - utcMillis) / 60000);
}

/** The UTC instant (ISO) of a wall-clock "2026-11-30T08:00" in `timeZone`. */
export function zonedToUtc(wallClock, timeZone) {
  const [day, time] = wallClock.split("T");
  const [year, month, date] = day.split("-").map(Number);
  const [hour, minute] = time.split(":").map(Number);
  const wall = Date.UTC(year, month - 1, date, hour, minute);
  // Twice, so a guess on the other side of a daylight-saving change corrects itself.
  let utc = wall - offsetMinutes(wall, timeZone) * 60000;
  utc = wall - offsetMinutes(utc, timeZone) * 60000;
  return new Date(utc).toISOString().replace(".000Z", "Z");
}

/** The wall clock "2026-11-30T08:00" in `timeZone` of a UTC instant. */
export function utcToZoned(at, timeZone) {
  const millis = new Date(at).getTime();
  return new Date(millis + offsetMinutes(millis, timeZone) * 60000).toISOString().slice(0, 16);
}
