// The refusals of the CLV scorers still on zod's classic API or checking their model through the
// registry, recorded (issue 21): customerLifetimeValue, discountedExpectedTransactions,
// conditionalPurchaseProbability and probabilityAliveHistory move their arguments to `zod/mini`
// and check each model kind against its own schema (assertModelOf), and every refusal must read
// as before. test/fixtures/contracts/clvScorerDoorIssues.json was written by this file
// (`RECORD_DOOR_ISSUES=1 npx vitest run test/contracts/clvScorerDoorIssues.test.ts`) on the
// classic-API code (commit deb7b4a), before the move; valid calls are recorded too.
// Re-recorded on purpose for 23 cases after the move (stop 45): a horizon of neither form names
// both forms instead of zod's "invalid input", and a version-1 covariate model gets the hint to
// load it with parseModel (the covariate doors check as assertModelOf does).
// And 22 cases: a broken or wrong purchase or spend model is named where the arguments hold it
// (arguments.purchaseModel.kind, arguments.spendModel.params.p), not model.…
// And 1 case (session 46): customers without a monetary column were refused in the name of
// conditionalExpectedSpend, which customerLifetimeValue called; now in customerLifetimeValue's.
import { join } from 'node:path';
import { conditionalPurchaseProbability, customerLifetimeValue, discountedExpectedTransactions, probabilityAliveHistory } from '../../src/clv.js';
import { describeRecordedDoors } from '../helpers/doorOutcome.js';
import { modelCases } from './registry.js';

const FIXTURE = join(__dirname, '../fixtures/contracts/clvScorerDoorIssues.json');

const betaGeo = modelCases.betaGeo.model as Record<string, unknown> & { params: Record<string, number> };
const paretoNbd = modelCases.paretoNbd.model as Record<string, unknown>;
const modifiedBetaGeo = modelCases.modifiedBetaGeo.model as Record<string, unknown>;
const bgbb = modelCases.betaGeoBetaBinomial.model as Record<string, unknown> & { params: Record<string, number> };
const gammaGamma = modelCases.gammaGamma.model as Record<string, unknown> & { params: Record<string, number> };
const betaGeoCovariates = modelCases.betaGeoCovariates.model as Record<string, unknown>;
const paretoNbdCovariates = modelCases.paretoNbdCovariates.model as Record<string, unknown>;
const gammaGammaCovariates = modelCases.gammaGammaCovariates.model as Record<string, unknown>;
const rfm = modelCases.rfm.model;

const customers = {
  frequency: [0, 2, 7, 1, 4, 0],
  recency: [0, 30.43, 29.43, 5, 20, 0],
  T: [38.86, 38.86, 38.86, 30, 35, 12],
  monetary: [0, 22.35, 38.3, 15, 41, 0],
  tier: ['a', 'b', 'c', 'a', 'b', 'c'],
  score: [0.1, 0.5, 0.9, 0.3, 0.7, 0.2],
};
const withGap = { ...customers, frequency: [0, 2, null, 1, 4, 0] };
const histories = { frequency: [0, 2, 3, 5], recency: [0, 3, 5, 6], periods: [6, 6, 6, 6] };

// broken models: a parameter negative, one missing, an extra one, a saved version 1, several at once
const broken = (model: Record<string, unknown> & { params: Record<string, number> }, name: string) => ({
  [`${name} negative`]: { ...model, params: { ...model.params, [Object.keys(model.params)[0]]: -1 } },
  [`${name} param missing`]: { ...model, params: Object.fromEntries(Object.entries(model.params).slice(1)) },
  [`${name} param extra`]: { ...model, params: { ...model.params, extra: 1 } },
  [`${name} version 1`]: { ...model, version: 1 },
  [`${name} spec missing, fitted broken`]: { ...model, spec: undefined, fitted: { n: -1 } },
});
const brokenBetaGeo = broken(betaGeo, 'betaGeo');
const brokenGammaGamma = broken(gammaGamma, 'gammaGamma');
const brokenBgbb = broken(bgbb, 'betaGeoBetaBinomial');

const clvArgs = {
  purchaseModel: betaGeo,
  spendModel: gammaGamma,
  customers,
  horizon: 12,
  timeUnit: 'month',
  discountRate: 0.01,
  margin: 0.3,
} as const;
const clv = (change: Record<string, unknown>) => () => customerLifetimeValue({ ...clvArgs, ...change } as never);
const clvWithout = (key: string) => () => {
  const args: Record<string, unknown> = { ...clvArgs };
  delete args[key];
  return customerLifetimeValue(args as never);
};

