import { describe, expect, it } from 'vitest';
import {
  calibrationHoldout,
  clvRanking,
  compareModels,
  conditionalExpectedPurchases,
  fitBetaGeo,
  fitBetaGeoBetaBinomial,
  fitParetoNbd,
  paretoNbdConditionalExpectedPurchases,
} from '../../src/clv.js';
import type { BetaGeoBetaBinomialModel, BetaGeoModel, ParetoNbdModel } from '../../src/clv.js';
import { caught, readFixtureCsv, readFixtureJson } from '../helpers/fixtures.js';

interface Reference {
  params: Record<string, number>;
  logLikelihood: number;
  mae: number;
  rmse: number;
  expected: number;
  actual: number;
  predicted: number[];
  ranking: { gini: number; giniPredicted: number; giniPerfect: number; customers: number[]; predicted: number[]; actual: number[] };
}
// Source: test/fixtures/loyalty/make_compare_reference.py (numpy/scipy on BTYD's cbs; BG/NBD at R's optim estimate,
// Pareto/NBD at scipy's optimum; 39-week conditional expectations, MAE/RMSE, normalized Gini from average ranks, deciles)
const reference = readFixtureJson<{ models: { betaGeo: Reference; paretoNbd: Reference } }>('loyalty/compare_reference.json').models;
// Source: cran/BTYD data/cdnowSummary.RData $cbs (weeks 1–39; x_star: repeat purchases in weeks 40–78)
const cbs = readFixtureCsv('loyalty/cdnow_btyd_cbs.csv').columns as Record<string, Float64Array>;
const table = { frequency: cbs.x, recency: cbs.t_x, T: cbs.T_cal, frequencyHoldout: cbs.x_star };
const relative = (a: number, b: number) => Math.abs(a / b - 1);
// fitted models with the reference parameters and log-likelihoods put in (so every number is the reference's)
function at<M extends BetaGeoModel | ParetoNbdModel>(model: M, ref: Reference): M {
  return { ...model, params: ref.params, fitted: { ...model.fitted, diagnostics: { ...model.fitted.diagnostics, logLikelihood: ref.logLikelihood } } };
}
const bg = at(fitBetaGeo(table, { timeUnit: 'week' }), reference.betaGeo);
const pnbd = at(fitParetoNbd(table, { timeUnit: 'week' }), reference.paretoNbd);

