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
  const order = Array.from({ length: grouped.weights.length }, (_, g) => g);
  order.sort((i, j) => {
    for (let k = 0; k < c.length; k++) {
      const d = c[k][i] - c[k][j];
      if (d !== 0) return d;
    }
    return 0;
  });
  return {
    columns: c.map((column) => Float64Array.from(order, (g) => column[g])),
    weights: Float64Array.from(order, (g) => grouped.weights[g]),
  };
}
