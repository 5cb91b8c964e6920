import { describe, expect, it } from 'vitest';
import { quantileOfSorted, quantilesBySelection } from '../../src/internal/percentiles.js';

/** The reference: a full sort and quantileOfSorted per level. */
function bySort(values: Float64Array, levels: readonly number[]): number[] {
  const sorted = Float64Array.from(values).sort();
  return levels.map((level) => quantileOfSorted(sorted, level));
}

function bySelection(values: Float64Array, levels: readonly number[]): number[] {
  const work = Float64Array.from(values);
  const out = new Float64Array(levels.length);
  quantilesBySelection(work, levels, out);
  // the values are only permuted
  expect(Float64Array.from(work).sort()).toEqual(Float64Array.from(values).sort());
  return Array.from(out);
}

/** A small seeded generator (mulberry32), so a failure reproduces. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const defaultLevels = [0.05, 0.5, 0.95];
const manyLevels = [0.001, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 0.5, 0.75, 0.9, 0.95, 0.975, 0.99, 0.999, 0.3333];

describe('quantilesBySelection(values, levels, out)', () => {
  it('equals sort + quantileOfSorted bit for bit on random values of many sizes', () => {
    const u = random(19);
    for (const n of [1, 2, 3, 5, 10, 17, 100, 599, 600, 601, 602, 1000, 1001, 2500, 10_000]) {
      for (let rep = 0; rep < 3; rep++) {
        const values = Float64Array.from({ length: n }, () => (u() - 0.3) * 10 ** Math.floor(u() * 12 - 6));
        const levels = rep === 0 ? defaultLevels : rep === 1 ? manyLevels : Array.from({ length: 5 }, () => 0.001 + 0.998 * u());
        expect(bySelection(values, levels)).toEqual(bySort(values, levels));
      }
    }
  });

  it('equals it on adversarial inputs: ties, all equal, sorted, reversed, organ pipe, −0 beside 0, infinities', () => {
    const u = random(7);
    const n = 1000;
    const cases: Float64Array[] = [
      Float64Array.from({ length: n }, () => Math.floor(u() * 3)),
      Float64Array.from({ length: n }, () => Math.floor(u() * 40) / 8),
      new Float64Array(n).fill(2.5),
      Float64Array.from({ length: n }, (_, i) => i),
      Float64Array.from({ length: n }, (_, i) => n - i),
      Float64Array.from({ length: n }, (_, i) => Math.min(i, n - i)),
      Float64Array.from({ length: n }, (_, i) => (i % 2 === 0 ? i : n - i)),
      Float64Array.from({ length: n }, (_, i) => (i % 3 === 0 ? -0 : i % 3 === 1 ? 0 : u() - 0.5)),
      Float64Array.from({ length: n }, (_, i) => (i % 5 === 0 ? -0 : 0)),
      Float64Array.from({ length: n }, (_, i) => (i % 7 === 0 ? Infinity : i % 11 === 0 ? -Infinity : u())),
      Float64Array.from({ length: 3001 }, (_, i) => (i < 1500 ? 1 : i === 1500 ? 2 : 3)),
      Float64Array.from({ length: 1201 }, (_, i) => (i * 7919) % 1201),
    ];
    for (const values of cases) {
      for (const levels of [defaultLevels, manyLevels, [0.5], [1e-9, 1 - 1e-9]]) {
        const got = bySelection(values, levels);
        const want = bySort(values, levels);
        // Object.is per element: −0 and 0, NaN (inf − inf) all compared exactly
        got.forEach((v, l) => expect(Object.is(v, want[l])).toBe(true));
      }
    }
  });

  it('sorts instead when a value is NaN (NaN last, as Float64Array.prototype.sort)', () => {
    const values = Float64Array.from({ length: 700 }, (_, i) => (i % 100 === 3 ? Number.NaN : (i * 37) % 701));
    const got = bySelection(values, manyLevels);
    const want = bySort(values, manyLevels);
    got.forEach((v, l) => expect(Object.is(v, want[l])).toBe(true));
    expect(got.some(Number.isNaN)).toBe(true);
  });
});
