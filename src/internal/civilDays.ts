/**
 * Calendar arithmetic on "epoch days" (days since 1970-01-01, proleptic Gregorian, UTC) with no
 * `Date` object per value. Algorithms from Howard Hinnant, "chrono-Compatible Low-Level Date
 * Algorithms" (days_from_civil / civil_from_days).
 */

/** Days since 1970-01-01 of a calendar date (month 1–12, day 1–31, not range-checked). */
export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** Calendar date `[year, month, day]` of an epoch day. */
export function civilFromDays(epochDay: number): [number, number, number] {
  const z = epochDay + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return [month <= 2 ? yoe + era * 400 + 1 : yoe + era * 400, month, day];
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Whether year-month-day names a real calendar date (years 1000–9999). */
export function isValidCivil(year: number, month: number, day: number): boolean {
  if (year < 1000 || year > 9999 || month < 1 || month > 12 || day < 1) return false;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const limit = month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1];
  return day <= limit;
}

/** Epoch day of a `YYYYMMDD` integer, or NaN when it is not a real date. */
export function daysFromYyyymmdd(value: number): number {
  if (!Number.isInteger(value) || value < 10000101 || value > 99991231) return Number.NaN;
  const year = Math.floor(value / 10000);
  const month = Math.floor(value / 100) % 100;
  const day = value % 100;
  return isValidCivil(year, month, day) ? daysFromCivil(year, month, day) : Number.NaN;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const COMPACT_DATE = /^(\d{4})(\d{2})(\d{2})$/;
// date, T or space, hh:mm[:ss[.fraction]], then an optional zone: Z, ±hh, ±hhmm, ±hh:mm or
// ±hh:mm:ss (PostgreSQL prints ±hh when the minutes are zero, and seconds for historic offsets)
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?(?:([Zz])|([+-])(\d{2})(?:(\d{2})|:(\d{2})(?::(\d{2}))?)?)?$/;

/** The form of timestamp text accepted, for messages. */
export const DATE_TIME_EXPECTED =
  "a timestamp 'YYYY-MM-DD hh:mm[:ss[.ffffff]]' (T or a space between) with an optional offset Z, ±hh, ±hhmm or ±hh:mm up to ±14:00";

/** A timestamp read from text: its calendar day as written, and its instant (NaN without a zone). */
export interface DateTimeText {
  readonly day: number;
  /** Epoch milliseconds of the instant when the text carries a zone; NaN otherwise. */
  readonly instant: number;
  readonly year: number;
  readonly month: number;
  readonly date: number;
  readonly hours: number;
  readonly minutes: number;
  readonly seconds: number;
  readonly milliseconds: number;
}

/**
 * Read timestamp text as databases print it — ISO 8601 (`2024-01-05T10:00:00Z`) and PostgreSQL
 * (`2024-01-05 10:00:00+00`, `2024-01-05 10:00:00.123456+05:30`): with or without seconds and a
 * fraction, with or without a zone (`Z`, `±hh`, `±hhmm`, `±hh:mm`, `±hh:mm:ss`). The calendar
 * day is the date AS WRITTEN — the local day in the offset the text carries, the day the
 * business recorded — not the UTC day of the instant. Returns the reading; a string saying what
 * is wrong when the text has this shape but names no real moment (2024-02-30, hour 24, minute
 * or second 60, an offset beyond ±14:00, minutes of offset 60 or more, more than 9 fraction
 * digits); or null when the text does not have this shape.
 */
export function readDateTimeText(text: string): DateTimeText | string | null {
  const match = DATE_TIME.exec(text);
  if (!match) return null;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const date = Number(match[3]);
  const hours = Number(match[4]);
  const minutes = Number(match[5]);
  const seconds = match[6] === undefined ? 0 : Number(match[6]);
  const fraction = match[7] ?? '';
  if (!isValidCivil(year, month, date)) return `${match[1]}-${match[2]}-${match[3]} is not a calendar date`;
  if (hours > 23) return `hour ${match[4]} is not 00–23`;
  if (minutes > 59) return `minute ${match[5]} is not 00–59`;
  if (seconds > 59) return `second ${match[6]} is not 00–59`;
  if (fraction.length > 9) return `a fraction of a second has at most 9 digits, got ${fraction.length}`;
  const milliseconds = fraction === '' ? 0 : Math.floor(Number(`0.${fraction}`) * 1000 + 1e-6);
  const day = daysFromCivil(year, month, date);
  let instant = Number.NaN;
  if (match[8] !== undefined) instant = day * 86_400_000 + ((hours * 60 + minutes) * 60 + seconds) * 1000 + milliseconds;
  else if (match[9] !== undefined) {
    const offsetHours = Number(match[10]);
    const offsetMinutes = Number(match[11] ?? match[12] ?? 0);
    const offsetSeconds = Number(match[13] ?? 0);
    const zoneLength = 3 + (match[11] !== undefined ? 2 : match[12] !== undefined ? (match[13] !== undefined ? 6 : 3) : 0);
    const zone = text.slice(text.length - zoneLength);
    if (offsetMinutes > 59 || offsetSeconds > 59) return `offset ${zone} has minutes or seconds beyond 59`;
    const total = (offsetHours * 60 + offsetMinutes) * 60 + offsetSeconds;
    if (total > 14 * 3600) return `offset ${zone} is beyond ±14:00`;
    const sign = match[9] === '-' ? -1 : 1;
    instant = day * 86_400_000 + ((hours * 60 + minutes) * 60 + seconds - sign * total) * 1000 + milliseconds;
  }
  return { day, instant, year, month, date, hours, minutes, seconds, milliseconds };
}

/**
 * Epoch day of a date string, or NaN. `YYYY-MM-DD` and `YYYYMMDD` name a calendar day;
 * timestamp text (`readDateTimeText`) counts on the date as written, with or without a zone.
 */
export function daysFromDateString(text: string): number {
  const match = ISO_DATE.exec(text) ?? COMPACT_DATE.exec(text);
  if (match) {
    const y = Number(match[1]);
    const m = Number(match[2]);
    const d = Number(match[3]);
    return isValidCivil(y, m, d) ? daysFromCivil(y, m, d) : Number.NaN;
  }
  const reading = readDateTimeText(text);
  return reading !== null && typeof reading === 'object' ? reading.day : Number.NaN;
}

/**
 * What is wrong with a value refused as a date, when more can be said than "not a date": the
 * reason a timestamp-shaped text names no real moment, or the accepted timestamp form for text
 * that starts with a date. Undefined otherwise.
 */
export function dateValueProblem(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const text = value.trim();
  const reading = readDateTimeText(text);
  if (typeof reading === 'string') return reading;
  if (reading === null && /^\d{4}-\d{2}-\d{2}./.test(text)) return `expected ${DATE_TIME_EXPECTED}`;
  return undefined;
}

/**
 * Epoch day of a `Date`, or NaN for an invalid date. The calendar day of a `Date` is its LOCAL
 * calendar day (`getFullYear`, `getMonth`, `getDate` in the process's time zone): `pg` and
 * `mysql2` return a DATE column as local midnight of that day (`new Date(y, m - 1, d)`), on a
 * zone's DST day without a midnight at the first local time of the day (01:00 in
 * America/Sao_Paulo on 2018-11-04), and a timestamp's day is the day it shows locally. One
 * exception: a `Date` at exactly 00:00:00.000 UTC that is not at local midnight is taken as its
 * UTC day, because that is what `new Date('2024-01-05')` and `Date.UTC(2024, 0, 5)` make (a
 * user west of UTC would otherwise get the day before). So a `Date` made either way gives the
 * day it was made from in every time zone. (The cost: a timestamp at exactly 00:00:00.000 UTC,
 * e.g. 19:00:00.000 in New York, counts on its UTC day.)
 */
export function daysFromDate(date: Date): number {
  const ms = date.getTime();
  if (!Number.isFinite(ms)) return Number.NaN;
  const localMidnight = date.getHours() === 0 && date.getMinutes() === 0 && date.getSeconds() === 0 && date.getMilliseconds() === 0;
  if (ms % 86_400_000 === 0 && !localMidnight) return ms / 86_400_000;
  return daysFromCivil(date.getFullYear(), date.getMonth() + 1, date.getDate());
}

/** Epoch day of any accepted date value, or NaN. */
export function daysFromDateValue(value: unknown): number {
  if (typeof value === 'number') return daysFromYyyymmdd(value);
  if (typeof value === 'string') return daysFromDateString(value.trim());
  if (value instanceof Date) return daysFromDate(value);
  return Number.NaN;
}

/** `YYYY-MM-DD` of an epoch day. */
export function isoDateOfDay(epochDay: number): string {
  const [y, m, d] = civilFromDays(epochDay);
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}
