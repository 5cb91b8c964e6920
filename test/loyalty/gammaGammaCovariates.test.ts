import { describe, expect, it } from 'vitest';
import { conditionalExpectedSpend, fitGammaGamma } from '../../src/clv.js';
import { fitGammaGammaWithCovariates, type GammaGammaCovariatesModel } from '../../src/loyalty/clv/fitGammaGammaWithCovariates.js';
import { gammaGammaCovariateLogLikelihood, prepareGammaGammaCovariateData } from '../../src/loyalty/clv/gammaGammaCovariatesLikelihood.js';
import { gammaGammaLogLikelihood, prepareGammaGammaData } from '../../src/loyalty/clv/gammaGammaLikelihood.js';
import { conditionalExpectedSpendWithCovariates } from '../../src/loyalty/clv/conditionalExpectedSpendWithCovariates.js';
import { newCustomerExpectedSpend } from '../../src/loyalty/clv/newCustomerExpectedSpend.js';
import { cdnowWithFirstSpend } from '../helpers/cdnowFirstSpend.js';
import { countHistogram } from '../helpers/covariateFits.js';
import { caught, readFixtureJson } from '../helpers/fixtures.js';

// Witness: test/fixtures/loyalty/make_gamma_gamma_covariates_reference.py — scipy on Fader &
// Hardie's note 045 likelihood (γ_i = γ·exp(β'z)), written independently with betaln and fitted
// with finite-difference BFGS and Newton steps: 3,000 customers simulated from known
// coefficients, and the whole CDNOW log with a first-purchase-spend covariate.
interface Fit {
  params: Record<'p' | 'q' | 'gamma', number>;
  coefficients: number[];
  standardErrors: Record<'p' | 'q' | 'gamma', number> & { coefficients: number[] };
  logLikelihood: number;
}
interface Holdout {
  customers: number;
  mae: number;
  rmse: number;
}
interface Reference {
  truth: { p: number; q: number; gamma: number; beta: number[] };
  data: { frequency: number[]; monetary: number[]; segment: string[]; score: number[] };
  withoutCovariates: Fit;
  withCovariates: Fit;
  regularized: Fit & { lambda: number };
  conditionalSpend: number[];
  newCustomers: { segment: string; score: number; expectedSpend: number }[];
  cdnow: {
    customers: number;
    repeatCustomers: number;
    medianFirstSpend: number;
    highRepeat: number;
    withoutCovariates: Fit & { holdout: Holdout };
    withCovariate: Fit & { holdout: Holdout };
    likelihoodRatio: number;
  };
}
const ref = readFixtureJson<Reference>('loyalty/gamma_gamma_covariates_reference.json');
const table = ref.data;
const COVARIATES = [{ column: 'segment', categorical: true }, { column: 'score' }];
const PARAMS = ['p', 'q', 'gamma'] as const;

function expectFit(model: GammaGammaCovariatesModel, expected: Fit, tolerance: number, seTolerance: number) {
  for (const p of PARAMS) {
    expect(Math.abs(model.params[p] / expected.params[p] - 1)).toBeLessThan(tolerance);
    expect(Math.abs(model.standardErrors[p] / expected.standardErrors[p] - 1)).toBeLessThan(seTolerance);
  }
  expect(model.coefficients).toHaveLength(expected.coefficients.length);
  model.coefficients.forEach((v, j) => {
    expect(Math.abs(v - expected.coefficients[j])).toBeLessThan(tolerance);
    expect(Math.abs(model.standardErrors.coefficients[j] / expected.standardErrors.coefficients[j] - 1)).toBeLessThan(seTolerance);
  });
  expect(Math.abs(model.fitted.diagnostics.logLikelihood / expected.logLikelihood - 1)).toBeLessThan(1e-10);
}

