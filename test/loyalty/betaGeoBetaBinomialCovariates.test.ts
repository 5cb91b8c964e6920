import { describe, expect, it } from 'vitest';
import { betaGeoBetaBinomialPredictions, fitBetaGeoBetaBinomial } from '../../src/clv.js';
import {
  betaGeoBetaBinomialCovariateLayout,
  betaGeoBetaBinomialCovariateLogLikelihood,
  prepareBetaGeoBetaBinomialCovariateData,
} from '../../src/loyalty/clv/betaGeoBetaBinomialCovariatesLikelihood.js';
import { betaGeoBetaBinomialCovariatePredictions } from '../../src/loyalty/clv/betaGeoBetaBinomialCovariatePredictions.js';
import { betaGeoBetaBinomialLogLikelihood, groupDiscreteHistories } from '../../src/loyalty/clv/betaGeoBetaBinomialLikelihood.js';
import { fitBetaGeoBetaBinomialWithCovariates, type BetaGeoBetaBinomialCovariatesModel } from '../../src/loyalty/clv/fitBetaGeoBetaBinomialWithCovariates.js';
import { newCustomerExpectedPurchases } from '../../src/loyalty/clv/newCustomerExpectedPurchases.js';
import {
  type CovariateFitReference,
  countHistogram,
  expectAgainstCovariateFree,
  expectCovariateFit,
  expectDerivativesMatch,
  expectRecoversTruth,
  expectSameOptimum,
  rowsOf,
  shuffledTable,
} from '../helpers/covariateFits.js';
import { caught, readFixtureJson } from '../helpers/fixtures.js';

// Witness: test/fixtures/loyalty/make_bgbb_covariates_reference.py — 4,000 customers simulated
// from known coefficients (α_i = α·e^(γ_p·z), γ_i = γ·e^(γ_d·z)), fitted by scipy on the
// paper-form FHS 2010 likelihood written independently; predictions in FHS's closed forms.
type Fit = CovariateFitReference<'alpha' | 'beta' | 'gamma' | 'delta'>;
interface Reference {
  truth: { alpha: number; beta: number; gamma: number; delta: number; purchase: number[]; dropout: number[] };
  data: { frequency: number[]; recency: number[]; periods: number[]; segment: string[]; score: number[] };
  withoutCovariates: Fit;
  separate: Fit;
  shared: Fit;
  regularized: Fit & { lambda: { purchase: number; dropout: number } };
  predictions: { row: number; probabilityAlive: number; expectedTransactions5: number }[];
  newCustomers: { segment: string; score: number; expectedTransactions10: number }[];
}
const ref = readFixtureJson<Reference>('loyalty/bgbb_covariates_reference.json');
const table = ref.data;
const COVARIATES = [{ column: 'segment', categorical: true }, { column: 'score' }];
const PARAMS = ['alpha', 'beta', 'gamma', 'delta'] as const;

const expectFit = (model: BetaGeoBetaBinomialCovariatesModel, expected: Fit, tolerance: number, seTolerance: number) =>
  expectCovariateFit(PARAMS, model, expected, tolerance, seTolerance);

