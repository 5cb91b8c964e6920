import { describeValue } from '../errors.js';
import type { NumericArray } from '../io/tableInput.js';
import { dateValueProblem, daysFromDateValue, daysFromYyyymmdd, readDateTimeText } from './civilDays.js';
import { currentReadMemo, TYPED_NUMERIC, type ColumnReader } from './columnReader.js';

// Date and timestamp columns, read through a ColumnReader (its missing-value policy, issues and
// read memo). Functions of their own, not ColumnReader methods, so that a bundle reading only
// numbers and keys (alpha, the scorers) leaves the calendar code out (issue 21: a class's
// methods cannot be tree-shaken). Internal.

const DATE_EXPECTED = "a date: a Date, an ISO string 'YYYY-MM-DD' or a YYYYMMDD integer";

/**
 * Where the time of day of date values was seen, filled by `readDates` when asked:
 * `marks[row]` holds `CLOCK_*` bits (null while no value carried a time of day).
 */
export interface DateClock {
  marks: Uint8Array | null;
}

/** The value carries a time of day (timestamp text, or a `Date` not at local or UTC midnight). */
export const CLOCK_TIME = 1;
/** Timestamp text with an offset (`Z`, `±hh:mm`, ...). */
export const CLOCK_OFFSET = 2;
/** The calendar day counted differs from the day of the instant in UTC. */
export const CLOCK_NOT_UTC_DAY = 4;
/** A `Date` object with a time of day: its day is its local day in this process's time zone. */
export const CLOCK_LOCAL_DATE = 8;

/** The day of a string or `Date` (as `daysFromDateValue`) and its `CLOCK_*` bits, parsing once. */
function dayAndClock(v: string | Date): [number, number] {
  if (typeof v === 'string') {
    const text = v.trim();
    if (text.length <= 10) return [daysFromDateValue(text), 0]; // YYYY-MM-DD or YYYYMMDD: a day, no clock
    const reading = readDateTimeText(text);
    if (reading === null || typeof reading === 'string') return [Number.NaN, 0];
    if (reading.instant !== reading.instant) return [reading.day, CLOCK_TIME];
    return [reading.day, CLOCK_TIME | CLOCK_OFFSET | (Math.floor(reading.instant / 86_400_000) !== reading.day ? CLOCK_NOT_UTC_DAY : 0)];
  }
  const day = daysFromDateValue(v);
  const ms = v.getTime();
  if (day !== day || ms % 86_400_000 === 0) return [day, 0];
  // the first local time of its day (midnight, or 01:00 on a DST day without one): a DATE, as pg makes it
  if (new Date(v.getFullYear(), v.getMonth(), v.getDate()).getTime() === ms) return [day, 0];
  return [day, CLOCK_TIME | CLOCK_LOCAL_DATE | (Math.floor(ms / 86_400_000) !== day ? CLOCK_NOT_UTC_DAY : 0)];
}

/**
 * A date column as epoch days: `Date`, ISO `YYYY-MM-DD` strings, timestamp text (ISO 8601 or
 * as PostgreSQL prints it, with or without an offset) or `YYYYMMDD` integers. Missing cells
 * are marked (their day is 0 and must not be read); invalid cells are issues. A `Date` counts
 * on its local calendar day, except one at exactly 00:00:00.000 UTC that is not at local
 * midnight, which counts on its UTC day (see `daysFromDate`); timestamp text counts on the
 * date as written (see `readDateTimeText`).
 */
