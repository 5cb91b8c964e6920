import { CustomerValueError, describeValue } from '../errors.js';
import type { NumericArray } from '../io/tableInput.js';
import { IssueList } from './issueList.js';
import { openTable, type OpenTable } from './openTable.js';
import { type MissingValues } from '../io/missingValues.js';

/** Columns read in the current `withReadMemo` scope, by source array (clean columns only): dates → days and clock marks, keys → codes. */
let readMemo: {
  readonly dates: WeakMap<object, { readonly days: Int32Array; readonly marks: Uint8Array | null }>;
  readonly keys: WeakMap<object, KeyColumn>;
} | null = null;

/**
 * Run `work` with date and key columns read once: inside it, `readDates` keeps the days
 * (and time-of-day marks) and `ColumnReader.key` the codes and keys of every column it read
 * without a missing or invalid value, keyed by the source array, and a later read of the same
 * array returns a copy instead of parsing the text again. For work that reads one log several times and does not change it meanwhile (the
 * report); outside a scope nothing is kept. Columns with problems are always read afresh, so
 * errors, skips and their issues are exactly as without the memo.
 */
/** @internal The memo of `withReadMemo`'s scope (null outside one), for the date reader (dateColumns.ts). */
export function currentReadMemo(): typeof readMemo {
  return readMemo;
}

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

export const TYPED_NUMERIC = (value: unknown): value is NumericArray =>
  ArrayBuffer.isView(value) && !(value instanceof DataView) && !(value instanceof BigInt64Array) && !(value instanceof BigUint64Array);

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
  /** @internal Invalid cells found so far (for the readers of other column kinds, e.g. dateColumns.ts). */
  readonly invalid = new IssueList();
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

  /** @internal The column's values, or undefined (recorded as a missing column). */
  source(name: string, role: string): ArrayLike<unknown> | undefined {
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

  /** @internal A missing cell: marked to skip under 'skip', an issue under 'error'. */
  markMissing(row: number, column: string, value: unknown): void {
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
