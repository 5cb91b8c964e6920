// The doors of the four covariate kinds (BG/NBD, Pareto/NBD, Gamma-Gamma and BG/BB with static
// covariates), recorded (issue 21): their fitters' specs, their predictions' options and model
// checks move from zod's classic API to `zod/mini`, and every refusal (code, message, issues with
// their hints, in order) must read as before. test/fixtures/loyalty/covariateDoorIssues.json was
// written by this file (`RECORD_DOOR_ISSUES=1 npx vitest run test/loyalty/covariateDoorIssues.test.ts`)
// on the classic-API code at commit 44b1bc9, before the move. Each valid fit records its model's
// spec and terms, so a default that changed would show too; the prediction doors accept a model
// without standard errors or fit record (one written from published parameters), parseModel not.
// Re-recorded once on purpose (58 cases, stop 45): the prediction doors now check a model as
// assertModelOf checks every other kind's: a wrong kind's hint adds "or load one with parseModel",
// a version-1 model gets the upgrade hint, any version but this release's is refused ("expected 2"
// instead of "int" / ">=2"), and a key the door does not know ("extra", a two-process model's
// "populationMeanSpend") is refused, as parseModel refuses it, instead of passing unread.
// And (110 cases): a categorical reference or level of neither form says "a level: a string or a
// finite number", and a model's covariate is checked by its type, so a bad level or a missing
// reference is named by its path (model.covariates.0.levels.1), an unknown type names the forms,
// instead of zod's "invalid input" for the whole covariate.
import { join } from 'node:path';
import * as lib from '../helpers/library.js';
import { describeRecordedDoors } from '../helpers/doorOutcome.js';
import { readFixtureJson } from '../helpers/fixtures.js';

const FIXTURE = join(__dirname, '../fixtures/loyalty/covariateDoorIssues.json');
const ROWS = 400;

type Table = Record<string, unknown[]>;
const head = (table: Table): Table => Object.fromEntries(Object.entries(table).map(([k, v]) => [k, v.slice(0, ROWS)]));
const bgData = head(readFixtureJson<{ data: Table }>('loyalty/bgnbd_covariates_reference.json').data);
const ggData = head(readFixtureJson<{ data: Table }>('loyalty/gamma_gamma_covariates_reference.json').data);
const bgbbData = head(readFixtureJson<{ data: Table }>('loyalty/bgbb_covariates_reference.json').data);

const COVARIATES = [{ column: 'segment', categorical: true }, { column: 'score' }];
const covariates = { columns: COVARIATES };

const bgModel = lib.fitBetaGeoWithCovariates(bgData, { timeUnit: 'week', covariates });
const pnbdModel = lib.fitParetoNbdWithCovariates(bgData, { timeUnit: 'week', covariates });
const ggModel = lib.fitGammaGammaWithCovariates(ggData, { covariates });
const bgbbModel = lib.fitBetaGeoBetaBinomialWithCovariates(bgbbData, { periodUnit: 'year', covariates });

/** A fitted model as JSON with one change. */
const broken = (model: unknown, change: (m: any) => void) => {
  const m = JSON.parse(JSON.stringify(model));
  change(m);
  return m;
};
const without = (model: unknown, ...keys: string[]) =>
  broken(model, (m) => {
    for (const k of keys) delete m[k];
  });

