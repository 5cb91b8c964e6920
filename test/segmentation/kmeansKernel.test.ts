import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../src/internal/random.js';
import { kmeansPlusPlus, lloyd, nearestCenter, relabel, type KmeansRun } from '../../src/segmentation/kmeansKernel.js';
import { kmeansWasmKernel } from '../../src/segmentation/kmeansWasmKernel.js';
import { fitSegments } from '../../src/segmentation/fitSegments.js';

describe('nearestCenter(data, base, centers, k, p, two), the one nearest-center search of the k-means kernel', () => {
  // 3 centers in 2-D: (0, 0), (3, 4), (0, 1)
  const centers = Float64Array.from([0, 0, 3, 4, 0, 1]);

  it('returns the nearest center and writes the squared distances to the nearest and second nearest', () => {
    const two = new Float64Array(2);
    expect(nearestCenter(Float64Array.from([9, 9, 3, 3]), 2, centers, 3, 2, two)).toBe(1); // the row at base 2 is (3, 3)
    expect(Array.from(two)).toEqual([1, 13]); // (3,3)–(3,4): 1; (3,3)–(0,1): 9 + 4
  });

  it('keeps the first of equally near centers, and gives a tie as the second distance', () => {
    const two = new Float64Array(2);
    expect(nearestCenter(Float64Array.from([0, 0.5]), 0, centers, 3, 2, two)).toBe(0);
    expect(Array.from(two)).toEqual([0.25, 0.25]);
  });

  it('gives Infinity as the second distance with one center, and 0 then the nearest other for a center itself', () => {
    const two = new Float64Array(2);
    expect(nearestCenter(Float64Array.from([5, 5]), 0, centers, 1, 2, two)).toBe(0);
    expect(Array.from(two)).toEqual([50, Infinity]);
    expect(nearestCenter(centers, 4, centers, 3, 2, two)).toBe(2);
    expect(Array.from(two)).toEqual([0, 1]);
  });

  it('is what relabel assigns with, summing the nearest squared distances', () => {
    const data = Float64Array.from([3, 3, 0, 0.4, 10, 10]);
    const labels = new Int32Array(3);
    expect(relabel(data, 3, 2, centers, 3, labels)).toBeCloseTo(1 + 0.16 + (49 + 36), 12);
    expect(Array.from(labels)).toEqual([1, 0, 1]);
  });

  it('is the only running-minimum search over centers in the kernel file (no second copy of the loop)', () => {
    const source = readFileSync(join(__dirname, '../../src/segmentation/kmeansKernel.ts'), 'utf8');
    const functions = source.split(/^(?=(?:export )?function )/m).slice(1);
    const searching = functions.filter((body) => /let \w+ = Infinity;/.test(body)).map((body) => /function (\w+)/.exec(body)?.[1]);
    expect(searching).toEqual(['nearestCenter']);
  });
});

