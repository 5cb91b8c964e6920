// The BG/BB doors' refusals, recorded (issue 21): fitBetaGeoBetaBinomial's spec, the options of
// betaGeoBetaBinomialPredictions, the periods of betaGeoBetaBinomialExpectedTransactions and
// betaGeoBetaBinomialTransactionProbability, and the betaGeoBetaBinomial model schema move from
// zod's classic API to `zod/mini`, and every refusal (code, message, issues with their hints, in
// order) must read as before. test/fixtures/loyalty/bgbbDoorIssues.json was written by this file
// (`RECORD_DOOR_ISSUES=1 npx vitest run test/loyalty/bgbbDoorIssues.test.ts`) on the classic-API
// code at commit 44b1bc9, before the move; each valid case also records what the call returns
// (a fit: its spec and parameters), so a default that changed would show too. A few cases of
// fitBetaGeoBetaBinomialWithCovariates, whose spec builds on the BG/BB spec, are recorded too.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as lib from '../helpers/library.js';
import { describeRecordedDoors } from '../helpers/doorOutcome.js';

const FIXTURE = join(__dirname, '../fixtures/loyalty/bgbbDoorIssues.json');

// Fader, Hardie & Shang (2010) donations data, grouped (examples/data)
const donations = lib.parseCsv(readFileSync(join(__dirname, '../../examples/data/bgbb_donations_summary.csv'), 'utf8')).columns as Record<string, Float64Array>;
const renamed = { x: donations.frequency, tx: donations.recency, n: donations.periods, w: donations.weights };
const customers = { frequency: [6, 1, 0, 3], recency: [6, 1, 0, 5], periods: [6, 6, 6, 6] };

const model = lib.fitBetaGeoBetaBinomial(donations, { periodUnit: 'year', columns: { count: 'weights' } });
const bgModel = lib.fitBetaGeo({ frequency: [0, 2, 5, 1, 3, 0], recency: [0, 30.4, 35, 10, 20, 0], T: [38.9, 38.9, 38, 39, 37, 36] }, { timeUnit: 'week' });

/** A fitted model as JSON with one change, for the model schema's refusals. */
const broken = (m0: unknown, change: (m: any) => void) => {
  const m = JSON.parse(JSON.stringify(m0));
  change(m);
  return m;
};
/** What a fit gives that a spec decides: its spec and its parameters (to 10 significant digits). */
const fitOf = (m: { spec: unknown; params: object }) => ({
  spec: m.spec,
  params: Object.fromEntries(Object.entries(m.params as Record<string, number>).map(([k, v]) => [k, Number(v.toPrecision(10))])),
});

/** The broken models each function and parseModel are checked with. */
const brokenModels: Record<string, unknown> = {
  null: null,
  'not an object': 'model',
  'an array': [],
  'no kind': broken(model, (m) => delete m.kind),
  'wrong kind': broken(model, (m) => (m.kind = 'betaGeo')),
  'unknown kind': broken(model, (m) => (m.kind = 'bgbb')),
  'a betaGeo model': bgModel,
  'version 1': broken(model, (m) => (m.version = 1)),
  'version 7': broken(model, (m) => (m.version = 7)),
  'version a string': broken(model, (m) => (m.version = '2')),
  'extra key': broken(model, (m) => (m.extra = 1)),
  'params wrong types': broken(model, (m) => {
    for (const k of Object.keys(m.params)) m.params[k] = 'x';
  }),
  'params negative, zero, null': broken(model, (m) => {
    m.params.alpha = -1;
    m.params.beta = 0;
    m.params.gamma = null;
  }),
  'params missing and extra': broken(model, (m) => {
    delete m.params.delta;
    m.params.zeta = 1;
  }),
  'no params': broken(model, (m) => delete m.params),
  'standard errors bad': broken(model, (m) => {
    m.standardErrors = { alpha: -1, beta: 0, gamma: 'x', delta: null };
  }),
  'standard errors a number': broken(model, (m) => (m.standardErrors = 1)),
  'standard errors null': broken(model, (m) => (m.standardErrors = null)),
  'no standard errors': broken(model, (m) => delete m.standardErrors),
  'spec bad': broken(model, (m) => {
    m.spec.periodUnit = 'decade';
    m.spec.maxIterations = 0;
    m.spec.columns = { frequency: '', extra: 'x' };
    m.spec.missing = 'drop';
  }),
  'spec periodUnit a number': broken(model, (m) => (m.spec.periodUnit = 12)),
  'spec extra key': broken(model, (m) => (m.spec.timeUnit = 'week')),
  'spec missing defaults': broken(model, (m) => {
    delete m.spec.columns;
    delete m.spec.missing;
    delete m.spec.maxIterations;
  }),
  'spec columns null': broken(model, (m) => (m.spec.columns = null)),
  'no spec': broken(model, (m) => delete m.spec),
  'fitted bad': broken(model, (m) => {
    m.fitted.n = -1;
    m.fitted.skipped = 0.5;
    m.fitted.warnings = [1];
    for (const k of Object.keys(m.fitted.diagnostics)) m.fitted.diagnostics[k] = 'x';
    m.fitted.diagnostics.extra = 1;
  }),
  'diagnostics out of range': broken(model, (m) => {
    m.fitted.diagnostics.gradientNorm = -1;
    m.fitted.diagnostics.groups = 2.5;
    m.fitted.diagnostics.logLikelihood = null;
    delete m.fitted.diagnostics.aic;
  }),
  'no fitted': broken(model, (m) => delete m.fitted),
  'no diagnostics': broken(model, (m) => delete m.fitted.diagnostics),
};