describe('compareModels(models, calibration, options)', () => {
  const comparison = compareModels({ bg, pnbd }, table, { duration: 39 });

  it('AIC and BIC from the fits’ log-likelihoods, k and n = customers (hand formulas)', () => {
    expect(comparison.name).toEqual(['bg', 'pnbd']);
    expect(comparison.kind).toEqual(['betaGeo', 'paretoNbd']);
    expect(Array.from(comparison.parameters)).toEqual([4, 4]);
    expect(comparison.customers).toBe(2357);
    for (const [i, ref] of [reference.betaGeo, reference.paretoNbd].entries()) {
      expect(comparison.logLikelihood[i]).toBe(ref.logLikelihood);
      expect(comparison.aic[i]).toBeCloseTo(8 - 2 * ref.logLikelihood, 10);
      expect(comparison.bic[i]).toBeCloseTo(4 * Math.log(2357) - 2 * ref.logLikelihood, 10);
    }
    // CDNOW: BG/NBD's LL −9582.4 beats Pareto/NBD's −9595.0 with as many parameters
    expect(comparison.bic[0]).toBeLessThan(comparison.bic[1]);
    expect(comparison.likelihoodRatio.tests).toEqual([]);
    expect(comparison.likelihoodRatio.note).toMatch(/^none: no repeat-buying kind is nested/);
    // a table for toArrowTable / CSV: one entry per model in every per-model column
    for (const column of [comparison.name, comparison.kind, comparison.aic, comparison.mae]) expect(column).toHaveLength(2);
  });

  it('holdout MAE, RMSE and totals equal numpy on CDNOW weeks 40–78 (1e-10)', () => {
    for (const [i, ref] of [reference.betaGeo, reference.paretoNbd].entries()) {
      expect(relative(comparison.mae[i]!, ref.mae)).toBeLessThan(1e-10);
      expect(relative(comparison.rmse[i]!, ref.rmse)).toBeLessThan(1e-10);
      expect(relative(comparison.expected[i]!, ref.expected)).toBeLessThan(1e-10);
      expect(relative(comparison.aggregateError[i]!, (ref.expected - ref.actual) / ref.actual)).toBeLessThan(1e-9);
    }
    expect([comparison.actual, comparison.duration, comparison.timeUnit]).toEqual([1882, 39, 'week']);
    // each expectation evaluated once per distinct history
    expect(comparison.histories).toBeLessThan(2357);
    expect(comparison.histories).toBe(new Set(Array.from(cbs.x, (x, i) => `${x} ${cbs.t_x[i]} ${cbs.T_cal[i]}`)).size);
  });

  it('the same from a histogram of histories with a count, and from a calibrationHoldout table as it is', () => {
    // the CDNOW customers as distinct (x, t_x, T, x_star) rows with a count
    const counts = new Map<string, number>();
    cbs.x.forEach((x, i) => {
      const key = [x, cbs.t_x[i], cbs.T_cal[i], cbs.x_star[i]].join(' ');
      counts.set(key, (counts.get(key) ?? 0) + 1);
    });
    const rows = [...counts].map(([key, n]) => [...key.split(' ').map(Number), n]);
    const grouped = Object.fromEntries(['frequency', 'recency', 'T', 'frequencyHoldout', 'n'].map((name, j) => [name, rows.map((r) => r[j])]));
    expect(rows.length).toBeLessThan(2357);
    const a = compareModels([bg, pnbd], grouped, { duration: 39, columns: { count: 'n' } });
    expect(a.customers).toBe(2357);
    a.mae.forEach((v, i) => expect(relative(v!, comparison.mae[i]!)).toBeLessThan(1e-12));
    a.rmse.forEach((v, i) => expect(relative(v!, comparison.rmse[i]!)).toBeLessThan(1e-12));
    expect(a.actual).toBe(1882);
    expect(a.name).toEqual(['1', '2']);
    const log = readFixtureCsv('value/cdnow_sample.csv').columns;
    const split = calibrationHoldout(log, {
      customer: 'sample_id',
      date: 'date',
      calibrationEnd: '1997-09-30',
      observationEnd: '1998-06-30',
      timeUnit: 'week',
    });
    const models = { bg: fitBetaGeo(split, { timeUnit: 'week' }), pnbd: fitParetoNbd(split, { timeUnit: 'week' }) };
    const fromSplit = compareModels(models, split);
    expect([fromSplit.duration, fromSplit.actual, fromSplit.customers]).toEqual([39, 1882, 2357]);
    // fitted here vs the reference optimum: the same errors to the optimizers' agreement
    expect(relative(fromSplit.mae[0]!, reference.betaGeo.mae)).toBeLessThan(1e-5);
    expect(relative(fromSplit.mae[1]!, reference.paretoNbd.mae)).toBeLessThan(1e-4);
    // without a holdout: the likelihood columns only
    const { frequencyHoldout: _, ...calibrationOnly } = table;
    const bare = compareModels([bg], calibrationOnly);
    expect([bare.mae, bare.actual, bare.duration]).toEqual([[null], null, null]);
  });

  it('refuses a comparison that would mislead, naming the problem, and warns of one fitted on other customers', () => {
    expect(caught(() => compareModels([bg], table))).toMatchObject({ code: 'invalid_spec', issues: [{ path: 'options.duration' }] });
    // a model fitted on other customers: said, and its BIC uses its own n
    const other = { ...bg, fitted: { ...bg.fitted, n: 2000 } };
    const mixed = compareModels({ bg, other }, table, { duration: 39 });
    expect(mixed.warnings).toHaveLength(1);
    expect(mixed.warnings[0]).toMatch(/^model other was fitted on 2000 customers, the table holds 2357/);
    expect(mixed.bic[1]).toBeCloseTo(4 * Math.log(2000) - 2 * reference.betaGeo.logLikelihood, 10);
    expect(comparison.warnings).toEqual([]);
    const days = { ...pnbd, spec: { ...pnbd.spec, timeUnit: 'day' } };
    expect(caught(() => compareModels([bg, days], table, { duration: 39 }))).toMatchObject({
      code: 'invalid_model',
      issues: [{ path: 'models.1.spec.timeUnit' }],
    });
    expect(caught(() => compareModels([{ kind: 'gammaGamma' }], table, { duration: 39 }))).toMatchObject({ code: 'invalid_model' });
    expect(caught(() => compareModels([], table))).toMatchObject({ code: 'invalid_model', issues: [{ path: 'models' }] });
    const bad = { ...table, frequencyHoldout: Float64Array.from(cbs.x_star, (v, i) => (i === 7 ? -1 : v)) };
    expect(caught(() => compareModels([bg], bad, { duration: 39 }))).toMatchObject({ code: 'invalid_value', issues: [{ column: 'frequencyHoldout', row: 7 }] });
  });
});