describe('fitBetaGeoBetaBinomialWithCovariates against scipy (make_bgbb_covariates_reference.py)', () => {
  const separate = fitBetaGeoBetaBinomialWithCovariates(table, { periodUnit: 'year', covariates: { columns: COVARIATES } });

  it('separate coefficients: parameters and coefficients to 1e-6, standard errors to 3e-4 (scipy: finite-difference Hessian)', () => {
    expect(separate.kind).toBe('betaGeoBetaBinomialCovariates');
    expect(separate.terms).toEqual(['segment=b', 'segment=c', 'score']);
    expect(separate.covariates[0]).toEqual({ column: 'segment', type: 'categorical', reference: 'a', levels: ['a', 'b', 'c'] });
    expectFit(separate, ref.separate, 1e-6, 3e-4);
    expectAgainstCovariateFree(PARAMS, separate, ref);
    expect(separate.fitted.diagnostics.likelihoodRatio!.pValue).toBeLessThan(1e-60);
  });

  it('shared coefficients and L2 regularization (CLVTools scale) match scipy to 1e-6', () => {
    const shared = fitBetaGeoBetaBinomialWithCovariates(table, { periodUnit: 'year', covariates: { columns: COVARIATES, shared: true } });
    expectFit(shared, ref.shared, 1e-6, 3e-4);
    expect(shared.coefficients.dropout).toEqual(shared.coefficients.purchase);
    expect(shared.fitted.diagnostics.likelihoodRatio!.degreesOfFreedom).toBe(3);
    const regularized = fitBetaGeoBetaBinomialWithCovariates(table, {
      periodUnit: 'year',
      covariates: { columns: COVARIATES, regularization: ref.regularized.lambda },
    });
    expectFit(regularized, ref.regularized, 1e-6, 3e-4);
    expect(regularized.fitted.diagnostics.likelihoodRatio).toBeNull();
    expect(regularized.fitted.diagnostics.penalizedLogLikelihood).toBeLessThan(regularized.fitted.diagnostics.logLikelihood);
  });

  it('recovers the simulated coefficients and parameters within 3 standard errors', () => {
    expectRecoversTruth(PARAMS, separate, ref.truth);
    // the signs read as documented: segment b buys more (γ_p > 0) and drops out less (γ_d < 0)
    expect(separate.coefficients.purchase[0]).toBeGreaterThan(0);
    expect(separate.coefficients.dropout[0]).toBeLessThan(0);
  });

  it('predictions: P(alive), conditional expectation and new customers match FHS closed forms (scipy) to 1e-6', () => {
    const rows = rowsOf(
      table,
      ref.predictions.map((p) => p.row),
      ['frequency', 'recency', 'periods', 'segment', 'score'],
    );
    const scored = betaGeoBetaBinomialCovariatePredictions(separate, rows, { periods: 5 });
    expect(scored.skipped).toBe(0);
    ref.predictions.forEach((p, i) => {
      // the model's parameters differ from scipy's by ~1e-9: the predictions agree to that
      expect(Math.abs(scored.probabilityAlive[i] / p.probabilityAlive - 1)).toBeLessThan(1e-6);
      expect(Math.abs(scored.expectedTransactions[i] / p.expectedTransactions5 - 1)).toBeLessThan(1e-6);
    });
    const fresh = newCustomerExpectedPurchases(
      separate,
      { segment: ref.newCustomers.map((c) => c.segment), score: ref.newCustomers.map((c) => c.score) },
      { t: 10 },
    );
    ref.newCustomers.forEach((c, i) => expect(Math.abs(fresh.values[i] / c.expectedTransactions10 - 1)).toBeLessThan(1e-6));
    expect(newCustomerExpectedPurchases(separate, { segment: ['b'], score: [0] }, { t: 0 }).values[0]).toBe(0);
  });

  it('groups exactly by (covariates, x, t_x, n): the count a Map gives, and the same optimum in any row order', () => {
    const keys = new Set(table.frequency.map((x, i) => [table.segment[i], table.score[i], x, table.recency[i], table.periods[i]].join(' ')));
    expect(separate.fitted.diagnostics.groups).toBe(keys.size);
    expect(separate.fitted.diagnostics.patterns).toBe(new Set(table.segment.map((s, i) => `${s} ${table.score[i]}`)).size);
    const shuffled = shuffledTable(table, table.frequency.length, 33);
    const again = fitBetaGeoBetaBinomialWithCovariates(shuffled, { periodUnit: 'year', covariates: { columns: COVARIATES } });
    expect(again.params).toEqual(separate.params);
    expect(again.coefficients).toEqual(separate.coefficients);
  });

  it('a histogram of (segment, x, t_x, n) with counts gives the fit on one row per customer (to 1e-9)', () => {
    const spec = { periodUnit: 'year' as const, covariates: { columns: [{ column: 'segment', categorical: true }] } };
    const raw = fitBetaGeoBetaBinomialWithCovariates(table, spec);
    // GROUP BY segment, frequency, recency, periods with a plain Map: an independent path from the library's grouping
    const histogram = countHistogram(table, ['segment', 'frequency', 'recency', 'periods']);
    const grouped = fitBetaGeoBetaBinomialWithCovariates(histogram, { ...spec, columns: { count: 'customers' } });
    expect(grouped.fitted.n).toBe(table.frequency.length);
    expect(grouped.fitted.diagnostics.groups).toBe(histogram.length);
    expect(raw.fitted.diagnostics.groups).toBe(histogram.length);
    expectSameOptimum(PARAMS, grouped, raw);
  });
});

