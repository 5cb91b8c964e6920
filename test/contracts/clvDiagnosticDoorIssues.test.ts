// The refusals of the CLV model-validation diagnostics still on zod's classic API, recorded
// (issue 21): frequencyRecencyMatrix, holdoutByFrequency, repeatPurchaseDistribution and
// purchaseHeterogeneity (with frequencyBins' maxFrequency), then repeatPurchaseTracking,
// repeatPurchaseTrackingFromCounts and compareModels, then purchaseCountPredictionIntervals and
// calibrationHoldout move their spec/options to `zod/mini`, and every refusal must read as before.
// test/fixtures/contracts/clvDiagnosticDoorIssues.json was written by this file
// (`RECORD_DOOR_ISSUES=1 npx vitest run test/contracts/clvDiagnosticDoorIssues.test.ts`) before
// each move, on the classic-API code of the functions it moved: the first four on commit 9c2a81d
// (recorded in c9d055c), the next three on the same code (a5fc9f8), the last two in e9a1513 (their
// code as in 9c2a81d); valid calls are recorded too.
// Re-recorded on purpose for 4 cases after the move of purchaseCountPredictionIntervals: an
// options.count of neither form (a number, null, an array, and in "several wrong at once") names
// what it takes instead of zod's bare "invalid input" ("count a number", "count null", "count an
// array", "several wrong at once").
// Re-recorded on purpose for seven compareModels cases (stop 45, after its move): a broken or
// wrong model is named where `models` holds it (models.x.kind, models.0.params.r), not model.…
import { join } from 'node:path';
import {
  calibrationHoldout,
  compareModels,
  frequencyRecencyMatrix,
  holdoutByFrequency,
  purchaseCountPredictionIntervals,
  purchaseHeterogeneity,
  repeatPurchaseDistribution,
  repeatPurchaseTracking,
  repeatPurchaseTrackingFromCounts,
} from '../../src/clv.js';
import { describeRecordedDoors } from '../helpers/doorOutcome.js';
import { modelCases } from './registry.js';

const FIXTURE = join(__dirname, '../fixtures/contracts/clvDiagnosticDoorIssues.json');

const betaGeo = modelCases.betaGeo.model as Record<string, unknown> & { params: Record<string, number> };
const paretoNbd = modelCases.paretoNbd.model as Record<string, unknown>;
const modifiedBetaGeo = modelCases.modifiedBetaGeo.model as Record<string, unknown>;
const bgbb = modelCases.betaGeoBetaBinomial.model as Record<string, unknown> & { params: Record<string, number> };
const gammaGamma = modelCases.gammaGamma.model as Record<string, unknown>;
const betaGeoCovariates = modelCases.betaGeoCovariates.model as Record<string, unknown>;

const customers = {
  frequency: [0, 2, 7, 1, 4, 0, 9],
  recency: [0, 30.43, 29.43, 5, 20, 0, 35],
  T: [38.86, 38.86, 38.86, 30, 35, 12, 38],
  frequencyHoldout: [0, 1, 3, 0, 2, 1, 4],
  later: [1, 0, 2, 0, 1, 0, 3],
};
const withGap = { ...customers, frequency: [0, 2, null, 1, 4, 0, 9] };
const histories = { frequency: [0, 2, 3, 5, 1], recency: [0, 3, 5, 6, 2], periods: [6, 6, 6, 6, 6], frequencyHoldout: [0, 1, 2, 3, 1] };

const brokenBetaGeo = {
  negative: { ...betaGeo, params: { ...betaGeo.params, r: -1 } },
  'param missing': { ...betaGeo, params: { alpha: 1, a: 1, b: 1 } },
  'version 1': { ...betaGeo, version: 1 },
};

// the shared invalid values of each number field
const numberCases = (prefix: string, field: string, call: (value: unknown) => () => unknown, values: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(values).map(([name, value]) => [`${prefix}: ${field} ${name}`, call(value)]));
const badNumbers = { 'a string': '3', null: null, NaN: Number.NaN, Infinity: Infinity, '-Infinity': -Infinity, 'an array': [3], 'a boolean': true };

// frequencyRecencyMatrix
const frm =
  (spec: unknown, model: unknown = betaGeo, table?: unknown) =>
  () =>
    frequencyRecencyMatrix(model, spec as never, table as never);
const frmBase = { quantity: 'alive', T: 6, maxFrequency: 2, step: 2 };
const frmWith = (change: Record<string, unknown>) => frm({ ...frmBase, ...change });

// holdoutByFrequency
const hbf =
  (spec: unknown, model: unknown = betaGeo, table: unknown = customers) =>
  () =>
    holdoutByFrequency(model, table as never, spec as never);
const hbfBase = { duration: 39, maxFrequency: 3 };
const hbfWith = (change: Record<string, unknown>) => hbf({ ...hbfBase, ...change });

// repeatPurchaseDistribution
const rpd =
  (spec: unknown, model: unknown = betaGeo, table: unknown = customers) =>
  () =>
    repeatPurchaseDistribution(model, table as never, spec as never);

// purchaseHeterogeneity: only what the options govern (quantiles and the number of points)
const ph =
  (options: unknown, model: unknown = betaGeo) =>
  () => {
    const h = purchaseHeterogeneity(model, options as never);
    const part = (d: typeof h.rate) => ({ trait: d.trait, mean: d.mean, quantiles: d.quantiles, points: d.x.length, first: [d.x[0], d.density[0]] });
    return { kind: h.kind, timeUnit: h.timeUnit, rate: part(h.rate), dropout: part(h.dropout) };
  };