const spec = { periodUnit: 'year', columns: { count: 'weights' } };
const badSpecs: Record<string, unknown> = {
  'no spec': undefined,
  'spec null': null,
  'spec a string': 'year',
  'spec an array': [],
  'empty spec': {},
  'no periodUnit': { columns: { count: 'weights' } },
  'unknown periodUnit': { ...spec, periodUnit: 'decade' },
  'periodUnit capitalised': { ...spec, periodUnit: 'Year' },
  'periodUnit a number': { ...spec, periodUnit: 12 },
  'periodUnit null': { ...spec, periodUnit: null },
  'columns a string': { ...spec, columns: 'frequency' },
  'columns null': { ...spec, columns: null },
  'empty column names': { ...spec, columns: { frequency: '', recency: 'recency', periods: '', count: '' } },
  'column name a number': { ...spec, columns: { count: 'weights', periods: 6 } },
  'unknown column key': { ...spec, columns: { count: 'weights', T: 'T' } },
  'wrong missing': { ...spec, missing: 'drop' },
  'missing a boolean': { ...spec, missing: true },
  'maxIterations 0': { ...spec, maxIterations: 0 },
  'maxIterations 2.5': { ...spec, maxIterations: 2.5 },
  'maxIterations a string': { ...spec, maxIterations: '500' },
  'maxIterations NaN': { ...spec, maxIterations: Number.NaN },
  'maxIterations Infinity': { ...spec, maxIterations: Number.POSITIVE_INFINITY },
  'unknown key': { ...spec, timeUnit: 'week' },
  'unknown keys': { ...spec, starts: [], horizon: 3 },
  'everything wrong': { periodUnit: 'years', columns: { periods: null, extra: 1 }, missing: 1, maxIterations: -1, tolerance: 1e-9 },
};

const cases: Record<string, () => unknown> = {};
const add = (prefix: string, entries: Record<string, () => unknown>) => {
  for (const [name, call] of Object.entries(entries)) cases[`${prefix}: ${name}`] = call;
};

add('fit', {
  'valid grouped': () => fitOf(lib.fitBetaGeoBetaBinomial(donations, { periodUnit: 'year', columns: { count: 'weights' } })),
  'valid renamed columns, skip, maxIterations': () =>
    fitOf(
      lib.fitBetaGeoBetaBinomial(renamed, {
        periodUnit: 'quarter',
        columns: { frequency: 'x', recency: 'tx', periods: 'n', count: 'w' },
        missing: 'skip',
        maxIterations: 200,
      }),
    ),
  'valid week': () => fitOf(lib.fitBetaGeoBetaBinomial(donations, { periodUnit: 'week', columns: { count: 'weights' }, missing: 'error' })),
  ...Object.fromEntries(Object.entries(badSpecs).map(([k, s]) => [k, () => lib.fitBetaGeoBetaBinomial(donations, s as never)])),
});

