import { groupRows, type GroupedRows } from './groupRows.js';
import { rowHash } from './rowHash.js';

/**
 * The distinct rows of numeric columns with their counts, in one canonical order: sorted
 * lexicographically by the columns (numeric order). Two inputs holding the same multiset of rows
 * — in any order, raw or already grouped with a count column — give the same groups in the same
 * order, so a likelihood summed over them is the same double, bit for bit (the counts are whole
 * numbers, summed exactly). `groupOf` is not kept: the order changes it.
 *
 * Two paths, the same result (test/internal/canonicalGroups.test.ts checks both against a
 * comparator sort): with few distinct rows of the leading columns (Gamma-Gamma's frequency,
 * BG/NBD's frequency and recency), the rows are sorted in buckets of those and equal neighbours
 * merged, hashing no row of the last column (`sortMergedGroups`); otherwise every row is hashed
 * (`groupRows`) and the distinct rows sorted.
 */
export function canonicalGroups(
  columns: readonly ArrayLike<number>[],
  n: number,
  skip: Uint8Array | null,
  counts: ArrayLike<number> | null,
): Omit<GroupedRows, 'groupOf'> {
  const sorted = sortMergedGroups(columns, n, skip, counts);
  if (sorted !== null) return sorted;
  const grouped = groupRows(columns, n, skip, counts);
  const c = grouped.columns;
  const order = sortedOrder(c, grouped.weights.length);
  return { columns: c.map((column) => permute(column, order)), weights: permute(grouped.weights, order) };
}

/** Most distinct leading-column rows `sortMergedGroups` buckets by (beyond, the hash path is used). */
const MAX_LEADING_GROUPS = 1 << 16;

/**
 * `canonicalGroups` without hashing every row (what dominated on millions of nearly all-distinct
 * rows, e.g. Gamma-Gamma's (x, m̄) with a distinct mean spend per customer): the leading columns'
 * distinct rows (few: frequency, or frequency and recency) are found with a small hash table and
 * sorted, a stable counting sort puts the rows in that bucket order, and within each bucket the
 * last column's values are sorted natively and equal neighbours merged, each row's weight added
 * to its value's group (found by a binary search in the bucket's distinct values) in input order —
 * the order `groupRows` adds them in, so the weights are the same doubles. Null (the hash path
 * is used) with one column, or more than `MAX_LEADING_GROUPS` or n / 4 distinct leading rows.
 * Values are finite (the fitters read them so); −0 reads as 0.
 */
function sortMergedGroups(
  columns: readonly ArrayLike<number>[],
  n: number,
  skip: Uint8Array | null,
  counts: ArrayLike<number> | null,
): Omit<GroupedRows, 'groupOf'> | null {
  const last = columns.length - 1;
  if (last < 1) return null;
  const leading = leadingGroups(columns.slice(0, last), n, skip, Math.min(MAX_LEADING_GROUPS, n >>> 2));
  if (leading === null) return null;
  const { rows: combos, groupOf } = leading;
  const buckets = combos[0].length;
  // rank of each distinct leading row in lexicographic order = its bucket
  const comboOrder = sortedOrder(combos, buckets);
  const bucketOf = new Int32Array(buckets);
  for (let b = 0; b < buckets; b++) bucketOf[comboOrder[b]] = b;
  const start = new Int32Array(buckets + 1);
  for (let i = 0; i < n; i++) if (groupOf[i] >= 0) start[bucketOf[groupOf[i]] + 1]++;
  for (let b = 0; b < buckets; b++) start[b + 1] += start[b];
  const kept = start[buckets];
  const byBucket = new Int32Array(kept);
  const next = start.slice(0, buckets);
  for (let i = 0; i < n; i++) if (groupOf[i] >= 0) byBucket[next[bucketOf[groupOf[i]]]++] = i;
  const column = columns[last];
  let largest = 0;
  for (let b = 0; b < buckets; b++) largest = Math.max(largest, start[b + 1] - start[b]);
  const scratch = new Float64Array(largest);
  const lastValues = new Float64Array(kept);
  const weights = new Float64Array(kept);
  const groupBucket = new Int32Array(kept);
  let groups = 0;
  for (let b = 0; b < buckets; b++) {
    const distinct = mergeBucket(column, counts, byBucket, start[b], start[b + 1], scratch, lastValues, weights, groups);
    groupBucket.fill(b, groups, groups + distinct);
    groups += distinct;
  }
  const out = combos.map((values) => {
    const ordered = new Float64Array(groups);
    for (let g = 0; g < groups; g++) ordered[g] = values[comboOrder[groupBucket[g]]];
    return ordered;
  });
  out.push(lastValues.slice(0, groups));
  return { columns: out, weights: weights.slice(0, groups) };
}

