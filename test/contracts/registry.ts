// Every public function with a valid call, so the contract suite can attack each argument.
// `data` marks the argument holding a table (rows, columns or Arrow), `spec` one holding a spec
// or options object; `pending` lists exports the suite does not cover yet, with the reason.
import * as root from '../../src/index.js';
import * as clvEntry from '../../src/clv.js';
import * as plsEntry from '../../src/pls.js';
import * as warehouseEntry from '../../src/warehouse.js';
import * as lib from '../helpers/library.js';
import * as node from '../../src/node/index.js';
import * as charts from '../../src/charts/index.js';
import * as arrow from '../../src/arrow/index.js';
import * as report from '../../src/report/index.js';
import * as duckdb from '../../src/duckdb.js';
import * as postgres from '../../src/postgres.js';
import { readFileSync } from 'node:fs';
import { Readable, Writable } from 'node:stream';
import { join } from 'node:path';
import { readFixtureCsv, readFixtureJson } from '../helpers/fixtures.js';
import type { ModelKind } from '../../src/model/kinds.js';

export const entries = { root, clv: clvEntry, pls: plsEntry, warehouse: warehouseEntry, node, charts, arrow, report, duckdb, postgres };

/** The function a contract's name stands for: `name@node` in the node entry, else the first entry exporting `name` (root, clv, pls, warehouse, node, charts, arrow, report, duckdb, postgres). */
export function contractFunction(name: string): (...args: unknown[]) => unknown {
  const found = name.endsWith('@node')
    ? (entries.node as Record<string, unknown>)[name.slice(0, -'@node'.length)]
    : Object.values(entries)
        .map((entry) => (entry as Record<string, unknown>)[name])
        .find((value) => value !== undefined);
  if (typeof found !== 'function') throw new Error(`no entry exports a function named ${name}`);
  return found as (...args: unknown[]) => unknown;
}

const mobi = readFixtureCsv('satisfaction/ecsi_mobi.csv').columns as Record<string, Float64Array>;
const survey = Object.fromEntries(Object.entries(mobi).map(([k, v]) => [k, Array.from(v.subarray(0, 80))]));
const surveyJsForm = readFixtureJson('satisfaction/surveyjs_csat_form.json');
const surveyJsResults = readFixtureJson('satisfaction/surveyjs_csat_results.json');
const log = {
  customer: Array.from({ length: 60 }, (_, i) => 1 + ((i * i) % 11)),
  date: Array.from({ length: 60 }, (_, i) => `2024-${String(1 + (i % 9)).padStart(2, '0')}-${String(1 + ((i * 7) % 27)).padStart(2, '0')}`),
  amount: Array.from({ length: 60 }, (_, i) => 5 + ((i * 37) % 50)),
};
const logSpec = { customer: 'customer', date: 'date', amount: 'amount' };
const warehouseLogSpec = { ...logSpec, observationEnd: '2024-10-01', timeUnit: 'week', missing: 'skip' } as const;
const summary = lib.summarizeTransactions(log, { ...logSpec, observationEnd: '2024-10-01', timeUnit: 'week' });
const customers = {
  frequency: Array.from(summary.frequency),
  recency: Array.from(summary.recency),
  T: Array.from(summary.T),
  monetary: Array.from(summary.monetary),
  revenue: Array.from(summary.revenue),
};
const rfmSpec = { recency: { column: 'recency', better: 'higher' as const }, frequency: { column: 'frequency' }, monetary: { column: 'revenue' } };
const rfm = lib.fitRfm(customers, rfmSpec);
const pyramidSpec = { dimensions: [{ column: 'revenue' }, { column: 'frequency' }] };
const pyramid = lib.fitValuePyramid(customers, pyramidSpec);
const indexSpec = { items: ['PERQ1', 'PERQ2', 'PERQ3', 'PERQ4'], scale: [1, 10] as [number, number] };
const index = lib.fitSatisfactionIndex(survey, indexSpec);
const segmentSpec = { features: ['recency', 'frequency', 'revenue'], k: 2, seed: 1 };
const segments = lib.fitSegments(customers, segmentSpec);
const cdnow = readFixtureCsv('value/cdnow_customers_summary.csv').columns;
const cdnowColumns = Object.fromEntries(Object.entries(cdnow).map(([k, v]) => [k, Array.from(v as ArrayLike<unknown>)]));
const cdnowLog = (() => {
  const text = readFileSync(join(__dirname, '../../examples/data/cdnow_master.csv'), 'utf8').trim().split('\n').slice(0, 6001);
  return lib.parseCsv(text.join('\n')).columns;
})();
const betaGeo = lib.fitBetaGeo(cdnow, { timeUnit: 'week' });
// CDNOW's summary with a categorical and a numeric covariate (issue 19).
const covariateSummary = {
  ...cdnowColumns,
  tier: (cdnowColumns.frequency as number[]).map((_, i) => ['a', 'b', 'c'][(i * 7) % 3]),
  score: (cdnowColumns.frequency as number[]).map((_, i) => ((i * 37) % 11) / 10),
};
const covariateSpec = { timeUnit: 'week' as const, covariates: { columns: [{ column: 'tier', categorical: true }, { column: 'score' }], shared: false } };
const betaGeoCovariates = lib.fitBetaGeoWithCovariates(covariateSummary, covariateSpec);
const paretoNbdCovariates = lib.fitParetoNbdWithCovariates(covariateSummary, covariateSpec);
const paretoNbd = lib.fitParetoNbd(cdnow, { timeUnit: 'week' });
const modifiedBetaGeo = lib.fitModifiedBetaGeo(cdnow, { timeUnit: 'week' });
let analysis: unknown;
const reportAnalysis = () =>
  (analysis ??= report.analyzeCustomerValue(cdnowLog, { customer: 'customer_id', date: 'date', amount: 'dollar_value', observationEnd: '1997-06-30' }));
