// The doors of the Gamma-Gamma, MBG/NBD and Pareto/NBD fits and predictions, recorded (issue 21):
// their specs, the predictions' options and their model schemas move from zod's classic API to
// `zod/mini`, and every refusal (code, message, issues with their hints, in order) must read as
// before. test/fixtures/loyalty/clvDoorIssues.json was written by this file
// (`RECORD_DOOR_ISSUES=1 npx vitest run test/loyalty/clvDoorIssues.test.ts`) on the classic-API
// code at commit 47d2858, before the move; each valid fit records its model's spec, so a default
// that changed would show too. The models come from fits (no kind named here as a literal).
import { join } from 'node:path';
import * as lib from '../helpers/library.js';
import { describeRecordedDoors } from '../helpers/doorOutcome.js';
import { readFixtureCsv } from '../helpers/fixtures.js';

const FIXTURE = join(__dirname, '../fixtures/loyalty/clvDoorIssues.json');

const cbs = readFixtureCsv('loyalty/cdnow_btyd_cbs.csv').columns as Record<string, Float64Array>;
const summary = { frequency: cbs.x, recency: cbs.t_x, T: cbs.T_cal, monetary: cbs.m_x };
const customers = { frequency: [0, 2, 5], recency: [0, 30.4, 35], T: [38.9, 38.9, 38], monetary: [0, 22.3, 40] };

const ggModel = lib.fitGammaGamma(summary);
const mbgModel = lib.fitModifiedBetaGeo(summary, { timeUnit: 'week' });
const pnbdModel = lib.fitParetoNbd(summary, { timeUnit: 'week' });
const bgModel = lib.fitBetaGeo(summary, { timeUnit: 'week' });

/** A fitted model as JSON with one change, for the model schemas' refusals. */
const broken = (model: unknown, change: (m: any) => void) => {
  const m = JSON.parse(JSON.stringify(model));
  change(m);
  return m;
};

/** The broken models every kind is checked with (parseModel and the predictions). */
const brokenModels = (model: unknown): Record<string, unknown> => ({
  'not an object': 'model',
  'version 1': broken(model, (m) => (m.version = 1)),
  'extra key': broken(model, (m) => (m.extra = 1)),
  'params wrong types': broken(model, (m) => {
    for (const k of Object.keys(m.params)) m.params[k] = 'x';
  }),
  'params negative, zero, NaN': broken(model, (m) => {
    const keys = Object.keys(m.params);
    m.params[keys[0]] = -1;
    m.params[keys[1]] = 0;
    m.params[keys[2]] = null;
  }),
  'params missing and extra': broken(model, (m) => {
    delete m.params[Object.keys(m.params)[0]];
    m.params.zeta = 1;
  }),
  'standard errors bad': broken(model, (m) => {
    m.standardErrors = Object.fromEntries(Object.keys(m.params).map((k) => [k, -1]));
  }),
  'spec bad': broken(model, (m) => {
    m.spec.timeUnit = 'year';
    m.spec.maxIterations = 1;
    m.spec.columns = { frequency: '' };
    m.spec.missing = 'drop';
  }),
  'no spec': broken(model, (m) => delete m.spec),
  'fitted bad': broken(model, (m) => {
    m.fitted.n = -1;
    m.fitted.skipped = 0.5;
    m.fitted.warnings = [1];
    for (const k of Object.keys(m.fitted.diagnostics)) m.fitted.diagnostics[k] = 'x';
    m.fitted.diagnostics.extra = 1;
  }),
  'no fitted': broken(model, (m) => delete m.fitted),
  'no diagnostics': broken(model, (m) => delete m.fitted.diagnostics),
});

