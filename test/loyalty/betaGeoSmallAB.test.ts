import { describe, expect, it } from 'vitest';
import {
  betaGeoCovariatePredictions,
  conditionalExpectedPurchases,
  customerLifetimeValue,
  discountedExpectedTransactions,
  expectedPurchases,
  fitBetaGeoWithCovariates,
} from '../../src/clv.js';
import { cdnowWithFirstSpend } from '../helpers/cdnowFirstSpend.js';
import { conditionalExpectation } from '../../src/loyalty/clv/betaGeoMath.js';
import { readFixtureJson } from '../helpers/fixtures.js';

// With x = 0 and a + b < 1, c = a+b+x−1 of FHL 2005 eq. 10's 2F1 is negative and the 2F1 itself is
// negative once z = t/(α+T+t) is large: its log was NaN, so conditionalExpectedPurchases gave NaN
// (and betaGeoCovariatePredictions refused with not_converged on CDNOW with a numeric covariate).
// Reference: eq. 10 with mpmath's hyp2f1 at 40 digits, test/fixtures/loyalty/make_bgnbd_conditional_reference.py.
interface Case {
  r: number;
  alpha: number;
  a: number;
  b: number;
  x: number;
  tx: number;
  T: number;
  t: number;
  expected: number;
}
const reference = readFixtureJson<{ source: string; cases: Case[]; smallZ: Case[] }>('loyalty/bgnbd_conditional_reference.json');

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
const reported = { r: 0.265, alpha: 17.46, a: 0.209, b: 0.658 };

describe('BG/NBD conditional expectation where a + b ≤ 1 (c = a+b+x−1 ≤ 0 for x = 0)', () => {
  it('agrees with mpmath to 1e-10 relative over a + b < 1, ≈ 1 and = 1, x = 0 and x > 0, z from 1e-7 to 0.9999', () => {
    expect(reference.cases.length).toBe(336); // 8 parameter sets × 6 histories × 7 horizons
    let worst = 0;
    for (const c of reference.cases) {
      const value = conditionalExpectation(c, c.x, c.tx, c.T, c.t);
      const error = Math.abs(value - c.expected) / c.expected;
      expect(error, JSON.stringify(c)).toBeLessThanOrEqual(1e-10);
      worst = Math.max(worst, error);
    }
    expect(worst).toBeLessThan(1e-10);
  });

  it('agrees with mpmath to 1e-13 for ordinary models at z < 1e-3, where the log-2F1 form lost ~1e-16/z (8.4e-12 at z = 9e-4)', () => {
    expect(reference.smallZ.length).toBe(3);
    for (const c of reference.smallZ) {
      const value = conditionalExpectation(c, c.x, c.tx, c.T, c.t);
      expect(Math.abs(value - c.expected) / c.expected, JSON.stringify(c)).toBeLessThanOrEqual(1e-13);
    }
  });

  it('conditionalExpectedPurchases of the reported fit is finite at t = 39 (it was NaN; t = 10 worked)', () => {
    const model = betaGeoModel(reported.r, reported.alpha, reported.a, reported.b);
    const customers = { frequency: [0, 0], recency: [0, 0], T: [38.7, 38.7] };
    for (const t of [10, 39]) {
      const c = reference.cases.find((k) => k.a === reported.a && k.b === reported.b && k.x === 0 && k.T === 38.7 && k.t === t)!;
      const { values } = conditionalExpectedPurchases(model, customers, t);
      expect(Math.abs(values[0] / c.expected - 1)).toBeLessThan(1e-12);
    }
    const fresh = reference.cases.find((k) => k.a === reported.a && k.b === reported.b && k.x === 0 && k.T === 0 && k.t === 200)!;
    expect(Math.abs(expectedPurchases(model, 200) / fresh.expected - 1)).toBeLessThan(1e-12);
  });

  it('CLV and DERT of such a model are finite for customers without repeat purchases', () => {
    const model = betaGeoModel(reported.r, reported.alpha, reported.a, reported.b);
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
    const customers = { frequency: [0, 2], recency: [0, 30], T: [38.7, 38.7], monetary: [0, 20] };
    const clv = customerLifetimeValue({ purchaseModel: model, spendModel, customers, horizon: 24, timeUnit: 'month', discountRate: 0.01, margin: 0.3 });
    expect(Array.from(clv.clv).every((v) => Number.isFinite(v) && v > 0)).toBe(true);
    const dert = discountedExpectedTransactions(model, customers, { discountRate: 0.01, timeUnit: 'month' });
    expect(Array.from(dert.values).every((v) => Number.isFinite(v) && v > 0)).toBe(true);
  });

  it('betaGeoCovariatePredictions on CDNOW with the first-day spend (in $100) as a numeric covariate predicts every customer (it refused with not_converged)', () => {
    const { split, firstSpend } = cdnowWithFirstSpend();
    const summary = { frequency: split.frequency, recency: split.recency, T: split.T, spend: firstSpend.map((v) => v / 100) };
    const model = fitBetaGeoWithCovariates(summary, { timeUnit: 'week', covariates: { columns: [{ column: 'spend' }] } });
    // big first spenders get a_i + b_i < 1 (dropout coefficient < 0 scales a and b down)
    expect(model.coefficients.dropout[0]).toBeLessThan(0);
    const { expectedPurchases: values } = betaGeoCovariatePredictions(model, summary, { horizon: split.duration });
    expect(values.length).toBe(split.frequency.length);
    expect(values.every((v) => Number.isFinite(v) && v >= 0)).toBe(true);
  }, 120_000);
});
