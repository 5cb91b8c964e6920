import { describe, expect, it } from 'vitest';
import * as vega from 'vega';
import * as vl from 'vega-lite';
import * as charts from '../../src/charts/index.js';
import { fitSegments, importancePerformance, kaplanMeier, scoreRfm, fitRfm, tierSummary, fitValuePyramid, cohortRetention } from '../../src/index.js';
import {
  repeatPurchaseTracking,
  frequencyRecencyMatrix,
  probabilityAliveHistory,
  purchaseHeterogeneity,
  repeatPurchaseDistribution,
  holdoutByFrequency,
  clvRanking,
  clvConfidenceIntervals,
  clvParameterDraws,
  fitBetaGeo,
  fitGammaGamma,
} from '../../src/clv.js';
import { ECSI_MODEL, assessPlsPathModel, fitPlsPathModel, comparePlsGroups, satisfactionIndexByGroup } from '../../src/pls.js';
import { readFixtureCsv } from '../helpers/fixtures.js';

// Every chart, on real data: deterministic SVG (snapshot), no NaN/undefined leaking into the
// markup, well-formed tags; and every Vega-Lite variant compiles and renders headless in Vega.
const cdnow = readFixtureCsv('value/cdnow_customers_summary.csv').columns as Record<string, Float64Array>;
const mobi = readFixtureCsv('satisfaction/ecsi_mobi.csv').columns as Record<string, Float64Array>;
const customers = { ...cdnow, revenue: cdnow.frequency.map((f, i) => f * (10 + ((i * 7919) % 40))) };
const rfm = scoreRfm(
  fitRfm(customers, { recency: { column: 'recency', better: 'higher' }, frequency: { column: 'frequency' }, monetary: { column: 'revenue' } }),
  customers,
);
const pyramid = fitValuePyramid(customers, { dimensions: [{ column: 'revenue', transform: 'log1p' }, { column: 'frequency' }] });
const tiers = tierSummary(pyramid, customers, { revenue: 'revenue' }).tiers;
const survival = kaplanMeier(
  cdnow.T,
  cdnow.frequency.map((f) => (f > 2 ? 1 : 0)),
);
const segments = fitSegments(customers, { features: ['recency', 'frequency', 'T'], k: 3, seed: 1 });
const ipa = importancePerformance(mobi, { items: ['PERQ1', 'PERQ2', 'PERV1', 'IMAG1'], overall: 'CUSA1', scale: [1, 10] });
const pls = fitPlsPathModel(mobi, ECSI_MODEL);
const htmt = assessPlsPathModel(pls, mobi);
const cohorts = cohortRetention(
  { customer: [1, 1, 2, 3, 3, 3], date: ['2024-01-03', '2024-02-10', '2024-01-20', '2024-02-02', '2024-03-05', '2024-04-01'] },
  { customer: 'customer', date: 'date', period: 'month', observationEnd: '2024-04-30' }, // April complete: the same matrix as before partial periods were left out
);
const journey = {
  steps: [
    { touchpoint: 'order', rating: 8 },
    { touchpoint: 'delivery', rating: 3 },
    { touchpoint: 'install', rating: 6 },
    { touchpoint: 'support', rating: 9 },
  ],
  scale: [1, 10] as [number, number],
};
const labels = { title: 'Chart <title> & "quotes"', subtitle: 'subtitle' };
// ECSI respondents by how they rate complaint handling: two groups for the path comparison, three tiers for the index
const handled = { ...mobi, handled: Array.from(mobi.CUSCO, (v) => (v >= 8 ? 'handled well' : 'handled poorly')) };
const mga = comparePlsGroups(handled, { ...ECSI_MODEL, scale: [1, 10] }, { group: 'handled', permutations: 100, samples: 50, seed: 1 });
const tiered = { ...mobi, tier: Array.from(mobi.CUSCO, (v) => (v >= 9 ? 'top' : v >= 6 ? 'middle' : 'low')) };
const byTier = satisfactionIndexByGroup({ ...ECSI_MODEL, scale: [1, 10] }, tiered, { group: 'tier', samples: 100, seed: 1 });
// CDNOW sample tracked 78 weeks against Fader, Hardie & Lee's BG/NBD estimates
const sample = readFixtureCsv('value/cdnow_sample.csv').columns;
const tracking = repeatPurchaseTracking(
  {
    kind: 'betaGeo',
    version: 2,
    spec: { timeUnit: 'week', columns: { frequency: 'frequency', recency: 'recency', T: 'T', monetary: 'monetary' }, missing: 'error', maxIterations: 1000 },
    params: { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 },
    standardErrors: null,
    fitted: { n: 2357, skipped: 0, warnings: [], diagnostics: { logLikelihood: -9582.4, groups: 1016, iterations: 0 } },
  },
  sample,
  { customer: 'sample_id', date: 'date', amount: 'dollar_value', calibrationEnd: '1997-09-30', observationEnd: '1998-06-30' },
);