/** Bad specs of the three summary fitters that take a time unit (and gammaGamma's, without it). */
const badSpecs = (withTimeUnit: boolean, starts: Record<string, number>): Record<string, unknown> => {
  const t = withTimeUnit ? { timeUnit: 'week' } : {};
  return {
    'no spec': undefined,
    'spec null': null,
    'spec a string': 'week',
    'spec an array': [],
    'empty spec': {},
    'wrong timeUnit': { timeUnit: 'year' },
    'timeUnit a number': { timeUnit: 7 },
    'empty column name': { ...t, columns: { frequency: '' } },
    'columns a string': { ...t, columns: 'frequency' },
    'unknown column key and a number': { ...t, columns: { monetary: 1, extra: 'x' } },
    'unknown key': { ...t, horizon: 3 },
    'unknown keys': { ...t, horizon: 3, colums: {} },
    'wrong missing': { ...t, missing: 'listwise' },
    'wrong nonPositiveSpend': { ...t, nonPositiveSpend: 'drop' },
    'maxIterations too small': { ...t, maxIterations: 5 },
    'maxIterations fractional': { ...t, maxIterations: 10.5 },
    'maxIterations too big': { ...t, maxIterations: 1e6 },
    'maxIterations a string': { ...t, maxIterations: '100' },
    'maxIterations NaN': { ...t, maxIterations: Number.NaN },
    'starts empty': { ...t, starts: [] },
    'starts too many': { ...t, starts: Array.from({ length: 21 }, () => starts) },
    'starts not an array': { ...t, starts },
    'bad starts': { ...t, starts: [Object.fromEntries(Object.keys(starts).map((k, i) => [k, [-1, 0, Number.NaN, Number.POSITIVE_INFINITY][i]]))] },
    'start missing one and extra': {
      ...t,
      starts: [
        Object.fromEntries(
          Object.keys(starts)
            .slice(1)
            .map((k) => [k, 1]),
        ),
        { ...starts, c: 1 },
      ],
    },
    'everything wrong': { timeUnit: 'years', columns: { T: null }, missing: 1, maxIterations: -1, starts: [null], nonPositiveSpend: 0, extra: true },
  };
};

const small = { frequency: cbs.x.slice(0, 300), recency: cbs.t_x.slice(0, 300), T: cbs.T_cal.slice(0, 300), monetary: cbs.m_x.slice(0, 300) };
const cases: Record<string, () => unknown> = {};
const add = (prefix: string, entries: Record<string, () => unknown>) => {
  for (const [name, call] of Object.entries(entries)) cases[`${prefix}: ${name}`] = call;
};

// Gamma-Gamma
add('gg fit', {
  valid: () => lib.fitGammaGamma(small).spec,
  'valid with options': () =>
    lib.fitGammaGamma(small, { missing: 'skip', nonPositiveSpend: 'exclude', maxIterations: 50, columns: { monetary: 'monetary' } }).spec,
  ...Object.fromEntries(Object.entries(badSpecs(false, { p: 1, q: 2, gamma: 3 })).map(([k, spec]) => [k, () => lib.fitGammaGamma(small, spec as never)])),
});
add('gg covariates fit', {
  ...Object.fromEntries(
    Object.entries(badSpecs(false, { p: 1, q: 2, gamma: 3 })).map(([k, spec]) => [
      k,
      () =>
        lib.fitGammaGammaWithCovariates(
          { ...small, x: small.frequency },
          (spec === null || typeof spec !== 'object' || Array.isArray(spec) ? spec : { ...spec, covariates: { columns: [{ column: 'x' }] } }) as never,
        ),
    ]),
  ),
});
add('gg spend', {
  valid: () => lib.conditionalExpectedSpend(ggModel, customers),
  'options null': () => lib.conditionalExpectedSpend(ggModel, customers, null as never),
  'options wrong missing': () => lib.conditionalExpectedSpend(ggModel, customers, { missing: 'drop' } as never),
  'options unknown key': () => lib.conditionalExpectedSpend(ggModel, customers, { missing: 'skip', horizon: 2 } as never),
  'another kind': () => lib.conditionalExpectedSpend(bgModel as never, customers),
  ...Object.fromEntries(Object.entries(brokenModels(ggModel)).map(([k, m]) => [k, () => lib.conditionalExpectedSpend(m as never, customers)])),
});
add('gg parseModel', Object.fromEntries(Object.entries(brokenModels(ggModel)).map(([k, m]) => [k, () => lib.parseModel(JSON.stringify(m))])));

