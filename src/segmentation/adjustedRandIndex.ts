import { CustomerValueError, describeValue } from '../errors.js';

/**
 * Adjusted Rand index (Hubert & Arabie 1985) between two labelings of the same rows: 1 for
 * identical partitions (whatever the label numbers), about 0 for chance agreement. Use it to
 * compare segmentations across runs, seeds or tools.
 *
 * @throws {CustomerValueError} `invalid_value` when the labelings differ in length or are empty.
 * @example
 * adjustedRandIndex([0, 0, 1, 1, 2, 2], [5, 5, 3, 3, 9, 9]); // => 1
 * Math.round(adjustedRandIndex([0, 0, 0, 1, 1, 1], [0, 0, 1, 1, 2, 2]) * 1000) / 1000; // => 0.242
 */
export function adjustedRandIndex(a: ArrayLike<number | string>, b: ArrayLike<number | string>): number {
  if (!a || !b || a.length !== b.length || a.length === 0) {
    throw new CustomerValueError('invalid_value', 'adjustedRandIndex: two labelings of the same rows are needed', [
      { function: 'adjustedRandIndex', column: 'b', expected: `${a?.length} labels`, received: describeValue(b?.length) },
    ]);
  }
  const n = a.length;
  const table = new Map<string, number>();
  const rowsA = new Map<number | string, number>();
  const rowsB = new Map<number | string, number>();
  for (let i = 0; i < n; i++) {
    const key = `${a[i]}\u0000${b[i]}`;
    table.set(key, (table.get(key) ?? 0) + 1);
    rowsA.set(a[i], (rowsA.get(a[i]) ?? 0) + 1);
    rowsB.set(b[i], (rowsB.get(b[i]) ?? 0) + 1);
  }
  const pairs = (m: number) => (m * (m - 1)) / 2;
  let index = 0;
  for (const v of table.values()) index += pairs(v);
  let sumA = 0;
  for (const v of rowsA.values()) sumA += pairs(v);
  let sumB = 0;
  for (const v of rowsB.values()) sumB += pairs(v);
  const expected = (sumA * sumB) / pairs(n);
  const max = (sumA + sumB) / 2;
  return max === expected ? 1 : (index - expected) / (max - expected);
}