// CDNOW summary: customers ranked by repeat purchases per week of age against their recency (a stand-in pair of values, for the chart)
const ranking = clvRanking(
  Array.from(cdnow.frequency, (f, i) => f / cdnow.T[i]),
  Array.from(cdnow.recency),
);
const trackingModel = {
  kind: 'betaGeo',
  version: 2,
  spec: { timeUnit: 'week', columns: { frequency: 'frequency', recency: 'recency', T: 'T', monetary: 'monetary' }, missing: 'error', maxIterations: 1000 },
  params: { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 },
  standardErrors: null,
  fitted: { n: 2357, skipped: 0, warnings: [], diagnostics: { logLikelihood: -9582.4, groups: 1016, iterations: 0 } },
} as const;
// BTYD's CDNOW calibration summary with its 39-week holdout
const cbs = readFixtureCsv('loyalty/cdnow_btyd_cbs.csv').columns as Record<string, Float64Array>;
const cbsTable = { frequency: cbs.x, recency: cbs.t_x, T: cbs.T_cal, frequencyHoldout: cbs.x_star };
const matrix = frequencyRecencyMatrix(trackingModel, { quantity: 'alive' }, cbsTable);
const aliveHistory = probabilityAliveHistory(trackingModel, [0, 2.5, 4, 10, 11, 30], { T: 39, step: 0.5 });
const heterogeneity = purchaseHeterogeneity(trackingModel, { points: 100 });
const distribution = repeatPurchaseDistribution(trackingModel, cbsTable);
const holdout = holdoutByFrequency(trackingModel, cbsTable, { duration: 39 });
// BTYD's CDNOW calibration summary: BG/NBD + Gamma-Gamma with 20 delta-method draws, 6 months, totals at every horizon
const cbsCustomers = { frequency: cbs.x, recency: cbs.t_x, T: cbs.T_cal, monetary: cbs.m_x };
const intervals = (() => {
  const purchaseModel = fitBetaGeo(cbsCustomers, { timeUnit: 'week' });
  const spendModel = fitGammaGamma(cbsCustomers, {});
  const purchaseDraws = clvParameterDraws(purchaseModel, cbsCustomers, { method: 'delta', draws: 20, seed: 1 });
  const spendDraws = clvParameterDraws(spendModel, cbsCustomers, { method: 'delta', draws: 20, seed: 2 });
  return clvConfidenceIntervals({
    purchaseModel,
    purchaseDraws,
    spendModel,
    spendDraws,
    customers: cbsCustomers,
    horizon: 6,
    timeUnit: 'month',
    totalsOverTime: true,
  });
})();