describe('gammaGammaCovariateLogLikelihood', () => {
  const n = table.frequency.length;
  const z = [Float64Array.from(table.segment, (s) => (s === 'b' ? 1 : 0)), Float64Array.from(table.score)];
  const data = prepareGammaGammaCovariateData(z, table.frequency, table.monetary, null);
  const phi = [Math.log(5), Math.log(3.5), Math.log(16), 0.3, -0.2];

  it('with β = 0 it is the covariate-free likelihood, value and gradient (to 1e-12)', () => {
    const plain = prepareGammaGammaData(Float64Array.from(table.frequency), Float64Array.from(table.monetary));
    const g0 = new Float64Array(3);
    const v0 = gammaGammaLogLikelihood([5, 3.5, 16], plain, g0);
    const g = new Float64Array(5);
    const { value } = gammaGammaCovariateLogLikelihood([...phi.slice(0, 3), 0, 0], 0, data, g);
    expect(Math.abs(value / v0 - 1)).toBeLessThan(1e-12);
    for (let i = 0; i < 3; i++) expect(Math.abs(g[i] - g0[i])).toBeLessThan(1e-9 * n);
  });

  it('the analytic gradient and Hessian match central differences (penalized, λ = 0.1)', () => {
    const d = 5;
    const g = new Float64Array(d);
    const H = new Float64Array(d * d);
    gammaGammaCovariateLogLikelihood(phi, 0.1, data, g, H);
    const h = 1e-5;
    for (let i = 0; i < d; i++) {
      const up = [...phi];
      const down = [...phi];
      up[i] += h;
      down[i] -= h;
      const gu = new Float64Array(d);
      const gd = new Float64Array(d);
      const fu = gammaGammaCovariateLogLikelihood(up, 0.1, data, gu).penalized;
      const fd = gammaGammaCovariateLogLikelihood(down, 0.1, data, gd).penalized;
      expect(Math.abs((fu - fd) / (2 * h) - g[i])).toBeLessThan(1e-5 * Math.max(1, Math.abs(g[i])));
      for (let j = 0; j < d; j++) expect(Math.abs((gu[j] - gd[j]) / (2 * h) - H[i * d + j])).toBeLessThan(1e-4 * Math.max(1, Math.abs(H[i * d + j])));
    }
  });
});

describe('fitGammaGammaWithCovariates against scipy (make_gamma_gamma_covariates_reference.py)', () => {
  const model = fitGammaGammaWithCovariates(table, { covariates: { columns: COVARIATES } });

  it('parameters and coefficients to 1e-6, standard errors to 1e-3 (scipy: finite-difference Hessian), the LR test', () => {
    expect(model.terms).toEqual(['segment=b', 'segment=c', 'score']);
    expect(model.covariates[0]).toEqual({ column: 'segment', type: 'categorical', reference: 'a', levels: ['a', 'b', 'c'] });
    expectFit(model, ref.withCovariates, 1e-6, 1e-3);
    const base = model.fitted.diagnostics.withoutCovariates;
    for (const p of PARAMS) expect(Math.abs(base.params[p] / ref.withoutCovariates.params[p] - 1)).toBeLessThan(1e-6);
    const lr = model.fitted.diagnostics.likelihoodRatio!;
    expect(lr.degreesOfFreedom).toBe(3);
    expect(Math.abs(lr.statistic - 2 * (ref.withCovariates.logLikelihood - ref.withoutCovariates.logLikelihood))).toBeLessThan(1e-5);
    expect(model.fitted.n).toBe(3000);
  });

  it('recovers the simulated truth within 3 standard errors', () => {
    for (const p of PARAMS) expect(Math.abs(model.params[p] - ref.truth[p])).toBeLessThan(3 * model.standardErrors[p]);
    ref.truth.beta.forEach((b, j) => expect(Math.abs(model.coefficients[j] - b)).toBeLessThan(3 * model.standardErrors.coefficients[j]));
  });

  it('L2 regularization (CLVTools scale) matches scipy to 1e-6 and reports no likelihood ratio', () => {
    const reg = fitGammaGammaWithCovariates(table, { covariates: { columns: COVARIATES, regularization: ref.regularized.lambda } });
    expectFit(reg, ref.regularized, 1e-6, 1e-3);
    expect(reg.fitted.diagnostics.likelihoodRatio).toBeNull();
  });

  it('coefficients held at zero by a huge penalty give the plain fitGammaGamma fit (to 1e-8)', () => {
    const held = fitGammaGammaWithCovariates(table, { covariates: { columns: COVARIATES, regularization: 1e9 } });
    const plain = fitGammaGamma(table);
    for (const p of PARAMS) expect(Math.abs(held.params[p] / plain.params[p] - 1)).toBeLessThan(1e-8);
    for (const b of held.coefficients) expect(Math.abs(b)).toBeLessThan(1e-8);
    // ℓ moves by about ‖∂ℓ/∂β‖·‖β‖ with β of order 1e-9 (not exactly 0 under a finite penalty)
    expect(Math.abs(held.fitted.diagnostics.logLikelihood / plain.fitted.diagnostics.logLikelihood - 1)).toBeLessThan(1e-10);
  });

  it('grouped input (a count column) and shuffled rows give the same fit', () => {
    // GROUP BY with a plain Map, in reverse order of first appearance
    const rows = countHistogram(table, ['frequency', 'monetary', 'segment', 'score']).reverse();
    const grouped = fitGammaGammaWithCovariates(rows, { columns: { count: 'customers' }, covariates: { columns: COVARIATES } });
    expect(grouped.fitted.n).toBe(3000);
    expect(grouped.params).toEqual(model.params);
    expect(grouped.coefficients).toEqual(model.coefficients);
  });
});

