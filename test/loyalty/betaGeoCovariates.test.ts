import { describe, expect, it } from 'vitest';
import { conditionalExpectedPurchases, fitBetaGeo } from '../../src/clv.js';
import { betaGeoCovariateLayout, betaGeoCovariateLogLikelihood, prepareBetaGeoCovariateData } from '../../src/loyalty/clv/betaGeoCovariatesLikelihood.js';
import { betaGeoLogLikelihood, prepareBetaGeoData } from '../../src/loyalty/clv/betaGeoLikelihood.js';
import { betaGeoCovariatePredictions } from '../../src/loyalty/clv/betaGeoCovariatePredictions.js';
import { fitBetaGeoWithCovariates, type BetaGeoCovariatesModel } from '../../src/loyalty/clv/fitBetaGeoWithCovariates.js';
import { newCustomerExpectedPurchases } from '../../src/loyalty/clv/newCustomerExpectedPurchases.js';
import { cdnowWithFirstSpend } from '../helpers/cdnowFirstSpend.js';
import {
  type CovariateFitReference,
  countHistogram,
  expectAgainstCovariateFree,
  expectCovariateFit,
  expectDerivativesMatch,
  expectRecoversTruth,
  expectSameOptimum,
  holdoutErrors,
  rowsOf,
  shuffledTable,
} from '../helpers/covariateFits.js';
import { caught, readFixtureJson } from '../helpers/fixtures.js';

// Witness: test/fixtures/loyalty/make_bgnbd_covariates_reference.py — 4,000 customers simulated
// from known coefficients, fitted by scipy on the paper-form likelihood written independently
// (CLVTools' parameterization), and the whole CDNOW log with a first-purchase-spend covariate.
type Fit = CovariateFitReference<'r' | 'alpha' | 'a' | 'b'>;
interface Holdout {
  mae: number;
  rmse: number;
  predictedTotal: number;
  actualTotal: number;
}
interface Reference {
  truth: { r: number; alpha: number; a: number; b: number; purchase: number[]; dropout: number[] };
  data: { frequency: number[]; recency: number[]; T: number[]; segment: string[]; score: number[] };
  withoutCovariates: Fit;
  separate: Fit;
  shared: Fit;
  regularized: Fit & { lambda: { purchase: number; dropout: number } };
  predictions: { row: number; probabilityAlive: number; expectedPurchases26: number }[];
  newCustomers: { segment: string; score: number; expectedPurchases52: number }[];
  cdnow: {
    customers: number;
    medianFirstSpend: number;
    high: number;
    withoutCovariates: Fit & { holdout: Holdout };
    withCovariate: Fit & { holdout: Holdout };
    likelihoodRatio: number;
  };
}
const ref = readFixtureJson<Reference>('loyalty/bgnbd_covariates_reference.json');
const table = ref.data;
const COVARIATES = [{ column: 'segment', categorical: true }, { column: 'score' }];
const PARAMS = ['r', 'alpha', 'a', 'b'] as const;

const expectFit = (model: BetaGeoCovariatesModel, expected: Fit, tolerance: number, seTolerance: number) =>
  expectCovariateFit(PARAMS, model, expected, tolerance, seTolerance);