const spend = { frequency: [2, 3, 1, 4, 2, 5], monetary: [20, 35, 12, 50, 18, 41] };
const gammaData = {
  frequency: Array.from({ length: 40 }, (_, i) => 1 + (i % 6)),
  monetary: Array.from({ length: 40 }, (_, i) => 10 + ((i * 13) % 37) + (i % 5) * 3.7),
};
const gammaGamma = lib.fitGammaGamma(gammaData, {});
const betaGeoDraws = lib.clvParameterDraws(betaGeo, cdnowColumns, { method: 'delta', draws: 20 });
const gammaGammaDraws = lib.clvParameterDraws(gammaGamma, gammaData, { method: 'delta', draws: 20 });
// Gamma-Gamma with a categorical and a numeric covariate on spend (issue 19): 120 repeat
// customers whose spend grows with the tier (a spend gammaData alone does not identify β on).
const gammaCovariateData = {
  frequency: Array.from({ length: 120 }, (_, i) => 1 + (i % 5)),
  monetary: Array.from({ length: 120 }, (_, i) => (1 + 0.5 * ((i * 7) % 3)) * (20 + ((i * 37) % 23))),
  tier: Array.from({ length: 120 }, (_, i) => ['a', 'b', 'c'][(i * 7) % 3]),
  score: Array.from({ length: 120 }, (_, i) => ((i * 37) % 11) / 10),
};
// `regularization: 0` (no penalty) keeps tableKinds.test.ts from taking `covariates` ({ columns: [...] },
// an object of one array) for a table inside the spec.
const gammaCovariateSpec = { covariates: { columns: [{ column: 'tier', categorical: true }, { column: 'score' }], regularization: 0 } };
const gammaGammaCovariates = lib.fitGammaGammaWithCovariates(gammaCovariateData, gammaCovariateSpec);
const plsSpec = {
  constructs: { Value: { items: ['PERV1', 'PERV2'] }, Satisfaction: { items: ['CUSA1', 'CUSA2', 'CUSA3'] } },
  paths: [['Value', 'Satisfaction']] as [string, string][],
  scale: [1, 10] as [number, number],
};
const pls = lib.fitPlsPathModel(survey, plsSpec);
const groupedSurvey = { ...survey, segment: survey.PERV1.map((_, i) => (i % 2 === 0 ? 'loyal' : 'new')) };
const events = {
  customer: [1, 1, 1, 2, 2, 2, 3, 3, 3],
  step: [1, 2, 3, 1, 2, 3, 1, 2, 3],
  touchpoint: ['a', 'b', 'c', 'a', 'b', 'c', 'a', 'b', 'c'],
  rating: [8, 3, 7, 6, 6, 9, 2, 8, 5],
};
const bigEvents = {
  customer: Array.from({ length: 36 }, (_, i) => 1 + Math.floor(i / 3)),
  step: Array.from({ length: 36 }, (_, i) => 1 + (i % 3)),
  touchpoint: Array.from({ length: 36 }, (_, i) => ['a', 'b', 'c'][i % 3]),
  rating: Array.from({ length: 36 }, (_, i) => 1 + ((i * 7) % 10)),
};
const peakEndSpec = { customer: 'customer', order: 'step', touchpoint: 'touchpoint', rating: 'rating', scale: [1, 10] as [number, number] };

// Fader & Hardie (2007) Table 1, regular segment: survivors of 1,000 customers, years 0–7
const retentionTable = { period: [0, 1, 2, 3, 4, 5, 6, 7], survivors: [1000, 631, 468, 382, 326, 289, 262, 241] };
const retentionSpec = { periodUnit: 'year' } as const;
const shiftedBetaGeometric = lib.fitShiftedBetaGeometric(retentionTable, retentionSpec);
const betaDiscreteWeibull = lib.fitBetaDiscreteWeibull(retentionTable, retentionSpec);
// Fader, Hardie & Shang (2010) donations, grouped (examples/data/bgbb_donations_summary.csv)
const donations = Object.fromEntries(
  Object.entries(lib.parseCsv(readFileSync(join(__dirname, '../../examples/data/bgbb_donations_summary.csv'), 'utf8')).columns).map(([k, v]) => [
    k,
    Array.from(v as ArrayLike<number>),
  ]),
);
const donationsSpec = { periodUnit: 'year', columns: { count: 'weights' } } as const;
const betaGeoBetaBinomial = lib.fitBetaGeoBetaBinomial(donations, donationsSpec);
// BG/BB histories with a categorical and a numeric covariate (issue 19): the first 400 simulated
// customers of test/fixtures/loyalty/make_bgbb_covariates_reference.py.
const discreteCovariateData = Object.fromEntries(
  Object.entries(readFixtureJson<{ data: Record<string, unknown[]> }>('loyalty/bgbb_covariates_reference.json').data).map(([k, v]) => [k, v.slice(0, 400)]),
);
const discreteCovariateSpec = {
  periodUnit: 'year',
  covariates: { columns: [{ column: 'segment', categorical: true }, { column: 'score' }], shared: false },
} as const;
const betaGeoBetaBinomialCovariates = lib.fitBetaGeoBetaBinomialWithCovariates(discreteCovariateData, discreteCovariateSpec);

export interface Contract {
  /** A valid call's arguments. */
  readonly args: () => unknown[];
  /** Index of the table argument, if any. */
  readonly data?: number;
  /** Index of the spec / options argument, if any. */
  readonly spec?: number;
  /** A column of the table the function reads (numeric, unless it holds dates): where column attacks land. */
  readonly column?: string;
  /** Argument indexes where any string is valid (a file path): no garbage-string attack there. */
  readonly paths?: readonly number[];
}

