import { CustomerValueError, describeValue } from '../errors.js';
import type { NumericArray } from '../io/tableInput.js';
import { dateValueProblem, daysFromDateValue, daysFromYyyymmdd, readDateTimeText } from './civilDays.js';
import { IssueList } from './issueList.js';
import { openTable, type OpenTable } from './openTable.js';
import { type MissingValues } from '../io/missingValues.js';

/** Columns read in the current `withReadMemo` scope, by source array (clean columns only): dates → days and clock marks, keys → codes. */
let readMemo: {
  readonly dates: WeakMap<object, { readonly days: Int32Array; readonly marks: Uint8Array | null }>;
  readonly keys: WeakMap<object, KeyColumn>;
} | null = null;

/**
 * Run `work` with date and key columns read once: inside it, `ColumnReader.date` keeps the days
 * (and time-of-day marks) and `ColumnReader.key` the codes and keys of every column it read
 * without a missing or invalid value, keyed by the source array, and a later read of the same
 * array returns a copy instead of parsing the text again. For work that reads one log several times and does not change it meanwhile (the
 * report); outside a scope nothing is kept. Columns with problems are always read afresh, so
 * errors, skips and their issues are exactly as without the memo.
 */
export function withReadMemo<T>(work: () => T): T {
  const outer = readMemo;
  readMemo = outer ?? { dates: new WeakMap(), keys: new WeakMap() };
  try {
    return work();
  } finally {
    readMemo = outer;
  }
}

/** What to do with a missing value (null, undefined, NaN): stop, or skip the row and count it. */
export type MissingPolicy = MissingValues;

/** Range rule checked while a numeric column is read. */
export interface NumberRule {
  /** Smallest allowed value (inclusive). */
  readonly min?: number;
  /** Values must be strictly greater than this. */
  readonly above?: number;
  /** Largest allowed value (inclusive). */
  readonly max?: number;
  /** Values must be whole numbers. */
  readonly integer?: boolean;
  /** Words for the message, e.g. "a non-negative amount". */
  readonly expected?: string;
}

/** A key column coded to dense integers 0..keys.length-1 in order of first appearance. */
export interface KeyColumn {
  readonly codes: Int32Array;
  readonly keys: (string | number)[];
}

const TYPED_NUMERIC = (value: unknown): value is NumericArray =>
  ArrayBuffer.isView(value) && !(value instanceof DataView) && !(value instanceof BigInt64Array) && !(value instanceof BigUint64Array);

const DATE_EXPECTED = "a date: a Date, an ISO string 'YYYY-MM-DD' or a YYYYMMDD integer";

const UNSAFE_ID_HINT =
  'a number beyond 2^53 has already been rounded, so distinct ids may have merged: pass ids as strings (parseCsv and the CLI keep such ids as text; in SQL cast them to text)';

/**
 * The missing-value hint, worded for the function that raises it: the value of its own
 * `missing` option that skips such rows, or, for a function without one, what to do instead.
 */
function missingHint(skipOption: 'skip' | null): string {
  if (skipOption === null) return 'fill or remove the rows with missing values (this function has no option to skip them)';
  return "pass missing: 'skip' to skip rows with missing values (they are counted)";
}

/**
 * Reads the columns one public function needs, checking every cell in the same pass, and
 * collects all problems across all columns before throwing one `CustomerValueError`.
 * Numeric typed arrays are read in place; other input is converted once to `Float64Array`.
 */
export class ColumnReader {
  readonly table: OpenTable;
  readonly rowCount: number;
  private readonly invalid = new IssueList();
  private readonly absent = new IssueList();
  /** 1 where a row has a missing value in some column read so far (policy 'skip'). */
  private missingMask: Uint8Array | null = null;

  constructor(
    data: unknown,
    readonly fn: string,
    columns: readonly string[],
    readonly missing: MissingPolicy = 'error',
    /** The caller's own `missing` option value that skips rows, suggested by the hint; `null` when the caller has no such option. */
    readonly skipOption: 'skip' | null = 'skip',
  ) {
    this.table = openTable(data, fn, columns);
    this.rowCount = this.table.rowCount;
  }

  private source(name: string, role: string): ArrayLike<unknown> | undefined {
    const values = this.table.column(name);
    if (values === undefined) {
      this.absent.add({
        function: this.fn,
        column: name,
        expected: `a column "${name}" (${role})`,
        received: 'no such column',
        hint: 'check the spec names a column present in the data',
      });
    }
    return values;
  }

