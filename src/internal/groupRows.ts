import { rowHash } from './rowHash.js';

/** Distinct rows of several numeric columns, with how many times each occurs (or their summed weights). */
export interface GroupedRows {
  /** One column per input column, holding each distinct row once (first-appearance order). */
  readonly columns: Float64Array[];
  /** Occurrences of each distinct row (the sum of its rows' weights when weights are given). */
  readonly weights: Float64Array;
  /** For each input row, the index of its group. */
  readonly groupOf: Int32Array;
}

/**
 * Group identical rows of numeric columns (exact equality, −0 = 0) with an open-addressing hash
 * table over the values' bits (`rowHash`): O(n), no strings, no row objects. Rows where `skip` is 1 get
 * group −1. With `weights`, each row counts for its weight (already-grouped input, e.g. a
 * GROUP BY count column) instead of 1.
 */
export function groupRows(
  columns: readonly ArrayLike<number>[],
  n: number,
  skip: Uint8Array | null = null,
  weights: ArrayLike<number> | null = null,
): GroupedRows {
  const c = columns.length;
  let capacity = 1024;
  while (capacity < 2 * Math.min(n, 1 << 28)) capacity *= 2;
  const mask = capacity - 1;
  const slots = new Int32Array(capacity).fill(-1);
  let keys = new Float64Array(Math.max(16, Math.min(n, 1 << 16)) * c);
  let counts = new Float64Array(keys.length / c);
  const groupOf = new Int32Array(n);
  let groups = 0;
  for (let i = 0; i < n; i++) {
    if (skip !== null && skip[i] === 1) {
      groupOf[i] = -1;
      continue;
    }
    let slot = rowHash(columns, i) & mask;
    for (;;) {
      const g = slots[slot];
      if (g < 0) {
        if (groups * c >= keys.length) {
          const grown = new Float64Array(keys.length * 2);
          grown.set(keys);
          keys = grown;
          const grownCounts = new Float64Array(counts.length * 2);
          grownCounts.set(counts);
          counts = grownCounts;
        }
        for (let k = 0; k < c; k++) keys[groups * c + k] = columns[k][i] + 0;
        counts[groups] = weights === null ? 1 : weights[i];
        slots[slot] = groups;
        groupOf[i] = groups;
        groups++;
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
        counts[g] += weights === null ? 1 : weights[i];
        groupOf[i] = g;
        break;
      }
      slot = (slot + 1) & mask;
    }
  }
  const out = Array.from({ length: c }, () => new Float64Array(groups));
  for (let g = 0; g < groups; g++) for (let k = 0; k < c; k++) out[k][g] = keys[g * c + k];
  return { columns: out, weights: counts.slice(0, groups), groupOf };
}