/** The broken models every kind is checked with, at its predictions' doors and parseModel. */
const brokenModels = (model: unknown, twoProcess: boolean): Record<string, unknown> => ({
  'not an object': 'model',
  null: null,
  'no kind': without(model, 'kind'),
  'wrong kind': broken(model, (m) => (m.kind = 'betaGeo')),
  'version 1': broken(model, (m) => (m.version = 1)),
  'version 1.5': broken(model, (m) => (m.version = 1.5)),
  'version a string': broken(model, (m) => (m.version = '2')),
  'extra key': broken(model, (m) => (m.extra = 1)),
  'no standard errors and no fit record': without(model, 'standardErrors', 'fitted', 'populationMeanSpend'),
  'no standard errors': without(model, 'standardErrors'),
  'standard errors null': broken(model, (m) => (m.standardErrors = null)),
  'standard errors bad': broken(model, (m) => {
    for (const k of Object.keys(m.params)) m.standardErrors[k] = -1;
    m.standardErrors.coefficients = twoProcess ? { purchase: ['x'], dropout: [] } : [0];
  }),
  'no fitted': without(model, 'fitted'),
  'fitted bad': broken(model, (m) => {
    m.fitted.n = -1;
    m.fitted.skipped = 0.5;
    m.fitted.warnings = [1];
    for (const k of Object.keys(m.fitted.diagnostics)) m.fitted.diagnostics[k] = 'x';
    m.fitted.diagnostics.extra = 1;
  }),
  'fitted without covariates bad': broken(model, (m) => {
    m.fitted.diagnostics.withoutCovariates.params = {};
    m.fitted.diagnostics.likelihoodRatio = { statistic: -1, degreesOfFreedom: 0.5 };
  }),
  'params wrong types': broken(model, (m) => {
    for (const k of Object.keys(m.params)) m.params[k] = 'x';
  }),
  'params negative, zero, null': broken(model, (m) => {
    const keys = Object.keys(m.params);
    m.params[keys[0]] = -1;
    m.params[keys[1]] = 0;
    m.params[keys[2]] = null;
  }),
  'params missing and extra': broken(model, (m) => {
    delete m.params[Object.keys(m.params)[0]];
    m.params.zeta = 1;
  }),
  'params huge': broken(model, (m) => {
    for (const k of Object.keys(m.params)) m.params[k] = 1e300;
  }),
  'no params': without(model, 'params'),
  'no spec': without(model, 'spec'),
  'spec extra key': broken(model, (m) => (m.spec.extra = 1)),
  'spec without covariates': broken(model, (m) => delete m.spec.covariates),
  'spec covariates bad': broken(model, (m) => {
    m.spec.covariates.columns = [{ column: '', categorical: 'yes' }];
    m.spec.covariates.shared = 1;
  }),
  'spec maxIterations bad': broken(model, (m) => (m.spec.maxIterations = 3)),
  'no covariates': without(model, 'covariates'),
  'covariates empty': broken(model, (m) => (m.covariates = [])),
  'covariate type unknown': broken(model, (m) => (m.covariates[1].type = 'ordinal')),
  'covariate extra key': broken(model, (m) => (m.covariates[1].scale = 2)),
  'covariate column empty': broken(model, (m) => (m.covariates[1].column = '')),
  'categorical with one level': broken(model, (m) => (m.covariates[0].levels = [m.covariates[0].reference])),
  'categorical level not finite': broken(model, (m) => (m.covariates[0].levels = [m.covariates[0].reference, null, {}])),
  'reference not first': broken(model, (m) => m.covariates[0].levels.reverse()),
  'categorical without reference': broken(model, (m) => delete m.covariates[0].reference),
  'terms mismatched': broken(model, (m) => (m.terms = ['segment', 'score'])),
  'terms empty': broken(model, (m) => (m.terms = [])),
  'terms not strings': broken(model, (m) => (m.terms = m.terms.map((_: unknown, i: number) => i))),
  'coefficients one short': broken(model, (m) => {
    if (twoProcess) m.coefficients.purchase.pop();
    else m.coefficients.pop();
  }),
  'coefficients not numbers': broken(model, (m) => {
    if (twoProcess) m.coefficients = { purchase: m.coefficients.purchase.map(() => 'x'), dropout: null };
    else m.coefficients = m.coefficients.map(() => 'x');
  }),
  'coefficients huge': broken(model, (m) => {
    if (twoProcess) m.coefficients.purchase = m.coefficients.purchase.map(() => 1e4);
    else m.coefficients = m.coefficients.map(() => 1e4);
  }),
  'coefficients extra process': broken(model, (m) => {
    if (twoProcess) m.coefficients.spend = [];
    else m.coefficients = { spend: m.coefficients };
  }),
  'no coefficients': without(model, 'coefficients'),
  'q at most 1': broken(model, (m) => {
    if ('q' in m.params) m.params.q = 0.9;
  }),
  'no population mean spend': without(model, 'populationMeanSpend'),
  'population mean spend bad': broken(model, (m) => (m.populationMeanSpend = -1)),
});

