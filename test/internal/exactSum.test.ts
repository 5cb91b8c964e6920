import { describe, expect, it } from 'vitest';
import { ExactSum } from '../../src/internal/exactSum.js';
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
});