// MBG/NBD and Pareto/NBD: the fits and every prediction
const mbgStarts = { r: 1, alpha: 1, a: 1, b: 1 };
const pnbdStarts = { r: 1, alpha: 1, s: 1, beta: 1 };
type Predictions = Record<string, (model: never, options?: never) => unknown>;
const mbgPredictions: Predictions = {
  alive: (m, o) => lib.modifiedBetaGeoProbabilityAlive(m, customers, o),
  conditional: (m, o) => lib.modifiedBetaGeoConditionalExpectedPurchases(m, customers, 10, o),
  expected: (m) => lib.modifiedBetaGeoExpectedPurchases(m, 10),
  probability: (m) => lib.modifiedBetaGeoPurchaseProbability(m, 2, 10),
};
const pnbdPredictions: Predictions = {
  alive: (m, o) => lib.paretoNbdProbabilityAlive(m, customers, o),
  conditional: (m, o) => lib.paretoNbdConditionalExpectedPurchases(m, customers, 10, o),
  expected: (m) => lib.paretoNbdExpectedPurchases(m, 10),
  probability: (m) => lib.paretoNbdPurchaseProbability(m, 2, 10),
  dert: (m, o) => lib.paretoNbdDiscountedResidualTransactions(m, customers, o ?? { annualDiscountRate: 0.1 }),
};
const kindCases = (
  prefix: string,
  fit: (summary: unknown, spec: unknown) => { spec: unknown },
  starts: Record<string, number>,
  model: unknown,
  predictions: Predictions,
) => {
  add(`${prefix} fit`, {
    valid: () => fit(small, { timeUnit: 'week' }).spec,
    'valid with options': () => fit(small, { timeUnit: 'day', missing: 'skip', maxIterations: 50, starts: [starts], columns: { frequency: 'frequency' } }).spec,
    ...Object.fromEntries(Object.entries(badSpecs(true, starts)).map(([k, spec]) => [k, () => fit(small, spec)])),
  });
  for (const [name, predict] of Object.entries(predictions)) {
    add(`${prefix} ${name}`, {
      valid: () => predict(model as never),
      'another kind': () => predict(bgModel as never),
      ...Object.fromEntries(Object.entries(brokenModels(model)).map(([k, m]) => [k, () => predict(m as never)])),
    });
  }
  add(`${prefix} options`, {
    ...Object.fromEntries(
      Object.entries(predictions)
        .filter(([name]) => name !== 'expected' && name !== 'probability')
        .flatMap(([name, predict]) => [
          [`${name} null`, () => predict(model as never, null as never)],
          [`${name} wrong missing`, () => predict(model as never, { missing: 'drop' } as never)],
          [`${name} unknown key`, () => predict(model as never, { missing: 'skip', horizon: 2 } as never)],
        ]),
    ),
  });
  add(`${prefix} parseModel`, Object.fromEntries(Object.entries(brokenModels(model)).map(([k, m]) => [k, () => lib.parseModel(JSON.stringify(m))])));
};
kindCases('mbg', (s, spec) => lib.fitModifiedBetaGeo(s as never, spec as never), mbgStarts, mbgModel, mbgPredictions);
kindCases('pnbd', (s, spec) => lib.fitParetoNbd(s as never, spec as never), pnbdStarts, pnbdModel, pnbdPredictions);
add('pnbd dert options', {
  'no rate': () => lib.paretoNbdDiscountedResidualTransactions(pnbdModel, customers, {}),
  'two rates': () => lib.paretoNbdDiscountedResidualTransactions(pnbdModel, customers, { annualDiscountRate: 0.1, continuousRatePerTimeUnit: 0.01 }),
  'rates out of range': () =>
    lib.paretoNbdDiscountedResidualTransactions(pnbdModel, customers, { annualDiscountRate: 100, continuousRatePerTimeUnit: Number.POSITIVE_INFINITY }),
  'rate zero': () => lib.paretoNbdDiscountedResidualTransactions(pnbdModel, customers, { annualDiscountRate: 0 }),
  'rate a string and missing wrong': () =>
    lib.paretoNbdDiscountedResidualTransactions(pnbdModel, customers, { continuousRatePerTimeUnit: '0.1', missing: 'drop' } as never),
  'continuous valid': () => lib.paretoNbdDiscountedResidualTransactions(pnbdModel, customers, { continuousRatePerTimeUnit: 0.003, missing: 'skip' }),
});

describeRecordedDoors('the Gamma-Gamma, MBG/NBD and Pareto/NBD doors keep their refusals (issue 21: zod/mini)', FIXTURE, cases);