export const contracts: Record<string, Contract> = {
  summarizeTransactions: { args: () => [log, { ...logSpec, observationEnd: '2024-10-01', timeUnit: 'week' }], data: 0, spec: 1, column: 'amount' },
  fitRfm: { args: () => [customers, rfmSpec], data: 0, spec: 1, column: 'revenue' },
  scoreRfm: { args: () => [rfm, customers], data: 1, column: 'revenue' },
  fitValuePyramid: { args: () => [customers, pyramidSpec], data: 0, spec: 1, column: 'revenue' },
  scoreValuePyramid: { args: () => [pyramid, customers], data: 1, column: 'revenue' },
  tierSummary: { args: () => [pyramid, customers, { revenue: 'revenue' }], data: 1, spec: 2, column: 'revenue' },
  costToServe: {
    args: () => [
      { account: [1, 1, 2], cost: [5, 7, 3], stage: ['sale', 'after-sale', 'sale'] },
      { customer: 'account', cost: 'cost', stage: 'stage' },
    ],
    data: 0,
    spec: 1,
    column: 'cost',
  },
  fitSatisfactionIndex: { args: () => [survey, indexSpec], data: 0, spec: 1, column: 'PERQ2' },
  scoreSatisfactionIndex: { args: () => [index, survey], data: 1, column: 'PERQ2' },
  cronbachAlpha: { args: () => [survey, ['PERQ1', 'PERQ2', 'PERQ3']], data: 0, column: 'PERQ2' },
  kmo: { args: () => [survey, ['PERQ1', 'PERQ2', 'PERQ3']], data: 0, column: 'PERQ2' },
  bartlettSphericity: { args: () => [survey, ['PERQ1', 'PERQ2', 'PERQ3']], data: 0, column: 'PERQ2' },
  expectationGap: { args: () => [survey, { pairs: [{ perceived: 'PERQ1', expected: 'CUEX1' }], scale: [1, 10] }], data: 0, spec: 1, column: 'PERQ1' },
  importancePerformance: { args: () => [survey, { items: ['PERQ1', 'PERQ2'], overall: 'CUSA1' }], data: 0, spec: 1, column: 'PERQ2' },
  overallMismatch: { args: () => [index, survey, { overall: 'CUSA1', threshold: 25 }], data: 1, spec: 2, column: 'PERQ2' },
  fitPlsPathModel: { args: () => [survey, plsSpec], data: 0, spec: 1, column: 'PERV1' },
  // the results are rows of SurveyJS answers (nested objects for a matrix), not a table: attacked as a whole argument
  fromSurveyJs: { args: () => [surveyJsForm, surveyJsResults, { reverse: ['wait_too_long'], rename: { overall: 'overall_satisfaction' } }], spec: 2 },
  scorePlsPathModel: { args: () => [pls, survey], data: 1, column: 'PERV1' },
  bootstrapPlsPathModel: { args: () => [pls, survey, { samples: 20 }], data: 1, spec: 2, column: 'PERV1' },
  assessPlsPathModel: { args: () => [pls, survey, {}], data: 1, spec: 2, column: 'PERV1' },
  measurementInvariance: { args: () => [groupedSurvey, plsSpec, { group: 'segment', permutations: 19 }], data: 0, spec: 1, column: 'PERV1' },
  comparePlsGroups: { args: () => [groupedSurvey, plsSpec, { group: 'segment', permutations: 19, samples: 10 }], data: 0, spec: 1, column: 'PERV1' },
  // the options (folds, repetitions, seed) are attacked in test/satisfaction/plsPredict.test.ts; here the model spec, as fitPlsPathModel's
  plsPredict: { args: () => [survey, plsSpec], data: 0, spec: 1, column: 'PERV1' },
  satisfactionIndex100: { args: () => [pls, survey, 'Satisfaction'], data: 1, column: 'CUSA2' },
  importancePerformanceMap: { args: () => [pls, survey, 'Satisfaction'], data: 1, column: 'PERV1' },
  satisfactionIndexByGroup: { args: () => [pls, groupedSurvey, { group: 'segment', samples: 10 }], data: 1, spec: 2, column: 'PERV1' },
  satisfactionImpacts: { args: () => [pls, survey, { samples: 10 }], data: 1, spec: 2, column: 'PERV1' },
  fitBetaGeo: { args: () => [cdnowColumns, { timeUnit: 'week' }], data: 0, spec: 1, column: 'frequency' },
  fitBetaGeoWithCovariates: { args: () => [covariateSummary, covariateSpec], data: 0, spec: 1, column: 'score' },
  betaGeoCovariatePredictions: { args: () => [betaGeoCovariates, covariateSummary, { horizon: 10 }], data: 1, spec: 2, column: 'score' },
  newCustomerExpectedPurchases: { args: () => [betaGeoCovariates, covariateSummary, { t: 10 }], data: 1, spec: 2, column: 'score' },
  fitParetoNbdWithCovariates: { args: () => [covariateSummary, covariateSpec], data: 0, spec: 1, column: 'score' },
  paretoNbdCovariatePredictions: { args: () => [paretoNbdCovariates, covariateSummary, { horizon: 10 }], data: 1, spec: 2, column: 'score' },
  fitGammaGamma: { args: () => [gammaData, {}], data: 0, spec: 1, column: 'monetary' },
  fitGammaGammaWithCovariates: { args: () => [gammaCovariateData, gammaCovariateSpec], data: 0, spec: 1, column: 'score' },
  conditionalExpectedSpendWithCovariates: { args: () => [gammaGammaCovariates, gammaCovariateData, {}], data: 1, spec: 2, column: 'score' },
  newCustomerExpectedSpend: { args: () => [gammaGammaCovariates, gammaCovariateData, {}], data: 1, spec: 2, column: 'score' },
  probabilityAlive: { args: () => [betaGeo, customers], data: 1, column: 'frequency' },
  conditionalExpectedPurchases: { args: () => [betaGeo, customers, 10], data: 1, column: 'frequency' },
  conditionalPurchaseProbability: { args: () => [betaGeo, customers, 1, 10], data: 1, column: 'frequency' },
  purchaseCountPredictionIntervals: { args: () => [betaGeo, customers, 10, {}], data: 1, spec: 3, column: 'frequency' },
  conditionalExpectedSpend: { args: () => [gammaGamma, spend], data: 1, column: 'monetary' },
  customerLifetimeValue: {
    args: () => [{ purchaseModel: betaGeo, spendModel: gammaGamma, customers, horizon: 12, timeUnit: 'week', discountRate: 0.001, margin: 0.3 }],
    spec: 0,
  },
  clvParameterDraws: { args: () => [betaGeo, cdnowColumns, { draws: 5, seed: 1 }], data: 1, spec: 2, column: 'frequency' },
  clvModelAtDraw: { args: () => [betaGeoCovariates, lib.clvParameterDraws(betaGeoCovariates, covariateSummary, { method: 'delta', draws: 2 }).draws[0]] },
  clvConfidenceIntervals: {
    args: () => [
      {
        purchaseModel: betaGeo,
        purchaseDraws: betaGeoDraws,
        spendModel: gammaGamma,
        spendDraws: gammaGammaDraws,
        customers,
        horizon: 12,
        timeUnit: 'week',
        margin: 0.3,
      },
    ],
    spec: 0,
  },
  cohortRetention: { args: () => [log, { customer: 'customer', date: 'date', period: 'month', amount: 'amount' }], data: 0, spec: 1, column: 'amount' },
  customerFlows: { args: () => [log, { customer: 'customer', date: 'date', period: 'quarter' }], data: 0, spec: 1, column: 'date' },
  retentionRate: { args: () => [log, { customer: 'customer', date: 'date', period: 'quarter' }], data: 0, spec: 1, column: 'date' },
  churnRate: { args: () => [log, { customer: 'customer', date: 'date', period: 'quarter' }], data: 0, spec: 1, column: 'date' },
  repeatPurchaseRate: { args: () => [customers, {}], data: 0, spec: 1, column: 'frequency' },
  purchaseFrequencyDistribution: { args: () => [customers, {}], data: 0, spec: 1, column: 'frequency' },
  productHoldingChurn: {
    args: () => [
      { products: [1, 2, 2, 3, 1, 1], churned: [1, 0, 0, 0, 1, 0] },
      { products: 'products', churned: 'churned' },
    ],
    data: 0,
    spec: 1,
  },
  loyaltyMatrix: {
    args: () => [survey, { satisfaction: 'CUSA1', repurchase: 'CUSL1', thresholds: { satisfaction: 7, repurchase: 7 } }],
    data: 0,
    spec: 1,
    column: 'CUSA1',
  },
  valueSatisfactionMap: {
    args: () => [
      { value: [1, 5, 3, 8], satisfaction: [7, 2, 9, 4] },
      { value: 'value', satisfaction: 'satisfaction' },
    ],
    data: 0,
    spec: 1,
    column: 'value',
  },
  lifecycleStages: {
    args: () => [log, { customer: 'customer', date: 'date', observationEnd: '2024-10-01', timeUnit: 'week', explorationPeriod: 4, recentWindow: 8 }],
    data: 0,
    spec: 1,
    column: 'date',
  },
  peakEndScores: { args: () => [events, peakEndSpec], data: 0, spec: 1, column: 'rating' },
  touchpointSummary: { args: () => [events, peakEndSpec], data: 0, spec: 1, column: 'rating' },
  fitSegments: { args: () => [customers, segmentSpec], data: 0, spec: 1, column: 'frequency' },
  scoreSegments: { args: () => [segments, customers], data: 1, column: 'frequency' },
  chooseK: { args: () => [customers, { features: ['recency', 'frequency', 'revenue'], kRange: [2, 3], seed: 1 }], data: 0, spec: 1, column: 'frequency' },
  compileScorer: { args: () => [{ rfm, pyramid }] },
  scoreColumns: { args: () => [lib.compileScorer({ rfm, pyramid }), customers], data: 1, column: 'revenue' },
  scorerColumns: { args: () => [lib.compileScorer({ rfm, pyramid }), 5] },
  toSql: { args: () => [pyramid, { dialect: 'duckdb', table: 'customers' }], spec: 1 },
  summarizeTransactionsSql: { args: () => [warehouseLogSpec, { dialect: 'duckdb', table: 'orders' }], spec: 0 },
  betaGeoHistogramSql: { args: () => [warehouseLogSpec, { dialect: 'postgres', table: 'orders' }], spec: 0 },
  cohortRetentionSql: { args: () => [activityLogSpec, { dialect: 'snowflake', table: 'orders' }], spec: 0 },
  customerFlowsSql: { args: () => [activityLogSpec, { dialect: 'bigquery', table: 'orders' }], spec: 0 },
  activeLifetimesSql: {
    args: () => [
      { ...warehouseLogSpec, lapseAfter: 26 },
      { dialect: 'spark', table: 'orders' },
    ],
    spec: 0,
  },
  gammaGammaHistogramSql: { args: () => [warehouseLogSpec, { dialect: 'snowflake', table: 'orders' }], spec: 0 },
  surveyItemMomentsSql: {
    args: () => [
      { items: ['PERQ1', 'PERQ2', 'PERQ3'], missing: 'skip' },
      { dialect: 'bigquery', table: 'survey' },
    ],
    spec: 0,
  },
  itemMoments: { args: () => [survey, { items: ['PERQ1', 'PERQ2', 'PERQ3'] }], data: 0, spec: 1, column: 'PERQ2' },
  betaGeoScoreLookup: {
    args: () => [
      {
        purchaseModel: betaGeo,
        histories: { frequency: customers.frequency, recency: customers.recency, T: customers.T },
        horizon: 12,
        timeUnit: 'week',
        discountRate: 0.001,
      },
    ],
    spec: 0,
  },
  betaGeoScoresSql: {
    args: () => [
      { purchaseModel: betaGeo, spendModel: gammaGamma },
      { timeUnit: 'week', margin: 0.3 },
      { dialect: 'bigquery', summary: ['shop', 'customer_summary'], lookup: 'clv_lookup' },
    ],
    spec: 1,
  },
  parseModel: { args: () => [JSON.stringify(pyramid)] },
  toColumns: { args: () => [customers, ['revenue']], data: 0, column: 'revenue' },
  customerValueReport: {
    args: () => [cdnowLog, { customer: 'customer_id', date: 'date', amount: 'dollar_value', observationEnd: '1997-06-30' }],
    data: 0,
    spec: 1,
    column: 'dollar_value',
  },
  analyzeCustomerValue: {
    args: () => [cdnowLog, { customer: 'customer_id', date: 'date', amount: 'dollar_value', observationEnd: '1997-06-30' }],
    data: 0,
    spec: 1,
    column: 'dollar_value',
  },
  renderReportMarkdown: { args: () => [reportAnalysis()] },
  renderReportCharts: { args: () => [reportAnalysis()] },
  realizedProfit: {
    args: () => [
      { customer: [1, 2], revenue: [100, 50] },
      { customer: 'customer', revenue: 'revenue', margin: 0.3 },
    ],
    data: 0,
    spec: 1,
    column: 'revenue',
  },
  adjustedRandIndex: {
    args: () => [
      [1, 1, 2, 2],
      [1, 1, 2, 1],
    ],
  },
  netPromoterScore: { args: () => [[10, 9, 8, 6, 0], {}], spec: 1 },
  csat: { args: () => [[5, 4, 3, 5, 1], { scale: [1, 5] }], spec: 1 },
  shareOfWallet: {
    args: () => [
      [10, 20, 5],
      [40, 20, 50],
    ],
  },
  endEffect: { args: () => [lib.peakEndScores(bigEvents, peakEndSpec), Array.from({ length: 12 }, (_, i) => 3 + ((i * 5) % 7))] },
  rfmSegments: { args: () => [lib.scoreRfm(rfm, customers)] },
  varimax: {
    args: () => [
      [
        [0.8, 0.3],
        [0.7, 0.4],
        [0.2, 0.9],
        [0.3, 0.8],
      ],
      {},
    ],
    spec: 1,
  },
  expectedPurchases: { args: () => [betaGeo, 10] },
  purchaseProbability: { args: () => [betaGeo, 1, 10] },
  parseCsv: { args: () => ['a,b\n1,2\n', {}], spec: 1 },
  toIsoDate: { args: () => [19_000] },
  toIsoDates: { args: () => [['2024-01-05', '2024-03-10T04:30:00Z', null], { format: 'iso', timeZone: 'America/New_York', column: 'date' }], spec: 1 },
  toArrowTable: { args: () => [{ a: new Float64Array([1, 2]) }] },
  kaplanMeier: { args: () => [[5, 8, 12, 3, 9], [1, 0, 1, 1, 0], {}], spec: 2 },
  activeLifetimes: { args: () => [customers, { lapseAfter: 4 }], data: 0, spec: 1, column: 'recency' },
  repeatPurchaseTracking: { args: () => [betaGeo, log, { ...logSpec, observationEnd: '2024-10-01' }], data: 1, spec: 2, column: 'amount' },
  repeatPurchaseDistribution: { args: () => [betaGeo, customers, { maxFrequency: 3 }], data: 1, spec: 2, column: 'frequency' },
  holdoutByFrequency: {
    args: () => [betaGeo, { ...customers, frequencyHoldout: customers.frequency.map((f) => f % 3) }, { duration: 10, maxFrequency: 3 }],
    data: 1,
    spec: 2,
    column: 'frequencyHoldout',
  },
  calibrationHoldout: {
    args: () => [log, { customer: 'customer', date: 'date', value: 'amount', calibrationEnd: '2024-06-01', observationEnd: '2024-10-01', timeUnit: 'week' }],
    data: 0,
    spec: 1,
    column: 'amount',
  },
  compareModels: {
    args: () => [{ bg: betaGeo, pnbd: paretoNbd }, { ...cdnowColumns, frequencyHoldout: cdnowColumns.frequency.map((f) => Number(f) % 3) }, { duration: 39 }],
    data: 1,
    spec: 2,
    column: 'frequency',
  },
  clvRanking: { args: () => [[0.5, 2, 1, 0.1, 3, 0.7], [0, 3, 1, 0, 2, 1], { groups: 3 }], spec: 2 },
  repeatPurchaseTrackingFromCounts: {
    args: () => [betaGeo, { birth: [0, 1, 2.5], born: [3, 1, 2] }, { periods: 5, columns: { customers: 'born' } }],
    data: 1,
    spec: 2,
    column: 'born',
  },
  fitShiftedBetaGeometric: { args: () => [retentionTable, retentionSpec], data: 0, spec: 1, column: 'survivors' },
  retentionCurve: { args: () => [shiftedBetaGeometric, { periods: 10 }], spec: 1 },
  discountedExpectedResidualLifetime: { args: () => [shiftedBetaGeometric, { discountRate: 0.1, discountRateUnit: 'year', renewals: 2 }], spec: 1 },
  retentionElasticity: { args: () => [shiftedBetaGeometric, { discountRate: 0.1, discountRateUnit: 'year' }], spec: 1 },
  fitBetaDiscreteWeibull: { args: () => [retentionTable, retentionSpec], data: 0, spec: 1, column: 'survivors' },
  fitBetaGeoBetaBinomial: { args: () => [donations, donationsSpec], data: 0, spec: 1, column: 'frequency' },
  betaGeoBetaBinomialPredictions: {
    args: () => [betaGeoBetaBinomial, donations, { periods: 5, discountRate: 0.1, discountRateUnit: 'year' }],
    data: 1,
    spec: 2,
    column: 'recency',
  },
  betaGeoBetaBinomialExpectedTransactions: { args: () => [betaGeoBetaBinomial, 6] },
  betaGeoBetaBinomialTransactionProbability: { args: () => [betaGeoBetaBinomial, 2, 6] },
  fitBetaGeoBetaBinomialWithCovariates: { args: () => [discreteCovariateData, discreteCovariateSpec], data: 0, spec: 1, column: 'score' },
  betaGeoBetaBinomialCovariatePredictions: {
    args: () => [betaGeoBetaBinomialCovariates, discreteCovariateData, { periods: 5 }],
    data: 1,
    spec: 2,
    column: 'score',
  },
  fitParetoNbd: { args: () => [cdnowColumns, { timeUnit: 'week' }], data: 0, spec: 1, column: 'frequency' },
  paretoNbdProbabilityAlive: { args: () => [paretoNbd, customers], data: 1, column: 'frequency' },
  paretoNbdConditionalExpectedPurchases: { args: () => [paretoNbd, customers, 10], data: 1, column: 'frequency' },
  paretoNbdDiscountedResidualTransactions: { args: () => [paretoNbd, customers, { annualDiscountRate: 0.1 }], data: 1, spec: 2, column: 'frequency' },
  paretoNbdExpectedPurchases: { args: () => [paretoNbd, 10] },
  paretoNbdPurchaseProbability: { args: () => [paretoNbd, 1, 10] },
  discountedExpectedTransactions: { args: () => [betaGeo, customers, { discountRate: 0.1, timeUnit: 'year' }], data: 1, spec: 2, column: 'frequency' },
  probabilityAliveHistory: { args: () => [betaGeo, [0, 2.5, 4, 10], { T: 20, step: 0.5 }], spec: 2 },
  purchaseHeterogeneity: { args: () => [betaGeo, { points: 20 }], spec: 1 },
  frequencyRecencyMatrix: { args: () => [betaGeo, { quantity: 'alive', maxFrequency: 12, step: 2 }, customers], data: 2, spec: 1, column: 'frequency' },
  fitModifiedBetaGeo: { args: () => [cdnowColumns, { timeUnit: 'week' }], data: 0, spec: 1, column: 'frequency' },
  modifiedBetaGeoProbabilityAlive: { args: () => [modifiedBetaGeo, customers], data: 1, column: 'frequency' },
  modifiedBetaGeoConditionalExpectedPurchases: { args: () => [modifiedBetaGeo, customers, 10], data: 1, column: 'frequency' },
  modifiedBetaGeoExpectedPurchases: { args: () => [modifiedBetaGeo, 10] },
  modifiedBetaGeoPurchaseProbability: { args: () => [modifiedBetaGeo, 1, 10] },
};

