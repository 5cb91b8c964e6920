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
const ISO_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/;

/**
 * Epoch day of a date string, or NaN. `YYYY-MM-DD` and `YYYYMMDD` name a calendar day; a
 * timestamp with a zone (`Z`, `+02:00`) is taken as the UTC day of that instant; a timestamp
 * without a zone as the calendar day it writes.
 */
export function daysFromDateString(text: string): number {
  let match = ISO_DATE.exec(text) ?? COMPACT_DATE.exec(text);
  if (match) {
    const y = Number(match[1]);
    const m = Number(match[2]);
    const d = Number(match[3]);
    return isValidCivil(y, m, d) ? daysFromCivil(y, m, d) : Number.NaN;
  }
  match = ISO_DATE_TIME.exec(text);
  if (!match) return Number.NaN;
  const y = Number(match[1]);
  const m = Number(match[2]);
  const d = Number(match[3]);
  if (!isValidCivil(y, m, d) || Number(match[4]) > 23 || Number(match[5]) > 59) return Number.NaN;
  if (match[7] === undefined) return daysFromCivil(y, m, d);
  const ms = Date.parse(text.replace(' ', 'T'));
  return Number.isFinite(ms) ? Math.floor(ms / 86_400_000) : Number.NaN;
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