describe('fitBetaGeoWithCovariates against scipy (make_bgnbd_covariates_reference.py)', () => {
  const separate = fitBetaGeoWithCovariates(table, { timeUnit: 'week', covariates: { columns: COVARIATES } });

  it('separate coefficients: parameters and coefficients to 1e-6, standard errors to 3e-4 (scipy: finite-difference Hessian)', () => {
    expect(separate.terms).toEqual(['segment=b', 'segment=c', 'score']);
    expect(separate.covariates[0]).toEqual({ column: 'segment', type: 'categorical', reference: 'a', levels: ['a', 'b', 'c'] });
    expectFit(separate, ref.separate, 1e-6, 3e-4);
    expectAgainstCovariateFree(PARAMS, separate, ref);
  });

  it('shared coefficients and L2 regularization (CLVTools scale) match scipy to 1e-6', () => {
    const shared = fitBetaGeoWithCovariates(table, { timeUnit: 'week', covariates: { columns: COVARIATES, shared: true } });
    expectFit(shared, ref.shared, 1e-6, 3e-4);
    expect(shared.coefficients.dropout).toEqual(shared.coefficients.purchase);
    expect(shared.fitted.diagnostics.likelihoodRatio!.degreesOfFreedom).toBe(3);
    const regularized = fitBetaGeoWithCovariates(table, { timeUnit: 'week', covariates: { columns: COVARIATES, regularization: ref.regularized.lambda } });
    expectFit(regularized, ref.regularized, 1e-6, 3e-4);
    expect(regularized.fitted.diagnostics.likelihoodRatio).toBeNull();
    expect(regularized.fitted.diagnostics.penalizedLogLikelihood).toBeLessThan(regularized.fitted.diagnostics.logLikelihood);
  });

  it('recovers the simulated coefficients and parameters within 3 standard errors', () => {
    expectRecoversTruth(PARAMS, separate, ref.truth);
  });

  it('predictions: P(alive), conditional expectation and new customers match scipy (hyp2f1) to 1e-6', () => {
    const rows = rowsOf(
      table,
      ref.predictions.map((p) => p.row),
      ['frequency', 'recency', 'T', 'segment', 'score'],
    );
    const scored = betaGeoCovariatePredictions(separate, rows, { horizon: 26 });
    ref.predictions.forEach((p, i) => {
      // the model's parameters differ from scipy's by ~1e-8: the predictions agree to that
      expect(Math.abs(scored.probabilityAlive[i] / p.probabilityAlive - 1)).toBeLessThan(1e-6);
      expect(Math.abs(scored.expectedPurchases[i] / p.expectedPurchases26 - 1)).toBeLessThan(1e-6);
    });
    const fresh = newCustomerExpectedPurchases(
      separate,
      { segment: ref.newCustomers.map((c) => c.segment), score: ref.newCustomers.map((c) => c.score) },
      { t: 52 },
    );
    ref.newCustomers.forEach((c, i) => expect(Math.abs(fresh.values[i] / c.expectedPurchases52 - 1)).toBeLessThan(1e-6));
  });

  it('groups exactly by (covariates, x, t_x, T): the count a Map gives, and the same optimum in any row order', () => {
    const keys = new Set(table.frequency.map((x, i) => [table.segment[i], table.score[i], x, table.recency[i], table.T[i]].join(' ')));
    expect(separate.fitted.diagnostics.groups).toBe(keys.size);
    expect(separate.fitted.diagnostics.patterns).toBe(new Set(table.segment.map((s, i) => `${s} ${table.score[i]}`)).size);
    const shuffled = shuffledTable(table, table.frequency.length, 19);
    const again = fitBetaGeoWithCovariates(shuffled, { timeUnit: 'week', covariates: { columns: COVARIATES } });
    expect(again.params).toEqual(separate.params);
    expect(again.coefficients).toEqual(separate.coefficients);
  });
});

describe('grouped input with a count column', () => {
  it('a histogram of (segment, x, t_x, T) with counts gives the fit on one row per customer (to 1e-9), and its groups', () => {
    const spec = { timeUnit: 'week' as const, covariates: { columns: [{ column: 'segment', categorical: true }] } };
    const raw = fitBetaGeoWithCovariates(table, spec);
    // GROUP BY segment, frequency, recency, T with a plain Map: an independent path from the library's grouping
    const histogram = countHistogram(table, ['segment', 'frequency', 'recency', 'T']);
    const grouped = fitBetaGeoWithCovariates(histogram, { ...spec, columns: { count: 'customers' } });
    expect(grouped.fitted.n).toBe(table.frequency.length);
    expect(grouped.fitted.diagnostics.groups).toBe(histogram.length);
    expect(raw.fitted.diagnostics.groups).toBe(histogram.length);
    expectSameOptimum(PARAMS, grouped, raw);
    expect(Math.abs(grouped.fitted.diagnostics.logLikelihood / raw.fitted.diagnostics.logLikelihood - 1)).toBeLessThan(1e-12);
  });
});