/** Exports not (yet) attacked by the suite, each with its reason — counted in the README. */
export const pending: Record<string, string> = {
  CustomerValueError: 'the error class itself',
  DEFAULT_RFM_SEGMENT_RULES: 'a constant',
  ECSI_MODEL: 'a constant (frozen)',
  PLS_GUIDELINES: 'a constant (frozen)',
  QUADRANT_LABELS: 'a constant',
  DATE_FORMATS: 'a constant',
  EXIT: 'a constant',
  runCli: 'answers every failure with exit code 1 and a message, by design (the CLI tests cover it)',
  escapeXml: 'accepts any value by design (it escapes String(value))',
};

const tiers = lib.tierSummary(pyramid, customers, { revenue: 'revenue' }).tiers;
const cohorts = lib.cohortRetention(log, { customer: 'customer', date: 'date', period: 'month' });
const survival = lib.kaplanMeier([5, 8, 12, 3, 9, 4], [1, 0, 1, 1, 0, 1]);
const ipa = lib.importancePerformance(survey, { items: ['PERQ1', 'PERQ2', 'PERV1'], overall: 'CUSA1', scale: [1, 10] });
const rfmScores = lib.scoreRfm(rfm, customers);
const journey = {
  steps: [
    { touchpoint: 'order', rating: 8 },
    { touchpoint: 'delivery', rating: 3 },
  ],
  scale: [1, 10] as [number, number],
};
const clvIntervalsOverTime = () =>
  lib.clvConfidenceIntervals({
    purchaseModel: betaGeo,
    purchaseDraws: betaGeoDraws,
    spendModel: gammaGamma,
    spendDraws: gammaGammaDraws,
    customers,
    horizon: 4,
    timeUnit: 'week',
    totalsOverTime: true,
  });
