import { describe, expect, it } from 'vitest';
import {
  betaGeoBetaBinomialCovariatePredictions,
  betaGeoCovariatePredictions,
  clvConfidenceIntervals,
  clvParameterDraws,
  conditionalExpectedSpendWithCovariates,
  customerLifetimeValue,
  fitBetaGeoBetaBinomialWithCovariates,
  fitBetaGeoWithCovariates,
  fitGammaGammaWithCovariates,
  fitParetoNbdWithCovariates,
  newCustomerExpectedPurchases,
  newCustomerExpectedSpend,
  paretoNbdCovariatePredictions,
} from '../../src/clv.js';
import { seededRandom } from '../../src/internal/random.js';
import { rowParameters } from '../../src/loyalty/clv/betaGeoCovariatePredictions.js';
import { conditionalExpectation, probabilityAliveOf } from '../../src/loyalty/clv/betaGeoMath.js';
import { paretoNbdRowParameters } from '../../src/loyalty/clv/paretoNbdCovariatePredictions.js';
import { paretoNbdAlive, paretoNbdExpectationIfAlive } from '../../src/loyalty/clv/paretoNbdMath.js';
import { caught } from '../helpers/fixtures.js';
import { simulateBetaGeo } from '../helpers/simulateBetaGeo.js';
import { simulateBetaGeoBetaBinomial } from '../helpers/simulateBetaGeoBetaBinomial.js';
import { simulateParetoNbd } from '../helpers/simulateParetoNbd.js';

// A numeric covariate far outside the values a covariate model was fitted on (issue 19, session
// 35). Extrapolating is allowed (a value a few times the fitting range gives finite predictions);
// a value whose e^(γ·z) takes a customer's parameters out of the positive doubles, or whose
// prediction is not finite, at the estimate or at a draw, is an `invalid_value` naming the
// function, the covariate, the row and the value, with the range the model keeps finite — one
// shared check (src/internal/covariateExtrapolation.ts) for the predictions, CLV and intervals of
// every covariate kind. Before it: not_converged without the covariate, or a silent Infinity.
// The models are fitted on 600 simulated customers with a 0/1 numeric covariate `z` and a spend.

const N = 600;
const z = Float64Array.from({ length: N }, (_, i) => i % 2);
const random = seededRandom(7);
const monetary = Float64Array.from({ length: N }, (_, i) => 20 + 10 * z[i] + 15 * random.uniform());
// the spend model's covariate is `w` (the same values), so that a far `z` reaches the purchase model only
const betaGeoData = { ...simulateBetaGeo({ r: 0.6, alpha: 5, a: 1.2, b: 4 }, N, 71), z, w: z, monetary };
const paretoData = { ...simulateParetoNbd({ r: 0.6, alpha: 8, s: 0.8, beta: 12 }, N, 72), z, w: z, monetary };
const bgbbData = { ...simulateBetaGeoBetaBinomial({ alpha: 1.2, beta: 0.8, gamma: 0.6, delta: 2.5 }, N, 73), z };
const covariates = { columns: [{ column: 'z' }] };
const betaGeo = fitBetaGeoWithCovariates(betaGeoData, { timeUnit: 'week', covariates });
const pareto = fitParetoNbdWithCovariates(paretoData, { timeUnit: 'week', covariates });
const bgbb = fitBetaGeoBetaBinomialWithCovariates(bgbbData, { periodUnit: 'year', covariates });
const spend = fitGammaGammaWithCovariates(betaGeoData, { covariates: { columns: [{ column: 'w' }] } });

/** The customers with row 3's covariate `column` set to `value`. */
function withZ<T extends { z: Float64Array }>(data: T, value: number, column: 'z' | 'w' = 'z'): T {
  const moved = Float64Array.from((data as unknown as Record<string, Float64Array>)[column]);
  moved[3] = value;
  return { ...data, [column]: moved };
}

/** The error names the function, the covariate z, row 3 and the value, with a hint giving the range kept finite. */
function expectNamed(error: unknown, fn: string, value: string, column = 'z'): void {
  const e = error as { code: string; message: string; issues: { function: string; column?: string; row?: number; received?: string; hint?: string }[] };
  expect(e.code, e.message).toBe('invalid_value');
  expect(e.issues[0]).toMatchObject({ function: fn, column, row: 3 });
  expect(e.issues[0].received).toContain(value);
  expect(e.issues[0].hint).toMatch(
    /extrapolating beyond the fitting data is allowed, but not this far: the model keeps every customer's parameters finite for \|[zw]\| ≤ \d/,
  );
}