describe('the covariate likelihood', () => {
  const data = prepareBetaGeoCovariateData(
    [Float64Array.from(table.segment, (s) => +(s === 'b')), Float64Array.from(table.segment, (s) => +(s === 'c')), Float64Array.from(table.score)],
    Float64Array.from(table.frequency),
    Float64Array.from(table.recency),
    Float64Array.from(table.T),
    null,
    null,
  );

  for (const layout of [betaGeoCovariateLayout(3, false, 0.02, 0.05), betaGeoCovariateLayout(3, true, 0.01, 0)]) {
    it(`analytic gradient and Hessian equal central differences (shared: ${layout.shared}, with a penalty)`, () => {
      const m = layout.shared ? 7 : 10;
      expectDerivativesMatch(
        (phi, gradient, hessian) => betaGeoCovariateLogLikelihood(phi, layout, data, gradient, hessian),
        [Math.log(0.55), Math.log(5.1), Math.log(0.8), Math.log(2.2), 0.3, -0.2, 0.1, -0.4, 0.35, 0.15].slice(0, m),
      );
    });
  }

  it('at γ = 0 it is the covariate-free likelihood', () => {
    const theta = [0.55, 5.1, 0.8, 2.2];
    const plain = betaGeoLogLikelihood(
      theta,
      prepareBetaGeoData(Float64Array.from(table.frequency), Float64Array.from(table.recency), Float64Array.from(table.T), null),
      null,
    );
    const { value } = betaGeoCovariateLogLikelihood([...theta.map(Math.log), 0, 0, 0, 0, 0, 0], betaGeoCovariateLayout(3, false, 0, 0), data, null);
    expect(Math.abs(value / plain - 1)).toBeLessThan(1e-13);
  });

  it('coefficients held at zero by a huge penalty: the fit is fitBetaGeo’s to 1e-8', () => {
    const plain = fitBetaGeo(table, { timeUnit: 'week' });
    const held = fitBetaGeoWithCovariates(table, { timeUnit: 'week', covariates: { columns: COVARIATES, regularization: { purchase: 1e9, dropout: 1e9 } } });
    for (const p of PARAMS) expect(Math.abs(held.params[p] / plain.params[p] - 1)).toBeLessThan(1e-8);
    for (const v of [...held.coefficients.purchase, ...held.coefficients.dropout]) expect(Math.abs(v)).toBeLessThan(1e-8);
    expect(Math.abs(held.fitted.diagnostics.logLikelihood / plain.fitted.diagnostics.logLikelihood - 1)).toBeLessThan(1e-12);
  });
});

describe('CDNOW with a first-purchase-spend covariate (make_bgnbd_covariates_reference.py, cdnow)', () => {
  const { split, firstSpend: spend } = cdnowWithFirstSpend();
  const firstSpend = spend.map((v) => (v > ref.cdnow.medianFirstSpend ? 'high' : 'low'));
  const summary = { frequency: split.frequency, recency: split.recency, T: split.T, firstSpend };
  const model = fitBetaGeoWithCovariates(summary, {
    timeUnit: 'week',
    covariates: { columns: [{ column: 'firstSpend', categorical: true, reference: 'low' }] },
  });

  it('the fit, the likelihood-ratio test and the groups', () => {
    expect(firstSpend.filter((v) => v === 'high').length).toBe(ref.cdnow.high);
    expect(model.fitted.n).toBe(ref.cdnow.customers);
    expectFit(model, ref.cdnow.withCovariate, 1e-6, 3e-4);
    const d = model.fitted.diagnostics;
    expect(Math.abs(d.likelihoodRatio!.statistic - ref.cdnow.likelihoodRatio)).toBeLessThan(1e-5);
    expect(d.likelihoodRatio!.pValue).toBeLessThan(1e-40);
    // 8,685 distinct histories, 9,158 distinct (history, covariate) rows: a 2-level covariate adds ~5%
    expect([d.withoutCovariates.groups, d.groups, d.patterns]).toEqual([8685, 9158, 2]);
  });

  it('holdout (39 weeks): per-customer MAE and RMSE, and the total, for both models as scipy computes them', () => {
    const { expectedPurchases } = betaGeoCovariatePredictions(model, summary, { horizon: split.duration });
    const plain = fitBetaGeo(summary, { timeUnit: 'week' });
    const baseline = conditionalExpectedPurchases(plain, summary, split.duration).values;
    const errors = (predicted: Float64Array) => holdoutErrors(predicted, split.frequencyHoldout);
    const withCovariate = errors(expectedPurchases);
    const without = errors(baseline);
    expect(Math.abs(withCovariate.mae / ref.cdnow.withCovariate.holdout.mae - 1)).toBeLessThan(1e-6);
    expect(Math.abs(withCovariate.rmse / ref.cdnow.withCovariate.holdout.rmse - 1)).toBeLessThan(1e-6);
    expect(Math.abs(withCovariate.predictedTotal / ref.cdnow.withCovariate.holdout.predictedTotal - 1)).toBeLessThan(1e-6);
    expect(Math.abs(without.mae / ref.cdnow.withoutCovariates.holdout.mae - 1)).toBeLessThan(1e-6);
    expect(Math.abs(without.predictedTotal / ref.cdnow.withoutCovariates.holdout.predictedTotal - 1)).toBeLessThan(1e-6);
    expect(split.frequencyHoldout.reduce((s, v) => s + v, 0)).toBe(ref.cdnow.withCovariate.holdout.actualTotal);
  });
});