describe('the covariate likelihood', () => {
  const design = [Float64Array.from(table.segment, (s) => +(s === 'b')), Float64Array.from(table.segment, (s) => +(s === 'c')), Float64Array.from(table.score)];
  const data = prepareBetaGeoBetaBinomialCovariateData(
    design,
    Float64Array.from(table.frequency),
    Float64Array.from(table.recency),
    Float64Array.from(table.periods),
    null,
    null,
  );

  for (const layout of [betaGeoBetaBinomialCovariateLayout(3, false, 0.02, 0.05), betaGeoBetaBinomialCovariateLayout(3, true, 0.01, 0)]) {
    it(`analytic gradient and Hessian equal central differences (shared: ${layout.shared}, with a penalty)`, () => {
      const m = layout.shared ? 7 : 10;
      expectDerivativesMatch(
        (phi, gradient, hessian) => betaGeoBetaBinomialCovariateLogLikelihood(phi, layout, data, gradient, hessian),
        [Math.log(1.1), Math.log(0.9), Math.log(0.7), Math.log(2.2), 0.3, -0.2, 0.1, -0.4, 0.35, 0.15].slice(0, m),
      );
    });
  }

  it('at γ = 0 it is the covariate-free likelihood; a pattern is the plain BG/BB at its own α_i and γ_i', () => {
    const theta = [1.1, 0.9, 0.7, 2.2];
    const histories = groupDiscreteHistories(table.frequency, table.recency, table.periods, null, null);
    const plain = betaGeoBetaBinomialLogLikelihood(theta, histories, null, null);
    const layout = betaGeoBetaBinomialCovariateLayout(3, false, 0, 0);
    const { value } = betaGeoBetaBinomialCovariateLogLikelihood([...theta.map(Math.log), 0, 0, 0, 0, 0, 0], layout, data, null);
    expect(Math.abs(value / plain - 1)).toBeLessThan(1e-13);
    // segment b only, γ_p(b) = 0.4, γ_d(b) = −0.3: its customers' ℓ is the plain BG/BB at (1.1·e^0.4, 0.9, 0.7·e^−0.3, 2.2)
    const b = table.segment.map((s) => s === 'b');
    const onlyB = prepareBetaGeoBetaBinomialCovariateData(
      [new Float64Array(table.segment.length).fill(1)],
      Float64Array.from(table.frequency),
      Float64Array.from(table.recency),
      Float64Array.from(table.periods),
      Uint8Array.from(b, (keep) => (keep ? 0 : 1)),
      null,
    );
    const moved = betaGeoBetaBinomialCovariateLogLikelihood(
      [...theta.map(Math.log), 0.4, -0.3],
      betaGeoBetaBinomialCovariateLayout(1, false, 0, 0),
      onlyB,
      null,
    );
    const direct = betaGeoBetaBinomialLogLikelihood(
      [1.1 * Math.exp(0.4), 0.9, 0.7 * Math.exp(-0.3), 2.2],
      groupDiscreteHistories(
        table.frequency,
        table.recency,
        table.periods,
        null,
        Uint8Array.from(b, (keep) => (keep ? 0 : 1)),
      ),
      null,
      null,
    );
    expect(Math.abs(moved.value / direct - 1)).toBeLessThan(1e-13);
  });

  it('coefficients held at zero by a huge penalty: the fit is fitBetaGeoBetaBinomial’s to 1e-8, and so are its predictions', () => {
    const plain = fitBetaGeoBetaBinomial(table, { periodUnit: 'year' });
    const held = fitBetaGeoBetaBinomialWithCovariates(table, {
      periodUnit: 'year',
      covariates: { columns: COVARIATES, regularization: { purchase: 1e9, dropout: 1e9 } },
    });
    for (const p of PARAMS) expect(Math.abs(held.params[p] / plain.params[p] - 1)).toBeLessThan(1e-8);
    for (const v of [...held.coefficients.purchase, ...held.coefficients.dropout]) expect(Math.abs(v)).toBeLessThan(1e-8);
    // ℓ to 1e-11: summed per pattern, in another order than the pooled histories
    expect(Math.abs(held.fitted.diagnostics.logLikelihood / plain.fitted.diagnostics.logLikelihood - 1)).toBeLessThan(1e-11);
    // the unpenalized fit starts from fitBetaGeoBetaBinomial's optimum: the same numbers
    expect(held.fitted.diagnostics.withoutCovariates.params).toEqual(plain.params);
    const rows = table.frequency.slice(0, 20).map((_, i) => ({
      frequency: table.frequency[i],
      recency: table.recency[i],
      periods: table.periods[i],
      segment: table.segment[i],
      score: table.score[i],
    }));
    const a = betaGeoBetaBinomialCovariatePredictions(held, rows, { periods: 4 });
    const b = betaGeoBetaBinomialPredictions(plain, rows, { periods: 4 });
    a.probabilityAlive.forEach((v, i) => expect(Math.abs(v / b.probabilityAlive[i] - 1)).toBeLessThan(1e-7));
    a.expectedTransactions.forEach((v, i) => expect(Math.abs(v / b.expectedTransactions[i] - 1)).toBeLessThan(1e-7));
  });
});

