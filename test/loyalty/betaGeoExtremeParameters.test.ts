import { describe, expect, it } from 'vitest';
import { CustomerValueError } from '../../src/index.js';
import { conditionalExpectedPurchases, customerLifetimeValue, expectedPurchases, probabilityAlive } from '../../src/clv.js';
import { expectationIfAlive } from '../../src/loyalty/clv/betaGeoMath.js';
import { purchaseProbability } from '../../src/clv.js';
import { betaGeoScoreLookup } from '../../src/warehouse.js';
import { caught, readFixtureJson } from '../helpers/fixtures.js';

// Issue 13: with very large a and b (the fit warns "dropout barely identified") the Euler-form
// 2F1 series of FHL 2005 eq. 10 overflowed, so expected purchases were −Infinity and CLV NaN.
// Reference: textbook eq. 10 in 80-digit decimals, test/fixtures/loyalty/make_bgnbd_extreme_reference.py.
interface Case {
  r: number;
  alpha: number;
  a: number;
  b: number;
  x: number;
  T: number;
  t: number;
  expected: number;
}
const reference = readFixtureJson<{ source: string; cases: Case[]; purchaseProbability: Array<Omit<Case, 'x' | 'T'> & { n: number }>; aEqualsOne: Case[] }>(
  'loyalty/bgnbd_extreme_reference.json',
);
// Regression pin (not a reference): the pre-fix code's values on the ordinary-model cases.
const previous = readFixtureJson<{ source: string; cases: Array<Omit<Case, 'expected'> & { previous: number }> }>('loyalty/bgnbd_pre_issue13_values.json');

function betaGeoModel(r: number, alpha: number, a: number, b: number) {
  return {
    kind: 'betaGeo',
    version: 2,
    spec: { timeUnit: 'week', columns: { frequency: 'frequency', recency: 'recency', T: 'T', monetary: 'monetary' }, missing: 'error', maxIterations: 1000 },
    params: { r, alpha, a, b },
    standardErrors: null,
    fitted: { n: 1, skipped: 0, warnings: [], diagnostics: { logLikelihood: -1, groups: 1, iterations: 0 } },
  } as any;
}
const spendModel = {
  kind: 'gammaGamma',
  version: 2,
  spec: {
    columns: { frequency: 'frequency', recency: 'recency', T: 'T', monetary: 'monetary' },
    missing: 'error',
    nonPositiveSpend: 'error',
    maxIterations: 1000,
  },
  params: { p: 6.25, q: 3.74, gamma: 15.44 },
  standardErrors: null,
  populationMeanSpend: 35.22,
  fitted: {
    n: 946,
    skipped: 0,
    warnings: [],
    diagnostics: { logLikelihood: -4000, withoutRepeat: 1411, nonPositiveExcluded: 0, frequencyMonetaryCorrelation: 0.11, iterations: 0 },
  },
} as any;

describe('expectationIfAlive(params, x, T, t) against 80-digit textbook eq. 10', () => {
  it('agrees to 1e-10 relative for a, b from 0.1 to 1e10 and x up to 1e4', () => {
    expect(reference.cases.length).toBe(591); // 231 grid cases + 300 random ordinary models + 60 with a next to 1
    for (const c of reference.cases) {
      const value = expectationIfAlive(c, c.x, c.T, c.t);
      expect(Math.abs(value - c.expected) / c.expected, JSON.stringify(c)).toBeLessThanOrEqual(1e-10);
    }
  });

  it('is finite and exact at a = 1, where c/(a − 1)·bracket was 0/0 (NaN)', () => {
    expect(reference.aEqualsOne.length).toBe(12);
    for (const c of reference.aEqualsOne) {
      const value = expectationIfAlive(c, c.x, c.T, c.t);
      expect(Math.abs(value - c.expected) / c.expected, JSON.stringify(c)).toBeLessThanOrEqual(1e-12);
    }
  });

  it('does not move the values of ordinary models (a ≤ 100) by more than 1e-11 relative from before the fix', () => {
    // The remaining error of ordinary models vs the reference (up to 8e-12 when E is ~1e-5) was the
    // cancellation in 1 − (1−z)^k·2F1 at small z; below z = 1e-3 the bracket is now summed as
    // c·(2F1 − 1) without it, which moved the worst pinned value by 8.4e-12 to 1.4e-15 of mpmath
    // (betaGeoSmallAB.test.ts), so the pin allows 1e-11 (it was 1e-12).
    expect(previous.cases.length).toBe(363);
    for (const c of previous.cases) {
      const value = expectationIfAlive(c, c.x, c.T, c.t);
      expect(Math.abs(value - c.previous) / c.previous, JSON.stringify(c)).toBeLessThanOrEqual(1e-11);
    }
  });
});

describe('purchaseProbability(model, n, t) against 80-digit eq. 8 with exact beta ratios', () => {
  it('agrees to 1e-12 relative for a, b up to 1e10 (the logGamma differences lost up to 5e-5 there)', () => {
    expect(reference.purchaseProbability.length).toBe(72);
    for (const c of reference.purchaseProbability) {
      const value = purchaseProbability(betaGeoModel(c.r, c.alpha, c.a, c.b), c.n, c.t);
      expect(Math.abs(value - c.expected), JSON.stringify(c)).toBeLessThanOrEqual(1e-12 * c.expected + 1e-30); // absolute floor: P(X(1) = 200) ≈ 6e-84 comes out 0
    }
  });
});