describe('conditionalExpectedSpendWithCovariates and newCustomerExpectedSpend (scipy: note 025 eq. 5 at γ_i)', () => {
  const model = fitGammaGammaWithCovariates(table, { covariates: { columns: COVARIATES } });

  it('the conditional expected spend of the first 8 customers to 1e-6', () => {
    const { values } = conditionalExpectedSpendWithCovariates(model, table);
    ref.conditionalSpend.forEach((v, i) => expect(Math.abs(values[i] / v - 1)).toBeLessThan(1e-6));
  });

  it('a new customer per segment at score 0.5 to 1e-6; a customer without repeat purchase gets the same', () => {
    const rows = ref.newCustomers.map(({ segment, score }) => ({ segment, score }));
    const { values } = newCustomerExpectedSpend(model, rows);
    ref.newCustomers.forEach((c, i) => expect(Math.abs(values[i] / c.expectedSpend - 1)).toBeLessThan(1e-6));
    const zero = conditionalExpectedSpendWithCovariates(
      model,
      rows.map((r) => ({ ...r, frequency: 0, monetary: 0 })),
    );
    expect(Array.from(zero.values)).toEqual(Array.from(values));
  });

  it('refuses a level the model was not fitted with, naming the row, and a model of another kind', () => {
    const unknown = caught(() => newCustomerExpectedSpend(model, { segment: ['a', 'd'], score: [0, 0] }));
    expect(unknown.code).toBe('invalid_value');
    expect(unknown.issues[0]).toMatchObject({ function: 'newCustomerExpectedSpend', column: 'segment', row: 1, received: '"d"' });
    const wrong = caught(() => conditionalExpectedSpendWithCovariates(fitGammaGamma(table) as never, table));
    expect(wrong.code).toBe('invalid_model');
    const negative = caught(() => conditionalExpectedSpendWithCovariates(model, { frequency: [1, 2], monetary: [5, -1], segment: ['a', 'b'], score: [0, 0] }));
    expect(negative.issues[0]).toMatchObject({ column: 'monetary', row: 1 });
  });
});

