import { describe, expect, it } from 'vitest';
import { loyaltyMatrix, valueSatisfactionMap } from '../../src/index.js';
import { assignQuadrants } from '../../src/internal/assignQuadrants.js';
import { seededRandom } from '../../src/internal/random.js';

describe('assignQuadrants(x, xCut, y, yCut, skipMask, order, weights)', () => {
  it('puts a row at a cut on the high side, gives skipped rows 255, counts and sums per quadrant in the given order', () => {
    const x = [5, 5, 4.9, 1, 9];
    const y = [7, 6.9, 7, 0, 9];
    const r = assignQuadrants(x, 5, y, 7, Uint8Array.from([0, 0, 0, 0, 1]), [1, 0, 2, 3], x);
    expect(Array.from(r.quadrant)).toEqual([1, 0, 2, 3, 255]);
    expect(r.counts).toEqual([1, 1, 1, 1]);
    expect(r.sums).toEqual([5, 5, 4.9, 1]);
  });
});

describe('loyaltyMatrix and valueSatisfactionMap on the shared quadrant module: the same outputs as their documented rules', () => {
  // seeded data on a coarse grid, so many values sit exactly at the cuts; every 7th row missing
  const random = seededRandom(15);
  const rows = 500;
  const a = Array.from({ length: rows }, (_, i) => (i % 7 === 3 ? Number.NaN : Math.round(random.uniform() * 10)));
  const b = Array.from({ length: rows }, () => Math.round(random.uniform() * 10));
  const kept = a.map((v) => !Number.isNaN(v));
  const n = kept.filter(Boolean).length;

  it('loyaltyMatrix: loyal (satisfied ≥ cut and buying ≥ cut), satisfied but leaving, trapped, lost', () => {
    const result = loyaltyMatrix(
      { sat: a, buys: b },
      { satisfaction: 'sat', repurchase: 'buys', thresholds: { satisfaction: 7, repurchase: 5 }, missing: 'skip' },
    );
    const expected = a.map((s, i) => (!kept[i] ? null : s >= 7 ? (b[i] >= 5 ? 'loyal' : 'satisfiedButLeaving') : b[i] >= 5 ? 'trapped' : 'lost'));
    expect(Array.from(result.quadrant, (q) => (q === 255 ? null : result.quadrants[q]))).toEqual(expected);
    for (const name of result.quadrants) {
      const count = expected.filter((e) => e === name).length;
      expect(result.counts[name]).toBe(count);
      expect(result.shares[name]).toBe(count / n);
    }
  });

  it('valueSatisfactionMap: protect (valuable, dissatisfied), maintain, develop, reconsider, with the value each holds', () => {
    const map = valueSatisfactionMap({ v: a, s: b }, { value: 'v', satisfaction: 's', cuts: { value: 5, satisfaction: 6 }, missing: 'skip' });
    const expected = a.map((v, i) => (!kept[i] ? null : v >= 5 ? (b[i] >= 6 ? 'maintain' : 'protect') : b[i] >= 6 ? 'develop' : 'reconsider'));
    expect(Array.from(map.quadrant, (q) => (q === 255 ? null : map.quadrants[q]))).toEqual(expected);
    for (const name of map.quadrants) {
      expect(map.counts[name]).toBe(expected.filter((e) => e === name).length);
      expect(map.value[name]).toBe(a.reduce((sum, v, i) => (expected[i] === name ? sum + v : sum), 0));
    }
  });
});