  private markMissing(row: number, column: string, value: unknown): void {
    if (this.missing === 'skip') {
      if (this.missingMask === null) this.missingMask = new Uint8Array(this.rowCount);
      this.missingMask[row] = 1;
    } else {
      this.invalid.add({ function: this.fn, column, row, expected: 'a value', received: describeValue(value), hint: missingHint(this.skipOption) });
    }
  }

  /**
   * A `Float64Array` column as it is, unchecked (null for any other column, which the caller
   * reads with `number`): for a caller that proves the values finite and in range in its own
   * pass over them (`momentMatrix`'s `range`), and reads the table again with `number` when they
   * are not, so a problem is reported as `number` reports it.
   */
  uncheckedFloat64(name: string, role: string): Float64Array | null {
    const values = this.source(name, role);
    return values instanceof Float64Array ? values : null;
  }

  /** A numeric column. Strings are rejected, not coerced: numbers must arrive as numbers. */
  number(name: string, role: string, rule: NumberRule = {}): NumericArray {
    const values = this.source(name, role);
    const n = this.rowCount;
    if (values === undefined) return new Float64Array(n);
    const min = rule.min ?? -Infinity;
    const above = rule.above ?? -Infinity;
    const max = rule.max ?? Infinity;
    const integer = rule.integer === true;
    const expected = rule.expected ?? 'a finite number';
    const checkRange = min !== -Infinity || above !== -Infinity || max !== Infinity || integer;
    if (TYPED_NUMERIC(values)) {
      const isFloat = values instanceof Float64Array || values instanceof Float32Array;
      // Fast path: one tight scan proving every value finite and in range (NaN fails the test);
      // only a column with a problem gets the slow pass that names rows.
      if (!integer && cleanTypedColumn(values, n, Math.max(min, -Number.MAX_VALUE), Math.min(max, Number.MAX_VALUE), above)) return values;
      if (isFloat || checkRange) {
        for (let i = 0; i < n; i++) {
          const v = values[i];
          if (v !== v) this.markMissing(i, name, v);
          else if (v === Infinity || v === -Infinity || v < min || v <= above || v > max || (integer && Math.floor(v) !== v)) {
            this.invalid.add({ function: this.fn, column: name, row: i, expected, received: describeValue(v) });
          }
        }
      }
      return values;
    }
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const v = values[i];
      if (typeof v === 'number') {
        if (v !== v) {
          this.markMissing(i, name, v);
          out[i] = Number.NaN;
        } else if (v === Infinity || v === -Infinity || v < min || v <= above || v > max || (integer && Math.floor(v) !== v)) {
          this.invalid.add({ function: this.fn, column: name, row: i, expected, received: describeValue(v) });
        } else {
          out[i] = v;
        }
      } else if (v === null || v === undefined) {
        this.markMissing(i, name, v);
        out[i] = Number.NaN;
      } else {
        const hint =
          typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))
            ? 'numbers must be numbers, not strings: convert the column first (parseCsv does)'
            : undefined;
        this.invalid.add({ function: this.fn, column: name, row: i, expected, received: describeValue(v), ...(hint ? { hint } : {}) });
      }
    }
    return out;
  }

  /**
   * A date column as epoch days: `Date`, ISO `YYYY-MM-DD` strings, timestamp text (ISO 8601 or
   * as PostgreSQL prints it, with or without an offset) or `YYYYMMDD` integers. Missing cells
   * are marked (their day is 0 and must not be read); invalid cells are issues. A `Date` counts
   * on its local calendar day, except one at exactly 00:00:00.000 UTC that is not at local
   * midnight, which counts on its UTC day (see `daysFromDate`); timestamp text counts on the
   * date as written (see `readDateTimeText`).
   */
  date(name: string, role: string, clock?: DateClock): Int32Array {
    const values = this.source(name, role);
    const n = this.rowCount;
    if (values === undefined) return new Int32Array(n);
    if (TYPED_NUMERIC(values)) {
      const fast = this.typedYyyymmdd(values, name);
      if (fast !== null) return fast;
    }
    const memo = readMemo === null || typeof values !== 'object' ? undefined : readMemo.dates.get(values);
    if (memo !== undefined && memo.days.length === n) {
      if (clock !== undefined) clock.marks = memo.marks === null ? null : memo.marks.slice();
      return memo.days.slice();
    }
    // inside a memo scope the clock marks are always gathered, so one parse serves every reader
    if (readMemo !== null && clock === undefined) clock = { marks: null };
    const invalidBefore = this.invalid.size;
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
        this.markMissing(i, name, v);
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
        this.invalid.add({ function: this.fn, column: name, row: i, expected, received: describeValue(v), ...(hint ? { hint } : {}) });
      }
      out[i] = day;
      lastValue = v;
      lastDay = day;
      lastMark = mark;
    }
    if (readMemo !== null && clean && this.invalid.size === invalidBefore && typeof values === 'object') {
      readMemo.dates.set(values, { days: out.slice(), marks: clock?.marks == null ? null : clock.marks.slice() });
    }
    return out;
  }

  /**
   * `YYYYMMDD` numbers in a typed array: each distinct value is converted once through a lookup
   * table over the value range (a warehouse log spans few distinct days). Null when the range
   * is too wide for a table; the general path then handles the column.
   */
  private typedYyyymmdd(values: NumericArray, name: string): Int32Array | null {
    const n = this.rowCount;
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
        this.markMissing(i, name, v);
        continue;
      }
      const slot = v - lo;
      let day = Number.isInteger(slot) ? table[slot] : Number.NaN;
      if (day === UNSEEN) {
        day = daysFromYyyymmdd(v);
        table[slot] = day === day ? day : UNSEEN;
      }
      if (day !== day || day === UNSEEN) {
        this.invalid.add({ function: this.fn, column: name, row: i, expected: DATE_EXPECTED, received: describeValue(v) });
        continue;
      }
      out[i] = day;
    }
    return out;
  }

  /**
   * A key column (customer ids, stage names): strings or finite numbers, coded densely. Keys are
   * exact: a string and a number never merge (`'007'`, `'7'` and `7` are three keys). A number
   * beyond ±2^53 is refused — it has already been rounded (two 19-digit ids can be the same
   * double) — with a hint to pass ids as strings; a `bigint` is keyed by its exact decimal text
   * (the key returned is that string).
   */
  key(name: string, role: string): KeyColumn {
    const values = this.source(name, role);
    const n = this.rowCount;
    if (values === undefined) return { codes: new Int32Array(n), keys: [] };
    const memo = readMemo === null || typeof values !== 'object' ? undefined : readMemo.keys.get(values);
    if (memo !== undefined && memo.codes.length === n) return { codes: memo.codes.slice(), keys: memo.keys.slice() };
    const coded = this.codeKeys(values, n, name, role);
    if (readMemo !== null && coded.clean && typeof values === 'object') readMemo.keys.set(values, { codes: coded.codes.slice(), keys: coded.keys.slice() });
    return { codes: coded.codes, keys: coded.keys };
  }

  /** `key`'s reading, and whether the column was clean (no missing or invalid cell). */
  private codeKeys(values: ArrayLike<unknown>, n: number, name: string, role: string): KeyColumn & { readonly clean: boolean } {
    const codes = new Int32Array(n);
    const dense = codeIntegerKeys(values, n);
    if (dense) return { ...dense, clean: true };
    let clean = true;
    const index = new Map<string | number, number>();
    const keys: (string | number)[] = [];
    for (let i = 0; i < n; i++) {
      let v = values[i];
      if (typeof v === 'bigint') v = v.toString();
      if (typeof v === 'number' && (v > Number.MAX_SAFE_INTEGER || v < -Number.MAX_SAFE_INTEGER) && Number.isFinite(v)) {
        this.invalid.add({
          function: this.fn,
          column: name,
          row: i,
          expected: `an id: a string, or a number within ±2^53 (${role})`,
          received: describeValue(v),
          hint: UNSAFE_ID_HINT,
        });
        codes[i] = -1;
        clean = false;
      } else if (typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v))) {
        let code = index.get(v);
        if (code === undefined) {
          code = keys.length;
          index.set(v, code);
          keys.push(v);
        }
        codes[i] = code;
      } else if (v === null || v === undefined || (typeof v === 'number' && v !== v)) {
        this.markMissing(i, name, v);
        codes[i] = -1;
        clean = false;
      } else {
        this.invalid.add({ function: this.fn, column: name, row: i, expected: 'an id: a string or a finite number', received: describeValue(v) });
        codes[i] = -1;
        clean = false;
      }
    }
    return { codes, keys, clean };
  }

  /**
   * A timestamp column (Date objects, ISO 8601 or PostgreSQL timestamp text) as epoch
   * milliseconds. Text with an offset (`Z`, `+hh`, `+hh:mm`, `+hhmm`) is that instant; without
   * one it is local time. Other text (`01/02/2024`, `Jan 2 2024`) is refused rather than guessed
   * at; impossible text (hour 25, an offset beyond ±14:00) is an issue saying why.
   */
  timestamp(name: string, role: string): Float64Array {
    const values = this.source(name, role);
    const n = this.rowCount;
    const out = new Float64Array(n);
    if (values === undefined) return out;
    for (let i = 0; i < n; i++) {
      const v = values[i];
      if (v === null || v === undefined) {
        this.markMissing(i, name, v);
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
        this.invalid.add({
          function: this.fn,
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

  /** A yes/no column: 1, 0, true or false (as numbers or booleans) → Uint8Array of 0/1. */
  flag(name: string, role: string): Uint8Array {
    const values = this.source(name, role);
    const n = this.rowCount;
    const out = new Uint8Array(n);
    if (values === undefined) return out;
    for (let i = 0; i < n; i++) {
      const v = values[i];
      if (v === 1 || v === true) out[i] = 1;
      else if (v === 0 || v === false) out[i] = 0;
      else if (v === null || v === undefined || (typeof v === 'number' && v !== v)) this.markMissing(i, name, v);
      else this.invalid.add({ function: this.fn, column: name, row: i, expected: `1 or true, 0 or false (${role})`, received: describeValue(v) });
    }
    return out;
  }

  /** Report every problem found, or return which rows to skip under the 'skip' policy. */
  finish(): { skipMask: Uint8Array | null; skipped: number } {
    this.absent.throwIfAny('missing_column', this.fn);
    this.invalid.throwIfAny('invalid_value', this.fn, this.rowCount);
    let skipped = 0;
    const mask = this.missingMask;
    if (mask) for (let i = 0; i < mask.length; i++) skipped += mask[i];
    return { skipMask: mask, skipped };
  }
}

/**
 * Where the time of day of date values was seen, filled by `ColumnReader.date` when asked:
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

/** Whether every value lies in [min, max] and above `above` (so none is NaN or infinite). */
function cleanTypedColumn(values: NumericArray, n: number, min: number, max: number, above: number): boolean {
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (!(v >= min && v <= max && v > above)) return false;
  }
  return true;
}

/**
 * Fast path for integer ids held in numbers (the common warehouse case): a lookup table over
 * the id range instead of a hash map. Returns null when the ids are not all integers in a
 * range small enough for the table.
 */
function codeIntegerKeys(values: ArrayLike<unknown>, n: number): KeyColumn | null {
  if (n === 0) return null;
  const range = TYPED_NUMERIC(values) ? typedIntegerRange(values, n) : integerRange(values, n);
  if (range === null) return null;
  const [lo, hi] = range;
  const size = hi - lo + 1;
  if (size > Math.max(4 * n, 1 << 20) || size > 1 << 28) return null;
  const lookup = new Int32Array(size).fill(-1);
  const codes = new Int32Array(n);
  const keys: number[] = [];
  const ids = values as ArrayLike<number>;
  for (let i = 0; i < n; i++) {
    const v = ids[i];
    const slot = v - lo;
    let code = lookup[slot];
    if (code < 0) {
      code = keys.length;
      lookup[slot] = code;
      keys.push(v);
    }
    codes[i] = code;
  }
  return { codes, keys };
}

function integerRange(values: ArrayLike<unknown>, n: number): [number, number] | null {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (typeof v !== 'number' || !Number.isSafeInteger(v)) return null;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return [lo, hi];
}

function typedIntegerRange(values: NumericArray, n: number): [number, number] | null {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (Math.floor(v) !== v) return null; // NaN, ±Infinity and fractions all fail here
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return Number.isSafeInteger(lo) && Number.isSafeInteger(hi) ? [lo, hi] : null;
}

/** Throw `too_few_rows` when fewer than `needed` usable rows remain. */
export function requireRows(fn: string, used: number, needed: number, what = 'rows'): void {
  if (used < needed) {
    throw new CustomerValueError('too_few_rows', `${fn}: needs at least ${needed} ${what}, got ${used}`, [
      { function: fn, expected: `at least ${needed} usable ${what}`, received: String(used) },
    ]);
  }
}
