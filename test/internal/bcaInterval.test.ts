import { describe, expect, it } from 'vitest';
import { bcaInterval, bcaLevels } from '../../src/internal/bcaInterval.js';
import { quantileOfSorted } from '../../src/internal/percentiles.js';
import { seededRandom } from '../../src/internal/random.js';
import { readFixtureJson } from '../helpers/fixtures.js';

// Reference: SciPy 1.17.1's own BCa code (scipy.stats._resampling._bca_interval, then
// np.percentile at its levels, as scipy.stats.bootstrap(method='BCa') does) applied to OUR
// resample and leave-one-out jackknife estimates of the seminr mobi model — make_bca_reference.py
// reads bca_draws.json and writes bca_reference.json.
const draws = readFixtureJson<{ level: number; columns: { name: string; estimate: number; resamples: number[]; jackknife: number[] }[] }>(
  'satisfaction/bca_draws.json',
);
const scipy = readFixtureJson<{ columns: { name: string; lower: number; upper: number; acceleration: number }[] }>('satisfaction/bca_reference.json');

describe('bcaInterval', () => {
  it("gives scipy's BCa bounds and acceleration on the same resample and jackknife estimates", () => {
    draws.columns.forEach((column, k) => {
      const sorted = Float64Array.from(column.resamples).sort();
      const bca = bcaInterval(sorted, column.estimate, column.jackknife, draws.level)!;
      const ref = scipy.columns[k];
      expect(ref.name).toBe(column.name);
      expect(Math.abs(bca.acceleration - ref.acceleration), column.name).toBeLessThan(1e-12);
      expect(Math.abs(bca.lower - ref.lower), column.name).toBeLessThan(1e-12);
      expect(Math.abs(bca.upper - ref.upper), column.name).toBeLessThan(1e-12);
      // and it is not the percentile interval (the bias or the acceleration moved it)
      expect(Math.abs(bca.lower - quantileOfSorted(sorted, 0.025)) + Math.abs(bca.upper - quantileOfSorted(sorted, 0.975))).toBeGreaterThan(1e-6);
    });
  });

  it('is the percentile interval when z0 = a = 0 (any level, any resamples)', () => {
    const random = seededRandom(3);
    for (const level of [0.8, 0.9, 0.95, 0.99]) {
      const [a1, a2] = bcaLevels(0, 0, (1 - level) / 2);
      expect(a1).toBeCloseTo((1 - level) / 2, 14);
      expect(a2).toBeCloseTo(1 - (1 - level) / 2, 14);
      // odd count with the estimate at the median: (#< + #≤) / 2B = 1/2; a symmetric jackknife: a = 0
      const sorted = Float64Array.from({ length: 201 }, () => random.normal() ** 3).sort();
      const estimate = sorted[100];
      const bca = bcaInterval(sorted, estimate, [-2, -1, 0, 1, 2], level)!;
      expect(bca.z0).toBe(0);
      expect(bca.acceleration).toBe(0);
      expect(bca.lower).toBeCloseTo(quantileOfSorted(sorted, (1 - level) / 2), 10);
      expect(bca.upper).toBeCloseTo(quantileOfSorted(sorted, 1 - (1 - level) / 2), 10);
    }
  });

  it('is null when not defined: every resample on one side, or a jackknife without spread', () => {
    const sorted = Float64Array.from([1, 2, 3, 4]);
    expect(bcaInterval(sorted, 0.5, [1, 2, 3], 0.95)).toBeNull();
    expect(bcaInterval(sorted, 2.5, [1, 1, 1], 0.95)).toBeNull();
    expect(bcaInterval(sorted, 2.5, [1, 2, 4], 0.95)).not.toBeNull();
  });
});
