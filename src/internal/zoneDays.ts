import { daysFromCivil } from './civilDays.js';

const FIXED_OFFSET = /^(?:Z|UTC|GMT|(?:UTC|GMT)?([+-])(\d{2})(?::?(\d{2}))?)$/i;

/**
 * A function giving the epoch day (days since 1970-01-01) on which an instant (epoch
 * milliseconds) falls in `timeZone`: an IANA zone (`Europe/Berlin`, through
 * `Intl.DateTimeFormat`, daylight saving time included) or a fixed offset (`Z`, `UTC`, `+05:30`,
 * `-0800`, `+02`, `UTC+01:00`). Returns a string saying what is wrong when the zone is unknown.
 *
 * An IANA zone's offset is looked up once per quarter hour of time touched (zone offsets change
 * on quarter hours since 1970; a quarter hour holding a change is looked up per instant).
 */
export function zoneDayOf(timeZone: string): ((instant: number) => number) | string {
  const fixed = FIXED_OFFSET.exec(timeZone.trim());
  if (fixed) {
    const hours = Number(fixed[2] ?? 0);
    const minutes = Number(fixed[3] ?? 0);
    if (hours > 14 || minutes > 59 || hours * 60 + minutes > 14 * 60) return `offset ${JSON.stringify(timeZone)} is beyond ±14:00`;
    const offset = (fixed[1] === '-' ? -1 : 1) * (hours * 60 + minutes) * 60_000;
    return (instant) => Math.floor((instant + offset) / 86_400_000);
  }
  let format: Intl.DateTimeFormat;
  try {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
  } catch {
    return `${JSON.stringify(timeZone)} is not a time zone this runtime knows (an IANA name such as Europe/Berlin or America/New_York, or an offset such as +02:00)`;
  }
  /** Offset of the zone at `instant` (whole seconds), in milliseconds. */
  const offsetAt = (instant: number): number => {
    const seconds = Math.floor(instant / 1000) * 1000;
    const parts: Record<string, number> = {};
    for (const part of format.formatToParts(seconds)) if (part.type !== 'literal') parts[part.type] = Number(part.value);
    const local = daysFromCivil(parts.year, parts.month, parts.day) * 86_400_000 + ((parts.hour * 60 + parts.minute) * 60 + parts.second) * 1000;
    return local - seconds;
  };
  const QUARTER = 900_000;
  const offsets = new Map<number, number>();
  return (instant) => {
    const bucket = Math.floor(instant / QUARTER);
    let offset = offsets.get(bucket);
    if (offset === undefined) {
      const start = offsetAt(bucket * QUARTER);
      if (start === offsetAt(bucket * QUARTER + QUARTER - 1000)) {
        offset = start;
        if (offsets.size < 1 << 20) offsets.set(bucket, offset);
      } else offset = offsetAt(instant);
    }
    return Math.floor((instant + offset) / 86_400_000);
  };
}