/**
 * One bucket of `sortMergedGroups`: the last-column values of rows `byBucket[from..to)` sorted,
 * equal neighbours merged (from `groups` on in `values` and `weights`), each row's weight added
 * to its value's group in input order (without counts, a value's weight is its run length: the
 * same whole number). Returns the bucket's distinct values.
 */
function mergeBucket(
  column: ArrayLike<number>,
  counts: ArrayLike<number> | null,
  byBucket: Int32Array,
  from: number,
  to: number,
  scratch: Float64Array,
  values: Float64Array,
  weights: Float64Array,
  groups: number,
): number {
  const size = to - from;
  const sorted = scratch.subarray(0, size);
  for (let j = 0; j < size; j++) sorted[j] = column[byBucket[from + j]];
  sorted.sort();
  let distinct = 0;
  if (counts === null) {
    // each row counts 1: a value's weight is its run length in the sorted values
    for (let j = 0; j < size; j++) {
      if (distinct === 0 || sorted[j] !== values[groups + distinct - 1]) values[groups + distinct++] = sorted[j] + 0;
      weights[groups + distinct - 1]++;
    }
    return distinct;
  }
  for (let j = 0; j < size; j++) if (distinct === 0 || sorted[j] !== sorted[distinct - 1]) sorted[distinct++] = sorted[j] + 0;
  const unique = sorted.subarray(0, distinct);
  values.set(unique, groups);
  for (let j = from; j < to; j++) {
    const i = byBucket[j];
    weights[groups + rankOf(unique, column[i])] += counts === null ? 1 : counts[i];
  }
  return distinct;
}

/**
 * The distinct rows of a few columns (first-appearance order, −0 read as 0) and each input row's
 * index among them (−1 where `skip` is 1), with an open-addressing table over `rowHash` sized by
 * the distinct rows, not by n; null as soon as there are more than `limit`.
 */
function leadingGroups(
  columns: readonly ArrayLike<number>[],
  n: number,
  skip: Uint8Array | null,
  limit: number,
): { readonly rows: Float64Array[]; readonly groupOf: Int32Array } | null {
  const c = columns.length;
  let capacity = 64;
  let slots = new Int32Array(capacity).fill(-1);
  const keys = new Float64Array((limit + 1) * c);
  const groupOf = new Int32Array(n);
  /** The first input row of each distinct row: its values are the keys, so it rehashes them. */
  const firstRow = new Int32Array(limit + 1);
  let groups = 0;
  const slotOf = (g: number, mask: number): number => {
    let slot = rowHash(columns, firstRow[g]) & mask;
    while (slots[slot] >= 0) slot = (slot + 1) & mask;
    return slot;
  };
  for (let i = 0; i < n; i++) {
    if (skip !== null && skip[i] === 1) {
      groupOf[i] = -1;
      continue;
    }
    const mask = capacity - 1;
    let slot = rowHash(columns, i) & mask;
    for (;;) {
      const g = slots[slot];
      if (g < 0) {
        if (groups === limit) return null;
        for (let k = 0; k < c; k++) keys[groups * c + k] = columns[k][i] + 0;
        firstRow[groups] = i;
        groupOf[i] = groups;
        slots[slot] = groups++;
        if (groups * 2 > capacity) {
          capacity *= 2;
          slots = new Int32Array(capacity).fill(-1);
          for (let r = 0; r < groups; r++) slots[slotOf(r, capacity - 1)] = r;
        }
        break;
      }
      let same = true;
      for (let k = 0; k < c; k++) {
        if (keys[g * c + k] !== columns[k][i]) {
          same = false;
          break;
        }
      }
      if (same) {
        groupOf[i] = g;
        break;
      }
      slot = (slot + 1) & mask;
    }
  }
  if (groups === 0) return null;
  const rows = Array.from({ length: c }, (_, k) => Float64Array.from({ length: groups }, (_, g) => keys[g * c + k]));
  return { rows, groupOf };
}

