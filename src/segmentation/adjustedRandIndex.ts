import { CustomerValueError, describeValue } from '../errors.js';

/**
 * Adjusted Rand index (Hubert & Arabie 1985) between two labelings of the same rows: 1 for
 * identical partitions (whatever the label numbers), about 0 for chance agreement, never above 1.
 * Use it to compare segmentations across runs, seeds or tools.
 *
 * Labels are compared by identity within each labeling: the number `1` and the string `"1"` in
 * the same labeling would be ambiguous (the same cluster, or a type slip in the export?), so such
 * a labeling is refused, naming both rows. Label texts never collide (no joined-string keys).
 *
 * @throws {CustomerValueError} `invalid_value` when the labelings differ in length or are empty,
 * or when one labeling holds a label both as a number and as its text.
 * @example
 * adjustedRandIndex([0, 0, 1, 1, 2, 2], [5, 5, 3, 3, 9, 9]); // => 1
 * Math.round(adjustedRandIndex([0, 0, 0, 1, 1, 1], [0, 0, 1, 1, 2, 2]) * 1000) / 1000; // => 0.242
 */
export function adjustedRandIndex(a: ArrayLike<number | string>, b: ArrayLike<number | string>): number {
  if (!a || !b || a.length !== b.length || a.length === 0) {
    throw new CustomerValueError('invalid_value', 'adjustedRandIndex: two labelings of the same rows are needed', [
      { function: 'adjustedRandIndex', path: 'b', expected: `${a?.length} labels`, received: describeValue(b?.length) },
    ]);
  }
  const n = a.length;
  const codesA = labelCodes(a, 'a');
  const codesB = labelCodes(b, 'b');
  // Contingency table keyed by the pair of codes (an integer: kA·kB stays far below 2^53).
  const table = new Map<number, number>();
  const countsA = new Float64Array(codesA.k);
  const countsB = new Float64Array(codesB.k);
  for (let i = 0; i < n; i++) {
    const key = codesA.codes[i] * codesB.k + codesB.codes[i];
    table.set(key, (table.get(key) ?? 0) + 1);
    countsA[codesA.codes[i]]++;
    countsB[codesB.codes[i]]++;
  }
  const pairs = (m: number) => (m * (m - 1)) / 2;
  let index = 0;
  for (const v of table.values()) index += pairs(v);
  let sumA = 0;
  for (const v of countsA) sumA += pairs(v);
  let sumB = 0;
  for (const v of countsB) sumB += pairs(v);
  const expected = (sumA * sumB) / pairs(n);
  const max = (sumA + sumB) / 2;
  return max === expected ? 1 : (index - expected) / (max - expected);
}

/** Dense codes 0..k−1 of one labeling's labels, refusing a label present as a number and as text. */
function labelCodes(labels: ArrayLike<number | string>, column: 'a' | 'b'): { codes: Int32Array; k: number } {
  const code = new Map<number | string, number>();
  const firstRow = new Map<string, { label: number | string; row: number }>();
  const codes = new Int32Array(labels.length);
  for (let i = 0; i < labels.length; i++) {
    const label = labels[i];
    let c = code.get(label);
    if (c === undefined) {
      const text = String(label);
      const seen = firstRow.get(text);
      if (seen !== undefined && typeof seen.label !== typeof label) {
        throw new CustomerValueError('invalid_value', `adjustedRandIndex: labeling ${column} holds the label ${text} both as a number and as text`, [
          {
            function: 'adjustedRandIndex',
            path: column,
            row: i,
            expected: `labels of one type for ${text} (row ${seen.row} has ${describeValue(seen.label)})`,
            received: describeValue(label),
            hint: 'convert the labels to one type (all strings or all numbers) before comparing',
          },
        ]);
      }
      if (seen === undefined) firstRow.set(text, { label, row: i });
      c = code.size;
      code.set(label, c);
    }
    codes[i] = c;
  }
  return { codes, k: code.size };
}