describe('errors name the field, the row and the value', () => {
  const rows = [
    { frequency: 2, recency: 10, T: 20, tier: 'gold', spend: 1 },
    { frequency: 0, recency: 0, T: 20, tier: 'silver', spend: 2 },
    { frequency: 1, recency: 5, T: 20, tier: 'gold', spend: 3 },
  ];
  it('a missing covariate column, a non-finite value, a constant covariate, an unknown reference', () => {
    const missing = caught(() => fitBetaGeoWithCovariates(rows, { timeUnit: 'week', covariates: { columns: [{ column: 'channel', categorical: true }] } }));
    expect(missing.code).toBe('missing_column');
    expect(missing.issues[0]).toMatchObject({ function: 'fitBetaGeoWithCovariates', column: 'channel' });
    const bad = caught(() =>
      fitBetaGeoWithCovariates(
        rows.map((r, i) => ({ ...r, spend: i === 1 ? Number.POSITIVE_INFINITY : r.spend })),
        { timeUnit: 'week', covariates: { columns: [{ column: 'spend' }] } },
      ),
    );
    expect(bad.code).toBe('invalid_value');
    expect(bad.issues[0]).toMatchObject({ column: 'spend', row: 1, received: 'Infinity' });
    const constant = caught(() =>
      fitBetaGeoWithCovariates(
        rows.map((r) => ({ ...r, spend: 5 })),
        { timeUnit: 'week', covariates: { columns: [{ column: 'spend' }] } },
      ),
    );
    expect(constant.code).toBe('invalid_value');
    expect(constant.issues[0]).toMatchObject({ column: 'spend', received: 'every customer has 5' });
    const reference = caught(() =>
      fitBetaGeoWithCovariates(rows, { timeUnit: 'week', covariates: { columns: [{ column: 'tier', categorical: true, reference: 'bronze' }] } }),
    );
    expect(reference.code).toBe('invalid_spec');
    expect(reference.issues[0]).toMatchObject({ path: 'spec.covariates.columns.0.reference', received: '"bronze"' });
  });

  it('an unknown level at prediction time names the row, the value and the levels; a tampered model is invalid_model', () => {
    const model = fitBetaGeoWithCovariates(table, { timeUnit: 'week', covariates: { columns: [{ column: 'segment', categorical: true }] } });
    const unknown = caught(() => newCustomerExpectedPurchases(model, { segment: ['a', 'z'] }, { t: 10 }));
    expect(unknown.code).toBe('invalid_value');
    expect(unknown.issues[0]).toMatchObject({ function: 'newCustomerExpectedPurchases', column: 'segment', row: 1, received: '"z"' });
    expect(unknown.issues[0].expected).toContain('"a", "b", "c"');
    const absent = caught(() => betaGeoCovariatePredictions(model, [{ frequency: 1, recency: 1, T: 2 }], { horizon: 5 }));
    expect(absent.code).toBe('missing_column');
    expect(absent.issues[0]).toMatchObject({ column: 'segment' });
    const tampered = caught(() => newCustomerExpectedPurchases({ ...model, coefficients: { purchase: [1], dropout: [0, 0] } }, { segment: ['a'] }, { t: 10 }));
    expect(tampered.code).toBe('invalid_model');
    expect(tampered.issues[0].path).toBe('model.coefficients.purchase');
    const horizon = caught(() => betaGeoCovariatePredictions(model, [{ frequency: 1, recency: 1, T: 2, segment: 'a' }], { horizon: -1 }));
    expect(horizon.code).toBe('invalid_spec');
    expect(horizon.issues[0].path).toBe('options.horizon');
  });

  it('the model is plain JSON: a round trip predicts the same', () => {
    const model = fitBetaGeoWithCovariates(table, { timeUnit: 'week', covariates: { columns: COVARIATES } });
    const copy = JSON.parse(JSON.stringify(model)) as BetaGeoCovariatesModel;
    const rows = [{ segment: 'c', score: -0.25 }];
    expect(newCustomerExpectedPurchases(copy, rows, { t: 30 }).values).toEqual(newCustomerExpectedPurchases(model, rows, { t: 30 }).values);
  });
});