const chartInputs: Record<string, () => unknown> = {
  valuePyramid: () => tiers,
  cohortRetention: () => cohorts,
  survivalCurve: () => survival,
  segmentProfile: () => segments,
  importancePerformance: () => ipa,
  plsPathDiagram: () => pls,
  rfmHeatmap: () => rfmScores,
  clvDistribution: () => customers.revenue,
  journeyTimeline: () => journey,
  repeatPurchaseTracking: () => ({ ...lib.repeatPurchaseTracking(betaGeo, log, { ...logSpec, observationEnd: '2024-10-01' }), calibrationEnd: 20 }),
  clvDecileCalibration: () => lib.clvRanking([0.5, 2, 1, 0.1, 3, 0.7, 1.2, 0.3, 2.5, 0.9], [0, 3, 1, 0, 2, 1, 1, 0, 4, 1]),
  frequencyRecencyMatrix: () => lib.frequencyRecencyMatrix(betaGeo, { quantity: 'alive', maxFrequency: 5 }, customers),
  probabilityAliveHistory: () => lib.probabilityAliveHistory(betaGeo, [0, 2.5, 4, 10], { T: 20 }),
  purchaseHeterogeneity: () => lib.purchaseHeterogeneity(paretoNbd, { points: 20 }),
  repeatPurchaseDistribution: () => lib.repeatPurchaseDistribution(betaGeo, customers, { maxFrequency: 3 }),
  holdoutByFrequency: () =>
    lib.holdoutByFrequency(betaGeo, { ...customers, frequencyHoldout: customers.frequency.map((f) => f % 3) }, { duration: 10, maxFrequency: 3 }),
  clvConfidenceBand: () => clvIntervalsOverTime(),
  baseTotalOverTime: () => clvIntervalsOverTime(),
};
for (const [base, input] of Object.entries(chartInputs)) {
  for (const variant of ['Svg', 'VegaLite']) contracts[`${base}${variant}`] = { args: () => [input(), { title: 'chart' }], spec: 1 };
}
// charts with a third options argument: the options attacked (labels are attacked on every other chart, by the same check)
const plsBootstrap = lib.bootstrapPlsPathModel(pls, survey, { samples: 20 });
const plsAssessment = lib.assessPlsPathModel(pls, survey);
const plsGroups = lib.comparePlsGroups(groupedSurvey, plsSpec, { group: 'segment', permutations: 19, samples: 10 });
for (const variant of ['Svg', 'VegaLite']) {
  contracts[`plsPathDiagram${variant}`] = { args: () => [pls, { title: 'chart' }, { bootstrap: plsBootstrap }], spec: 2 };
  contracts[`groupComparison${variant}`] = { args: () => [plsGroups, { title: 'chart' }, { test: 'welch', alpha: 0.1 }], spec: 2 };
  contracts[`htmtHeatmap${variant}`] = { args: () => [plsAssessment, { title: 'chart' }, { threshold: 0.9, measure: 'htmt2' }], spec: 2 };
}

