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
 * (and time-of-day marks) and `readKeys` the codes and keys of every column it read
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

/** Throw `too_few_rows` when fewer than `needed` usable rows remain. */
export function requireRows(fn: string, used: number, needed: number, what = 'rows'): void {
  if (used < needed) {
    throw new CustomerValueError('too_few_rows', `${fn}: needs at least ${needed} ${what}, got ${used}`, [
      { function: fn, expected: `at least ${needed} usable ${what}`, received: String(used) },
    ]);
  }
}