/** Bad covariate specs, shared by the four fitters (`regularization` as the two-process ones take it). */
const badCovariates = (twoProcess: boolean): Record<string, unknown> => ({
  'no covariates': undefined,
  'covariates null': null,
  'covariates an array': COVARIATES,
  'covariates empty object': {},
  'columns empty': { columns: [] },
  'columns too many': { columns: Array.from({ length: 51 }, (_, i) => ({ column: `c${i}` })) },
  'columns a string': { columns: 'segment' },
  'column a string': { columns: ['segment'] },
  'column name empty': { columns: [{ column: '' }] },
  'column name a number': { columns: [{ column: 3 }] },
  'column without a name': { columns: [{ categorical: true }] },
  'categorical not a boolean': { columns: [{ column: 'segment', categorical: 'yes' }] },
  'reference an object': { columns: [{ column: 'segment', categorical: true, reference: {} }] },
  'reference NaN': { columns: [{ column: 'segment', categorical: true, reference: Number.NaN }] },
  'reference infinite': { columns: [{ column: 'segment', categorical: true, reference: Number.POSITIVE_INFINITY }] },
  'column unknown key': { columns: [{ column: 'segment', categorical: true, levels: ['a'] }] },
  'unknown key': { columns: COVARIATES, center: true },
  'shared not a boolean': { columns: COVARIATES, shared: 'yes' },
  'regularization negative': { columns: COVARIATES, regularization: twoProcess ? { purchase: -1, dropout: 0 } : -1 },
  'regularization infinite': {
    columns: COVARIATES,
    regularization: twoProcess ? { purchase: 1, dropout: Number.POSITIVE_INFINITY } : Number.POSITIVE_INFINITY,
  },
  'regularization the other form': { columns: COVARIATES, regularization: twoProcess ? 1 : { purchase: 1, dropout: 1 } },
  'regularization missing one and extra': { columns: COVARIATES, regularization: { purchase: 1, spend: 1 } },
  'everything wrong': { columns: [{ column: '', categorical: 1, reference: [] }, null], shared: 0, regularization: 'x', extra: true },
});

/** Data the fit refuses: covariate columns missing or bad, levels and references that do not fit. */
const badData = (data: Table): Record<string, [Table, unknown[]]> => ({
  'covariate column missing': [data, [{ column: 'channel' }]],
  'numeric covariate not finite': [{ ...data, score: data.score.map((v, i) => (i === 3 ? Number.NaN : i === 7 ? 'x' : v)) }, [{ column: 'score' }]],
  'numeric covariate constant': [{ ...data, score: data.score.map(() => 1) }, [{ column: 'score' }]],
  'categorical with one level': [{ ...data, segment: data.segment.map(() => 'a') }, [{ column: 'segment', categorical: true }]],
  'categorical level missing': [{ ...data, segment: data.segment.map((v, i) => (i === 5 ? null : v)) }, [{ column: 'segment', categorical: true }]],
  'categorical level an object': [{ ...data, segment: data.segment.map((v, i) => (i === 5 ? {} : v)) }, [{ column: 'segment', categorical: true }]],
  'reference not a level': [data, [{ column: 'segment', categorical: true, reference: 'z' }]],
  'reference of the wrong type': [data, [{ column: 'segment', categorical: true, reference: 1 }]],
  'the same column twice': [data, [{ column: 'score' }, { column: 'score' }]],
});

const cases: Record<string, () => unknown> = {};
const add = (prefix: string, entries: Record<string, () => unknown>) => {
  for (const [name, call] of Object.entries(entries)) cases[`${prefix}: ${name}`] = call;
};
const fitted = (model: { spec: unknown; terms: unknown }) => ({ spec: model.spec, terms: model.terms });