/** Every model kind with its fitted model and a scorer whose output must survive a JSON round trip. */
export const modelCases: Record<ModelKind, { model: unknown; score: (model: never) => unknown }> = {
  rfm: { model: rfm, score: (m) => lib.scoreRfm(m, customers) },
  valuePyramid: { model: pyramid, score: (m) => lib.scoreValuePyramid(m, customers) },
  satisfactionIndex: { model: index, score: (m) => lib.scoreSatisfactionIndex(m, survey) },
  segments: { model: segments, score: (m) => lib.scoreSegments(m, customers) },
  betaGeo: { model: betaGeo, score: (m) => lib.probabilityAlive(m, customers) },
  gammaGamma: { model: gammaGamma, score: (m) => lib.conditionalExpectedSpend(m, spend) },
  plsPathModel: { model: pls, score: (m) => lib.scorePlsPathModel(m, survey) },
  shiftedBetaGeometric: { model: shiftedBetaGeometric, score: (m) => lib.retentionCurve(m, { periods: 10 }) },
  betaDiscreteWeibull: { model: betaDiscreteWeibull, score: (m) => lib.retentionCurve(m, { periods: 10 }) },
  betaGeoBetaBinomial: { model: betaGeoBetaBinomial, score: (m) => lib.betaGeoBetaBinomialPredictions(m, donations, { periods: 5 }) },
  paretoNbd: { model: paretoNbd, score: (m) => lib.paretoNbdProbabilityAlive(m, customers) },
  modifiedBetaGeo: { model: modifiedBetaGeo, score: (m) => lib.modifiedBetaGeoProbabilityAlive(m, customers) },
  betaGeoCovariates: { model: betaGeoCovariates, score: (m) => lib.betaGeoCovariatePredictions(m, covariateSummary, { horizon: 10 }) },
  gammaGammaCovariates: { model: gammaGammaCovariates, score: (m) => lib.conditionalExpectedSpendWithCovariates(m, gammaCovariateData, {}) },
  paretoNbdCovariates: { model: paretoNbdCovariates, score: (m) => lib.paretoNbdCovariatePredictions(m, covariateSummary, { horizon: 10 }) },
  betaGeoBetaBinomialCovariates: {
    model: betaGeoBetaBinomialCovariates,
    score: (m) => lib.betaGeoBetaBinomialCovariatePredictions(m, discreteCovariateData, { periods: 5 }),
  },
};