describe('BG/NBD predictions with extreme a, b', () => {
  const grid: Array<[number, number]> = [
    [1e3, 1e3],
    [1e4, 1e4],
    [1e6, 1e6],
    [1e6, 1e9],
    [1e8, 1e8],
    [1e10, 1e10],
    [1e6, 1e3],
    [1e12, 1e14],
  ];
  const xs = [0, 1, 2, 10, 100, 1000, 10_000];
  const customers = { frequency: [] as number[], recency: [] as number[], T: [] as number[], monetary: [] as number[] };
  for (const x of xs)
    for (const T of [1, 38.86, 1000])
      for (const share of [0, 0.5, 1]) {
        customers.frequency.push(x);
        customers.recency.push(x === 0 ? 0 : share * T);
        customers.T.push(T);
        customers.monetary.push(x === 0 ? 0 : 25);
      }

  // Either every value is a finite number ≥ 0, or the call throws not_converged: never NaN or ±Infinity.
  function finiteOrRefused(label: string, call: () => Record<string, Float64Array | number>, keys: string[]): 'finite' | 'refused' {
    let result: Record<string, Float64Array | number>;
    try {
      result = call();
    } catch (error: any) {
      expect(error, label).toBeInstanceOf(CustomerValueError);
      expect(error.code, label).toBe('not_converged');
      return 'refused';
    }
    for (const key of keys) {
      const column = result[key];
      for (const v of typeof column === 'number' ? [column] : column) expect(Number.isFinite(v) && v >= 0, `${label} ${key}: ${v}`).toBe(true);
    }
    return 'finite';
  }

  it('conditionalExpectedPurchases, probabilityAlive, expectedPurchases and customerLifetimeValue are finite and ≥ 0, or refused with not_converged', () => {
    const outcomes = { finite: 0, refused: 0 };
    for (const [a, b] of grid) {
      const model = betaGeoModel(0.243, 4.414, a, b);
      for (const t of [0.5, 1, 39, 1000]) {
        const e = expectedPurchases(model, t);
        expect(Number.isFinite(e) && e >= 0, `E[X(${t})] a=${a} b=${b}: ${e}`).toBe(true);
        outcomes[finiteOrRefused(`a=${a} b=${b} t=${t}`, () => conditionalExpectedPurchases(model, customers, t) as any, ['values'])]++;
      }
      for (const v of probabilityAlive(model, customers).values) expect(v >= 0 && v <= 1).toBe(true);
      outcomes[
        finiteOrRefused(
          `CLV a=${a} b=${b}`,
          () => customerLifetimeValue({ purchaseModel: model, spendModel, customers, horizon: 24, timeUnit: 'month', discountRate: 0.01, margin: 0.3 }) as any,
          ['clv', 'expectedPurchases', 'expectedSpend', 'probabilityAlive'],
        )
      ]++;
    }
    // Refusals are the rare histories of 10,000 purchases in one week valued 1,000 weeks ahead with a ≥ 1e6.
    expect(outcomes.finite).toBeGreaterThanOrEqual(30);
  });

  it('conditionalExpectedPurchases(a = b = 1e6, x = 2, t_x = T = 38.86, t = 39) is the textbook value, not −Infinity', () => {
    const c = reference.cases.find((k) => k.a === 1e6 && k.b === 1e6 && k.x === 2 && k.t === 39)!;
    const { values } = conditionalExpectedPurchases(betaGeoModel(c.r, c.alpha, c.a, c.b), { frequency: [2], recency: [38.86], T: [38.86] }, 39);
    const pAlive = 1 / (1 + (1e6 / (1e6 + 1)) * 1); // t_x = T: odds a/(b+x−1)
    expect(values[0] / pAlive / c.expected - 1).toBeCloseTo(0, 10);
  });

  it('a history whose series converges in neither form is refused with not_converged naming the row, never NaN', () => {
    const model = betaGeoModel(0.243, 0.01, 1e6, 1e12);
    const customers = { frequency: [1, 10_000], recency: [0.05, 0.09], T: [0.1, 0.1], monetary: [10, 10] };
    const error = caught(() => conditionalExpectedPurchases(model, customers, 1000));
    expect(error).toBeInstanceOf(CustomerValueError);
    expect(error.code).toBe('not_converged');
    expect(error.issues[0]).toMatchObject({ function: 'conditionalExpectedPurchases', row: 1 });
    expect(error.issues[0].received).toContain('(10000, 0.09, 0.1)');
    const clvError = caught(() =>
      customerLifetimeValue({ purchaseModel: model, spendModel, customers, horizon: 240, timeUnit: 'month', discountRate: 0, margin: 1 }),
    );
    expect(clvError.code).toBe('not_converged');
    expect(clvError.issues[0]).toMatchObject({ function: 'customerLifetimeValue', row: 1 });
    // the warehouse lookup knows (x, T) only: the message names that pair, never t_x = NaN
    const lookupError = caught(() => betaGeoScoreLookup({ purchaseModel: model, histories: customers, horizon: 1000, timeUnit: model.spec.timeUnit }));
    expect(lookupError.code).toBe('not_converged');
    expect(lookupError.issues[0].received).toContain('history (x, T) = (10000, 0.1)');
    expect(lookupError.issues[0].received).not.toContain('NaN');
  });
});