describe('lloyd(…, kernel): the WebAssembly SIMD assignment passes against the JavaScript ones', () => {
  /** Every field of two runs, compared bit for bit. */
  const sameRun = (a: KmeansRun, b: KmeansRun) => {
    expect(b.iterations).toBe(a.iterations);
    expect(b.converged).toBe(a.converged);
    expect(b.inertia).toBe(a.inertia);
    expect(Array.from(b.labels)).toEqual(Array.from(a.labels));
    expect(Array.from(b.centers, (v) => v.toString(16))).toEqual(Array.from(a.centers, (v) => v.toString(16)));
    expect(b.inertiaTrace.map((v) => v.toString(16))).toEqual(a.inertiaTrace.map((v) => v.toString(16)));
  };

  it('gives the same labels, centers, inertia and iterations, bit for bit, for p = 1 … 9 and k = 1 … 9 (odd k too)', () => {
    expect(kmeansWasmKernel(10, 3, 3)).not.toBeNull(); // Node 20 has WebAssembly SIMD: the comparison is not vacuous
    const random = seededRandom(20261130);
    for (let p = 1; p <= 9; p++) {
      for (const k of [1, 2, 3, 5, 8, 9]) {
        const n = 600 + 37 * p;
        // blobs over many magnitudes, plus a grid of integer rows so that distances tie exactly
        const data = Float64Array.from({ length: n * p }, (_, i) =>
          i % 5 === 0 ? Math.round(4 * random.uniform()) : (random.uniform() - 0.5) * 10 ** Math.floor(4 * random.uniform()),
        );
        const initial = kmeansPlusPlus(data, n, p, k, seededRandom(p * 31 + k));
        for (const [maxIterations, tolerance, trace] of [
          [50, 0, false],
          [3, 0, true], // stopped by the iteration cap: the last pass relabels every row
          [50, 1e-3, false], // stopped by the tolerance
        ] as const) {
          sameRun(lloyd(data, n, p, initial, k, maxIterations, tolerance, trace, 'js'), lloyd(data, n, p, initial, k, maxIterations, tolerance, trace, 'wasm'));
        }
      }
    }
  });

  it('runs over one matrix for many k (one kernel memory reused, as chooseK does) with the same results as the JavaScript kernel', () => {
    const random = seededRandom(99);
    const n = 5000; // 'auto' takes the WebAssembly kernel from 4,096 rows
    const p = 3;
    const data = Float64Array.from({ length: n * p }, (_, i) => (Math.floor(i / p) % 7) + random.uniform());
    // a large k first, then smaller ones, odd after even: the reused memory holds the previous run's centers and state
    for (const k of [9, 4, 7, 2, 3, 8, 5]) {
      const initial = kmeansPlusPlus(data, n, p, k, seededRandom(k));
      sameRun(lloyd(data, n, p, initial, k, 30, 0, false, 'js'), lloyd(data, n, p, initial, k, 30, 0, false, 'auto'));
    }
  });

  it('re-seeds an empty cluster the same way', () => {
    // two centers start far from every row: their clusters are empty after the first pass
    const n = 400;
    const data = Float64Array.from({ length: 2 * n }, (_, i) => ((i * 7919) % 1000) / 10);
    const initial = Float64Array.of(10, 10, 1e6, 1e6, -1e6, 5, 50, 50);
    const js = lloyd(data, n, 2, initial, 4, 100, 0, true, 'js');
    expect(new Set(js.labels).size).toBe(4);
    sameRun(js, lloyd(data, n, 2, initial, 4, 100, 0, true, 'wasm'));
  });

  it('fitSegments gives the same model with and without WebAssembly (the kernel reused across restarts, rows scaled into its memory)', () => {
    const random = seededRandom(7);
    const n = 6000; // above the size from which fitSegments takes the WebAssembly kernel
    const table = {
      visits: Float64Array.from({ length: n }, (_, i) => (i % 3) * 10 + random.uniform() * 4),
      spend: Float64Array.from({ length: n }, (_, i) => (i % 5) * 100 + random.uniform() * 50),
      tenure: Float64Array.from({ length: n }, () => Math.round(random.uniform() * 36)),
    };
    const spec = { features: ['visits', 'spend', 'tenure'], k: 5, restarts: 3, seed: 3 };
    const withWasm = fitSegments(table, spec);
    const global = globalThis as { WebAssembly?: unknown };
    const saved = global.WebAssembly;
    let withoutWasm: ReturnType<typeof fitSegments>;
    try {
      delete global.WebAssembly;
      withoutWasm = fitSegments(table, spec);
    } finally {
      global.WebAssembly = saved;
    }
    expect(JSON.stringify(withWasm)).toBe(JSON.stringify(withoutWasm));
  });

  it('runs the JavaScript kernel where there is no WebAssembly', () => {
    const global = globalThis as { WebAssembly?: unknown };
    const saved = global.WebAssembly;
    const data = Float64Array.from({ length: 200 }, (_, i) => (i * 37) % 11);
    const js = lloyd(data, 100, 2, Float64Array.of(0, 0, 10, 10), 2, 20, 0, false, 'js');
    try {
      delete global.WebAssembly;
      expect(kmeansWasmKernel(100, 2, 2)).toBeNull();
      sameRun(js, lloyd(data, 100, 2, Float64Array.of(0, 0, 10, 10), 2, 20, 0, false, 'wasm'));
    } finally {
      global.WebAssembly = saved;
    }
  });
});