interface BgbbReference {
  params: { alpha: number; beta: number; gamma: number; delta: number };
  logLikelihood: number;
  mae: number;
  rmse: number;
  expected: number;
}
// Source: test/fixtures/loyalty/make_bgbb_compare_reference.py (9,000 donors simulated from the BG/BB at FHS 2010's
// estimates, cohorts with 6, 5 and 4 calibration opportunities, a holdout of the next 5; numpy/scipy from the paper's
// formulas: the log-likelihood of the histories, eq. 13's conditional expectations, per-donor MAE/RMSE)
const bgbbReference = readFixtureJson<{
  duration: number;
  donors: number;
  actual: number;
  calibration: { columns: string[]; rows: number[][] };
  shortSpan: { columns: string[]; rows: number[][] };
  models: { published: BgbbReference; other: BgbbReference };
}>('loyalty/bgbb_compare_reference.json');
const columnsOf = (t: { columns: string[]; rows: number[][] }) => Object.fromEntries(t.columns.map((name, j) => [name, t.rows.map((r) => r[j])]));

describe('compareModels with BG/BB models (discrete histories, a holdout of whole opportunities)', () => {
  const donors = columnsOf(bgbbReference.calibration);
  const grouped = { columns: { count: 'count' } };
  const fitted = fitBetaGeoBetaBinomial(donors, { periodUnit: 'year', ...grouped });
  const atBgbb = (ref: BgbbReference): BetaGeoBetaBinomialModel => ({
    ...fitted,
    params: ref.params,
    fitted: { ...fitted.fitted, diagnostics: { ...fitted.fitted.diagnostics, logLikelihood: ref.logLikelihood } },
  });
  const { published, other } = bgbbReference.models;
  const comparison = compareModels({ published: atBgbb(published), other: atBgbb(other) }, donors, { duration: 5, ...grouped });

  it('LL, AIC, BIC and the holdout MAE, RMSE and totals equal numpy/scipy on a simulated split (1e-10)', () => {
    expect([comparison.customers, comparison.actual, comparison.duration, comparison.timeUnit, comparison.opportunities]).toEqual([
      9000,
      11120,
      5,
      'year',
      true,
    ]);
    expect(comparison.histories).toBe(new Set(bgbbReference.calibration.rows.map((r) => r.slice(0, 3).join(' '))).size);
    expect(comparison.kind).toEqual(['betaGeoBetaBinomial', 'betaGeoBetaBinomial']);
    for (const [i, ref] of [published, other].entries()) {
      expect(comparison.logLikelihood[i]).toBe(ref.logLikelihood);
      expect(comparison.aic[i]).toBeCloseTo(8 - 2 * ref.logLikelihood, 8);
      expect(comparison.bic[i]).toBeCloseTo(4 * Math.log(9000) - 2 * ref.logLikelihood, 8);
      expect(relative(comparison.mae[i]!, ref.mae)).toBeLessThan(1e-10);
      expect(relative(comparison.rmse[i]!, ref.rmse)).toBeLessThan(1e-10);
      expect(relative(comparison.expected[i]!, ref.expected)).toBeLessThan(1e-10);
      expect(relative(comparison.aggregateError[i]!, (ref.expected - 11120) / 11120)).toBeLessThan(1e-9);
    }
    // the published estimates generated the data: the better likelihood and the smaller holdout errors
    expect(comparison.bic[0]).toBeLessThan(comparison.bic[1]);
    expect(comparison.mae[0]!).toBeLessThan(comparison.mae[1]!);
    // the table's likelihood under each model is the one put in: no warning; no nested pair
    expect(comparison.warnings).toEqual([]);
    expect(comparison.likelihoodRatio.tests).toEqual([]);
    expect(comparison.likelihoodRatio.note).toMatch(/^none: every BG\/BB model has the same four free parameters/);
  });

  it('the same from one row per donor; models fitted on another calibration span are compared and named in warnings', () => {
    const expand = (name: string) =>
      bgbbReference.calibration.rows.flatMap((r) => Array.from({ length: r[4] }, () => r[bgbbReference.calibration.columns.indexOf(name)]));
    const perDonor = Object.fromEntries(['frequency', 'recency', 'periods', 'frequencyHoldout'].map((name) => [name, expand(name)]));
    const again = compareModels([atBgbb(published)], perDonor, { duration: 5 });
    expect(relative(again.mae[0]!, published.mae)).toBeLessThan(1e-12);
    expect(relative(again.rmse[0]!, published.rmse)).toBeLessThan(1e-12);
    expect(again.customers).toBe(9000);
    // fitted on this table, and on the same donors' first four opportunities only
    const shortSpan = fitBetaGeoBetaBinomial(columnsOf(bgbbReference.shortSpan), { periodUnit: 'year', ...grouped });
    const spans = compareModels({ fitted, shortSpan }, donors, { duration: 5, ...grouped });
    expect(spans.warnings).toHaveLength(1);
    expect(spans.warnings[0]).toMatch(/^model shortSpan reports a log-likelihood of -\d+\.\d+, the table's histories give -\d+/);
    expect(spans.logLikelihood[0]).toBe(fitted.fitted.diagnostics.logLikelihood);
    for (const v of [...spans.mae, ...spans.rmse, ...spans.aggregateError]) expect(Number.isFinite(v)).toBe(true);
    // the model fitted on the calibration data forecasts its holdout within 2% in total
    expect(Math.abs(spans.aggregateError[0]!)).toBeLessThan(0.02);
    // without a holdout: the likelihood columns only
    const { frequencyHoldout: _, ...calibrationOnly } = donors;
    expect(compareModels([fitted], calibrationOnly, grouped).mae).toEqual([null]);
  });

  it('refuses BG/BB beside a continuous-time model, and a holdout not in whole opportunities, naming the field and value', () => {
    const bgbb = atBgbb(published);
    for (const [models, path, expected] of [
      [{ bgbb, bg }, 'models.bg.kind', /"betaGeoBetaBinomial", as model bgbb/],
      [[pnbd, bgbb], 'models.1.kind', /"paretoNbd" or "modifiedBetaGeo" \(continuous time\), as model 1/],
    ] as const) {
      const error = caught(() => compareModels(models, donors, { duration: 5, ...grouped }));
      expect(error).toMatchObject({ code: 'invalid_model', issues: [{ path }] });
      expect(error.message).toContain('cannot be compared in one table');
      expect(error.issues[0].expected).toMatch(expected);
      expect(error.issues[0].hint).toMatch(/likelihoods/);
    }
    expect(caught(() => compareModels([bgbb], donors, { duration: 2.5, ...grouped }))).toMatchObject({
      code: 'invalid_spec',
      issues: [{ path: 'options.duration', received: '2.5' }],
    });
    expect(caught(() => compareModels([bgbb], donors, grouped))).toMatchObject({ code: 'invalid_spec', issues: [{ path: 'options.duration' }] });
    // at most one transaction per opportunity in the holdout
    const tooMany = { ...donors, frequencyHoldout: donors.frequencyHoldout.map((v, i) => (i === 3 ? 6 : v)) };
    expect(caught(() => compareModels([bgbb], tooMany, { duration: 5, ...grouped }))).toMatchObject({
      code: 'invalid_value',
      issues: [{ column: 'frequencyHoldout', row: 3 }],
    });
    const fractional = { ...donors, recency: donors.recency.map((v, i) => (i === 4 ? v + 0.5 : v)) };
    expect(caught(() => compareModels([bgbb], fractional, { duration: 5, ...grouped }))).toMatchObject({
      code: 'invalid_value',
      issues: [{ column: 'recency', row: 4 }],
    });
    expect(caught(() => compareModels([bgbb], donors, { duration: 5, columns: { T: 'periods' } }))).toMatchObject({ code: 'invalid_spec' });
  });
});

describe('clvRanking(predicted, actual, options)', () => {
  it('normalized Gini and decile calibration equal numpy/scipy on CDNOW (BG/NBD and Pareto/NBD, 39-week holdout)', () => {
    for (const ref of [reference.betaGeo, reference.paretoNbd]) {
      const ranking = clvRanking(ref.predicted, cbs.x_star);
      expect(relative(ranking.gini, ref.ranking.gini)).toBeLessThan(1e-12);
      expect(relative(ranking.giniPredicted, ref.ranking.giniPredicted)).toBeLessThan(1e-12);
      expect(relative(ranking.giniPerfect, ref.ranking.giniPerfect)).toBeLessThan(1e-12);
      expect(Array.from(ranking.deciles.customers)).toEqual(ref.ranking.customers);
      ranking.deciles.predicted.forEach((v, d) => expect(relative(v!, ref.ranking.predicted[d])).toBeLessThan(1e-12));
      ranking.deciles.actual.forEach((v, d) => expect(relative(v!, ref.ranking.actual[d])).toBeLessThan(1e-12));
      expect(ranking.deciles.decile).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    }
  });

  it("the library's own predictions agree with numpy's (so the ranking above is the library's)", () => {
    const customers = { frequency: cbs.x, recency: cbs.t_x, T: cbs.T_cal };
    const ours = [conditionalExpectedPurchases(bg, customers, 39).values, paretoNbdConditionalExpectedPurchases(pnbd, customers, 39).values];
    [reference.betaGeo, reference.paretoNbd].forEach((ref, m) => ref.predicted.forEach((v, i) => expect(relative(ours[m][i], v)).toBeLessThan(1e-8)));
  });

  it('perfect order → 1, reversed → −1, constant → 0, whatever the row order; ties share a decile', () => {
    const actual = Array.from(cbs.x_star);
    expect(clvRanking(actual, actual).gini).toBe(1);
    expect(
      clvRanking(
        actual.map((v) => -v),
        actual,
      ).gini,
    ).toBeCloseTo(-1, 14);
    expect(
      clvRanking(
        actual.map(() => 3),
        actual,
      ).gini,
    ).toBe(0);
    const constant = clvRanking(
      actual.map(() => 3),
      actual,
    );
    // one tie group of everyone: its average rank (n + 1) / 2 puts all in the middle group
    expect(Array.from(constant.deciles.customers).filter((c) => c > 0)).toEqual([2357]);
    const shuffled = actual.map((_, i) => (i * 7919) % 2357);
    const p = reference.betaGeo.predicted;
    const a = clvRanking(p, actual);
    const b = clvRanking(
      shuffled.map((i) => p[i]),
      shuffled.map((i) => actual[i]),
    );
    expect(b.gini).toBeCloseTo(a.gini, 13);
    expect(b.deciles.customers).toEqual(a.deciles.customers);
  });

  it('refuses what it cannot rank', () => {
    expect(caught(() => clvRanking([1, 2], [1]))).toMatchObject({ code: 'invalid_value', issues: [{ path: 'actual' }] });
    expect(caught(() => clvRanking([1, NaN, 3], [1, 2, 3]))).toMatchObject({ code: 'invalid_value', issues: [{ path: 'predicted', row: 1 }] });
    expect(caught(() => clvRanking([1, 2, 3], [1, -2, 3]))).toMatchObject({ code: 'invalid_value', issues: [{ path: 'actual', row: 1 }] });
    expect(caught(() => clvRanking([1, 2, 3], [2, 2, 2]))).toMatchObject({ code: 'invalid_value', issues: [{ path: 'actual' }] });
    expect(caught(() => clvRanking([1], [1]))).toMatchObject({ code: 'too_few_rows' });
    expect(caught(() => clvRanking([1, 2], [1, 2], { groups: 1 }))).toMatchObject({ code: 'invalid_spec', issues: [{ path: 'options.groups' }] });
  });
});