// repeatPurchaseTracking: a small log (three customers over three weeks); only the counts and
// the first periods are recorded
const log = {
  id: ['a', 'a', 'b', 'a', 'c', 'b', 'c', 'a'],
  day: ['2024-01-01', '2024-01-03', '2024-01-02', '2024-01-09', '2024-01-08', '2024-01-15', '2024-01-16', '2024-01-20'],
  value: [10, 5, 8, 12, 4, 9, 3, 7],
};
const rptBase = { customer: 'id', date: 'day', amount: 'value', observationEnd: '2024-01-21' };
const rpt =
  (spec: unknown, model: unknown = betaGeo, table: unknown = log) =>
  () => {
    const r = repeatPurchaseTracking(model, table as never, spec as never);
    return {
      origin: r.origin,
      calibrationEnd: r.calibrationEnd,
      counts: r.counts,
      customers: r.customers,
      period: r.period,
      actual: r.actual,
      expected: r.expected,
    };
  };
const rptWith = (change: Record<string, unknown>) => rpt({ ...rptBase, ...change });
const rptWithout = (key: string) => () => {
  const spec: Record<string, unknown> = { ...rptBase };
  delete spec[key];
  return rpt(spec)();
};

// repeatPurchaseTrackingFromCounts
const births = { birth: [0, 0.5, 1, 2], n: [3, 1, 2, 1] };
const rptc =
  (spec: unknown, model: unknown = betaGeo, table: unknown = births) =>
  () =>
    repeatPurchaseTrackingFromCounts(model, table as never, spec as never);
const rptcWith = (change: Record<string, unknown>, model: unknown = betaGeo) => rptc({ periods: 3, ...change }, model);

// compareModels: only what the options govern (the holdout, its duration and the customers counted)
const cm =
  (options: unknown, models: unknown = { betaGeo, paretoNbd }, table: unknown = customers) =>
  () => {
    const c = compareModels(models as never, table as never, options as never);
    return {
      name: c.name,
      kind: c.kind,
      customers: c.customers,
      histories: c.histories,
      duration: c.duration,
      actual: c.actual,
      expected: c.expected,
      mae: c.mae,
      opportunities: c.opportunities,
    };
  };

// purchaseCountPredictionIntervals (model, customers, t, options)
const grouped = { frequency: [0, 2, 1], recency: [0, 20, 5], T: [30, 30, 30], n: [4, 2, 1] };
const countModel = { ...betaGeo, spec: { ...(betaGeo.spec as object), columns: { ...(betaGeo.spec as { columns: object }).columns, count: 'n' } } };
const pcpi =
  (options: unknown, model: unknown = betaGeo, t: unknown = 4, table: unknown = customers) =>
  () =>
    purchaseCountPredictionIntervals(model, table as never, t as never, options as never);

// calibrationHoldout (transactions, spec): the small log above
const chBase = { customer: 'id', date: 'day', value: 'value', calibrationEnd: '2024-01-10', observationEnd: '2024-01-21', timeUnit: 'day' };
const ch =
  (spec: unknown, table: unknown = log) =>
  () =>
    calibrationHoldout(table as never, spec as never);
const chWith = (change: Record<string, unknown>) => ch({ ...chBase, ...change });
const chWithout = (key: string) => () => {
  const spec: Record<string, unknown> = { ...chBase };
  delete spec[key];
  return calibrationHoldout(log, spec as never);
};

