import { describe, expect, it } from 'vitest';
import { ExactSum } from '../../src/internal/exactSum.js';
import { seededRandom } from '../../src/internal/random.js';
import { readFixtureJson } from '../helpers/fixtures.js';

// Reference: Python's math.fsum, made with
//   random.seed(13); 40 lists of 2–60 values drawn from uniform(-1, 1)·10^k (k in −20..20),
//   cents in ±100, ±0.1, 0.3, ±1e16; fsum of each (test/fixtures/internal/fsum_reference.json).
const reference = readFixtureJson<{ cases: { values: number[]; fsum: number }[] }>('internal/fsum_reference.json');

describe('ExactSum', () => {
  it('agrees with Python’s math.fsum bit for bit, in any order of the terms', () => {
    const sum = new ExactSum();
    for (const { values, fsum } of reference.cases) {
      sum.reset();
      for (const v of values) sum.add(v);
      expect(sum.value()).toBe(fsum);
      sum.reset();
      for (const v of [...values].reverse()) sum.add(v);
      expect(sum.value()).toBe(fsum);
    }
  });

  it('gives exactly 0 for terms that cancel, and 0.6 for 0.1 + 0.2 + 0.3', () => {
    const sum = new ExactSum();
    for (const v of [0.1, 0.2, -0.3, 1e16, 1, -1e16, -1]) sum.add(v);
    expect(sum.value()).toBe(2.7755575615628914e-17); // the exact value of 0.1 + 0.2 − 0.3 as doubles, as fsum
    sum.reset();
    for (const v of [0.3, -0.1, -0.2]) sum.add(v);
    expect(sum.value()).toBe(-2.7755575615628914e-17);
    sum.reset();
    for (const v of [0.1, 0.2, 0.3]) sum.add(v);
    expect(sum.value()).toBe(0.6);
    expect(sum.reset().value()).toBe(0);
  });

  it('takes the two-term fast path and hands over to the partials without changing a bit (seeded property)', () => {
    // Oracle: Shewchuk's msum with its exact rounding, as Python's recipe (ActiveState 393090) and
    // math.fsum write it, partials only (no fast path).
    const msum = (values: number[]): number => {
      const partials: number[] = [];
      for (let x of values) {
        let i = 0;
        for (let y of partials) {
          if (Math.abs(x) < Math.abs(y)) [x, y] = [y, x];
          const hi = x + y;
          const lo = y - (hi - x);
          if (lo !== 0) partials[i++] = lo;
          x = hi;
        }
        partials.length = i;
        partials.push(x);
      }
      let n = partials.length;
      if (n === 0) return 0;
      let hi = partials[--n];
      let lo = 0;
      while (n > 0) {
        const x = hi;
        const y = partials[--n];
        hi = x + y;
        lo = y - (hi - x);
        if (lo !== 0) break;
      }
      if (n > 0 && ((lo < 0 && partials[n - 1] < 0) || (lo > 0 && partials[n - 1] > 0))) {
        const y = lo * 2;
        const x = hi + y;
        if (y === x - hi) hi = x;
      }
      return hi;
    };
    const random = seededRandom(20261130);
    const term = (kind: number): number => {
      const u = random.uniform();
      if (kind === 0) return Math.round((u * 200 - 50) * 100) / 100; // money, refunds included
      if (kind === 1) return (u - 0.5) * 10 ** Math.floor(random.uniform() * 40 - 20); // wide magnitudes
      if (kind === 2) return [0, -0, 0.1, -0.1, 1e16, -1e16, 2 ** -1074, 1][Math.floor(u * 8)]; // zeros, cancellation, subnormal
      return u < 0.5 ? 2 ** 52 + Math.floor(u * 8) : -(2 ** 52); // halfway cases
    };
    const sum = new ExactSum();
    let slow = 0;
    for (let c = 0; c < 4000; c++) {
      const kind = c % 4;
      const values = Array.from({ length: 1 + Math.floor(random.uniform() * 12) }, () => term(kind));
      sum.reset();
      for (const v of values) sum.add(v);
      const expected = msum(values);
      if (!Object.is(sum.value(), expected)) expect({ values, got: sum.value() }).toEqual({ values, got: expected });
      if ((sum as unknown as { fast: boolean }).fast === false) slow++;
    }
    // both paths ran (the property would say nothing about the hand-over otherwise)
    expect(slow).toBeGreaterThan(200);
    expect(slow).toBeLessThan(3800);
  });
});
