import { describe, expect, it } from 'vitest';
import { crossProductKernel } from '../../src/internal/crossProductKernel.js';
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

describe('momentMatrix(columns, skip, kernel): the WebAssembly SIMD kernel against the scalar one', () => {
  it('gives the same bits as the JavaScript kernel for p = 1 … 30, ragged blocks, skipped rows, wide ranges', () => {
    expect(crossProductKernel(5, 256)).not.toBeNull(); // Node 20 has WebAssembly SIMD: the comparison below is not vacuous
    let seed = 11;
    const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
    for (let p = 1; p <= 30; p++) {
      for (const rows of [1, 2, 255, 256, 257, 1500]) {
        // values over many magnitudes, so a reordered sum would round differently
        const columns = Array.from({ length: p }, () => Float64Array.from({ length: rows }, () => (random() - 0.3) * 10 ** Math.floor(12 * random() - 4)));
        for (const skip of [null, Uint8Array.from({ length: rows }, (_, i) => +(i % 5 === 2))]) {
          if (skip !== null && rows < 3) continue;
          const scalar = momentMatrix(columns, skip, 'js');
          const simd = momentMatrix(columns, skip, 'wasm');
          for (let i = 0; i < p * p; i++)
            if (!Object.is(simd.covariance[i], scalar.covariance[i]))
              expect({ p, rows, i, simd: simd.covariance[i] }).toEqual({ p, rows, i, simd: scalar.covariance[i] });
        }
      }
    }
  });

  it('gives the same bits for p = 131 (one module for every column count: no limit on p from the code size)', () => {
    const columns = Array.from({ length: 131 }, (_, j) => Float64Array.from({ length: 700 }, (_, i) => (((i + 3) * (j + 5) * 7919) % 1009) / 7 - 60));
    const scalar = momentMatrix(columns, null, 'js');
    const simd = momentMatrix(columns, null, 'wasm');
    expect(crossProductKernel(131, 256)).not.toBeNull();
    expect(Array.from(simd.covariance)).toEqual(Array.from(scalar.covariance));
  });

  it('keeps a small kernel for the next call, not a large one (its memory grows with p²)', () => {
    expect(crossProductKernel(7, 256)).toBe(crossProductKernel(7, 256));
    const large = crossProductKernel(1500, 256); // 1,500² running sums: 18 MB
    expect(large).not.toBeNull();
    expect(crossProductKernel(1500, 256)).not.toBe(large);
  });

  it('reads columns of other numeric types (copied value by value into the staging rows) to the same bits', () => {
    const doubles = Array.from({ length: 6 }, (_, j) => Float64Array.from({ length: 5000 }, (_, i) => ((i * (j + 3)) % 17) - 8));
    const expected = momentMatrix(doubles, null, 'js');
    for (const other of [doubles.map((x) => Int32Array.from(x)), doubles.map((x) => Float32Array.from(x))]) {
      expect(Array.from(momentMatrix(other, null, 'wasm').covariance)).toEqual(Array.from(expected.covariance));
    }
  });

  it('falls back to the JavaScript kernel where there is no WebAssembly, with the same result', () => {
    // 31 columns: a kernel no other test makes (the runtime is looked for before any kept kernel anyway)
    const columns = Array.from({ length: 31 }, (_, j) => Float64Array.from({ length: 5000 }, (_, i) => ((i + j) * 7919) % (101 + j)));
    const expected = momentMatrix(columns, null, 'js');
    const global = globalThis as { WebAssembly?: unknown };
    const saved = global.WebAssembly;
    try {
      delete global.WebAssembly; // a runtime without WebAssembly
      expect(crossProductKernel(31, 256)).toBeNull();
      expect(Array.from(momentMatrix(columns, null, 'wasm').covariance)).toEqual(Array.from(expected.covariance));
    } finally {
      global.WebAssembly = saved;
    }
  });
});