/** A fitter's cases: its spec (base and covariates), its data, and a few valid fits. */
const fitterCases = (
  prefix: string,
  fit: (data: unknown, spec: unknown) => { spec: unknown; terms: unknown },
  data: Table,
  base: Record<string, unknown>,
  twoProcess: boolean,
  baseBad: Record<string, unknown>,
) => {
  add(prefix, {
    valid: () => fitted(fit(data, { ...base, covariates })),
    'valid, shared and regularized': () =>
      fitted(
        fit(data, {
          ...base,
          covariates: { columns: COVARIATES, ...(twoProcess ? { shared: true, regularization: { purchase: 0.1, dropout: 0.2 } } : { regularization: 0.1 }) },
        }),
      ),
    'valid, a numeric reference': () =>
      fitted(
        fit(
          { ...data, tier: data.segment.map((s) => (s === 'a' ? 1 : 2)) },
          { ...base, covariates: { columns: [{ column: 'tier', categorical: true, reference: 2 }] } },
        ),
      ),
    'no spec': () => fit(data, undefined),
    'spec null': () => fit(data, null),
    'spec a string': () => fit(data, 'week'),
    'empty spec': () => fit(data, {}),
    'no data': () => fit(undefined, { ...base, covariates }),
  });
  add(`${prefix} spec`, Object.fromEntries(Object.entries(baseBad).map(([name, spec]) => [name, () => fit(data, { ...(spec as object), covariates })])));
  add(
    `${prefix} covariates`,
    Object.fromEntries(Object.entries(badCovariates(twoProcess)).map(([name, c]) => [name, () => fit(data, { ...base, covariates: c })])),
  );
  add(
    `${prefix} data`,
    Object.fromEntries(Object.entries(badData(data)).map(([name, [d, columns]]) => [name, () => fit(d, { ...base, covariates: { columns } })])),
  );
};

const timeSpecBad = (timeUnit: Record<string, unknown>): Record<string, unknown> => ({
  'wrong time unit': { timeUnit: 'year' },
  'unknown key': { ...timeUnit, horizon: 3 },
  'columns a string': { ...timeUnit, columns: 'frequency' },
  'empty column name': { ...timeUnit, columns: { frequency: '' } },
  'wrong missing': { ...timeUnit, missing: 'drop' },
  'maxIterations too small': { ...timeUnit, maxIterations: 5 },
  'maxIterations fractional': { ...timeUnit, maxIterations: 10.5 },
  'starts empty': { ...timeUnit, starts: [] },
  'bad starts': { ...timeUnit, starts: [{ r: -1 }] },
  'everything wrong': { timeUnit: 'years', columns: { T: null }, missing: 1, maxIterations: -1, starts: [null], extra: true },
});

const week = { timeUnit: 'week' } as const;
fitterCases('bg fit', (d, s) => lib.fitBetaGeoWithCovariates(d as never, s as never), bgData, week, true, timeSpecBad(week));
fitterCases('pnbd fit', (d, s) => lib.fitParetoNbdWithCovariates(d as never, s as never), bgData, week, true, timeSpecBad(week));
fitterCases('gg fit', (d, s) => lib.fitGammaGammaWithCovariates(d as never, s as never), ggData, {}, false, {
  'timeUnit given': { timeUnit: 'week' },
  'unknown key': { horizon: 3 },
  'empty column name': { columns: { monetary: '' } },
  'wrong missing': { missing: 'drop' },
  'wrong nonPositiveSpend': { nonPositiveSpend: 'drop' },
  'maxIterations too big': { maxIterations: 1e6 },
  'bad starts': { starts: [{ p: 0, q: -1, gamma: Number.NaN }] },
  'everything wrong': { columns: { monetary: null }, missing: 1, maxIterations: -1, starts: [null], nonPositiveSpend: 0, extra: true },
});
const year = { periodUnit: 'year' };
fitterCases('bgbb fit', (d, s) => lib.fitBetaGeoBetaBinomialWithCovariates(d as never, s as never), bgbbData, year, true, {
  'no period unit': {},
  'timeUnit instead': { timeUnit: 'week' },
  'unknown key': { ...year, horizon: 3 },
  'empty column name': { ...year, columns: { periods: '' } },
  'wrong missing': { ...year, missing: 'drop' },
  'maxIterations too small': { ...year, maxIterations: 5 },
  'bad starts': { ...year, starts: [{ alpha: -1 }] },
  'everything wrong': { periodUnit: 7, columns: { periods: null }, missing: 1, maxIterations: -1, starts: [null], extra: true },
});