/** A warehouse engine answering the CDNOW summary as CLV histograms of one customer per row (counts as bigint, as DuckDB sends them). */
const cdnowMoney = readFixtureCsv('value/cdnow_customers_summary_with_monetary.csv').columns as Record<string, Float64Array>;
const histogramEngine = {
  dialect: 'duckdb' as const,
  query: () => [
    ...Array.from(cdnowMoney.x, (frequency, i) => ({ frequency, recency: cdnowMoney.t_x[i], T: cdnowMoney.T[i], monetary: null, betageo: 1, customers: 1n })),
    ...Array.from(cdnowMoney.x, (frequency, i) => ({ frequency, recency: null, T: null, monetary: cdnowMoney.zbar[i], betageo: 0, customers: 1n })),
  ],
};

/** A transaction log for the retention figures in SQL (cohortRetentionSql, cohortRetentionInWarehouse). */
const activityLogSpec = {
  customer: 'customer_id',
  date: 'order_date',
  period: 'month',
  amount: 'total',
  observationEnd: '1997-02-28',
  missing: 'skip',
} as const;
/** A warehouse engine answering the activity queries with the window's counts and two cells (1997-01 and 1997-02). */
const activityEngine = {
  dialect: 'duckdb' as const,
  query: () => {
    const counts = { log_rows: 4n, present_rows: 3n, after_end: 0n, last_day: 10_285n, infinite_rows: 0n };
    return [
      { ...counts, cohort: 23_964n, period: 23_964n, active: 2n, cell_rows: 2n, revenue: 30 },
      { ...counts, cohort: 23_964n, period: 23_965n, active: 1n, cell_rows: 1n, revenue: 12.5 },
    ];
  },
};

/** A warehouse engine answering the flows query with the window's counts and two periods (1997-01 and 1997-02). */
const flowsEngine = {
  dialect: 'postgres' as const,
  query: () => {
    const counts = { log_rows: '4', present_rows: '3', after_end: '0', last_day: '10285', infinite_rows: '0' };
    return [
      { ...counts, period: '23964', active: '2', new_customers: '2', retained: '0', cell_rows: '2' },
      { ...counts, period: '23965', active: '1', new_customers: '0', retained: '1', cell_rows: '1' },
    ];
  },
};

/** A warehouse engine answering the item-moments query with the survey's moments, as surveyItemMomentsSql's one row. */
const momentsEngine = {
  dialect: 'duckdb' as const,
  query: () => {
    const m = lib.itemMoments(survey, { items: ['PERQ1', 'PERQ2', 'PERQ3'] });
    const row: Record<string, number> = { all_rows: m.n, n: m.n };
    m.items.forEach((_, j) => {
      Object.assign(row, { [`infinite_${j}`]: 0, [`mean_${j}`]: m.mean[j], [`min_${j}`]: m.min![j], [`max_${j}`]: m.max![j] });
      for (let k = j; k < m.items.length; k++) row[`cov_${j}_${k}`] = m.covariance[j][k];
    });
    return [row];
  },
};

// A live engine for the functions whose later queries depend on earlier answers: one DuckDB in
// memory with a customer table, opened on the first query; each call gets its own wrapper.
let liveDuckdb: Promise<lib.WarehouseEngine> | undefined;
const liveEngine = (): lib.WarehouseEngine => ({
  dialect: 'duckdb',
  async query(sql: string) {
    liveDuckdb ??= (async () => {
      const engine = await duckdb.duckdbEngine();
      const rows = Array.from({ length: 40 }, (_, i) => `(${i}, ${i % 9}, ${(i * 7) % 13}, ${5 + ((i * 37) % 50)})`);
      await engine.query(
        `CREATE TABLE customers (customer INTEGER, recency DOUBLE, visits DOUBLE, spend DOUBLE); INSERT INTO customers VALUES ${rows.join(', ')}`,
      );
      return engine;
    })();
    return (await liveDuckdb).query(sql);
  },
});

/**
 * A live DuckDB engine over the CDNOW sample (2,357 customers), opened on its first query: the
 * report's functions run stages whose queries depend on earlier answers, so no fixed answer will do.
 */
let reportDuckdb: Promise<Awaited<ReturnType<typeof duckdb.duckdbEngine>>> | undefined;
function reportEngine() {
  const open = () =>
    (reportDuckdb ??= duckdb.duckdbEngine().then(async (engine) => {
      await engine.query(
        `CREATE TABLE orders AS SELECT sample_id AS customer_id, strptime(CAST(date AS VARCHAR), '%Y%m%d')::DATE AS order_date, dollar_value AS total FROM read_csv('${join(__dirname, '../fixtures/value/cdnow_sample.csv')}')`,
      );
      return engine;
    }));
  return {
    dialect: 'duckdb' as const,
    query: async (sql: string) => (await open()).query(sql),
    load: async (name: string, columns: Parameters<Awaited<ReturnType<typeof duckdb.duckdbEngine>>['load']>[1]) => (await open()).load(name, columns),
  };
}
const reportSpec = { customer: 'customer_id', date: 'order_date', amount: 'total', observationEnd: '1997-09-30' } as const;