describe('errors name the field, the row and the value', () => {
  const model = fitBetaGeoBetaBinomialWithCovariates(table, { periodUnit: 'year', covariates: { columns: [{ column: 'segment', categorical: true }] } });

  it('a bad history names the row; a missing covariate column; a constant covariate', () => {
    const rows = [
      { frequency: 2, recency: 4, periods: 6, tier: 'gold' },
      { frequency: 3, recency: 2, periods: 6, tier: 'silver' },
    ];
    const history = caught(() =>
      fitBetaGeoBetaBinomialWithCovariates(rows, { periodUnit: 'year', covariates: { columns: [{ column: 'tier', categorical: true }] } }),
    );
    expect(history.code).toBe('invalid_value');
    expect(history.issues[0]).toMatchObject({ function: 'fitBetaGeoBetaBinomialWithCovariates', column: 'frequency', row: 1, received: '3' });
    const missing = caught(() => fitBetaGeoBetaBinomialWithCovariates(rows, { periodUnit: 'year', covariates: { columns: [{ column: 'channel' }] } }));
    expect(missing.code).toBe('missing_column');
    expect(missing.issues[0]).toMatchObject({ column: 'channel' });
    const constant = caught(() =>
      fitBetaGeoBetaBinomialWithCovariates(
        rows.map((r) => ({ ...r, frequency: 1, tier: 'gold' })),
        { periodUnit: 'year', covariates: { columns: [{ column: 'tier', categorical: true }] } },
      ),
    );
    expect(constant.code).toBe('invalid_value');
    expect(constant.issues[0]).toMatchObject({ column: 'tier', received: 'the one level "gold"' });
  });

  it('predictions: an unknown level, a fractional t for new customers, a model of another kind, a tampered model', () => {
    const unknown = caught(() => betaGeoBetaBinomialCovariatePredictions(model, [{ frequency: 1, recency: 1, periods: 3, segment: 'z' }], { periods: 2 }));
    expect(unknown.code).toBe('invalid_value');
    expect(unknown.issues[0]).toMatchObject({ function: 'betaGeoBetaBinomialCovariatePredictions', column: 'segment', row: 0, received: '"z"' });
    const fractional = caught(() => newCustomerExpectedPurchases(model, { segment: ['a'] }, { t: 2.5 }));
    expect(fractional.code).toBe('invalid_spec');
    expect(fractional.issues[0]).toMatchObject({ function: 'newCustomerExpectedPurchases', path: 'options.t', received: '2.5' });
    const other = caught(() => newCustomerExpectedPurchases({ kind: 'betaGeo' } as never, { segment: ['a'] }, { t: 2 }));
    expect(other.code).toBe('invalid_model');
    expect(other.issues[0].hint).toContain('fitBetaGeoBetaBinomialWithCovariates');
    const plain = caught(() => betaGeoBetaBinomialCovariatePredictions({ ...model, kind: 'betaGeoBetaBinomial' } as never, [], { periods: 2 }));
    expect(plain.code).toBe('invalid_model');
    const tampered = caught(() => newCustomerExpectedPurchases({ ...model, coefficients: { purchase: [1], dropout: [0, 0] } }, { segment: ['a'] }, { t: 2 }));
    expect(tampered.code).toBe('invalid_model');
    expect(tampered.issues[0].path).toBe('model.coefficients.purchase');
  });

  it('a numeric covariate so extreme that the customer parameters overflow is refused, naming the row', () => {
    const scored = fitBetaGeoBetaBinomialWithCovariates(table, { periodUnit: 'year', covariates: { columns: COVARIATES } });
    const extreme = caught(() => newCustomerExpectedPurchases(scored, { segment: ['a', 'a'], score: [0, 1e300] }, { t: 3 }));
    expect(extreme.code).toBe('invalid_value');
    expect(extreme.issues[0]).toMatchObject({ function: 'newCustomerExpectedPurchases', row: 1 });
  });

  it('the model is plain JSON: a round trip predicts the same', () => {
    const copy = JSON.parse(JSON.stringify(model)) as BetaGeoBetaBinomialCovariatesModel;
    const rows = [{ frequency: 2, recency: 5, periods: 7, segment: 'c' }];
    expect(betaGeoBetaBinomialCovariatePredictions(copy, rows, { periods: 3 })).toEqual(betaGeoBetaBinomialCovariatePredictions(model, rows, { periods: 3 }));
  });
});