/** Customers with a history (or a spend, or none) and the covariates, good and bad. */
const customersOf = (history: Record<string, unknown[]>): Record<string, unknown> => ({
  valid: { ...history, segment: ['a', 'b', 'c'], score: [-0.5, 0, 1.3] },
  'a covariate column missing': { ...history, segment: ['a', 'b', 'c'] },
  'a level the model was not fitted with': { ...history, segment: ['a', 'd', 'c'], score: [0, 0, 0] },
  'a numeric covariate not finite': { ...history, segment: ['a', 'b', 'c'], score: [0, Number.NaN, 'x'] },
  'a numeric covariate far beyond the fit': { ...history, segment: ['a', 'b', 'c'], score: [0, 1e6, -1e6] },
  'a level missing': { ...history, segment: ['a', null, 'c'], score: [0, 0, 0] },
  'customers a string': 'customers',
});

/** A prediction's cases: each broken model, its options, its customers. */
const predictionCases = (
  prefix: string,
  predict: (model: unknown, customers: unknown, options: unknown) => unknown,
  model: unknown,
  twoProcess: boolean,
  options: unknown,
  badOptions: Record<string, unknown>,
  history: Record<string, unknown[]>,
) => {
  const customers = customersOf(history);
  add(
    `${prefix} model`,
    Object.fromEntries(Object.entries(brokenModels(model, twoProcess)).map(([name, m]) => [name, () => predict(m, customers.valid, options)])),
  );
  add(`${prefix} options`, Object.fromEntries(Object.entries(badOptions).map(([name, o]) => [name, () => predict(model, customers.valid, o)])));
  add(`${prefix} customers`, Object.fromEntries(Object.entries(customers).map(([name, c]) => [name, () => predict(model, c, options)])));
};

const purchaseHistory = { frequency: [0, 2, 5], recency: [0, 30.4, 35], T: [38.9, 38.9, 38] };
const horizonBad: Record<string, unknown> = {
  'no options': undefined,
  'options empty': {},
  'horizon negative': { horizon: -1 },
  'horizon NaN': { horizon: Number.NaN },
  'horizon infinite': { horizon: Number.POSITIVE_INFINITY },
  'horizon a string': { horizon: '10' },
  'unknown key': { horizon: 10, t: 3 },
  'missing skip': { horizon: 10, missing: 'skip' },
  'wrong missing': { horizon: 10, missing: 'drop' },
};
predictionCases(
  'bg predictions',
  (m, c, o) => lib.betaGeoCovariatePredictions(m as never, c as never, o as never),
  bgModel,
  true,
  { horizon: 10 },
  horizonBad,
  purchaseHistory,
);
predictionCases(
  'pnbd predictions',
  (m, c, o) => lib.paretoNbdCovariatePredictions(m as never, c as never, o as never),
  pnbdModel,
  true,
  { horizon: 10 },
  horizonBad,
  purchaseHistory,
);
predictionCases(
  'gg spend',
  (m, c, o) => lib.conditionalExpectedSpendWithCovariates(m as never, c as never, o as never),
  ggModel,
  false,
  undefined,
  { 'options empty': {}, 'missing skip': { missing: 'skip' }, 'wrong missing': { missing: 'drop' }, 'unknown key': { horizon: 3 }, 'options a string': 'skip' },
  { frequency: [0, 2, 5], monetary: [0, 22.3, 40] },
);
const periodsBad: Record<string, unknown> = {
  'no options': undefined,
  'periods 0': { periods: 0 },
  'periods fractional': { periods: 1.5 },
  'periods too many': { periods: 2e6 },
  'periods a string': { periods: '5' },
  'horizon instead': { horizon: 5 },
  'wrong missing': { periods: 5, missing: 'drop' },
};
predictionCases(
  'bgbb predictions',
  (m, c, o) => lib.betaGeoBetaBinomialCovariatePredictions(m as never, c as never, o as never),
  bgbbModel,
  true,
  { periods: 5 },
  periodsBad,
  {
    frequency: [0, 2, 5],
    recency: [0, 4, 6],
    periods: [6, 6, 6],
  },
);