const cases: Record<string, () => unknown> = {
  // frequencyRecencyMatrix
  'frequencyRecencyMatrix: valid alive': frm(frmBase),
  'frequencyRecencyMatrix: valid expected': frmWith({ quantity: 'expected', t: 4 }),
  'frequencyRecencyMatrix: valid from customers': frm({ quantity: 'alive', step: 10 }, betaGeo, customers),
  'frequencyRecencyMatrix: valid maxRecency off the step, default step': frm({ quantity: 'alive', T: 5, maxFrequency: 1, maxRecency: 2.5 }),
  'frequencyRecencyMatrix: valid paretoNbd': frm(frmBase, paretoNbd),
  'frequencyRecencyMatrix: valid modifiedBetaGeo': frm(frmBase, modifiedBetaGeo),
  'frequencyRecencyMatrix: valid BG/BB': frm({ quantity: 'expected', T: 4, t: 2, maxFrequency: 3, step: 1 }, bgbb),
  'frequencyRecencyMatrix: valid missing skip': frm({ quantity: 'alive', step: 10, missing: 'skip' }, betaGeo, withGap),
  'frequencyRecencyMatrix: valid columns': frm(
    { quantity: 'alive', step: 10, columns: { frequency: 'frequency', recency: 'recency', T: 'T' } },
    betaGeo,
    customers,
  ),
  'frequencyRecencyMatrix: spec not an object': frm('alive'),
  'frequencyRecencyMatrix: spec null': frm(null),
  'frequencyRecencyMatrix: spec undefined': frm(undefined),
  'frequencyRecencyMatrix: spec an array': frm([]),
  'frequencyRecencyMatrix: spec empty': frm({}),
  'frequencyRecencyMatrix: unknown key': frmWith({ horizon: 3 }),
  'frequencyRecencyMatrix: two unknown keys': frmWith({ horizon: 3, Step: 1 }),
  'frequencyRecencyMatrix: quantity missing': frm({ T: 6, maxFrequency: 2 }),
  'frequencyRecencyMatrix: quantity unknown': frmWith({ quantity: 'dead' }),
  'frequencyRecencyMatrix: quantity a number': frmWith({ quantity: 1 }),
  'frequencyRecencyMatrix: quantity null': frmWith({ quantity: null }),
  'frequencyRecencyMatrix: expected without t': frmWith({ quantity: 'expected' }),
  'frequencyRecencyMatrix: alive with t': frmWith({ t: 3 }),
  ...numberCases('frequencyRecencyMatrix', 'T', (v) => frmWith({ T: v }), { ...badNumbers, 0: 0, negative: -1 }),
  ...numberCases('frequencyRecencyMatrix', 't', (v) => frmWith({ quantity: 'expected', t: v }), { ...badNumbers, 0: 0, negative: -2 }),
  ...numberCases('frequencyRecencyMatrix', 'maxFrequency', (v) => frmWith({ maxFrequency: v }), {
    ...badNumbers,
    negative: -1,
    'not whole': 1.5,
    'too large': 100_001,
  }),
  'frequencyRecencyMatrix: maxFrequency 0': frmWith({ maxFrequency: 0 }),
  ...numberCases('frequencyRecencyMatrix', 'maxRecency', (v) => frmWith({ maxRecency: v }), { ...badNumbers, negative: -1, 'above T': 7 }),
  'frequencyRecencyMatrix: maxRecency 0': frmWith({ maxRecency: 0 }),
  ...numberCases('frequencyRecencyMatrix', 'step', (v) => frmWith({ step: v }), { ...badNumbers, 0: 0, negative: -1, 'too fine': 1e-6 }),
  'frequencyRecencyMatrix: no T, no customers': frm({ quantity: 'alive', maxFrequency: 2 }),
  'frequencyRecencyMatrix: no maxFrequency, no customers': frm({ quantity: 'alive', T: 6 }),
  'frequencyRecencyMatrix: missing unknown': frm({ quantity: 'alive', missing: 'drop' }, betaGeo, customers),
  'frequencyRecencyMatrix: missing a boolean': frm({ quantity: 'alive', missing: true }, betaGeo, customers),
  'frequencyRecencyMatrix: missing value, missing error': frm({ quantity: 'alive', step: 10 }, betaGeo, withGap),
  'frequencyRecencyMatrix: columns wrong': frm({ quantity: 'alive', columns: { frequency: 'x' } }, betaGeo, customers),
  'frequencyRecencyMatrix: columns a string': frm({ quantity: 'alive', columns: 'frequency' }, betaGeo, customers),
  'frequencyRecencyMatrix: customers not a table': frm({ quantity: 'alive' }, betaGeo, 'customers.csv'),
  'frequencyRecencyMatrix: BG/BB T not whole': frm({ quantity: 'alive', T: 4.5, maxFrequency: 2 }, bgbb),
  'frequencyRecencyMatrix: BG/BB t not whole': frm({ quantity: 'expected', T: 4, t: 0.5, maxFrequency: 2 }, bgbb),
  'frequencyRecencyMatrix: BG/BB step not whole': frm({ quantity: 'alive', T: 4, maxFrequency: 2, step: 0.5 }, bgbb),
  'frequencyRecencyMatrix: BG/BB maxRecency not whole': frm({ quantity: 'alive', T: 4, maxFrequency: 2, maxRecency: 2.5 }, bgbb),
  'frequencyRecencyMatrix: several wrong at once': frm({ quantity: 'dead', T: -1, t: 'x', maxFrequency: 1.5, step: 0, missing: 'drop', extra: 1 }),
  'frequencyRecencyMatrix: model null': frm(frmBase, null),
  'frequencyRecencyMatrix: model a string': frm(frmBase, 'betaGeo'),
  'frequencyRecencyMatrix: model kind unknown': frm(frmBase, { kind: 'magic' }),
  'frequencyRecencyMatrix: model of another kind (gammaGamma)': frm(frmBase, gammaGamma),
  'frequencyRecencyMatrix: model with covariates': frm(frmBase, betaGeoCovariates),
  ...Object.fromEntries(Object.entries(brokenBetaGeo).map(([name, m]) => [`frequencyRecencyMatrix: model betaGeo ${name}`, frm(frmBase, m)])),
  'frequencyRecencyMatrix: broken model and bad spec': frm({ quantity: 'dead' }, brokenBetaGeo.negative),

  // holdoutByFrequency
  'holdoutByFrequency: valid': hbf(hbfBase),
  'holdoutByFrequency: valid default maxFrequency': hbf({ duration: 39 }),
  'holdoutByFrequency: valid holdout column': hbfWith({ holdout: 'later' }),
  'holdoutByFrequency: valid columns, missing skip': hbf(
    { ...hbfBase, columns: { frequency: 'frequency', recency: 'recency', T: 'T' }, missing: 'skip' },
    betaGeo,
    withGap,
  ),
  'holdoutByFrequency: valid paretoNbd': hbf(hbfBase, paretoNbd),
  'holdoutByFrequency: valid modifiedBetaGeo': hbf(hbfBase, modifiedBetaGeo),
  'holdoutByFrequency: valid BG/BB': hbf({ duration: 5, maxFrequency: 3 }, bgbb, histories),
  'holdoutByFrequency: valid maxFrequency 1': hbfWith({ maxFrequency: 1 }),
  'holdoutByFrequency: valid maxFrequency 1000': hbfWith({ maxFrequency: 1000 }),
  'holdoutByFrequency: spec not an object': hbf(39),
  'holdoutByFrequency: spec null': hbf(null),
  'holdoutByFrequency: spec an array': hbf([39]),
  'holdoutByFrequency: spec empty (no duration)': hbf({}),
  'holdoutByFrequency: spec undefined (no duration)': hbf(undefined),
  'holdoutByFrequency: unknown key': hbfWith({ period: 39 }),
  ...numberCases('holdoutByFrequency', 'duration', (v) => hbfWith({ duration: v }), { ...badNumbers, 0: 0, negative: -1 }),
  ...numberCases('holdoutByFrequency', 'maxFrequency', (v) => hbfWith({ maxFrequency: v }), {
    ...badNumbers,
    0: 0,
    negative: -1,
    'not whole': 2.5,
    'too large': 1001,
  }),
  'holdoutByFrequency: holdout empty': hbfWith({ holdout: '' }),
  'holdoutByFrequency: holdout a number': hbfWith({ holdout: 3 }),
  'holdoutByFrequency: holdout null': hbfWith({ holdout: null }),
  'holdoutByFrequency: holdout column absent': hbfWith({ holdout: 'nope' }),
  'holdoutByFrequency: missing unknown': hbfWith({ missing: 'drop' }),
  'holdoutByFrequency: missing null': hbfWith({ missing: null }),
  'holdoutByFrequency: missing value, missing error': hbf(hbfBase, betaGeo, withGap),
  'holdoutByFrequency: columns wrong': hbfWith({ columns: { frequency: 'x' } }),
  'holdoutByFrequency: customers null': hbf(hbfBase, betaGeo, null),
  'holdoutByFrequency: BG/BB without duration': hbf({}, bgbb, histories),
  'holdoutByFrequency: BG/BB duration not whole': hbf({ duration: 4.5 }, bgbb, histories),
  'holdoutByFrequency: several wrong at once': hbf({ duration: -1, maxFrequency: 0, holdout: '', missing: 'x', extra: true }),
  'holdoutByFrequency: model null': hbf(hbfBase, null),
  'holdoutByFrequency: model kind unknown': hbf(hbfBase, { kind: 'magic' }),
  'holdoutByFrequency: model of another kind (gammaGamma)': hbf(hbfBase, gammaGamma),
  'holdoutByFrequency: model with covariates': hbf(hbfBase, betaGeoCovariates),
  ...Object.fromEntries(Object.entries(brokenBetaGeo).map(([name, m]) => [`holdoutByFrequency: model betaGeo ${name}`, hbf(hbfBase, m)])),
  'holdoutByFrequency: broken model and bad spec': hbf({ duration: -1 }, brokenBetaGeo['version 1']),

  // repeatPurchaseDistribution
  'repeatPurchaseDistribution: valid': rpd({}),
  'repeatPurchaseDistribution: valid no spec': rpd(undefined),
  'repeatPurchaseDistribution: valid maxFrequency 3': rpd({ maxFrequency: 3 }),
  'repeatPurchaseDistribution: valid columns, missing skip': rpd(
    { maxFrequency: 2, columns: { frequency: 'frequency', recency: 'recency', T: 'T' }, missing: 'skip' },
    betaGeo,
    withGap,
  ),
  'repeatPurchaseDistribution: valid paretoNbd': rpd({ maxFrequency: 3 }, paretoNbd),
  'repeatPurchaseDistribution: valid modifiedBetaGeo': rpd({ maxFrequency: 3 }, modifiedBetaGeo),
  'repeatPurchaseDistribution: valid BG/BB': rpd({ maxFrequency: 3 }, bgbb, histories),
  'repeatPurchaseDistribution: spec not an object': rpd('spec'),
  'repeatPurchaseDistribution: spec null': rpd(null),
  'repeatPurchaseDistribution: spec an array': rpd([]),
  'repeatPurchaseDistribution: unknown key': rpd({ maxFrequency: 3, bins: 4 }),
  ...numberCases('repeatPurchaseDistribution', 'maxFrequency', (v) => rpd({ maxFrequency: v }), {
    ...badNumbers,
    0: 0,
    negative: -1,
    'not whole': 2.5,
    'too large': 1001,
  }),
  'repeatPurchaseDistribution: missing unknown': rpd({ missing: 'drop' }),
  'repeatPurchaseDistribution: missing a number': rpd({ missing: 1 }),
  'repeatPurchaseDistribution: missing value, missing error': rpd({}, betaGeo, withGap),
  'repeatPurchaseDistribution: columns wrong': rpd({ columns: { frequency: 'x' } }),
  'repeatPurchaseDistribution: customers a string': rpd({}, betaGeo, 'customers.csv'),
  'repeatPurchaseDistribution: several wrong at once': rpd({ maxFrequency: 'all', missing: 'x', extra: 1, other: 2 }),
  'repeatPurchaseDistribution: model null': rpd({}, null),
  'repeatPurchaseDistribution: model kind unknown': rpd({}, { kind: 'magic' }),
  'repeatPurchaseDistribution: model of another kind (gammaGamma)': rpd({}, gammaGamma),
  'repeatPurchaseDistribution: model with covariates': rpd({}, betaGeoCovariates),
  ...Object.fromEntries(Object.entries(brokenBetaGeo).map(([name, m]) => [`repeatPurchaseDistribution: model betaGeo ${name}`, rpd({}, m)])),
  'repeatPurchaseDistribution: broken model and bad spec': rpd({ maxFrequency: 0 }, brokenBetaGeo['param missing']),

  // purchaseHeterogeneity
  'purchaseHeterogeneity: valid defaults': ph(undefined),
  'purchaseHeterogeneity: valid empty': ph({}),
  'purchaseHeterogeneity: valid points 10, one probability': ph({ points: 10, probabilities: [0.5] }),
  'purchaseHeterogeneity: valid paretoNbd': ph({ points: 20 }, paretoNbd),
  'purchaseHeterogeneity: valid modifiedBetaGeo': ph({ points: 20 }, modifiedBetaGeo),
  'purchaseHeterogeneity: valid BG/BB': ph({ points: 20, probabilities: [0.1, 0.9] }, bgbb),
  'purchaseHeterogeneity: options not an object': ph(200),
  'purchaseHeterogeneity: options null': ph(null),
  'purchaseHeterogeneity: options an array': ph([]),
  'purchaseHeterogeneity: unknown key': ph({ quantiles: [0.5] }),
  ...numberCases('purchaseHeterogeneity', 'points', (v) => ph({ points: v }), {
    ...badNumbers,
    9: 9,
    negative: -10,
    'not whole': 20.5,
    'too large': 1_000_001,
  }),
  'purchaseHeterogeneity: probabilities empty': ph({ probabilities: [] }),
  'purchaseHeterogeneity: probabilities a number': ph({ probabilities: 0.5 }),
  'purchaseHeterogeneity: probabilities null': ph({ probabilities: null }),
  'purchaseHeterogeneity: probabilities with 0 and 1': ph({ probabilities: [0, 0.5, 1] }),
  'purchaseHeterogeneity: probabilities with strings, NaN, negative': ph({ probabilities: ['0.5', Number.NaN, -0.1, null] }),
  'purchaseHeterogeneity: probabilities too many': ph({ probabilities: Array.from({ length: 101 }, () => 0.5) }),
  'purchaseHeterogeneity: several wrong at once': ph({ points: 1, probabilities: [2], extra: 1 }),
  'purchaseHeterogeneity: model null': ph({}, null),
  'purchaseHeterogeneity: model kind unknown': ph({}, { kind: 'magic' }),
  'purchaseHeterogeneity: model of another kind (gammaGamma)': ph({}, gammaGamma),
  'purchaseHeterogeneity: model with covariates': ph({}, betaGeoCovariates),
  ...Object.fromEntries(Object.entries(brokenBetaGeo).map(([name, m]) => [`purchaseHeterogeneity: model betaGeo ${name}`, ph({}, m)])),
  'purchaseHeterogeneity: broken model and bad options': ph({ points: 0 }, brokenBetaGeo.negative),
  // repeatPurchaseTracking
  'repeatPurchaseTracking: valid': rpt(rptBase),
  'repeatPurchaseTracking: valid with calibrationEnd, day periods': rptWith({ calibrationEnd: '2024-01-10', period: 'day' }),
  'repeatPurchaseTracking: valid origin, cohortEnd, a Date and a YYYYMMDD number': rptWith({
    origin: new Date(Date.UTC(2024, 0, 1)),
    cohortEnd: '2024-01-05',
    observationEnd: 20240121,
  }),
  'repeatPurchaseTracking: valid missing skip': rpt({ ...rptBase, missing: 'skip' }, betaGeo, { ...log, value: [10, null, 8, 12, 4, 9, 3, 7] }),
  'repeatPurchaseTracking: valid paretoNbd': rpt(rptBase, paretoNbd),
  'repeatPurchaseTracking: spec not an object': rpt('id'),
  'repeatPurchaseTracking: spec null': rpt(null),
  'repeatPurchaseTracking: spec undefined': rpt(undefined),
  'repeatPurchaseTracking: spec an array': rpt([]),
  'repeatPurchaseTracking: spec empty': rpt({}),
  'repeatPurchaseTracking: unknown key': rptWith({ timeUnit: 'week' }),
  ...Object.fromEntries(['customer', 'date', 'amount', 'observationEnd'].map((key) => [`repeatPurchaseTracking: ${key} missing`, rptWithout(key)])),
  ...Object.fromEntries(
    ['customer', 'date', 'amount'].flatMap((key) => [
      [`repeatPurchaseTracking: ${key} empty`, rptWith({ [key]: '' })],
      [`repeatPurchaseTracking: ${key} a number`, rptWith({ [key]: 1 })],
      [`repeatPurchaseTracking: ${key} null`, rptWith({ [key]: null })],
      [`repeatPurchaseTracking: ${key} column absent`, rptWith({ [key]: 'nope' })],
    ]),
  ),
  ...Object.fromEntries(
    ['observationEnd', 'origin', 'calibrationEnd', 'cohortEnd'].flatMap((key) => [
      [`repeatPurchaseTracking: ${key} not a date`, rptWith({ [key]: 'soon' })],
      [`repeatPurchaseTracking: ${key} impossible date`, rptWith({ [key]: '2024-02-30' })],
      [`repeatPurchaseTracking: ${key} a boolean`, rptWith({ [key]: true })],
      [`repeatPurchaseTracking: ${key} null`, rptWith({ [key]: null })],
      [`repeatPurchaseTracking: ${key} NaN`, rptWith({ [key]: Number.NaN })],
      [`repeatPurchaseTracking: ${key} invalid Date`, rptWith({ [key]: new Date(Number.NaN) })],
    ]),
  ),
  'repeatPurchaseTracking: observationEnd before the first purchase': rptWith({ observationEnd: '2023-12-01' }),
  'repeatPurchaseTracking: origin after a birth': rptWith({ origin: '2024-01-05' }),
  'repeatPurchaseTracking: calibrationEnd after observationEnd': rptWith({ calibrationEnd: '2024-02-01' }),
  'repeatPurchaseTracking: period unknown': rptWith({ period: 'year' }),
  'repeatPurchaseTracking: period a number': rptWith({ period: 7 }),
  'repeatPurchaseTracking: period month, too short': rptWith({ period: 'month' }),
  'repeatPurchaseTracking: missing unknown': rptWith({ missing: 'drop' }),
  'repeatPurchaseTracking: missing value, missing error': rpt(rptBase, betaGeo, { ...log, value: [10, null, 8, 12, 4, 9, 3, 7] }),
  'repeatPurchaseTracking: transactions null': rpt(rptBase, betaGeo, null),
  'repeatPurchaseTracking: several wrong at once': rpt({ customer: '', date: 3, observationEnd: 'soon', period: 'year', missing: 'x', extra: 1 }),
  'repeatPurchaseTracking: model null': rpt(rptBase, null),
  'repeatPurchaseTracking: model kind unknown': rpt(rptBase, { kind: 'magic' }),
  'repeatPurchaseTracking: model BG/BB': rpt(rptBase, bgbb),
  'repeatPurchaseTracking: model of another kind (gammaGamma)': rpt(rptBase, gammaGamma),
  ...Object.fromEntries(Object.entries(brokenBetaGeo).map(([name, m]) => [`repeatPurchaseTracking: model betaGeo ${name}`, rpt(rptBase, m)])),
  'repeatPurchaseTracking: broken model and bad spec': rpt({}, brokenBetaGeo.negative),

  // repeatPurchaseTrackingFromCounts
  'repeatPurchaseTrackingFromCounts: valid': rptc({ periods: 3 }),
  'repeatPurchaseTrackingFromCounts: valid customers column, period length, actual': rptcWith({
    periodLength: 0.5,
    columns: { customers: 'n' },
    actual: [1, 2, 0],
  }),
  'repeatPurchaseTrackingFromCounts: valid birth column renamed': rptc({ periods: 2, columns: { birth: 'start' } }, betaGeo, { start: [0, 1] }),
  'repeatPurchaseTrackingFromCounts: valid modifiedBetaGeo': rptcWith({}, modifiedBetaGeo),
  'repeatPurchaseTrackingFromCounts: valid BG/BB': rptc({ periods: 3, columns: { customers: 'n' } }, bgbb, { birth: [0, 1, 2], n: [2, 1, 1] }),
  'repeatPurchaseTrackingFromCounts: spec not an object': rptc(3),
  'repeatPurchaseTrackingFromCounts: spec null': rptc(null),
  'repeatPurchaseTrackingFromCounts: spec undefined': rptc(undefined),
  'repeatPurchaseTrackingFromCounts: spec empty': rptc({}),
  'repeatPurchaseTrackingFromCounts: unknown key': rptcWith({ period: 1 }),
  ...numberCases('repeatPurchaseTrackingFromCounts', 'periods', (v) => rptcWith({ periods: v }), {
    ...badNumbers,
    0: 0,
    negative: -1,
    'not whole': 2.5,
    'too large': 1_000_001,
  }),
  ...numberCases('repeatPurchaseTrackingFromCounts', 'periodLength', (v) => rptcWith({ periodLength: v }), { ...badNumbers, 0: 0, negative: -1 }),
  'repeatPurchaseTrackingFromCounts: columns a string': rptcWith({ columns: 'birth' }),
  'repeatPurchaseTrackingFromCounts: columns null': rptcWith({ columns: null }),
  'repeatPurchaseTrackingFromCounts: columns unknown key': rptcWith({ columns: { birth: 'birth', count: 'n' } }),
  'repeatPurchaseTrackingFromCounts: columns birth empty': rptcWith({ columns: { birth: '' } }),
  'repeatPurchaseTrackingFromCounts: columns birth a number': rptcWith({ columns: { birth: 1 } }),
  'repeatPurchaseTrackingFromCounts: columns customers empty': rptcWith({ columns: { customers: '' } }),
  'repeatPurchaseTrackingFromCounts: columns birth absent': rptcWith({ columns: { birth: 'nope' } }),
  'repeatPurchaseTrackingFromCounts: actual a string': rptcWith({ actual: '1,2,0' }),
  'repeatPurchaseTrackingFromCounts: actual too short': rptcWith({ actual: [1] }),
  'repeatPurchaseTrackingFromCounts: actual negative, NaN': rptcWith({ actual: [1, -1, Number.NaN] }),
  'repeatPurchaseTrackingFromCounts: births null': rptc({ periods: 3 }, betaGeo, null),
  'repeatPurchaseTrackingFromCounts: births negative': rptc({ periods: 3 }, betaGeo, { birth: [-1, 0] }),
  'repeatPurchaseTrackingFromCounts: BG/BB period length not whole': rptcWith({ periodLength: 0.5 }, bgbb),
  'repeatPurchaseTrackingFromCounts: several wrong at once': rptc({ periods: 0, periodLength: -1, columns: { birth: '', extra: 1 }, more: 1 }),
  'repeatPurchaseTrackingFromCounts: model null': rptcWith({}, null),
  'repeatPurchaseTrackingFromCounts: model kind unknown': rptcWith({}, { kind: 'magic' }),
  'repeatPurchaseTrackingFromCounts: model of another kind (gammaGamma)': rptcWith({}, gammaGamma),
  'repeatPurchaseTrackingFromCounts: model with covariates': rptcWith({}, betaGeoCovariates),
  ...Object.fromEntries(Object.entries(brokenBetaGeo).map(([name, m]) => [`repeatPurchaseTrackingFromCounts: model betaGeo ${name}`, rptcWith({}, m)])),
  'repeatPurchaseTrackingFromCounts: broken model and bad spec': rptc({ periods: 0 }, brokenBetaGeo['param missing']),

  // compareModels
  'compareModels: valid, no holdout': cm({}, { betaGeo, paretoNbd }, { frequency: customers.frequency, recency: customers.recency, T: customers.T }),
  'compareModels: valid default holdout column': cm({ duration: 39 }),
  'compareModels: valid named holdout, missing skip': cm({ holdout: 'later', duration: 10, missing: 'skip' }, [betaGeo, modifiedBetaGeo], withGap),
  'compareModels: valid columns': cm({ duration: 39, columns: { frequency: 'frequency', recency: 'recency', T: 'T' } }),
  'compareModels: valid BG/BB': cm({ duration: 5 }, { bgbb }, histories),
  'compareModels: options not an object': cm('later'),
  'compareModels: options null': cm(null),
  'compareModels: options an array': cm([]),
  'compareModels: unknown key': cm({ duration: 39, period: 39 }),
  ...numberCases('compareModels', 'duration', (v) => cm({ duration: v }), { ...badNumbers, 0: 0, negative: -1 }),
  'compareModels: holdout empty': cm({ holdout: '', duration: 39 }),
  'compareModels: holdout a number': cm({ holdout: 1, duration: 39 }),
  'compareModels: holdout column absent': cm({ holdout: 'nope', duration: 39 }),
  'compareModels: holdout without duration': cm({ holdout: 'later' }),
  'compareModels: missing unknown': cm({ duration: 39, missing: 'drop' }),
  'compareModels: missing null': cm({ duration: 39, missing: null }),
  'compareModels: missing value, missing error': cm({ duration: 39 }, { betaGeo }, withGap),
  'compareModels: columns a string': cm({ duration: 39, columns: 'frequency' }),
  'compareModels: columns unknown key': cm({ duration: 39, columns: { freq: 'frequency' } }),
  'compareModels: columns a number name': cm({ duration: 39, columns: { frequency: 1 } }),
  'compareModels: BG/BB columns of a continuous summary': cm({ duration: 5, columns: { T: 'T' } }, { bgbb }, histories),
  'compareModels: BG/BB duration not whole': cm({ duration: 4.5 }, { bgbb }, histories),
  'compareModels: calibration null': cm({ duration: 39 }, { betaGeo }, null),
  'compareModels: several wrong at once': cm({ duration: -1, holdout: '', missing: 'x', columns: 3, extra: 1 }),
  'compareModels: models empty': cm({ duration: 39 }, {}),
  'compareModels: models null': cm({ duration: 39 }, null),
  'compareModels: models a string': cm({ duration: 39 }, 'betaGeo'),
  'compareModels: a model kind unknown': cm({ duration: 39 }, { betaGeo, x: { kind: 'magic' } }),
  'compareModels: a model of another kind (gammaGamma)': cm({ duration: 39 }, [betaGeo, gammaGamma]),
  'compareModels: a model with covariates': cm({ duration: 39 }, [betaGeoCovariates]),
  'compareModels: BG/BB beside BG/NBD': cm({ duration: 5 }, { bgbb, betaGeo }, histories),
  ...Object.fromEntries(Object.entries(brokenBetaGeo).map(([name, m]) => [`compareModels: model betaGeo ${name}`, cm({ duration: 39 }, { m, paretoNbd })])),
  'compareModels: broken model and bad options': cm({ duration: -1 }, [brokenBetaGeo.negative]),
  // purchaseCountPredictionIntervals
  'purchaseCountPredictionIntervals: valid defaults': pcpi(undefined),
  'purchaseCountPredictionIntervals: valid empty': pcpi({}),
  'purchaseCountPredictionIntervals: valid levels, atLeast': pcpi({ levels: [0.1, 0.9], atLeast: 2 }),
  'purchaseCountPredictionIntervals: valid count column': pcpi({ count: 'n' }, betaGeo, 4, grouped),
  'purchaseCountPredictionIntervals: valid count true (the model’s)': pcpi({ count: true }, countModel, 4, grouped),
  'purchaseCountPredictionIntervals: valid count false': pcpi({ count: false }),
  'purchaseCountPredictionIntervals: valid missing skip': pcpi({ missing: 'skip' }, betaGeo, 4, withGap),
  'purchaseCountPredictionIntervals: valid paretoNbd': pcpi({ levels: [0.5] }, paretoNbd),
  'purchaseCountPredictionIntervals: valid BG/BB': pcpi({}, bgbb, 3, histories),
  'purchaseCountPredictionIntervals: options not an object': pcpi('levels'),
  'purchaseCountPredictionIntervals: options null': pcpi(null),
  'purchaseCountPredictionIntervals: options an array': pcpi([0.5]),
  'purchaseCountPredictionIntervals: unknown key': pcpi({ probabilities: [0.5] }),
  'purchaseCountPredictionIntervals: levels empty': pcpi({ levels: [] }),
  'purchaseCountPredictionIntervals: levels a number': pcpi({ levels: 0.5 }),
  'purchaseCountPredictionIntervals: levels null': pcpi({ levels: null }),
  'purchaseCountPredictionIntervals: levels with 0 and 1': pcpi({ levels: [0, 0.5, 1] }),
  'purchaseCountPredictionIntervals: levels with a string, NaN, negative': pcpi({ levels: ['0.5', Number.NaN, -0.1] }),
  'purchaseCountPredictionIntervals: levels too many': pcpi({ levels: Array.from({ length: 100 }, () => 0.5) }),
  ...numberCases('purchaseCountPredictionIntervals', 'atLeast', (v) => pcpi({ atLeast: v }), {
    ...badNumbers,
    0: 0,
    negative: -1,
    'not whole': 1.5,
    'too large': 1_000_001,
  }),
  'purchaseCountPredictionIntervals: count empty': pcpi({ count: '' }),
  'purchaseCountPredictionIntervals: count a number': pcpi({ count: 1 }),
  'purchaseCountPredictionIntervals: count null': pcpi({ count: null }),
  'purchaseCountPredictionIntervals: count an array': pcpi({ count: ['n'] }),
  'purchaseCountPredictionIntervals: count column absent': pcpi({ count: 'nope' }),
  'purchaseCountPredictionIntervals: count true, model without one': pcpi({ count: true }),
  'purchaseCountPredictionIntervals: missing unknown': pcpi({ missing: 'drop' }),
  'purchaseCountPredictionIntervals: missing null': pcpi({ missing: null }),
  'purchaseCountPredictionIntervals: missing value, missing error': pcpi({ missing: 'error' }, betaGeo, 4, withGap),
  ...numberCases('purchaseCountPredictionIntervals', 't', (v) => pcpi({}, betaGeo, v), { ...badNumbers, 0: 0, negative: -1 }),
  'purchaseCountPredictionIntervals: BG/BB t not whole': pcpi({}, bgbb, 2.5, histories),
  'purchaseCountPredictionIntervals: customers null': pcpi({}, betaGeo, 4, null),
  'purchaseCountPredictionIntervals: several wrong at once': pcpi({ levels: [2], atLeast: 0, count: 3, missing: 'x', extra: 1 }),
  'purchaseCountPredictionIntervals: model null': pcpi({}, null),
  'purchaseCountPredictionIntervals: model kind unknown': pcpi({}, { kind: 'magic' }),
  'purchaseCountPredictionIntervals: model of another kind (gammaGamma)': pcpi({}, gammaGamma),
  'purchaseCountPredictionIntervals: model with covariates': pcpi({}, betaGeoCovariates),
  'purchaseCountPredictionIntervals: model null, count true': pcpi({ count: true }, null),
  ...Object.fromEntries(Object.entries(brokenBetaGeo).map(([name, m]) => [`purchaseCountPredictionIntervals: model betaGeo ${name}`, pcpi({}, m)])),
  'purchaseCountPredictionIntervals: broken model and bad options': pcpi({ atLeast: 0 }, brokenBetaGeo.negative),

  // calibrationHoldout
  'calibrationHoldout: valid': ch(chBase),
  'calibrationHoldout: valid without value, week, missing skip': ch(
    { customer: 'id', date: 'day', calibrationEnd: '2024-01-10', observationEnd: '2024-01-21', timeUnit: 'week', missing: 'skip' },
    { ...log, day: [...log.day.slice(0, 7), null] },
  ),
  'calibrationHoldout: valid a Date and a YYYYMMDD number, month': chWith({
    calibrationEnd: new Date(Date.UTC(2024, 0, 10)),
    observationEnd: 20240121,
    timeUnit: 'month',
  }),
  'calibrationHoldout: spec not an object': ch('id'),
  'calibrationHoldout: spec null': ch(null),
  'calibrationHoldout: spec undefined': ch(undefined),
  'calibrationHoldout: spec an array': ch([]),
  'calibrationHoldout: spec empty': ch({}),
  'calibrationHoldout: unknown key': chWith({ amount: 'value' }),
  ...Object.fromEntries(
    ['customer', 'date', 'calibrationEnd', 'observationEnd', 'timeUnit'].map((key) => [`calibrationHoldout: ${key} missing`, chWithout(key)]),
  ),
  ...Object.fromEntries(
    ['customer', 'date', 'value'].flatMap((key) => [
      [`calibrationHoldout: ${key} empty`, chWith({ [key]: '' })],
      [`calibrationHoldout: ${key} a number`, chWith({ [key]: 1 })],
      [`calibrationHoldout: ${key} null`, chWith({ [key]: null })],
      [`calibrationHoldout: ${key} column absent`, chWith({ [key]: 'nope' })],
    ]),
  ),
  ...Object.fromEntries(
    ['calibrationEnd', 'observationEnd'].flatMap((key) => [
      [`calibrationHoldout: ${key} not a date`, chWith({ [key]: 'soon' })],
      [`calibrationHoldout: ${key} impossible date`, chWith({ [key]: '2024-02-30' })],
      [`calibrationHoldout: ${key} a boolean`, chWith({ [key]: true })],
      [`calibrationHoldout: ${key} null`, chWith({ [key]: null })],
      [`calibrationHoldout: ${key} NaN`, chWith({ [key]: Number.NaN })],
      [`calibrationHoldout: ${key} invalid Date`, chWith({ [key]: new Date(Number.NaN) })],
    ]),
  ),
  'calibrationHoldout: calibrationEnd after observationEnd': chWith({ calibrationEnd: '2024-01-25' }),
  'calibrationHoldout: calibrationEnd equal to observationEnd': chWith({ calibrationEnd: '2024-01-21' }),
  'calibrationHoldout: timeUnit unknown': chWith({ timeUnit: 'year' }),
  'calibrationHoldout: timeUnit a number': chWith({ timeUnit: 7 }),
  'calibrationHoldout: missing unknown': chWith({ missing: 'drop' }),
  'calibrationHoldout: missing value, missing error': ch(chBase, { ...log, value: [10, null, 8, 12, 4, 9, 3, 7] }),
  'calibrationHoldout: a bad date in the log': ch(chBase, { ...log, day: ['soon', ...log.day.slice(1)] }),
  'calibrationHoldout: transactions null': ch(chBase, null),
  'calibrationHoldout: several wrong at once': ch({ customer: '', date: 3, calibrationEnd: 'soon', timeUnit: 'year', missing: 'x', extra: 1 }),
};

describeRecordedDoors('the CLV diagnostics refuse as recorded on the classic code', FIXTURE, cases);
