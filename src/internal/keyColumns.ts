import { describeValue } from '../errors.js';
import type { NumericArray } from '../io/tableInput.js';
import { currentReadMemo, TYPED_NUMERIC, type ColumnReader, type KeyColumn } from './columnReader.js';

// Key columns (customer ids, stage names), read through a ColumnReader (its missing-value policy,
// issues and read memo). A function of its own, not a ColumnReader method, so that a bundle that
// reads only numbers (alpha, the scorers) leaves the key coding out (issue 21: a class's methods
// cannot be tree-shaken). Internal.

const UNSAFE_ID_HINT =
  'a number beyond 2^53 has already been rounded, so distinct ids may have merged: pass ids as strings (parseCsv and the CLI keep such ids as text; in SQL cast them to text)';

/**
 * A key column (customer ids, stage names): strings or finite numbers, coded densely. Keys are
 * exact: a string and a number never merge (`'007'`, `'7'` and `7` are three keys). A number
 * beyond ±2^53 is refused — it has already been rounded (two 19-digit ids can be the same
 * double) — with a hint to pass ids as strings; a `bigint` is keyed by its exact decimal text
 * (the key returned is that string).
 */
export function readKeys(reader: ColumnReader, name: string, role: string): KeyColumn {
  const readMemo = currentReadMemo();
  const values = reader.source(name, role);
  const n = reader.rowCount;
  if (values === undefined) return { codes: new Int32Array(n), keys: [] };
  const memo = readMemo === null || typeof values !== 'object' ? undefined : readMemo.keys.get(values);
  if (memo !== undefined && memo.codes.length === n) return { codes: memo.codes.slice(), keys: memo.keys.slice() };
  const coded = codeKeys(reader, values, n, name, role);
  if (readMemo !== null && coded.clean && typeof values === 'object') readMemo.keys.set(values, { codes: coded.codes.slice(), keys: coded.keys.slice() });
  return { codes: coded.codes, keys: coded.keys };
}

/** `readKeys`'s reading, and whether the column was clean (no missing or invalid cell). */
function codeKeys(reader: ColumnReader, values: ArrayLike<unknown>, n: number, name: string, role: string): KeyColumn & { readonly clean: boolean } {
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
      reader.invalid.add({
        function: reader.fn,
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
      reader.markMissing(i, name, v);
      codes[i] = -1;
      clean = false;
    } else {
      reader.invalid.add({ function: reader.fn, column: name, row: i, expected: 'an id: a string or a finite number', received: describeValue(v) });
      codes[i] = -1;
      clean = false;
    }
  }
  return { codes, keys, clean };
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