const dertOptions = { discountRate: 0.15, timeUnit: 'year' } as const;
const dert =
  (model: unknown, options: unknown, table: unknown = customers) =>
  () =>
    discountedExpectedTransactions(model as never, table as never, options as never);
const cpp =
  (model: unknown, n: unknown, t: unknown, options?: unknown, table: unknown = customers) =>
  () =>
    conditionalPurchaseProbability(model, table as never, n as never, t as never, options as never);
const alive = (model: unknown, times: unknown, spec: unknown) => () => probabilityAliveHistory(model, times as never, spec as never);

const cases: Record<string, () => unknown> = {
  // customerLifetimeValue
  'customerLifetimeValue: valid': clv({}),
  'customerLifetimeValue: valid, interval, cash flows, missing skip': clv({
    horizon: { from: 3, to: 9 },
    cashFlows: true,
    missing: 'skip',
    customers: withGap,
  }),
  'customerLifetimeValue: valid, week, no discount, cashFlows false': clv({ timeUnit: 'week', discountRate: 0, margin: 1, cashFlows: false }),
  'customerLifetimeValue: valid, day, interval from 0': clv({ timeUnit: 'day', horizon: { from: 0, to: 30 } }),
  'customerLifetimeValue: valid, paretoNbd': clv({ purchaseModel: paretoNbd }),
  'customerLifetimeValue: valid, modifiedBetaGeo': clv({ purchaseModel: modifiedBetaGeo }),
  'customerLifetimeValue: valid, betaGeoCovariates': clv({ purchaseModel: betaGeoCovariates }),
  'customerLifetimeValue: valid, paretoNbdCovariates': clv({ purchaseModel: paretoNbdCovariates }),
  'customerLifetimeValue: valid, gammaGammaCovariates spend': clv({ spendModel: gammaGammaCovariates }),
  'customerLifetimeValue: valid, both covariates, missing skip': clv({
    purchaseModel: betaGeoCovariates,
    spendModel: gammaGammaCovariates,
    missing: 'skip',
    customers: withGap,
  }),
  'customerLifetimeValue: args not an object': () => customerLifetimeValue('x' as never),
  'customerLifetimeValue: args null': () => customerLifetimeValue(null as never),
  'customerLifetimeValue: args undefined': () => customerLifetimeValue(undefined as never),
  'customerLifetimeValue: args an array': () => customerLifetimeValue([] as never),
  'customerLifetimeValue: args empty': () => customerLifetimeValue({} as never),
  'customerLifetimeValue: unknown key': clv({ annualDiscountRate: 0.1 }),
  'customerLifetimeValue: purchaseModel missing': clvWithout('purchaseModel'),
  'customerLifetimeValue: purchaseModel null': clv({ purchaseModel: null }),
  'customerLifetimeValue: purchaseModel string': clv({ purchaseModel: 'betaGeo' }),
  'customerLifetimeValue: purchaseModel of another kind (gammaGamma)': clv({ purchaseModel: gammaGamma }),
  'customerLifetimeValue: purchaseModel of another kind (rfm)': clv({ purchaseModel: rfm }),
  'customerLifetimeValue: purchaseModel BG/BB': clv({ purchaseModel: bgbb }),
  'customerLifetimeValue: purchaseModel kind unknown': clv({ purchaseModel: { kind: 'magic' } }),
  'customerLifetimeValue: purchaseModel without kind': clv({ purchaseModel: { params: betaGeo.params } }),
  ...Object.fromEntries(Object.entries(brokenBetaGeo).map(([name, m]) => [`customerLifetimeValue: purchaseModel ${name}`, clv({ purchaseModel: m })])),
  'customerLifetimeValue: purchaseModel paretoNbd params negative': clv({
    purchaseModel: { ...paretoNbd, params: { ...(paretoNbd.params as object), s: -1 } },
  }),
  'customerLifetimeValue: purchaseModel betaGeoCovariates coefficients missing': clv({ purchaseModel: { ...betaGeoCovariates, coefficients: undefined } }),
  'customerLifetimeValue: purchaseModel paretoNbdCovariates version 1': clv({ purchaseModel: { ...paretoNbdCovariates, version: 1 } }),
  'customerLifetimeValue: spendModel missing': clvWithout('spendModel'),
  'customerLifetimeValue: spendModel null': clv({ spendModel: null }),
  'customerLifetimeValue: spendModel number': clv({ spendModel: 3 }),
  'customerLifetimeValue: spendModel of another kind (betaGeo)': clv({ spendModel: betaGeo }),
  'customerLifetimeValue: spendModel kind unknown': clv({ spendModel: { kind: 'magic' } }),
  ...Object.fromEntries(Object.entries(brokenGammaGamma).map(([name, m]) => [`customerLifetimeValue: spendModel ${name}`, clv({ spendModel: m })])),
  'customerLifetimeValue: spendModel gammaGammaCovariates terms wrong': clv({ spendModel: { ...gammaGammaCovariates, terms: 'tier' } }),
  'customerLifetimeValue: customers missing': clvWithout('customers'),
  'customerLifetimeValue: customers null': clv({ customers: null }),
  'customerLifetimeValue: customers string': clv({ customers: 'customers.csv' }),
  'customerLifetimeValue: customers without monetary': clv({ customers: { frequency: [1], recency: [1], T: [2] } }),
  'customerLifetimeValue: customers with a missing value': clv({ customers: withGap }),
  'customerLifetimeValue: horizon missing': clvWithout('horizon'),
  'customerLifetimeValue: horizon 0': clv({ horizon: 0 }),
  'customerLifetimeValue: horizon negative': clv({ horizon: -3 }),
  'customerLifetimeValue: horizon not whole': clv({ horizon: 1.5 }),
  'customerLifetimeValue: horizon too large': clv({ horizon: 100_001 }),
  'customerLifetimeValue: horizon Infinity': clv({ horizon: Infinity }),
  'customerLifetimeValue: horizon NaN': clv({ horizon: Number.NaN }),
  'customerLifetimeValue: horizon a string': clv({ horizon: '12' }),
  'customerLifetimeValue: horizon null': clv({ horizon: null }),
  'customerLifetimeValue: horizon an array': clv({ horizon: [0, 12] }),
  'customerLifetimeValue: horizon interval empty': clv({ horizon: { from: 3, to: 3 } }),
  'customerLifetimeValue: horizon interval reversed': clv({ horizon: { from: 9, to: 3 } }),
  'customerLifetimeValue: horizon interval from negative': clv({ horizon: { from: -1, to: 3 } }),
  'customerLifetimeValue: horizon interval to 0': clv({ horizon: { from: 0, to: 0 } }),
  'customerLifetimeValue: horizon interval not whole': clv({ horizon: { from: 0.5, to: 2.5 } }),
  'customerLifetimeValue: horizon interval without to': clv({ horizon: { from: 3 } }),
  'customerLifetimeValue: horizon interval without from': clv({ horizon: { to: 3 } }),
  'customerLifetimeValue: horizon interval unknown key': clv({ horizon: { from: 0, to: 3, step: 1 } }),
  'customerLifetimeValue: horizon interval strings': clv({ horizon: { from: '0', to: '3' } }),
  'customerLifetimeValue: horizon interval to too large': clv({ horizon: { from: 0, to: 100_001 } }),
  'customerLifetimeValue: horizon empty object': clv({ horizon: {} }),
  'customerLifetimeValue: timeUnit missing': clvWithout('timeUnit'),
  'customerLifetimeValue: timeUnit unknown': clv({ timeUnit: 'fortnight' }),
  'customerLifetimeValue: timeUnit year': clv({ timeUnit: 'year' }),
  'customerLifetimeValue: timeUnit a number': clv({ timeUnit: 7 }),
  'customerLifetimeValue: discountRate missing': clvWithout('discountRate'),
  'customerLifetimeValue: discountRate negative': clv({ discountRate: -0.01 }),
  'customerLifetimeValue: discountRate above 10': clv({ discountRate: 11 }),
  'customerLifetimeValue: discountRate a string': clv({ discountRate: '0.01' }),
  'customerLifetimeValue: discountRate NaN': clv({ discountRate: Number.NaN }),
  'customerLifetimeValue: margin missing': clvWithout('margin'),
  'customerLifetimeValue: margin 0': clv({ margin: 0 }),
  'customerLifetimeValue: margin negative': clv({ margin: -0.3 }),
  'customerLifetimeValue: margin above 1': clv({ margin: 1.5 }),
  'customerLifetimeValue: margin a string': clv({ margin: '30%' }),
  'customerLifetimeValue: missing unknown': clv({ missing: 'drop' }),
  'customerLifetimeValue: missing null': clv({ missing: null }),
  'customerLifetimeValue: cashFlows a string': clv({ cashFlows: 'yes' }),
  'customerLifetimeValue: cashFlows a number': clv({ cashFlows: 1 }),
  'customerLifetimeValue: several wrong at once': clv({ horizon: 0, timeUnit: 'year', discountRate: -1, margin: 2, missing: 1, cashFlows: 'no', extra: true }),
  'customerLifetimeValue: several wrong at once, models too': () =>
    customerLifetimeValue({ purchaseModel: null, spendModel: 'x', customers: 1, horizon: { from: 5, to: 2 }, margin: 0 } as never),
  'customerLifetimeValue: valid args, both models broken': clv({
    purchaseModel: brokenBetaGeo['betaGeo negative'],
    spendModel: brokenGammaGamma['gammaGamma negative'],
  }),
  'customerLifetimeValue: bad horizon and a broken model': clv({ horizon: 0, purchaseModel: brokenBetaGeo['betaGeo negative'] }),

  // discountedExpectedTransactions
  'discountedExpectedTransactions: valid': dert(betaGeo, dertOptions),
  'discountedExpectedTransactions: valid, horizon number': dert(betaGeo, { ...dertOptions, horizon: 1 }),
  'discountedExpectedTransactions: valid, horizon from': dert(betaGeo, { ...dertOptions, horizon: { from: 1 } }),
  'discountedExpectedTransactions: valid, horizon from to': dert(betaGeo, { ...dertOptions, horizon: { from: 0.5, to: 2 } }),
  'discountedExpectedTransactions: valid, horizon to only, no discount': dert(betaGeo, { discountRate: 0, timeUnit: 'month', horizon: { to: 6 } }),
  'discountedExpectedTransactions: valid, week, missing skip': dert(betaGeo, { discountRate: 0.003, timeUnit: 'week', missing: 'skip' }, withGap),
  'discountedExpectedTransactions: valid, paretoNbd closed form': dert(paretoNbd, dertOptions),
  'discountedExpectedTransactions: valid, paretoNbd interval': dert(paretoNbd, { ...dertOptions, horizon: { from: 1, to: 3 } }),
  'discountedExpectedTransactions: valid, modifiedBetaGeo': dert(modifiedBetaGeo, { ...dertOptions, horizon: 2 }),
  'discountedExpectedTransactions: valid, BG/BB': dert(bgbb, dertOptions, histories),
  'discountedExpectedTransactions: valid, BG/BB interval in months': dert(
    bgbb,
    { discountRate: 0.01, timeUnit: 'month', horizon: { from: 12, to: 60 } },
    histories,
  ),
  'discountedExpectedTransactions: model null': dert(null, dertOptions),
  'discountedExpectedTransactions: model a string': dert('betaGeo', dertOptions),
  'discountedExpectedTransactions: model kind unknown': dert({ kind: 'magic' }, dertOptions),
  'discountedExpectedTransactions: model of another kind (gammaGamma)': dert(gammaGamma, dertOptions),
  'discountedExpectedTransactions: model with covariates': dert(betaGeoCovariates, dertOptions),
  ...Object.fromEntries(Object.entries(brokenBetaGeo).map(([name, m]) => [`discountedExpectedTransactions: model ${name}`, dert(m, dertOptions)])),
  ...Object.fromEntries(Object.entries(brokenBgbb).map(([name, m]) => [`discountedExpectedTransactions: model ${name}`, dert(m, dertOptions, histories)])),
  'discountedExpectedTransactions: modifiedBetaGeo params extra': dert(
    { ...modifiedBetaGeo, params: { ...(modifiedBetaGeo.params as object), c: 1 } },
    dertOptions,
  ),
  'discountedExpectedTransactions: broken model and bad options': dert(brokenBetaGeo['betaGeo negative'], { discountRate: -1 }),
  'discountedExpectedTransactions: options not an object': dert(betaGeo, 'x'),
  'discountedExpectedTransactions: options null': dert(betaGeo, null),
  'discountedExpectedTransactions: options undefined': dert(betaGeo, undefined),
  'discountedExpectedTransactions: options empty': dert(betaGeo, {}),
  'discountedExpectedTransactions: unknown key': dert(betaGeo, { ...dertOptions, annualDiscountRate: 0.1 }),
  'discountedExpectedTransactions: discountRate missing': dert(betaGeo, { timeUnit: 'year' }),
  'discountedExpectedTransactions: discountRate negative': dert(betaGeo, { ...dertOptions, discountRate: -0.1 }),
  'discountedExpectedTransactions: discountRate above 100': dert(betaGeo, { ...dertOptions, discountRate: 101 }),
  'discountedExpectedTransactions: discountRate a string': dert(betaGeo, { ...dertOptions, discountRate: '0.15' }),
  'discountedExpectedTransactions: discountRate NaN': dert(betaGeo, { ...dertOptions, discountRate: Number.NaN }),
  'discountedExpectedTransactions: discountRate 0 without an end': dert(betaGeo, { ...dertOptions, discountRate: 0 }),
  'discountedExpectedTransactions: discountRate 0 from without an end': dert(betaGeo, { ...dertOptions, discountRate: 0, horizon: { from: 1 } }),
  'discountedExpectedTransactions: BG/BB rate too small without an end': dert(bgbb, { discountRate: 1e-6, timeUnit: 'month' }, histories),
  'discountedExpectedTransactions: timeUnit missing': dert(betaGeo, { discountRate: 0.15 }),
  'discountedExpectedTransactions: timeUnit unknown': dert(betaGeo, { ...dertOptions, timeUnit: 'fortnight' }),
  'discountedExpectedTransactions: timeUnit a number': dert(betaGeo, { ...dertOptions, timeUnit: 365 }),
  'discountedExpectedTransactions: horizon 0': dert(betaGeo, { ...dertOptions, horizon: 0 }),
  'discountedExpectedTransactions: horizon negative': dert(betaGeo, { ...dertOptions, horizon: -1 }),
  'discountedExpectedTransactions: horizon Infinity': dert(betaGeo, { ...dertOptions, horizon: Infinity }),
  'discountedExpectedTransactions: horizon NaN': dert(betaGeo, { ...dertOptions, horizon: Number.NaN }),
  'discountedExpectedTransactions: horizon a string': dert(betaGeo, { ...dertOptions, horizon: '1' }),
  'discountedExpectedTransactions: horizon null': dert(betaGeo, { ...dertOptions, horizon: null }),
  'discountedExpectedTransactions: horizon an array': dert(betaGeo, { ...dertOptions, horizon: [0, 1] }),
  'discountedExpectedTransactions: horizon empty object': dert(betaGeo, { ...dertOptions, horizon: {} }),
  'discountedExpectedTransactions: horizon from negative': dert(betaGeo, { ...dertOptions, horizon: { from: -1 } }),
  'discountedExpectedTransactions: horizon from Infinity': dert(betaGeo, { ...dertOptions, horizon: { from: Infinity } }),
  'discountedExpectedTransactions: horizon to Infinity': dert(betaGeo, { ...dertOptions, horizon: { from: 1, to: Infinity } }),
  'discountedExpectedTransactions: horizon interval empty': dert(betaGeo, { ...dertOptions, horizon: { from: 2, to: 2 } }),
  'discountedExpectedTransactions: horizon interval reversed': dert(betaGeo, { ...dertOptions, horizon: { from: 3, to: 1 } }),
  'discountedExpectedTransactions: horizon to 0': dert(betaGeo, { ...dertOptions, horizon: { to: 0 } }),
  'discountedExpectedTransactions: horizon interval strings': dert(betaGeo, { ...dertOptions, horizon: { from: '1', to: '2' } }),
  'discountedExpectedTransactions: horizon interval unknown key': dert(betaGeo, { ...dertOptions, horizon: { from: 1, until: 2 } }),
  'discountedExpectedTransactions: horizon from null': dert(betaGeo, { ...dertOptions, horizon: { from: null, to: 2 } }),
  'discountedExpectedTransactions: missing unknown': dert(betaGeo, { ...dertOptions, missing: 'drop' }),
  'discountedExpectedTransactions: customers without T': dert(betaGeo, dertOptions, { frequency: [1], recency: [1] }),
  'discountedExpectedTransactions: customers with a missing value': dert(betaGeo, dertOptions, withGap),
  'discountedExpectedTransactions: several wrong at once': dert(betaGeo, {
    discountRate: '1',
    timeUnit: 'fortnight',
    horizon: { from: -1, to: -2 },
    missing: 0,
    x: 1,
  }),

  // conditionalPurchaseProbability
  'conditionalPurchaseProbability: valid': cpp(betaGeo, 0, 10),
  'conditionalPurchaseProbability: valid, n 2, missing skip': cpp(betaGeo, 2, 26, { missing: 'skip' }, withGap),
  'conditionalPurchaseProbability: valid, t 0, options empty': cpp(betaGeo, 0, 0, {}),
  'conditionalPurchaseProbability: valid, paretoNbd': cpp(paretoNbd, 1, 10),
  'conditionalPurchaseProbability: valid, modifiedBetaGeo': cpp(modifiedBetaGeo, 1, 10, { missing: 'error' }),
  'conditionalPurchaseProbability: valid, BG/BB': cpp(bgbb, 1, 3, undefined, histories),
  'conditionalPurchaseProbability: n negative': cpp(betaGeo, -1, 10),
  'conditionalPurchaseProbability: n not whole': cpp(betaGeo, 1.5, 10),
  'conditionalPurchaseProbability: n a string': cpp(betaGeo, '1', 10),
  'conditionalPurchaseProbability: n NaN': cpp(betaGeo, Number.NaN, 10),
  'conditionalPurchaseProbability: t negative': cpp(betaGeo, 1, -1),
  'conditionalPurchaseProbability: t NaN': cpp(betaGeo, 1, Number.NaN),
  'conditionalPurchaseProbability: t Infinity': cpp(betaGeo, 1, Infinity),
  'conditionalPurchaseProbability: t a string': cpp(betaGeo, 1, '10'),
  'conditionalPurchaseProbability: t missing': cpp(betaGeo, 1, undefined),
  'conditionalPurchaseProbability: BG/BB t not whole': cpp(bgbb, 1, 2.5, undefined, histories),
  'conditionalPurchaseProbability: options not an object': cpp(betaGeo, 1, 10, 'skip'),
  'conditionalPurchaseProbability: options null': cpp(betaGeo, 1, 10, null),
  'conditionalPurchaseProbability: options an array': cpp(betaGeo, 1, 10, []),
  'conditionalPurchaseProbability: unknown key': cpp(betaGeo, 1, 10, { horizon: 10 }),
  'conditionalPurchaseProbability: missing unknown': cpp(betaGeo, 1, 10, { missing: 'drop' }),
  'conditionalPurchaseProbability: missing a number': cpp(betaGeo, 1, 10, { missing: 0 }),
  'conditionalPurchaseProbability: model null': cpp(null, 1, 10),
  'conditionalPurchaseProbability: model kind unknown': cpp({ kind: 'magic' }, 1, 10),
  'conditionalPurchaseProbability: model of another kind (gammaGamma)': cpp(gammaGamma, 1, 10),
  'conditionalPurchaseProbability: model with covariates': cpp(betaGeoCovariates, 1, 10),
  ...Object.fromEntries(Object.entries(brokenBetaGeo).map(([name, m]) => [`conditionalPurchaseProbability: model ${name}`, cpp(m, 1, 10)])),
  ...Object.fromEntries(Object.entries(brokenBgbb).map(([name, m]) => [`conditionalPurchaseProbability: model ${name}`, cpp(m, 1, 3, undefined, histories)])),
  'conditionalPurchaseProbability: paretoNbd params extra': cpp({ ...paretoNbd, params: { ...(paretoNbd.params as object), gamma: 1 } }, 1, 10),
  'conditionalPurchaseProbability: customers without frequency': cpp(betaGeo, 1, 10, undefined, { recency: [1], T: [2] }),
  'conditionalPurchaseProbability: customers with a missing value': cpp(betaGeo, 1, 10, undefined, withGap),
  'conditionalPurchaseProbability: several wrong at once (options and model)': cpp({ kind: 'magic' }, 1, 10, { missing: 'drop', extra: 1 }),
  'conditionalPurchaseProbability: n and options wrong': cpp(betaGeo, -1, 10, { missing: 'drop' }),

  // probabilityAliveHistory
  'probabilityAliveHistory: valid': alive(betaGeo, [0, 2.5, 4, 10], { T: 20 }),
  'probabilityAliveHistory: valid, step': alive(betaGeo, [0, 2.5, 4, 10], { T: 20, step: 0.5 }),
  'probabilityAliveHistory: valid, typed array, same times': alive(betaGeo, new Float64Array([1, 3, 3]), { T: 3, step: 2 }),
  'probabilityAliveHistory: valid, paretoNbd': alive(paretoNbd, [0, 3], { T: 6 }),
  'probabilityAliveHistory: valid, modifiedBetaGeo': alive(modifiedBetaGeo, [0, 3], { T: 6, step: 3 }),
  'probabilityAliveHistory: valid, BG/BB': alive(bgbb, [0, 1, 3], { T: 5 }),
  'probabilityAliveHistory: spec not an object': alive(betaGeo, [0, 1], 20),
  'probabilityAliveHistory: spec null': alive(betaGeo, [0, 1], null),
  'probabilityAliveHistory: spec undefined': alive(betaGeo, [0, 1], undefined),
  'probabilityAliveHistory: spec empty': alive(betaGeo, [0, 1], {}),
  'probabilityAliveHistory: unknown key': alive(betaGeo, [0, 1], { T: 20, end: 20 }),
  'probabilityAliveHistory: T negative': alive(betaGeo, [0, 1], { T: -1 }),
  'probabilityAliveHistory: T Infinity': alive(betaGeo, [0, 1], { T: Infinity }),
  'probabilityAliveHistory: T NaN': alive(betaGeo, [0, 1], { T: Number.NaN }),
  'probabilityAliveHistory: T a string': alive(betaGeo, [0, 1], { T: '20' }),
  'probabilityAliveHistory: step 0': alive(betaGeo, [0, 1], { T: 20, step: 0 }),
  'probabilityAliveHistory: step negative': alive(betaGeo, [0, 1], { T: 20, step: -1 }),
  'probabilityAliveHistory: step Infinity': alive(betaGeo, [0, 1], { T: 20, step: Infinity }),
  'probabilityAliveHistory: step a string': alive(betaGeo, [0, 1], { T: 20, step: '1' }),
  'probabilityAliveHistory: step null': alive(betaGeo, [0, 1], { T: 20, step: null }),
  'probabilityAliveHistory: too many points': alive(betaGeo, [0, 1], { T: 20, step: 1e-5 }),
  'probabilityAliveHistory: several wrong at once': alive(betaGeo, [0, 1], { T: -1, step: 0, extra: 1 }),
  'probabilityAliveHistory: BG/BB T not whole': alive(bgbb, [0, 1], { T: 5.5 }),
  'probabilityAliveHistory: BG/BB step not whole': alive(bgbb, [0, 1], { T: 5, step: 0.5 }),
  'probabilityAliveHistory: BG/BB times not whole, repeated': alive(bgbb, [0, 1.5, 2, 2], { T: 5 }),
  'probabilityAliveHistory: times empty': alive(betaGeo, [], { T: 20 }),
  'probabilityAliveHistory: times not an array': alive(betaGeo, '0,1', { T: 20 }),
  'probabilityAliveHistory: times wrong': alive(betaGeo, [1, 0, -1, 'x', 30], { T: 20 }),
  'probabilityAliveHistory: model null': alive(null, [0, 1], { T: 20 }),
  'probabilityAliveHistory: model kind unknown': alive({ kind: 'magic' }, [0, 1], { T: 20 }),
  'probabilityAliveHistory: model of another kind (gammaGamma)': alive(gammaGamma, [0, 1], { T: 20 }),
  'probabilityAliveHistory: model with covariates': alive(paretoNbdCovariates, [0, 1], { T: 20 }),
  ...Object.fromEntries(Object.entries(brokenBetaGeo).map(([name, m]) => [`probabilityAliveHistory: model ${name}`, alive(m, [0, 1], { T: 20 })])),
  ...Object.fromEntries(Object.entries(brokenBgbb).map(([name, m]) => [`probabilityAliveHistory: model ${name}`, alive(m, [0, 1], { T: 5 })])),
  'probabilityAliveHistory: modifiedBetaGeo param missing': alive({ ...modifiedBetaGeo, params: { r: 1 } }, [0, 1], { T: 20 }),
  'probabilityAliveHistory: broken model and bad spec': alive(brokenBetaGeo['betaGeo negative'], [0, 1], { T: -1 }),
};

describeRecordedDoors('the CLV scorers refuse as recorded on the classic code', FIXTURE, cases);