export function readDates(reader: ColumnReader, name: string, role: string, clock?: DateClock): Int32Array {
  const readMemo = currentReadMemo();
  const values = reader.source(name, role);
  const n = reader.rowCount;
  if (values === undefined) return new Int32Array(n);
  if (TYPED_NUMERIC(values)) {
    const fast = typedYyyymmdd(reader, values, name);
    if (fast !== null) return fast;
  }
  const memo = readMemo === null || typeof values !== 'object' ? undefined : readMemo.dates.get(values);
  if (memo !== undefined && memo.days.length === n) {
    if (clock !== undefined) clock.marks = memo.marks === null ? null : memo.marks.slice();
    return memo.days.slice();
  }
  // inside a memo scope the clock marks are always gathered, so one parse serves every reader
  if (readMemo !== null && clock === undefined) clock = { marks: null };
  const invalidBefore = reader.invalid.size;
  const out = new Int32Array(n);
  const expected = DATE_EXPECTED;
  let clean = true;
  let lastValue: unknown = undefined;
  let lastDay = Number.NaN;
  let lastMark = 0;
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (v === lastValue && lastDay === lastDay) {
      out[i] = lastDay;
      if (lastMark !== 0 && clock !== undefined) (clock.marks as Uint8Array)[i] = lastMark;
      continue;
    }
    if (v === null || v === undefined || (typeof v === 'number' && v !== v)) {
      reader.markMissing(i, name, v);
      clean = false;
      continue;
    }
    let day: number;
    let mark = 0;
    if (clock !== undefined && (typeof v === 'string' || v instanceof Date)) {
      [day, mark] = dayAndClock(v);
      if (mark !== 0) {
        if (clock.marks === null) clock.marks = new Uint8Array(n);
        clock.marks[i] = mark;
      }
    } else day = daysFromDateValue(v);
    if (day !== day) {
      const hint = dateValueProblem(v);
      reader.invalid.add({ function: reader.fn, column: name, row: i, expected, received: describeValue(v), ...(hint ? { hint } : {}) });
    }
    out[i] = day;
    lastValue = v;
    lastDay = day;
    lastMark = mark;
  }
  if (readMemo !== null && clean && reader.invalid.size === invalidBefore && typeof values === 'object') {
    readMemo.dates.set(values, { days: out.slice(), marks: clock?.marks == null ? null : clock.marks.slice() });
  }
  return out;
}

/**
 * `YYYYMMDD` numbers in a typed array: each distinct value is converted once through a lookup
 * table over the value range (a warehouse log spans few distinct days). Null when the range
 * is too wide for a table; the general path then handles the column.
 */
function typedYyyymmdd(reader: ColumnReader, values: NumericArray, name: string): Int32Array | null {
  const n = reader.rowCount;
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  if (!(hi >= lo) || !(hi - lo < 1 << 22)) return null; // empty, all-NaN, infinite or too wide
  const UNSEEN = -2147483648;
  const table = new Int32Array(Math.floor(hi - lo) + 1).fill(UNSEEN);
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (v !== v) {
      reader.markMissing(i, name, v);
      continue;
    }
    const slot = v - lo;
    let day = Number.isInteger(slot) ? table[slot] : Number.NaN;
    if (day === UNSEEN) {
      day = daysFromYyyymmdd(v);
      table[slot] = day === day ? day : UNSEEN;
    }
    if (day !== day || day === UNSEEN) {
      reader.invalid.add({ function: reader.fn, column: name, row: i, expected: DATE_EXPECTED, received: describeValue(v) });
      continue;
    }
    out[i] = day;
  }
  return out;
}

/**
 * A timestamp column (Date objects, ISO 8601 or PostgreSQL timestamp text) as epoch
 * milliseconds. Text with an offset (`Z`, `+hh`, `+hh:mm`, `+hhmm`) is that instant; without
 * one it is local time. Other text (`01/02/2024`, `Jan 2 2024`) is refused rather than guessed
 * at; impossible text (hour 25, an offset beyond ±14:00) is an issue saying why.
 */
export function readTimestamps(reader: ColumnReader, name: string, role: string): Float64Array {
  const values = reader.source(name, role);
  const n = reader.rowCount;
  const out = new Float64Array(n);
  if (values === undefined) return out;
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (v === null || v === undefined) {
      reader.markMissing(i, name, v);
      continue;
    }
    let ms = Number.NaN;
    let hint: string | undefined;
    if (v instanceof Date) ms = v.getTime();
    else if (typeof v === 'string') {
      const reading = readDateTimeText(v.trim());
      // text in no ISO 8601 / PostgreSQL form is refused, never left to Date.parse, which
      // reads 01/02/2024 as 2 January (US order) and accepts other ambiguous forms silently
      if (reading === null) hint = 'write timestamps as ISO 8601 or PostgreSQL text: 2024-01-05T10:00:00, 2024-01-05 10:00:00+01';
      else if (typeof reading === 'string') hint = reading;
      else
        ms =
          reading.instant === reading.instant
            ? reading.instant
            : new Date(reading.year, reading.month - 1, reading.date, reading.hours, reading.minutes, reading.seconds, reading.milliseconds).getTime();
    }
    if (Number.isNaN(ms))
      reader.invalid.add({
        function: reader.fn,
        column: name,
        row: i,
        expected: 'a Date or an ISO 8601 timestamp',
        received: describeValue(v),
        ...(hint ? { hint } : {}),
      });
    out[i] = ms;
  }
  return out;
}
