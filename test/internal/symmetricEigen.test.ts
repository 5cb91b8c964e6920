import { describe, expect, it } from 'vitest';
import { symmetricEigen } from '../../src/internal/symmetricEigen.js';
import { readFixtureJson } from '../helpers/fixtures.js';

// Reference: numpy.linalg.eigh (LAPACK syevd), reordered descending and signed by our convention —
// test/fixtures/internal/make_eigen_reference.py (the file's `source` field names the numpy version).
interface Cluster {
  readonly from: number;
  readonly to: number;
  readonly vectors: number[][] | null;
  readonly projector: number[][] | null;
}
interface Case {
  readonly name: string;
  readonly p: number;
  readonly matrix: number[][];
  readonly values: number[];
  readonly clusters: Cluster[];
}
const reference = readFixtureJson<{ source: string; cases: Case[] }>('internal/eigen_reference.json');

const frobenius = (m: number[][]) => Math.sqrt(m.flat().reduce((s, x) => s + x * x, 0));

describe('symmetricEigen(matrix, p): cyclic Jacobi against numpy.linalg.eigh', () => {
  it.each(reference.cases.map((c) => [c.name, c] as const))('%s', (_, c) => {
    const { values, vectors } = symmetricEigen(Float64Array.from(c.matrix.flat()), c.p);
    const norm = frobenius(c.matrix);
    expect(values).toHaveLength(c.p);
    // eigenvalues, descending, to rounding of the matrix's scale
    values.forEach((v, k) => {
      expect(Math.abs(v - c.values[k])).toBeLessThanOrEqual(1e-13 * norm);
      if (k > 0) expect(v).toBeLessThanOrEqual(values[k - 1]);
    });
    for (const cluster of c.clusters) {
      if (cluster.vectors !== null) {
        // a simple eigenvalue: the vector itself (our sign convention, which the script applied
        // to numpy's vectors), accurate to rounding over the gap to its neighbours
        const k = cluster.from;
        const gap = Math.min(k > 0 ? c.values[k - 1] - c.values[k] : Infinity, k < c.p - 1 ? c.values[k] - c.values[k + 1] : Infinity);
        const tolerance = Math.max(1e-13, (1e-14 * norm) / gap);
        vectors[k].forEach((x, i) => expect(Math.abs(x - cluster.vectors![0][i])).toBeLessThanOrEqual(tolerance));
      } else {
        // a repeated eigenvalue: the vectors are not unique, the projector onto their span is
        // (accurate to rounding over the gap to the other eigenvalues)
        const outside = Math.min(
          cluster.from > 0 ? c.values[cluster.from - 1] - c.values[cluster.from] : Infinity,
          cluster.to < c.p ? c.values[cluster.to - 1] - c.values[cluster.to] : Infinity,
        );
        const tolerance = Math.max(1e-12, (1e-14 * norm) / outside);
        for (let i = 0; i < c.p; i++)
          for (let j = 0; j < c.p; j++) {
            let sum = 0;
            for (let k = cluster.from; k < cluster.to; k++) sum += vectors[k][i] * vectors[k][j];
            expect(Math.abs(sum - cluster.projector![i][j])).toBeLessThanOrEqual(tolerance);
          }
      }
    }
    // orthonormal, and A·v = λ·v to rounding
    for (let k = 0; k < c.p; k++) {
      for (let l = k; l < c.p; l++) {
        const dot = vectors[k].reduce((s, x, i) => s + x * vectors[l][i], 0);
        expect(Math.abs(dot - (k === l ? 1 : 0))).toBeLessThanOrEqual(1e-13 * c.p);
      }
      const residual = c.matrix.map((row, i) => row.reduce((s, a, j) => s + a * vectors[k][j], 0) - values[k] * vectors[k][i]);
      expect(Math.hypot(...residual)).toBeLessThanOrEqual(1e-14 * c.p * norm);
    }
  });

  it('signs each vector so its largest component is positive, and returns nothing for p = 0', () => {
    const { vectors } = symmetricEigen(Float64Array.from([2, -1, -1, 2]), 2);
    // eigenvalue 3 has (1, −1)/√2: the components tie in magnitude, the first is made positive
    // (so also when rounding makes the second larger by an ulp)
    expect(vectors[0][0]).toBeCloseTo(Math.SQRT1_2, 15);
    expect(vectors[0][1]).toBeCloseTo(-Math.SQRT1_2, 15);
    expect(symmetricEigen(new Float64Array(0), 0)).toEqual({ values: [], vectors: [] });
  });
});