/** Async functions of any entry that take a warehouse engine: awaited by the suite like the node entry's. */
export const asyncContracts: Record<string, Contract> = {
  // async, on a live engine (DuckDB in memory): their later queries depend on the earlier answers
  fitSegmentsInWarehouse: { args: () => [liveEngine(), { features: ['visits', 'spend'], k: 2, seed: 3, missing: 'skip' }, { table: 'customers' }], spec: 1 },
  valuePyramidStatisticsInWarehouse: {
    args: () => [
      liveEngine(),
      { dimensions: [{ column: 'spend', scale: 'none' }, { column: 'visits' }], tiers: { method: 'cumulativeShare' }, missing: 'skip' },
      { table: 'customers' },
    ],
    spec: 1,
  },
  rfmStatisticsInWarehouse: {
    args: () => [
      liveEngine(),
      { recency: { column: 'recency', better: 'lower' }, frequency: { column: 'visits' }, monetary: { column: 'spend' }, bins: 3, missing: 'skip' },
      { table: 'customers' },
    ],
    spec: 1,
  },
  // async, on a live engine (DuckDB in memory): the report's models and analysis
  fitInWarehouse: { args: () => [reportEngine(), reportSpec, { table: 'orders' }], spec: 1 },
  analyzeCustomerValueInWarehouse: { args: () => [reportEngine(), reportSpec, { table: 'orders' }], spec: 1 },
  // async, on an engine: a stand-in answering the cells query with two cells and the window's counts
  cohortRetentionInWarehouse: { args: () => [activityEngine, activityLogSpec, { table: 'orders' }], spec: 1 },
  customerFlowsInWarehouse: { args: () => [flowsEngine, activityLogSpec, { table: 'orders' }], spec: 1 },
  activeLifetimesInWarehouse: {
    args: () => [
      {
        dialect: 'duckdb',
        query: () => [
          { customer_group: 0, duration: 2, lapsed: 1, reach: 14, customers: 3n },
          { customer_group: 0, duration: 4, lapsed: 0, reach: 4, customers: 1n },
          { customer_group: 1, duration: null, lapsed: null, reach: null, customers: 7n },
        ],
      },
      { ...warehouseLogSpec, lapseAfter: 26 },
      { table: 'orders' },
    ],
    spec: 1,
  },
  itemMomentsInWarehouse: { args: () => [momentsEngine, { items: ['PERQ1', 'PERQ2', 'PERQ3'], missing: 'skip' }, { table: 'survey' }], spec: 1 },
  fitClvInWarehouse: { args: () => [histogramEngine, warehouseLogSpec, { table: 'orders', likelihood: 'histograms' }], spec: 1 },
  // async, on an engine: a stand-in answering the histories query with two (frequency, T) and the counts query
  betaGeoScoresInWarehouse: {
    args: () => [
      {
        dialect: 'duckdb',
        query: (sql: string) =>
          sql.startsWith('SELECT COUNT')
            ? [{ customers: 5n, scored: 5n }]
            : sql.startsWith('SELECT')
              ? [
                  { frequency: 2, T: 10 },
                  { frequency: 0, T: 10 },
                ]
              : [],
        load: () => undefined,
      },
      { purchaseModel: betaGeo, spendModel: gammaGamma },
      { timeUnit: 'week', horizon: 12, discountRate: 0.001, margin: 0.3 },
      { summary: 'customer_summary', into: 'scores' },
    ],
    spec: 2,
  },
};

/** The node entry's functions: async ones are awaited and their iterables drained by the suite. */
const stream = (text: string) => Readable.from([Buffer.from(text)]);
const sink = () => new Writable({ write: (_c, _e, done) => done() });
const scorer = lib.compileScorer({ pyramid });
async function* scoredBatches() {
  yield { columns: { id: ['a'], 'p.tier': Int32Array.of(0) }, names: ['id', 'p.tier'], rowCount: 1, rejects: [] };
}
export const nodeContracts: Record<string, Contract> = {
  readCsvBatches: { args: () => [stream('revenue,frequency\n1,2\n'), { numeric: ['revenue'] }], spec: 1 },
  readNdjsonBatches: { args: () => [stream('{"revenue":1}\n'), { numeric: ['revenue'] }], spec: 1 },
  scoreStream: { args: () => [node.readCsvBatches(stream('revenue,frequency\n1,2\n'), { numeric: scorer.inputs }), scorer, {}], spec: 2 },
  writeCsvBatches: { args: () => [scoredBatches(), sink(), undefined, {}], spec: 3, paths: [1, 2] },
  writeNdjsonBatches: { args: () => [scoredBatches(), sink()], paths: [1] },
  readCsvFile: { args: () => [join(__dirname, '../../examples/data/ecsi_mobi.csv')] },
  shareColumns: { args: () => [{ revenue: [1, 2, 3] }] },
  'scoreColumns@node': { args: () => [scorer, customers, { threads: 1 }], data: 1, spec: 2, column: 'revenue' },
  'bootstrapPlsPathModel@node': { args: () => [pls, survey, { samples: 20, threads: 1 }], data: 1, spec: 2, column: 'PERV1' },
  'assessPlsPathModel@node': { args: () => [pls, survey, { bootstrap: { resamples: 20, threads: 1 } }], data: 1, spec: 2, column: 'PERV1' },
  'clvParameterDraws@node': { args: () => [betaGeo, cdnowColumns, { draws: 5, seed: 1, threads: 1 }], data: 1, spec: 2, column: 'frequency' },
  'clvConfidenceIntervals@node': {
    args: () => [
      {
        purchaseModel: betaGeo,
        purchaseDraws: betaGeoDraws,
        spendModel: gammaGamma,
        spendDraws: gammaGammaDraws,
        customers,
        horizon: 12,
        timeUnit: 'week',
        margin: 0.3,
        threads: 1,
      },
    ],
    spec: 0,
  },
  csvFieldText: { args: () => [{ kind: 'csvFields', bytes: new TextEncoder().encode('ab'), offsets: Int32Array.of(0, 1, 2), length: 2 }, 1] },
  // the engine adapters (async, in their own entries): DuckDB in memory; PostgreSQL on a stand-in pool (no server needed)
  duckdbEngine: { args: () => [{}], spec: 0 },
  postgresEngine: { args: () => [{ client: { query: () => Promise.resolve({ rows: [{ one: 1 }] }) } }], spec: 0 },
};