add('covariates fit', {
  'no periodUnit': () =>
    lib.fitBetaGeoBetaBinomialWithCovariates({ ...donations, z: donations.periods }, {
      columns: { count: 'weights' },
      covariates: { columns: [{ column: 'z' }] },
    } as never),
  'bad periodUnit and maxIterations': () =>
    lib.fitBetaGeoBetaBinomialWithCovariates({ ...donations, z: donations.periods }, {
      ...spec,
      periodUnit: 'decade',
      maxIterations: 0,
      covariates: { columns: [{ column: 'z' }] },
    } as never),
  'unknown column key': () =>
    lib.fitBetaGeoBetaBinomialWithCovariates({ ...donations, z: donations.periods }, {
      periodUnit: 'year',
      columns: { count: 'weights', T: 'T' },
      covariates: { columns: [{ column: 'z' }] },
    } as never),
});

const rate = { discountRate: 0.1, discountRateUnit: 'year' } as const;
add('predictions', {
  valid: () => lib.betaGeoBetaBinomialPredictions(model, customers, { periods: 5 }),
  'valid with DERT': () => lib.betaGeoBetaBinomialPredictions(model, customers, { periods: 5, ...rate }),
  'valid with a monthly rate': () => lib.betaGeoBetaBinomialPredictions(model, customers, { periods: 1, discountRate: 0.01, discountRateUnit: 'month' }),
  'no options': () => lib.betaGeoBetaBinomialPredictions(model, customers, undefined as never),
  'options null': () => lib.betaGeoBetaBinomialPredictions(model, customers, null as never),
  'options a number': () => lib.betaGeoBetaBinomialPredictions(model, customers, 5 as never),
  'options empty': () => lib.betaGeoBetaBinomialPredictions(model, customers, {} as never),
  'periods 0': () => lib.betaGeoBetaBinomialPredictions(model, customers, { periods: 0 }),
  'periods 1.5': () => lib.betaGeoBetaBinomialPredictions(model, customers, { periods: 1.5 }),
  'periods over a million': () => lib.betaGeoBetaBinomialPredictions(model, customers, { periods: 2_000_000 }),
  'periods a string': () => lib.betaGeoBetaBinomialPredictions(model, customers, { periods: '5' } as never),
  'periods NaN': () => lib.betaGeoBetaBinomialPredictions(model, customers, { periods: Number.NaN }),
  'unknown key': () => lib.betaGeoBetaBinomialPredictions(model, customers, { periods: 5, horizon: 5 } as never),
  'rate without unit': () => lib.betaGeoBetaBinomialPredictions(model, customers, { periods: 5, discountRate: 0.1 }),
  'unit without rate': () => lib.betaGeoBetaBinomialPredictions(model, customers, { periods: 5, discountRateUnit: 'year' }),
  'rate 0': () => lib.betaGeoBetaBinomialPredictions(model, customers, { periods: 5, discountRate: 0, discountRateUnit: 'year' }),
  'rate negative': () => lib.betaGeoBetaBinomialPredictions(model, customers, { periods: 5, discountRate: -0.1, discountRateUnit: 'year' }),
  'rate over 100': () => lib.betaGeoBetaBinomialPredictions(model, customers, { periods: 5, discountRate: 101, discountRateUnit: 'year' }),
  'rate Infinity': () => lib.betaGeoBetaBinomialPredictions(model, customers, { periods: 5, discountRate: Number.POSITIVE_INFINITY, discountRateUnit: 'year' }),
  'rate a string': () => lib.betaGeoBetaBinomialPredictions(model, customers, { periods: 5, discountRate: '0.1', discountRateUnit: 'year' } as never),
  'rate too small for the period': () => lib.betaGeoBetaBinomialPredictions(model, customers, { periods: 5, discountRate: 0.00001, discountRateUnit: 'year' }),
  'bad unit': () => lib.betaGeoBetaBinomialPredictions(model, customers, { periods: 5, discountRate: 0.1, discountRateUnit: 'decade' } as never),
  'unit a number': () => lib.betaGeoBetaBinomialPredictions(model, customers, { periods: 5, discountRate: 0.1, discountRateUnit: 365 } as never),
  'everything wrong': () =>
    lib.betaGeoBetaBinomialPredictions(model, customers, { periods: -1, discountRate: 'x', discountRateUnit: 'years', extra: true } as never),
  'a broken model and bad options': () =>
    lib.betaGeoBetaBinomialPredictions(
      broken(model, (m) => delete m.fitted),
      customers,
      { periods: 0 },
    ),
  'history out of range': () => lib.betaGeoBetaBinomialPredictions(model, { frequency: [3], recency: [2], periods: [6] }, { periods: 5 }),
  'missing column': () => lib.betaGeoBetaBinomialPredictions(model, { frequency: [3], recency: [4] }, { periods: 5 }),
  ...Object.fromEntries(Object.entries(brokenModels).map(([k, m]) => [k, () => lib.betaGeoBetaBinomialPredictions(m, customers, { periods: 5 })])),
});