describe('fitGammaGammaWithCovariates refusals', () => {
  const rows = (n: number) =>
    Array.from({ length: n }, (_, i) => ({ frequency: 1 + (i % 3), monetary: 10 + (i % 7), tier: i % 2 ? 'gold' : 'basic', score: i / n }));

  it('a missing covariate column, a non-finite value, a covariate constant among repeat customers', () => {
    const missing = caught(() => fitGammaGammaWithCovariates(rows(20), { covariates: { columns: [{ column: 'region' }] } }));
    expect(missing.code).toBe('missing_column');
    const bad = rows(20);
    (bad[4] as { score: number }).score = Number.NaN;
    const nonFinite = caught(() => fitGammaGammaWithCovariates(bad, { covariates: { columns: [{ column: 'score' }] } }));
    expect(nonFinite.code).toBe('invalid_value');
    expect(nonFinite.issues[0]).toMatchObject({ function: 'fitGammaGammaWithCovariates', column: 'score', row: 4 });
    // 'gold' only among customers without a repeat purchase: constant among those the model reads
    const onlyOnce = rows(20).map((r) => ({ ...r, tier: r.frequency === 0 ? 'gold' : 'basic' }));
    onlyOnce.push({ frequency: 0, monetary: 0, tier: 'gold', score: 0.5 });
    const constant = caught(() => fitGammaGammaWithCovariates(onlyOnce, { covariates: { columns: [{ column: 'tier', categorical: true }] } }));
    expect(constant.code).toBe('invalid_value');
    expect(constant.issues[0]).toMatchObject({ column: 'tier=gold' });
  });
});

describe('CDNOW with a first-purchase-spend covariate (make_gamma_gamma_covariates_reference.py, cdnow)', () => {
  const { split, firstSpend: spend } = cdnowWithFirstSpend();
  const firstSpend = spend.map((v) => (v > ref.cdnow.medianFirstSpend ? 'high' : 'low'));
  const summary = { frequency: split.frequency, monetary: split.monetary!, firstSpend };
  const model = fitGammaGammaWithCovariates(summary, {
    nonPositiveSpend: 'exclude',
    covariates: { columns: [{ column: 'firstSpend', categorical: true, reference: 'low' }] },
  });

  it('the fit and the likelihood-ratio test against no covariate (scipy to 1e-6)', () => {
    expect(split.customer.length).toBe(ref.cdnow.customers);
    expect(model.fitted.n).toBe(ref.cdnow.repeatCustomers);
    expect(model.fitted.diagnostics.nonPositiveExcluded).toBe(1);
    expectFit(model, ref.cdnow.withCovariate, 1e-6, 1e-3);
    const d = model.fitted.diagnostics;
    for (const p of PARAMS) expect(Math.abs(d.withoutCovariates.params[p] / ref.cdnow.withoutCovariates.params[p] - 1)).toBeLessThan(1e-6);
    expect(Math.abs(d.likelihoodRatio!.statistic - ref.cdnow.likelihoodRatio)).toBeLessThan(1e-5);
    expect(d.likelihoodRatio!.pValue).toBeLessThan(1e-100);
    expect(d.patterns).toBe(2);
  });

  it('holdout: conditional expected spend against the mean holdout spend, with and without the covariate (scipy to 1e-6)', () => {
    const plain = fitGammaGamma(summary, { nonPositiveSpend: 'exclude' });
    const withCovariate = conditionalExpectedSpendWithCovariates(model, summary).values;
    const without = conditionalExpectedSpend(plain, summary).values;
    const errors = (predicted: Float64Array) => {
      let n = 0;
      let abs = 0;
      let sq = 0;
      for (let i = 0; i < predicted.length; i++) {
        // repeat customers fitted (mean spend > 0) with a holdout purchase (CDNOW has no refund day)
        if (!(split.frequency[i] > 0 && split.monetary![i] > 0 && split.monetaryHoldout![i] > 0)) continue;
        const e = predicted[i] - split.monetaryHoldout![i];
        n += 1;
        abs += Math.abs(e);
        sq += e * e;
      }
      return { customers: n, mae: abs / n, rmse: Math.sqrt(sq / n) };
    };
    const a = errors(withCovariate);
    const b = errors(without);
    expect(a.customers).toBe(ref.cdnow.withCovariate.holdout.customers);
    expect(Math.abs(a.mae / ref.cdnow.withCovariate.holdout.mae - 1)).toBeLessThan(1e-6);
    expect(Math.abs(a.rmse / ref.cdnow.withCovariate.holdout.rmse - 1)).toBeLessThan(1e-6);
    expect(Math.abs(b.mae / ref.cdnow.withoutCovariates.holdout.mae - 1)).toBeLessThan(1e-6);
    expect(Math.abs(b.rmse / ref.cdnow.withoutCovariates.holdout.rmse - 1)).toBeLessThan(1e-6);
  });
});
