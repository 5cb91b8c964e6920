// chooseK's fitOn: 'sample' runs k-means for each candidate k on the silhouette's seeded sample
// only. Witness: the same curve as chooseK with fitOn: 'all' on a table holding exactly the
// sampled rows (in input order), the sample drawn here again as chooseK documents it (a partial
// Fisher–Yates shuffle seeded by seed + 7919).
import { describe, expect, it } from 'vitest';
import { chooseK } from '../../src/index.js';
import { seededRandom } from '../../src/internal/random.js';
import { caught } from '../helpers/fixtures.js';

/** Three noisy blobs in two features plus a noise feature, n rows, deterministic. */
function blobs(n: number): { x: Float64Array; y: Float64Array; z: Float64Array } {
  const random = seededRandom(42);
  const x = new Float64Array(n);
  const y = new Float64Array(n);
  const z = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const c = i % 3;
    x[i] = [0, 5, 9][c] + random.uniform() * 2;
    y[i] = [0, 6, 1][c] + random.uniform() * 2;
    z[i] = random.uniform();
  }
  return { x, y, z };
}

/** The rows chooseK samples: the first m of a partial Fisher–Yates shuffle seeded by seed + 7919, sorted. */
function sampledRows(n: number, m: number, seed: number): number[] {
  const random = seededRandom(seed + 7919);
  const order = Array.from({ length: n }, (_, a) => a);
  for (let a = 0; a < m; a++) {
    const b = a + Math.floor(random.uniform() * (n - a));
    [order[a], order[b]] = [order[b], order[a]];
  }
  return order.slice(0, m).sort((a, b) => a - b);
}

describe("chooseK(data, { fitOn: 'sample' })", () => {
  const data = blobs(5000);
  const features = ['x', 'y', 'z'];

  it.each([0, 3])('runs k-means on exactly the sampled rows (seed %i): the curve of fitOn all on those rows', (seed) => {
    const spec = { features, kRange: [2, 7] as [number, number], sampleSize: 400, seed, standardize: 'none' as const };
    const sampled = chooseK(data, { ...spec, fitOn: 'sample' });
    const rows = sampledRows(5000, 400, seed);
    const table = Object.fromEntries(features.map((f) => [f, Float64Array.from(rows, (i) => data[f as 'x'][i])]));
    const reference = chooseK(table, { ...spec, fitOn: 'all' });
    expect(sampled.curve.map((c) => c.k)).toEqual(reference.curve.map((c) => c.k));
    sampled.curve.forEach((point, i) => {
      expect(point.inertia).toBe(reference.curve[i].inertia); // the same rows in the same order: bit for bit
      // the same labels on the same rows; the silhouette sums them in another order
      expect(Math.abs((point.silhouette as number) - (reference.curve[i].silhouette as number))).toBeLessThan(1e-12);
    });
    expect(sampled.k).toBe(reference.k);
    expect([sampled.n, sampled.sampleSize]).toEqual([5000, 400]);
    // and it is not the curve of every row: that inertia sums 5,000 rows
    const all = chooseK(data, { ...spec, fitOn: 'all' });
    expect(all.curve[0].inertia).toBeGreaterThan(5 * sampled.curve[0].inertia);
    expect(all.k).toBe(3);
    expect(sampled.k).toBe(3);
  });

  it('equals fitOn all when the sample holds every row', () => {
    const small = blobs(300);
    const spec = { features, kRange: [2, 6] as [number, number], sampleSize: 300, seed: 5 };
    expect(chooseK(small, { ...spec, fitOn: 'sample' })).toEqual(chooseK(small, { ...spec, fitOn: 'all' }));
    expect(chooseK(small, spec)).toEqual(chooseK(small, { ...spec, fitOn: 'all' })); // 'all' is the default
  });

  it('refuses a sample with fewer distinct rows than the smallest k, saying what to try', () => {
    // 2,000 rows: 1,995 equal, 5 apart; the 10 sampled rows are all equal ones
    const x = new Float64Array(2000);
    for (let i = 0; i < 5; i++) x[i * 400] = i + 1;
    expect(sampledRows(2000, 10, 0).some((row) => row % 400 === 0)).toBe(false);
    const error = caught(() => chooseK({ x }, { features: ['x'], kRange: [2, 4], sampleSize: 10, fitOn: 'sample' }));
    expect(error.code).toBe('invalid_spec');
    expect(error.issues[0]).toMatchObject({ function: 'chooseK', path: 'spec.fitOn', received: "'sample'" });
    expect(chooseK({ x }, { features: ['x'], kRange: [2, 4], sampleSize: 10, fitOn: 'all' }).k).toBeGreaterThanOrEqual(2);
  });

  it('refuses an unknown fitOn', () => {
    const error = caught(() => chooseK(data, { features, fitOn: 'some' as never }));
    expect(error.code).toBe('invalid_spec');
    expect(error.issues[0]).toMatchObject({ function: 'chooseK', path: 'spec.fitOn' });
  });
});

describe('chooseK silhouette: the sample distances computed once for every k (sampleSize ≤ 3000)', () => {
  it('gives the curve of the distances computed on the fly, bit for bit', () => {
    // 2,500 rows: sampleSize 3000 and 3001 both sample all of them in the same order; only 3001 computes distances on the fly
    const data = blobs(2500);
    const spec = { features: ['x', 'y', 'z'], kRange: [2, 6] as [number, number], seed: 2 };
    for (const fitOn of ['all', 'sample'] as const) {
      const packed = chooseK(data, { ...spec, sampleSize: 3000, fitOn });
      const onTheFly = chooseK(data, { ...spec, sampleSize: 3001, fitOn });
      expect(packed.curve).toEqual(onTheFly.curve);
      expect(packed.curve.every((point) => point.silhouette !== null && point.silhouette > 0)).toBe(true);
    }
  });
});