const cases: [string, () => string, () => object][] = [
  ['value pyramid', () => charts.valuePyramidSvg(tiers, labels), () => charts.valuePyramidVegaLite(tiers, labels)],
  ['RFM heat map', () => charts.rfmHeatmapSvg(rfm, labels), () => charts.rfmHeatmapVegaLite(rfm, labels)],
  ['importance-performance', () => charts.importancePerformanceSvg(ipa, labels), () => charts.importancePerformanceVegaLite(ipa, labels)],
  ['cohort retention', () => charts.cohortRetentionSvg(cohorts, labels), () => charts.cohortRetentionVegaLite(cohorts, labels)],
  ['survival curve', () => charts.survivalCurveSvg(survival, labels), () => charts.survivalCurveVegaLite(survival, labels)],
  ['CLV distribution', () => charts.clvDistributionSvg(customers.revenue, labels), () => charts.clvDistributionVegaLite(customers.revenue, labels)],
  ['journey timeline', () => charts.journeyTimelineSvg(journey, labels), () => charts.journeyTimelineVegaLite(journey, labels)],
  ['segment profiles', () => charts.segmentProfileSvg(segments, labels), () => charts.segmentProfileVegaLite(segments, labels)],
  ['PLS path diagram', () => charts.plsPathDiagramSvg(pls, labels), () => charts.plsPathDiagramVegaLite(pls, labels)],
  ['HTMT heat map', () => charts.htmtHeatmapSvg(htmt, labels), () => charts.htmtHeatmapVegaLite(htmt, labels)],
  ['PLS group comparison', () => charts.groupComparisonSvg(mga, labels), () => charts.groupComparisonVegaLite(mga, labels)],
  ['index by group', () => charts.groupComparisonSvg(byTier, labels), () => charts.groupComparisonVegaLite(byTier, labels)],
  [
    'repeat purchase tracking',
    () => charts.repeatPurchaseTrackingSvg(tracking, { ...labels, timeLabel: 'week' }),
    () => charts.repeatPurchaseTrackingVegaLite(tracking, { ...labels, timeLabel: 'week' }),
  ],
  ['CLV decile calibration', () => charts.clvDecileCalibrationSvg(ranking, labels), () => charts.clvDecileCalibrationVegaLite(ranking, labels)],
  [
    'frequency/recency matrix',
    () => charts.frequencyRecencyMatrixSvg(matrix, { ...labels, timeLabel: 'week' }),
    () => charts.frequencyRecencyMatrixVegaLite(matrix, { ...labels, timeLabel: 'week' }),
  ],
  [
    'P(alive) history',
    () => charts.probabilityAliveHistorySvg(aliveHistory, { ...labels, timeLabel: 'week' }),
    () => charts.probabilityAliveHistoryVegaLite(aliveHistory, { ...labels, timeLabel: 'week' }),
  ],
  ['purchase heterogeneity', () => charts.purchaseHeterogeneitySvg(heterogeneity, labels), () => charts.purchaseHeterogeneityVegaLite(heterogeneity, labels)],
  [
    'repeat purchase distribution',
    () => charts.repeatPurchaseDistributionSvg(distribution, labels),
    () => charts.repeatPurchaseDistributionVegaLite(distribution, labels),
  ],
  [
    'calibration vs holdout',
    () => charts.holdoutByFrequencySvg(holdout, { ...labels, timeLabel: 'week' }),
    () => charts.holdoutByFrequencyVegaLite(holdout, { ...labels, timeLabel: 'week' }),
  ],
  [
    'CLV confidence band',
    () => charts.clvConfidenceBandSvg(intervals, { ...labels, points: 50 }),
    () => charts.clvConfidenceBandVegaLite(intervals, { ...labels, points: 50 }),
  ],
  ['base total over time', () => charts.baseTotalOverTimeSvg(intervals, labels), () => charts.baseTotalOverTimeVegaLite(intervals, labels)],
];

describe('customer-value/charts', () => {
  for (const [name, svg, spec] of cases) {
    it(`${name}: deterministic, well-formed SVG`, () => {
      const text = svg();
      expect(svg()).toBe(text);
      expect(text).toMatchSnapshot();
      expect(text.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
      expect(text.trim().endsWith('</svg>')).toBe(true);
      expect(text).not.toMatch(/NaN|undefined|Infinity|\[object/);
      expect(text).toContain('Chart &lt;title&gt; &amp; &quot;quotes&quot;');
      const opened = (text.match(/<(?!\/)(?!\?)[A-Za-z]+[^>]*[^/]>/g) ?? []).length;
      const closed = (text.match(/<\/[A-Za-z]+>/g) ?? []).length; // linearGradient: camel case
      expect(opened).toBe(closed);
    });

    it(`${name}: the Vega-Lite spec compiles and renders`, async () => {
      const compiled = vl.compile(spec() as never).spec;
      const view = new vega.View(vega.parse(compiled), { renderer: 'none' });
      const rendered = await view.toSVG();
      view.finalize();
      expect(rendered.startsWith('<svg')).toBe(true);
    });
  }
});