const FAR = 1e5;
const valuation = { horizon: 12, timeUnit: 'month' as const, discountRate: 0.01, margin: 0.3 };

describe('a numeric covariate far outside the fitting range', () => {
  it('extrapolation a few times the fitting range is computed (z = 4 when fitted on 0 and 1)', () => {
    expect(Number.isFinite(paretoNbdCovariatePredictions(pareto, withZ(paretoData, 4), { horizon: 52 }).expectedPurchases[3])).toBe(true);
    expect(Number.isFinite(betaGeoBetaBinomialCovariatePredictions(bgbb, withZ(bgbbData, 4), { periods: 5 }).expectedTransactions[3])).toBe(true);
    expect(Number.isFinite(conditionalExpectedSpendWithCovariates(spend, withZ(betaGeoData, 4, 'w')).values[3])).toBe(true);
    const clv = customerLifetimeValue({ ...valuation, purchaseModel: betaGeo, spendModel: spend, customers: withZ(betaGeoData, 4) });
    expect(Number.isFinite(clv.clv[3])).toBe(true);
  });

  it('predictions of each kind name the function, the covariate, the row and the value', () => {
    expectNamed(
      caught(() => paretoNbdCovariatePredictions(pareto, withZ(paretoData, FAR), { horizon: 52 })),
      'paretoNbdCovariatePredictions',
      '100000',
    );
    expectNamed(
      caught(() => betaGeoBetaBinomialCovariatePredictions(bgbb, withZ(bgbbData, FAR), { periods: 5 })),
      'betaGeoBetaBinomialCovariatePredictions',
      '100000',
    );
    expectNamed(
      caught(() => conditionalExpectedSpendWithCovariates(spend, withZ(betaGeoData, FAR, 'w'))),
      'conditionalExpectedSpendWithCovariates',
      '100000',
      'w',
    );
    // the BG/NBD's predictions refuse beyond |γ·z| ≤ 400 / terms first, as compileScorer and toSql do (naming the same)
    const bg = caught(() => betaGeoCovariatePredictions(betaGeo, withZ(betaGeoData, FAR), { horizon: 52 }));
    expect(bg.issues[0]).toMatchObject({ function: 'betaGeoCovariatePredictions', column: 'z', row: 3, received: '100000' });
    expect(bg.issues[0].hint).toContain('extrapolating beyond the fitting data is allowed');
  });

  it('customerLifetimeValue names the purchase or the spend covariate (BG/NBD, Pareto/NBD, Gamma-Gamma with covariates)', () => {
    expectNamed(
      caught(() => customerLifetimeValue({ ...valuation, purchaseModel: betaGeo, spendModel: spend, customers: withZ(betaGeoData, FAR) })),
      'customerLifetimeValue',
      '100000',
    );
    expectNamed(
      caught(() => customerLifetimeValue({ ...valuation, purchaseModel: pareto, spendModel: spend, customers: withZ(paretoData, -FAR) })),
      'customerLifetimeValue',
      '-100000',
    );
    expectNamed(
      caught(() => customerLifetimeValue({ ...valuation, purchaseModel: pareto, spendModel: spend, customers: withZ(paretoData, FAR, 'w') })),
      'customerLifetimeValue',
      '100000',
      'w',
    );
  });

  it('clvConfidenceIntervals names it at the estimate or at a draw, for every covariate kind', () => {
    const draws = (model: Parameters<typeof clvParameterDraws>[0], data: Parameters<typeof clvParameterDraws>[1]) =>
      clvParameterDraws(model, data, { method: 'delta', draws: 20, seed: 5 });
    const betaGeoDraws = draws(betaGeo, betaGeoData);
    const spendDraws = draws(spend, betaGeoData);
    const cases = [
      () => clvConfidenceIntervals({ purchaseModel: betaGeo, purchaseDraws: betaGeoDraws, customers: withZ(betaGeoData, FAR), horizon: 12, timeUnit: 'month' }),
      () =>
        clvConfidenceIntervals({
          purchaseModel: pareto,
          purchaseDraws: draws(pareto, paretoData),
          customers: withZ(paretoData, FAR),
          horizon: 12,
          timeUnit: 'month',
        }),
      () => clvConfidenceIntervals({ purchaseModel: bgbb, purchaseDraws: draws(bgbb, bgbbData), customers: withZ(bgbbData, FAR), horizon: 5 }),
    ];
    for (const run of cases) {
      const error = caught(run);
      expectNamed(error, 'clvConfidenceIntervals', '100000');
      expect(error.message).toMatch(/at (the model’s estimate|the parameter draw \{)/);
    }
    // the spend side: the spend covariate w far out
    const error = caught(() =>
      clvConfidenceIntervals({
        purchaseModel: betaGeo,
        purchaseDraws: betaGeoDraws,
        spendModel: spend,
        spendDraws,
        customers: withZ(betaGeoData, FAR, 'w'),
        horizon: 12,
        timeUnit: 'month',
      }),
    );
    expectNamed(error, 'clvConfidenceIntervals', '100000', 'w');
  });
});

describe('the error names the quantity that is not finite', () => {
  // Each kind's parameters as its model writes them (α_i = α·e^(−γ_p·z) for BG/NBD and Pareto/NBD,
  // α_i = α·e^(γ_p·z) for BG/BB, γ_i = γ·e^(β·w) for the spend), computed here at z = ±1e5: the first
  // parameter that is not a positive double is the one the error names, with its value.
  const named = (value: number) => (value === 0 ? '0' : String(value));

  it('paretoNbdCovariatePredictions, betaGeoBetaBinomialCovariatePredictions and conditionalExpectedSpendWithCovariates name α_i or γ_i with its value', () => {
    const alphaPareto = pareto.params.alpha * Math.exp(-pareto.coefficients.purchase[0] * FAR);
    expect(Number.isFinite(alphaPareto) && alphaPareto > 0).toBe(false);
    const e1 = caught(() => paretoNbdCovariatePredictions(pareto, withZ(paretoData, FAR), { horizon: 52 }));
    expect(e1.message).toContain(`α_i = ${named(alphaPareto)}`);
    expect(e1.issues[0].received).toContain(`giving α_i = ${named(alphaPareto)}`);
    const alphaBgbb = bgbb.params.alpha * Math.exp(bgbb.coefficients.purchase[0] * FAR);
    const e2 = caught(() => betaGeoBetaBinomialCovariatePredictions(bgbb, withZ(bgbbData, FAR), { periods: 5 }));
    expect(e2.message).toContain(`α_i = ${named(alphaBgbb)}`);
    const gammaSpend = spend.params.gamma * Math.exp(spend.coefficients[0] * FAR);
    const e3 = caught(() => conditionalExpectedSpendWithCovariates(spend, withZ(betaGeoData, FAR, 'w')));
    expect(e3.message).toContain(`the spend scale γ_i = ${named(gammaSpend)}`);
  });

  it('customerLifetimeValue and clvConfidenceIntervals name the BG/NBD customer’s α_i', () => {
    const alphaBetaGeo = betaGeo.params.alpha * Math.exp(-betaGeo.coefficients.purchase[0] * FAR);
    const e1 = caught(() => customerLifetimeValue({ ...valuation, purchaseModel: betaGeo, spendModel: spend, customers: withZ(betaGeoData, FAR) }));
    expect(e1.message).toContain(`α_i = ${named(alphaBetaGeo)}`);
    const draws = clvParameterDraws(betaGeo, betaGeoData, { method: 'delta', draws: 20, seed: 5 });
    const e2 = caught(() =>
      clvConfidenceIntervals({ purchaseModel: betaGeo, purchaseDraws: draws, customers: withZ(betaGeoData, FAR), horizon: 12, timeUnit: 'month' }),
    );
    expect(e2.message).toContain('parameters leave the positive doubles (e^(coefficient × value) overflows: α_i = ');
  });
});

describe('newCustomerExpectedPurchases and newCustomerExpectedSpend: the check of the per-customer predictions', () => {
  // The new-customer predictions of each kind go through the check their per-customer siblings
  // make (before: a not_converged without the covariate, a silent Infinity or 0 for the spend, a
  // BG/NBD value computed at α_i = a_i = b_i = 0).
  it('extrapolation a few times the fitting range is computed (z = 4 when fitted on 0 and 1)', () => {
    expect(Number.isFinite(newCustomerExpectedPurchases(betaGeo, withZ(betaGeoData, 4), { t: 52 }).values[3])).toBe(true);
    expect(Number.isFinite(newCustomerExpectedPurchases(pareto, withZ(paretoData, 4), { t: 52 }).values[3])).toBe(true);
    expect(Number.isFinite(newCustomerExpectedPurchases(bgbb, withZ(bgbbData, 4), { t: 5 }).values[3])).toBe(true);
    expect(Number.isFinite(newCustomerExpectedSpend(spend, withZ(betaGeoData, 4, 'w')).values[3])).toBe(true);
  });

  it('Pareto/NBD, BG/BB and the spend name the function, the covariate, the row, the value and the quantity', () => {
    const e1 = caught(() => newCustomerExpectedPurchases(pareto, withZ(paretoData, FAR), { t: 52 }));
    expectNamed(e1, 'newCustomerExpectedPurchases', '100000');
    expect(e1.message).toContain('α_i = ');
    expectNamed(
      caught(() => newCustomerExpectedPurchases(bgbb, withZ(bgbbData, -FAR), { t: 5 })),
      'newCustomerExpectedPurchases',
      '-100000',
    );
    for (const far of [FAR, -FAR]) {
      const e = caught(() => newCustomerExpectedSpend(spend, withZ(betaGeoData, far, 'w')));
      expectNamed(e, 'newCustomerExpectedSpend', String(far), 'w');
      expect(e.message).toContain(`the spend scale γ_i = ${spend.params.gamma * Math.exp(spend.coefficients[0] * far)}`);
    }
  });

  it('the BG/NBD refuses beyond |γ·z| ≤ 400 / terms with the issue betaGeoCovariatePredictions gives', () => {
    const e = caught(() => newCustomerExpectedPurchases(betaGeo, withZ(betaGeoData, FAR), { t: 52 }));
    const sibling = caught(() => betaGeoCovariatePredictions(betaGeo, withZ(betaGeoData, FAR), { horizon: 52 }));
    expect(e.code).toBe('invalid_value');
    expect(e.issues).toEqual(sibling.issues.map((issue: object) => ({ ...issue, function: 'newCustomerExpectedPurchases' })));
  });
});

describe('each row’s parameters computed once: the same bits as the closed forms at parameters computed here', () => {
  // The predictions and customerLifetimeValue compute a row's (group's) parameters once and reuse
  // them for every quantity; the reference computes them per row, straightforwardly, with the
  // models' own parameter maps, and the results must be identical to the bit (Object.is).
  const rows = Array.from({ length: 40 }, (_, i) => i);
  const design = [z];

  it('betaGeoCovariatePredictions and paretoNbdCovariatePredictions', () => {
    const bg = betaGeoCovariatePredictions(betaGeo, betaGeoData, { horizon: 52 });
    for (const i of rows) {
      const p = rowParameters(betaGeo, design, i);
      const [x, tx, T] = [betaGeoData.frequency[i], betaGeoData.recency[i], betaGeoData.T[i]];
      expect(Object.is(bg.probabilityAlive[i], probabilityAliveOf(p, x, tx, T))).toBe(true);
      expect(Object.is(bg.expectedPurchases[i], conditionalExpectation(p, x, tx, T, 52))).toBe(true);
    }
    const pn = paretoNbdCovariatePredictions(pareto, paretoData, { horizon: 52 });
    for (const i of rows) {
      const q = paretoNbdRowParameters(pareto, design, i);
      const [x, tx, T] = [paretoData.frequency[i], paretoData.recency[i], paretoData.T[i]];
      const alive = paretoNbdAlive(q.r, q.alpha, q.s, q.beta, x, tx, T);
      expect(Object.is(pn.probabilityAlive[i], alive)).toBe(true);
      expect(Object.is(pn.expectedPurchases[i], alive * paretoNbdExpectationIfAlive(q.r, q.alpha, q.s, q.beta, x, T, 52))).toBe(true);
    }
  });

  it('customerLifetimeValue with a BG/NBD with covariates equals the covariate-free BG/NBD at each group’s parameters', () => {
    const withCovariates = customerLifetimeValue({ ...valuation, purchaseModel: betaGeo, spendModel: spend, customers: betaGeoData });
    const plainSpec = {
      timeUnit: betaGeo.spec.timeUnit,
      columns: betaGeo.spec.columns,
      missing: betaGeo.spec.missing,
      maxIterations: betaGeo.spec.maxIterations,
    };
    for (const level of [0, 1]) {
      const at = z.indexOf(level);
      const plain = {
        kind: 'betaGeo' as const,
        version: 2,
        spec: plainSpec,
        params: rowParameters(betaGeo, design, at),
        standardErrors: null,
        fitted: { n: N, skipped: 0, warnings: [], diagnostics: { logLikelihood: 0, groups: 1, iterations: 0 } },
      };
      const reference = customerLifetimeValue({ ...valuation, purchaseModel: plain, spendModel: spend, customers: betaGeoData });
      for (let i = 0; i < N; i++) {
        if (z[i] !== level) continue;
        expect(Object.is(withCovariates.clv[i], reference.clv[i])).toBe(true);
        expect(Object.is(withCovariates.probabilityAlive[i], reference.probabilityAlive[i])).toBe(true);
        expect(Object.is(withCovariates.expectedPurchases[i], reference.expectedPurchases[i])).toBe(true);
      }
    }
  });
});
