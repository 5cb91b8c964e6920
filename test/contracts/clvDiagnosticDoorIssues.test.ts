// The refusals of the CLV model-validation diagnostics still on zod's classic API, recorded
// (issue 21): frequencyRecencyMatrix, holdoutByFrequency, repeatPurchaseDistribution and
// purchaseHeterogeneity move their spec/options (and frequencyBins' maxFrequency) to `zod/mini`,
// and every refusal must read as before. test/fixtures/contracts/clvDiagnosticDoorIssues.json was
// written by this file (`RECORD_DOOR_ISSUES=1 npx vitest run test/contracts/clvDiagnosticDoorIssues.test.ts`)
// on the classic-API code (commit 9c2a81d), before the move; valid calls are recorded too.
import { join } from 'node:path';
import { frequencyRecencyMatrix, holdoutByFrequency, purchaseHeterogeneity, repeatPurchaseDistribution } from '../../src/clv.js';
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
};

describeRecordedDoors('the CLV diagnostics refuse as recorded on the classic code', FIXTURE, cases);
