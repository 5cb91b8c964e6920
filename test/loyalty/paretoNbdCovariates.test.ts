import { describe, expect, it } from 'vitest';
import { clvParameterDraws, fitParetoNbd, paretoNbdConditionalExpectedPurchases } from '../../src/clv.js';
import { parseModel } from '../../src/index.js';
import { fitParetoNbdWithCovariates, type ParetoNbdCovariatesModel } from '../../src/loyalty/clv/fitParetoNbdWithCovariates.js';
import { newCustomerExpectedPurchases } from '../../src/loyalty/clv/newCustomerExpectedPurchases.js';
import { paretoNbdCovariatePredictions } from '../../src/loyalty/clv/paretoNbdCovariatePredictions.js';
import {
  paretoNbdCovariateLayout,
  paretoNbdCovariateLogLikelihood,
  prepareParetoNbdCovariateData,
} from '../../src/loyalty/clv/paretoNbdCovariatesLikelihood.js';
import { paretoNbdLogLikelihood } from '../../src/loyalty/clv/paretoNbdLikelihood.js';
import { prepareBetaGeoData } from '../../src/loyalty/clv/betaGeoLikelihood.js';
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
import { caught, readFixtureCsv, readFixtureJson } from '../helpers/fixtures.js';

// Witness: test/fixtures/loyalty/make_pnbd_covariates_reference.py — 4,000 customers simulated
// from known coefficients, fitted by scipy on Fader & Hardie's textbook likelihood (eq. 19-22 with
// scipy's hyp2f1, checked against mpmath) in CLVTools' parameterization, and the whole CDNOW log
// with a first-purchase-spend covariate.
type Fit = CovariateFitReference<'r' | 'alpha' | 's' | 'beta'>;
interface Holdout {
  mae: number;
  rmse: number;
  predictedTotal: number;
  actualTotal: number;
}
interface Reference {
  mpmathCheck: number;
  truth: { r: number; alpha: number; s: number; beta: number; purchase: number[]; dropout: number[] };
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
const ref = readFixtureJson<Reference>('loyalty/pnbd_covariates_reference.json');
const table = ref.data;
const COVARIATES = [{ column: 'segment', categorical: true }, { column: 'score' }];
const PARAMS = ['r', 'alpha', 's', 'beta'] as const;

const expectFit = (model: ParetoNbdCovariatesModel, expected: Fit, tolerance: number, seTolerance: number) =>
  expectCovariateFit(PARAMS, model, expected, tolerance, seTolerance);

describe('fitParetoNbdWithCovariates against scipy (make_pnbd_covariates_reference.py)', () => {
  const separate = fitParetoNbdWithCovariates(table, { timeUnit: 'week', covariates: { columns: COVARIATES } });

  it('the peer’s likelihood agrees with mpmath at 40 digits', () => {
    expect(ref.mpmathCheck).toBeLessThan(1e-12);
  });

  it('separate coefficients: parameters and coefficients to 1e-6, standard errors to 3e-4 (scipy: finite-difference Hessian)', () => {
    expect(separate.kind).toBe('paretoNbdCovariates');
    expect(separate.terms).toEqual(['segment=b', 'segment=c', 'score']);
    expect(separate.covariates[0]).toEqual({ column: 'segment', type: 'categorical', reference: 'a', levels: ['a', 'b', 'c'] });
    expectFit(separate, ref.separate, 1e-6, 3e-4);
    expectAgainstCovariateFree(PARAMS, separate, ref);
  });

  it('shared coefficients and L2 regularization (CLVTools scale) match scipy to 1e-6', () => {
    const shared = fitParetoNbdWithCovariates(table, { timeUnit: 'week', covariates: { columns: COVARIATES, shared: true } });
    expectFit(shared, ref.shared, 1e-6, 3e-4);
    expect(shared.coefficients.dropout).toEqual(shared.coefficients.purchase);
    expect(shared.fitted.diagnostics.likelihoodRatio!.degreesOfFreedom).toBe(3);
    const regularized = fitParetoNbdWithCovariates(table, { timeUnit: 'week', covariates: { columns: COVARIATES, regularization: ref.regularized.lambda } });
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
    const scored = paretoNbdCovariatePredictions(separate, rows, { horizon: 26 });
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
    const shuffled = shuffledTable(table, table.frequency.length, 33);
    const again = fitParetoNbdWithCovariates(shuffled, { timeUnit: 'week', covariates: { columns: COVARIATES } });
    expect(again.params).toEqual(separate.params);
    expect(again.coefficients).toEqual(separate.coefficients);
  });
});

describe('grouped input with a count column', () => {
  it('a histogram of (segment, x, t_x, T) with counts gives the fit on one row per customer (to 1e-9), and its groups', () => {
    const spec = { timeUnit: 'week' as const, covariates: { columns: [{ column: 'segment', categorical: true }] } };
    const raw = fitParetoNbdWithCovariates(table, spec);
    // GROUP BY segment, frequency, recency, T with a plain Map: an independent path from the library's grouping
    const histogram = countHistogram(table, ['segment', 'frequency', 'recency', 'T']);
    const grouped = fitParetoNbdWithCovariates(histogram, { ...spec, columns: { count: 'customers' } });
    expect(grouped.fitted.n).toBe(table.frequency.length);
    expect(grouped.fitted.diagnostics.groups).toBe(histogram.length);
    expectSameOptimum(PARAMS, grouped, raw);
    expect(Math.abs(grouped.fitted.diagnostics.logLikelihood / raw.fitted.diagnostics.logLikelihood - 1)).toBeLessThan(1e-12);
  });
});

describe('the covariate likelihood', () => {
  const data = prepareParetoNbdCovariateData(
    [Float64Array.from(table.segment, (s) => +(s === 'b')), Float64Array.from(table.segment, (s) => +(s === 'c')), Float64Array.from(table.score)],
    Float64Array.from(table.frequency),
    Float64Array.from(table.recency),
    Float64Array.from(table.T),
    null,
    null,
  );

  for (const layout of [paretoNbdCovariateLayout(3, false, 0.02, 0.05), paretoNbdCovariateLayout(3, true, 0.01, 0)]) {
    it(`analytic gradient and Hessian equal central differences (shared: ${layout.shared}, with a penalty)`, () => {
      const m = layout.shared ? 7 : 10;
      expectDerivativesMatch(
        (phi, gradient, hessian) => paretoNbdCovariateLogLikelihood(phi, layout, data, gradient, hessian),
        [Math.log(0.55), Math.log(7.1), Math.log(0.9), Math.log(10.2), 0.3, -0.2, 0.1, 0.5, -0.35, 0.25].slice(0, m),
      );
    });
  }

  it('at γ = 0 it is the covariate-free likelihood', () => {
    const theta = [0.55, 7.1, 0.9, 10.2];
    const plain = paretoNbdLogLikelihood(
      theta,
      prepareBetaGeoData(Float64Array.from(table.frequency), Float64Array.from(table.recency), Float64Array.from(table.T), null),
      null,
    );
    const { value } = paretoNbdCovariateLogLikelihood([...theta.map(Math.log), 0, 0, 0, 0, 0, 0], paretoNbdCovariateLayout(3, false, 0, 0), data, null);
    expect(Math.abs(value / plain - 1)).toBeLessThan(1e-13);
  });

  it('coefficients held at zero by a huge penalty: the fit is fitParetoNbd’s to 1e-6 (parameters) and 1e-10 (ℓ)', () => {
    const plain = fitParetoNbd(table, { timeUnit: 'week' });
    const held = fitParetoNbdWithCovariates(table, { timeUnit: 'week', covariates: { columns: COVARIATES, regularization: { purchase: 1e9, dropout: 1e9 } } });
    for (const p of PARAMS) expect(Math.abs(held.params[p] / plain.params[p] - 1)).toBeLessThan(1e-6);
    for (const v of [...held.coefficients.purchase, ...held.coefficients.dropout]) expect(Math.abs(v)).toBeLessThan(1e-8);
    expect(Math.abs(held.fitted.diagnostics.logLikelihood / plain.fitted.diagnostics.logLikelihood - 1)).toBeLessThan(1e-10);
    // the covariate-free start is fitParetoNbd itself
    expect(held.fitted.diagnostics.withoutCovariates.params).toEqual(plain.params);
  });
});

describe('CDNOW with a first-purchase-spend covariate (make_pnbd_covariates_reference.py, cdnow)', () => {
  const { split, firstSpend: spend } = cdnowWithFirstSpend();
  const firstSpend = spend.map((v) => (v > ref.cdnow.medianFirstSpend ? 'high' : 'low'));
  const summary = { frequency: split.frequency, recency: split.recency, T: split.T, firstSpend };
  const model = fitParetoNbdWithCovariates(summary, {
    timeUnit: 'week',
    covariates: { columns: [{ column: 'firstSpend', categorical: true, reference: 'low' }] },
  });

  it('the fit, the likelihood-ratio test and the groups', () => {
    expect(firstSpend.filter((v) => v === 'high').length).toBe(ref.cdnow.high);
    expect(model.fitted.n).toBe(ref.cdnow.customers);
    expectFit(model, ref.cdnow.withCovariate, 1e-6, 3e-4);
    const d = model.fitted.diagnostics;
    expect(Math.abs(d.likelihoodRatio!.statistic - ref.cdnow.likelihoodRatio)).toBeLessThan(1e-5);
    expect([d.withoutCovariates.groups, d.groups, d.patterns]).toEqual([8685, 9158, 2]);
    // an interior maximum: nothing held at the cap
    expect(d.heldAtCap).toEqual([]);
  });

  it('holdout (39 weeks): per-customer MAE and RMSE, and the total, for both models as scipy computes them', () => {
    const { expectedPurchases } = paretoNbdCovariatePredictions(model, summary, { horizon: split.duration });
    const plain = fitParetoNbd(summary, { timeUnit: 'week' });
    const baseline = paretoNbdConditionalExpectedPurchases(plain, summary, split.duration).values;
    const errors = (predicted: Float64Array) => holdoutErrors(predicted, split.frequencyHoldout);
    const withCovariate = errors(expectedPurchases);
    const without = errors(baseline);
    expect(Math.abs(withCovariate.mae / ref.cdnow.withCovariate.holdout.mae - 1)).toBeLessThan(1e-6);
    expect(Math.abs(withCovariate.rmse / ref.cdnow.withCovariate.holdout.rmse - 1)).toBeLessThan(1e-6);
    expect(Math.abs(withCovariate.predictedTotal / ref.cdnow.withCovariate.holdout.predictedTotal - 1)).toBeLessThan(1e-6);
    expect(Math.abs(without.mae / ref.cdnow.withoutCovariates.holdout.mae - 1)).toBeLessThan(1e-6);
    expect(Math.abs(without.rmse / ref.cdnow.withoutCovariates.holdout.rmse - 1)).toBeLessThan(1e-6);
    expect(Math.abs(without.predictedTotal / ref.cdnow.withoutCovariates.holdout.predictedTotal - 1)).toBeLessThan(1e-6);
  });
});

describe('errors name the field, the row and the value', () => {
  const rows = [
    { frequency: 2, recency: 10, T: 20, tier: 'gold', spend: 1 },
    { frequency: 0, recency: 0, T: 20, tier: 'silver', spend: 2 },
    { frequency: 1, recency: 5, T: 20, tier: 'gold', spend: 3 },
  ];
  it('a missing covariate column, a non-finite value, a constant covariate, an unknown reference, a discrete summary', () => {
    const missing = caught(() => fitParetoNbdWithCovariates(rows, { timeUnit: 'week', covariates: { columns: [{ column: 'channel', categorical: true }] } }));
    expect(missing.code).toBe('missing_column');
    expect(missing.issues[0]).toMatchObject({ function: 'fitParetoNbdWithCovariates', column: 'channel' });
    const bad = caught(() =>
      fitParetoNbdWithCovariates(
        rows.map((r, i) => ({ ...r, spend: i === 1 ? Number.NaN : r.spend })),
        { timeUnit: 'week', covariates: { columns: [{ column: 'spend' }] } },
      ),
    );
    expect(bad.code).toBe('invalid_value');
    expect(bad.issues[0]).toMatchObject({ function: 'fitParetoNbdWithCovariates', column: 'spend', row: 1 });
    const constant = caught(() =>
      fitParetoNbdWithCovariates(
        rows.map((r) => ({ ...r, spend: 5 })),
        { timeUnit: 'week', covariates: { columns: [{ column: 'spend' }] } },
      ),
    );
    expect(constant.code).toBe('invalid_value');
    expect(constant.issues[0]).toMatchObject({ column: 'spend', received: 'every customer has 5' });
    const reference = caught(() =>
      fitParetoNbdWithCovariates(rows, { timeUnit: 'week', covariates: { columns: [{ column: 'tier', categorical: true, reference: 'bronze' }] } }),
    );
    expect(reference.code).toBe('invalid_spec');
    expect(reference.issues[0]).toMatchObject({ path: 'spec.covariates.columns.0.reference', received: '"bronze"' });
    const noRepeat = caught(() =>
      fitParetoNbdWithCovariates(
        rows.map((r) => ({ ...r, frequency: 0, recency: 0 })),
        { timeUnit: 'week', covariates: { columns: [{ column: 'spend' }] } },
      ),
    );
    expect(noRepeat.code).toBe('too_few_rows');
    expect(noRepeat.issues[0]).toMatchObject({ function: 'fitParetoNbdWithCovariates', column: 'frequency' });
  });

  it('an unknown level at prediction time names the row, the value and the levels; a wrong or tampered model is invalid_model', () => {
    const model = fitParetoNbdWithCovariates(table, { timeUnit: 'week', covariates: { columns: [{ column: 'segment', categorical: true }] } });
    const unknown = caught(() => newCustomerExpectedPurchases(model, { segment: ['a', 'z'] }, { t: 10 }));
    expect(unknown.code).toBe('invalid_value');
    expect(unknown.issues[0]).toMatchObject({ function: 'newCustomerExpectedPurchases', column: 'segment', row: 1, received: '"z"' });
    expect(unknown.issues[0].expected).toContain('"a", "b", "c"');
    const absent = caught(() => paretoNbdCovariatePredictions(model, [{ frequency: 1, recency: 1, T: 2 }], { horizon: 5 }));
    expect(absent.code).toBe('missing_column');
    expect(absent.issues[0]).toMatchObject({ function: 'paretoNbdCovariatePredictions', column: 'segment' });
    const tampered = caught(() => newCustomerExpectedPurchases({ ...model, coefficients: { purchase: [1], dropout: [0, 0] } }, { segment: ['a'] }, { t: 10 }));
    expect(tampered.code).toBe('invalid_model');
    expect(tampered.issues[0].path).toBe('model.coefficients.purchase');
    const wrongKind = caught(() =>
      paretoNbdCovariatePredictions({ ...model, kind: 'betaGeoCovariates' } as never, [{ frequency: 1, recency: 1, T: 2, segment: 'a' }], { horizon: 5 }),
    );
    expect(wrongKind.code).toBe('invalid_model');
    expect(wrongKind.issues[0]).toMatchObject({ path: 'model.kind', received: '"betaGeoCovariates"' });
    const otherKind = caught(() => newCustomerExpectedPurchases({ ...model, kind: 'paretoNbd' } as never, { segment: ['a'] }, { t: 10 }));
    expect(otherKind.issues[0]).toMatchObject({
      path: 'model.kind',
      expected: '"betaGeoCovariates", "paretoNbdCovariates" or "betaGeoBetaBinomialCovariates"',
    });
    const horizon = caught(() => paretoNbdCovariatePredictions(model, [{ frequency: 1, recency: 1, T: 2, segment: 'a' }], { horizon: -1 }));
    expect(horizon.code).toBe('invalid_spec');
    expect(horizon.issues[0].path).toBe('options.horizon');
  });

  it('the model is plain JSON: a round trip predicts the same', () => {
    const model = fitParetoNbdWithCovariates(table, { timeUnit: 'week', covariates: { columns: COVARIATES } });
    const copy = JSON.parse(JSON.stringify(model)) as ParetoNbdCovariatesModel;
    const rows = [{ segment: 'c', score: -0.25, frequency: 3, recency: 20, T: 40 }];
    expect(newCustomerExpectedPurchases(copy, rows, { t: 30 }).values).toEqual(newCustomerExpectedPurchases(model, rows, { t: 30 }).values);
    expect(paretoNbdCovariatePredictions(copy, rows, { horizon: 30 })).toEqual(paretoNbdCovariatePredictions(model, rows, { horizon: 30 }));
  });
});

// Witness: test/fixtures/loyalty/make_pnbd_covariates_boundary_reference.py — the contract test's
// seed-3 customers (test/contracts/fittedOutputs.test.ts, kept in pnbd_covariates_seed3.csv) with an
// uninformative covariate, fitted by scipy on the lifetime integral (no 2F1): ℓ rises with s towards
// the limit of no dropout heterogeneity, so there is no interior maximum (session 33: not_converged
// after 92–150 s).
interface BoundaryReference {
  profile: { s: number | 'limit'; logLikelihood: number }[];
  capped: Fit & { slopeLnS: number };
  limit: { params: { r: number; alpha: number; mu: number }; coefficients: { purchase: number[]; dropout: number[] }; logLikelihood: number };
}

describe('a likelihood without an interior maximum: s, β → ∞ (make_pnbd_covariates_boundary_reference.py)', () => {
  const boundary = readFixtureJson<BoundaryReference>('loyalty/pnbd_covariates_boundary_reference.json');
  const seed3 = readFixtureCsv('loyalty/pnbd_covariates_seed3.csv').columns;

  it('stops s at 1,000, fits the rest there as scipy does (to 1e-7) and states the rise left (scipy: to the limit)', () => {
    const model = fitParetoNbdWithCovariates(seed3, { timeUnit: 'week', covariates: { columns: [{ column: 'score' }] } });
    const { capped, limit, profile } = boundary;
    expect(profile.map((p) => p.logLikelihood)).toEqual([...profile.map((p) => p.logLikelihood)].sort((a, b) => a - b));
    expect(model.params.s).toBeCloseTo(1000, 9);
    for (const p of PARAMS) expect(Math.abs(model.params[p] / capped.params[p] - 1), p).toBeLessThan(1e-7);
    expect(model.coefficients.purchase[0]).toBeCloseTo(capped.coefficients.purchase[0], 7);
    expect(model.coefficients.dropout[0]).toBeCloseTo(capped.coefficients.dropout[0], 7);
    expect(model.fitted.diagnostics.logLikelihood).toBeCloseTo(capped.logLikelihood, 6);
    // the rise left to the limit: scipy's ℓ(∞) − ℓ(1,000) is about ∂ℓ/∂ln s at the cap, as the warning says
    const left = limit.logLikelihood - model.fitted.diagnostics.logLikelihood;
    expect(left).toBeGreaterThan(0);
    expect(left).toBeLessThan(2e-3);
    expect(model.fitted.warnings[0]).toMatch(/^s reached its cap 1000 .*about 0\.0015 more/);
    // on the ridge: s/β_0 is the limit's dropout rate μ_0, and the other parameters are the limit's to 1e-4
    expect(Math.abs(model.params.s / model.params.beta / limit.params.mu - 1)).toBeLessThan(2e-3);
    expect(Math.abs(model.params.r / limit.params.r - 1)).toBeLessThan(1e-4);
    expect(model.coefficients.dropout[0]).toBeCloseTo(limit.coefficients.dropout[0], 4);
    // reported as fitParetoNbd reports a held shape, with the slope the warning states, and kept by parseModel
    // s and β have no standard errors there (as fitParetoNbd's held pair); r, α and the coefficients keep theirs
    expect(model.standardErrors).toMatchObject({ s: null, beta: null });
    for (const se of [
      model.standardErrors!.r,
      model.standardErrors!.alpha,
      ...model.standardErrors!.coefficients.purchase,
      ...model.standardErrors!.coefficients.dropout,
    ])
      expect(se).toBeGreaterThan(0);
    const held = model.fitted.diagnostics.heldAtCap!;
    expect(held.map((h) => h.parameter)).toEqual(['s']);
    expect(held[0].slope.toPrecision(2)).toBe('0.0015');
    expect(parseModel(JSON.parse(JSON.stringify(model)))).toEqual(model);
    // no interior maximum, no parameter uncertainty: clvParameterDraws refuses it, naming s
    const refused = caught(() => clvParameterDraws(model, seed3, { method: 'delta', draws: 10 }));
    expect(refused.code).toBe('invalid_model');
    expect(refused.message.split('\n')[0]).toBe("clvParameterDraws: the model's s is held at its cap of 1,000, so its parameter uncertainty is not available");
    expect(refused.issues[0]).toMatchObject({ path: 'model.fitted.diagnostics.heldAtCap', received: 's held (slope 0.0015)' });
    expect(refused.issues[0].hint).toMatch(/beyond the covariates: s and β are not identified separately.*fitBetaGeoWithCovariates/);
    expect(() => clvParameterDraws(model, seed3, { method: 'bootstrap', draws: 10 })).toThrow(/held at its cap/);
  }, 120_000);
});
