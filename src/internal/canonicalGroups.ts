import { groupRows, type GroupedRows } from './groupRows.js';

/**
 * The distinct rows of numeric columns with their counts, in one canonical order: sorted
 * lexicographically by the columns (numeric order). Two inputs holding the same multiset of rows
 * — in any order, raw or already grouped with a count column — give the same groups in the same
 * order, so a likelihood summed over them is the same double, bit for bit (the counts are whole
 * numbers, summed exactly). `groupOf` is not kept: the order changes it.
 */
export function canonicalGroups(
  columns: readonly ArrayLike<number>[],
  n: number,
  skip: Uint8Array | null,
  counts: ArrayLike<number> | null,
): Omit<GroupedRows, 'groupOf'> {
  const grouped = groupRows(columns, n, skip, counts);
  const c = grouped.columns;
  const order = sortedOrder(c, grouped.weights.length);
  return { columns: c.map((column) => permute(column, order)), weights: permute(grouped.weights, order) };
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