add('expected transactions', {
  valid: () => lib.betaGeoBetaBinomialExpectedTransactions(model, 6),
  'valid a million': () => lib.betaGeoBetaBinomialExpectedTransactions(model, 1_000_000),
  'periods 0': () => lib.betaGeoBetaBinomialExpectedTransactions(model, 0),
  'periods 2.5': () => lib.betaGeoBetaBinomialExpectedTransactions(model, 2.5),
  'periods over a million': () => lib.betaGeoBetaBinomialExpectedTransactions(model, 1_000_001),
  'periods a string': () => lib.betaGeoBetaBinomialExpectedTransactions(model, '6' as never),
  'periods undefined': () => lib.betaGeoBetaBinomialExpectedTransactions(model, undefined as never),
  'periods NaN': () => lib.betaGeoBetaBinomialExpectedTransactions(model, Number.NaN),
  'a broken model and bad periods': () =>
    lib.betaGeoBetaBinomialExpectedTransactions(
      broken(model, (m) => (m.params.alpha = 0)),
      0,
    ),
  ...Object.fromEntries(Object.entries(brokenModels).map(([k, m]) => [k, () => lib.betaGeoBetaBinomialExpectedTransactions(m, 6)])),
});

add('transaction probability', {
  valid: () => lib.betaGeoBetaBinomialTransactionProbability(model, 2, 6),
  'valid x over periods': () => lib.betaGeoBetaBinomialTransactionProbability(model, 7, 6),
  'valid 0 of 0': () => lib.betaGeoBetaBinomialTransactionProbability(model, 0, 0),
  'x negative': () => lib.betaGeoBetaBinomialTransactionProbability(model, -1, 6),
  'x 1.5': () => lib.betaGeoBetaBinomialTransactionProbability(model, 1.5, 6),
  'x a string': () => lib.betaGeoBetaBinomialTransactionProbability(model, '1' as never, 6),
  'periods negative': () => lib.betaGeoBetaBinomialTransactionProbability(model, 1, -6),
  'periods over a million': () => lib.betaGeoBetaBinomialTransactionProbability(model, 1, 1_000_001),
  'periods NaN': () => lib.betaGeoBetaBinomialTransactionProbability(model, 1, Number.NaN),
  'a broken model and bad x': () =>
    lib.betaGeoBetaBinomialTransactionProbability(
      broken(model, (m) => (m.version = 1)),
      -1,
      6,
    ),
  ...Object.fromEntries(Object.entries(brokenModels).map(([k, m]) => [k, () => lib.betaGeoBetaBinomialTransactionProbability(m, 2, 6)])),
});

add('parseModel', {
  'valid round trip': () => fitOf(lib.parseModel(JSON.stringify(model)) as never),
  ...Object.fromEntries(Object.entries(brokenModels).map(([k, m]) => [k, () => lib.parseModel(JSON.stringify(m))])),
});

describeRecordedDoors('the BG/BB doors refuse as they did before the move to zod/mini', FIXTURE, cases);
