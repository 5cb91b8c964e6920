import { describe, expect, it } from 'vitest';
import { momentMatrix } from '../../src/internal/momentMatrix.js';

/** Textbook two-pass covariance, row by row: the oracle for the blocked, tiled kernel. */
function naiveCovariance(columns: Float64Array[], skip: Uint8Array | null): number[][] {
  const keep = Array.from(columns[0].keys()).filter((i) => skip === null || skip[i] === 0);
  const means = columns.map((x) => keep.reduce((s, i) => s + x[i], 0) / keep.length);
  return columns.map((x, j) => columns.map((y, k) => keep.reduce((s, i) => s + (x[i] - means[j]) * (y[i] - means[k]), 0) / (keep.length - 1)));
}

describe('momentMatrix(columns, skip)', () => {
  it('equals the textbook covariance for odd and even p, ragged blocks and skipped rows', () => {
    let seed = 7;
    const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
    for (const p of [1, 2, 3, 5, 8]) {
      for (const rows of [3, 255, 256, 257, 1000]) {
        const columns = Array.from({ length: p }, () => Float64Array.from({ length: rows }, () => Math.round(10 * random())));
        for (const skip of [null, Uint8Array.from({ length: rows }, (_, i) => +(i % 7 === 3))]) {
          const moments = momentMatrix(columns, skip);
          const expected = naiveCovariance(columns, skip);
          for (let j = 0; j < p; j++)
            for (let k = 0; k < p; k++) {
              expect(moments.covariance[j * p + k]).toBeCloseTo(expected[j][k], 10);
            }
        }
      }
    }
  });
});