const newBad: Record<string, unknown> = {
  'no options': undefined,
  't negative': { t: -1 },
  't NaN': { t: Number.NaN },
  't a string': { t: '3' },
  'horizon instead': { horizon: 3 },
  'wrong missing': { t: 3, missing: 'drop' },
};
const newPurchases = (m: unknown, c: unknown, o: unknown) => lib.newCustomerExpectedPurchases(m as never, c as never, o as never);
predictionCases('bg new customers', newPurchases, bgModel, true, { t: 10 }, newBad, {});
predictionCases('pnbd new customers', newPurchases, pnbdModel, true, { t: 10 }, newBad, {});
predictionCases('bgbb new customers', newPurchases, bgbbModel, true, { t: 5 }, newBad, {});
add('new customers', {
  'a covariate-free model': () => newPurchases(lib.fitBetaGeo({ frequency: [0, 1, 2], recency: [0, 3, 5], T: [6, 6, 6] }, week), { segment: ['a'] }, { t: 1 }),
  'no model': () => newPurchases(undefined, { segment: ['a'] }, { t: 1 }),
});
predictionCases(
  'gg new customers',
  (m, c, o) => lib.newCustomerExpectedSpend(m as never, c as never, o as never),
  ggModel,
  false,
  undefined,
  { 'options empty': {}, 'wrong missing': { missing: 'drop' }, 'unknown key': { t: 3 } },
  {},
);

// parseModel: the whole model (standard errors and fit record required)
const kinds: Record<string, [unknown, boolean]> = { bg: [bgModel, true], pnbd: [pnbdModel, true], gg: [ggModel, false], bgbb: [bgbbModel, true] };
for (const [name, [model, twoProcess]] of Object.entries(kinds)) {
  add(`${name} parseModel`, {
    valid: () => (lib.parseModel(JSON.parse(JSON.stringify(model))) as { kind: string }).kind,
    ...Object.fromEntries(Object.entries(brokenModels(model, twoProcess)).map(([n, m]) => [n, () => lib.parseModel(m)])),
  });
}

// the JSDoc's model written by hand from published parameters (no standard errors, no fit record)
const handWritten = {
  kind: 'betaGeoCovariates',
  version: 2,
  spec: {
    timeUnit: 'week',
    columns: { frequency: 'frequency', recency: 'recency', T: 'T', monetary: 'monetary' },
    missing: 'error',
    maxIterations: 1000,
    covariates: { columns: [{ column: 'segment', categorical: true }], shared: false },
  },
  params: { r: 0.25, alpha: 6.5, a: 0.84, b: 2.57 },
  covariates: [{ column: 'segment', type: 'categorical', reference: 'low', levels: ['low', 'high'] }],
  terms: ['segment=high'],
  coefficients: { purchase: [0.47], dropout: [-0.22] },
};
add('hand-written', {
  'bg predictions': () => lib.betaGeoCovariatePredictions(handWritten as never, { ...purchaseHistory, segment: ['low', 'high', 'low'] }, { horizon: 39 }),
  'bg predictions, spec defaults left out': () =>
    lib.betaGeoCovariatePredictions(
      { ...handWritten, spec: { timeUnit: 'week', covariates: { columns: [{ column: 'segment', categorical: true }] } } } as never,
      { ...purchaseHistory, segment: ['low', 'high', 'low'] },
      { horizon: 39 },
    ),
  'bg new customers': () => newPurchases(handWritten, { segment: ['low', 'high'] }, { t: 39 }),
  'bg parseModel': () => lib.parseModel(handWritten),
  'pnbd predictions': () =>
    lib.paretoNbdCovariatePredictions(
      { ...handWritten, kind: 'paretoNbdCovariates', params: { r: 0.55, alpha: 10.6, s: 0.61, beta: 11.7 } } as never,
      { ...purchaseHistory, segment: ['low', 'high', 'low'] },
      { horizon: 39 },
    ),
});

describeRecordedDoors('covariate kinds: fit and prediction doors as recorded on the classic-API code', FIXTURE, cases);