/**
 * The permutation that sorts the distinct rows lexicographically. Fast path: each value becomes
 * its rank among its column's distinct values (a native typed-array sort and a binary search),
 * the ranks combine into one integer key (mixed radix) with the row index in the low digits, and
 * one native `Float64Array` sort orders those keys — when the key fits in 2^53. Otherwise a
 * comparator sort. Both give the same order (the rows are distinct, −0 already read as 0).
 */
function sortedOrder(c: readonly Float64Array[], groups: number): Int32Array {
  const bucketed = bucketSortedOrder(c, groups);
  if (bucketed !== null) return bucketed;
  const distinct = c.map(uniqueSorted);
  const radix = distinct.reduce((product, values) => product * values.length, groups);
  if (radix <= Number.MAX_SAFE_INTEGER) {
    const keys = new Float64Array(groups);
    for (let k = 0; k < c.length; k++) {
      const column = c[k];
      const values = distinct[k];
      for (let g = 0; g < groups; g++) keys[g] = keys[g] * values.length + rankOf(values, column[g]);
    }
    for (let g = 0; g < groups; g++) keys[g] = keys[g] * groups + g;
    keys.sort();
    const order = new Int32Array(groups);
    for (let g = 0; g < groups; g++) order[g] = keys[g] % groups;
    return order;
  }
  const order = Array.from({ length: groups }, (_, g) => g);
  order.sort((i, j) => {
    for (let k = 0; k < c.length; k++) {
      const d = c[k][i] - c[k][j];
      if (d !== 0) return d;
    }
    return 0;
  });
  return Int32Array.from(order);
}

/**
 * `sortedOrder` without ranking the last column (often the one with a distinct value per row, as
 * mean spend is): the leading columns' ranks make a bucket number (mixed radix), a stable counting
 * sort puts the rows in bucket order, and each bucket is ordered by its last-column values, which
 * are distinct within a bucket (the rows are distinct), by a native sort of that bucket's values
 * and a binary search of each in them (a cache-sized array, not the whole column). The same order
 * as the mixed-radix key sort. Null when there are more buckets than rows (the key sort is used).
 */
function bucketSortedOrder(c: readonly Float64Array[], groups: number): Int32Array | null {
  const last = c.length - 1;
  const leading = c.slice(0, last).map(uniqueSorted);
  const buckets = leading.reduce((product, values) => product * values.length, 1);
  if (last < 0 || buckets > groups) return null;
  const bucket = new Int32Array(groups);
  for (let k = 0; k < last; k++) {
    const column = c[k];
    const values = leading[k];
    for (let g = 0; g < groups; g++) bucket[g] = bucket[g] * values.length + rankOf(values, column[g]);
  }
  const start = new Int32Array(buckets + 1);
  for (let g = 0; g < groups; g++) start[bucket[g] + 1]++;
  for (let b = 0; b < buckets; b++) start[b + 1] += start[b];
  const byBucket = new Int32Array(groups);
  const next = start.slice(0, buckets);
  for (let g = 0; g < groups; g++) byBucket[next[bucket[g]]++] = g;
  const column = c[last];
  const order = new Int32Array(groups);
  let largest = 0;
  for (let b = 0; b < buckets; b++) largest = Math.max(largest, start[b + 1] - start[b]);
  const scratch = new Float64Array(largest);
  for (let b = 0; b < buckets; b++) {
    const from = start[b];
    const size = start[b + 1] - from;
    const values = scratch.subarray(0, size);
    for (let i = 0; i < size; i++) values[i] = column[byBucket[from + i]];
    values.sort();
    for (let i = 0; i < size; i++) {
      const g = byBucket[from + i];
      order[from + rankOf(values, column[g])] = g;
    }
  }
  return order;
}

/** The distinct values of a column, ascending. */
function uniqueSorted(column: Float64Array): Float64Array {
  const sorted = Float64Array.from(column).sort();
  let k = 0;
  for (let i = 0; i < sorted.length; i++) if (i === 0 || sorted[i] !== sorted[k - 1]) sorted[k++] = sorted[i];
  return sorted.subarray(0, k);
}

/** Index of `value` in the ascending distinct `values` (present by construction). */
function rankOf(values: Float64Array, value: number): number {
  let lo = 0;
  let hi = values.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (values[mid] < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** `values` reordered: element i is `values[order[i]]`. */
function permute(values: Float64Array, order: Int32Array): Float64Array {
  const out = new Float64Array(order.length);
  for (let i = 0; i < order.length; i++) out[i] = values[order[i]];
  return out;
}
