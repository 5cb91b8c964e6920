import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import * as charts from '../../src/charts/index.js';
import { importancePerformance, kaplanMeier, parseCsv, summarizeTransactions } from '../../src/index.js';
import {
  fitBetaGeo,
  fitParetoNbd,
  frequencyRecencyMatrix,
  holdoutByFrequency,
  probabilityAliveHistory,
  purchaseHeterogeneity,
  repeatPurchaseDistribution,
  repeatPurchaseTracking,
  repeatPurchaseTrackingFromCounts,
  calibrationHoldout,
  clvRanking,
  conditionalExpectedPurchases,
} from '../../src/clv.js';
import {
  ECSI_MODEL,
  assessPlsPathModel,
  bootstrapPlsPathModel,
  comparePlsGroups,
  fitPlsPathModel,
  importancePerformanceMap,
  satisfactionIndexByGroup,
} from '../../src/pls.js';
import { customerValueReport } from '../../src/report/index.js';
import { hasRsvgConvert, renderSvg } from '../helpers/png.js';
import { readmeClvCharts } from '../helpers/cdnowClvIntervals.js';
import { circleBoxes, contains, filledRects, intersects, textBoxes, viewBox, type Box } from '../helpers/svgText.js';

// Every SVG chart that customer-value/charts exports, rendered on the demo's own data (CDNOW,
// ECSI under examples/data/) and on adversarial inputs, must keep its text on the canvas and its
// labels apart. Text boxes are estimated from the SVG (DejaVu Sans advance widths, erring wide);
// rsvg-convert's PNG cross-checks them: every inked pixel of the text-only rendering lies inside
// an estimated box, and nothing at all is drawn outside the viewBox. The chart list comes from
// the module's exports, so a new chart without cases here fails the first test.

const data = (name: string) => readFileSync(fileURLToPath(new URL(`../../examples/data/${name}`, import.meta.url)), 'utf8');
const once = <T>(make: () => T) => {
  let value: T | undefined;
  return () => (value ??= make());
};

// The demo's calls (examples/demo.mjs, examples/lib/satisfactionReport.mjs), from src.
const demo = once(() =>
  customerValueReport(parseCsv(data('cdnow_master.csv')).columns, {
    customer: 'customer_id',
    date: 'date',
    amount: 'dollar_value',
    timeUnit: 'week',
    observationEnd: '1997-09-30',
    title: 'CDNOW purchase log',
  }),
);
const ecsi = once(() => parseCsv(data('ecsi_mobi.csv')).columns as Record<string, Float64Array>);
const ecsiItems = ['PERQ1', 'PERQ2', 'PERQ3', 'PERQ4', 'PERQ5', 'PERQ6', 'PERQ7', 'PERV1', 'PERV2', 'IMAG1', 'IMAG2', 'IMAG3', 'IMAG4', 'IMAG5'];
const ecsiIpa = once(() => importancePerformance(ecsi(), { items: ecsiItems, overall: 'CUSA1', scale: [1, 10] }));
const ecsiPls = once(() => fitPlsPathModel(ecsi(), { ...ECSI_MODEL, scale: [1, 10] }));
// 1,000 resamples, seed 1 (the survey report's bootstrap)
const ecsiBootstrap = once(() => bootstrapPlsPathModel(ecsiPls(), ecsi(), { samples: 1000, seed: 1 }));
/** A bootstrap of a synthetic model: intervals ±0.2 around each coefficient (those near 0 cover it). */
const intervalsOf = (model: { paths: readonly { from: string; to: string; coefficient: number }[] }) => ({
  confidence: 0.9,
  samples: 5000,
  paths: model.paths.map((p) => ({ from: p.from, to: p.to, estimate: p.coefficient, lower: p.coefficient - 0.2, upper: p.coefficient + 0.2 })),
});
// the IPMA's importance intervals: importancePerformanceMap's own, on the survey report's bootstrap resamples (1,000, seed 1)
const ecsiIpmaIntervals = once(() => {
  const ipma = importancePerformanceMap(ecsiPls(), ecsi(), 'Loyalty', { bootstrap: { samples: 1000, seed: 1 } });
  return { items: ipma.constructs.map((c) => ({ ...c, item: c.construct })), cuts: ipma.cuts, confidence: ipma.bootstrap!.confidence };
});
// ECSI respondents split by how they rate complaint handling (CUSCO ≥ 8), the model compared across the two groups
const ecsiGroups = once(() => {
  const handled = { ...ecsi(), handled: Array.from(ecsi().CUSCO, (v) => (v >= 8 ? 'handled well' : 'handled poorly')) };
  return comparePlsGroups(handled, { ...ECSI_MODEL, scale: [1, 10] }, { group: 'handled', permutations: 200, samples: 100, seed: 1 });
});
const ecsiAssessment = once(() => assessPlsPathModel(ecsiPls(), ecsi()));
/** An HTMT matrix of `n` constructs with values spread over [-0.99, 1.2] (some above any threshold, some negative). */
const htmtOf = (n: number, name: (i: number) => string) => {
  const constructs = Array.from({ length: n }, (_, i) => name(i));
  const htmt = constructs.flatMap((a, i) =>
    constructs.slice(i + 1).map((b, k) => {
      const v = i === 0 && k === 0 ? -1e-4 : (((i * 7 + k * 3) % 23) / 10.4 - 1) * 0.99;
      return { a, b, htmt: { value: k === 1 && i === 1 ? null : v }, htmt2: { value: v } };
    }),
  );
  return { constructs, htmt };
};
const ecsiIpma = once(() => {
  const ipma = importancePerformanceMap(ecsiPls(), ecsi(), 'Loyalty');
  return {
    items: ipma.constructs.map((c) => ({ item: c.construct, importance: c.importance, performance: c.performance, quadrant: c.quadrant })),
    cuts: ipma.cuts,
  };
});

const long = 'Customers who bought twice in the first quarter and then lapsed (winback list, region EMEA-North)';
const title = { title: 'Customer value pyramid with a title long enough to run past the right edge of the default canvas', subtitle: `${long} · ${long}` };
const quadrants = ['keepUp', 'priorityImprovement', 'lowPriority', 'possibleOverkill'] as const;
const ipaMany = {
  items: Array.from({ length: 40 }, (_, i) => ({
    item: `item ${i + 1}`,
    importance: 0.4 + 0.002 * ((i * 7) % 13),
    performance: 7 + 0.01 * ((i * 5) % 11),
    quadrant: quadrants[i % 4],
  })),
  cuts: { importance: 0.41, performance: 7.05 },
};
const chain = (n: number, name: (i: number) => string, coefficient: (i: number) => number) => ({
  constructs: Array.from({ length: n }, (_, i) => ({ name: name(i), items: ['a', 'b'] })),
  paths: Array.from({ length: n - 1 }, (_, i) => ({ from: name(i), to: name(i + 1), coefficient: coefficient(i) })).concat(
    n > 2 ? [{ from: name(0), to: name(n - 1), coefficient: -1e-4 }] : [],
  ),
  rSquared: Object.fromEntries(Array.from({ length: n - 1 }, (_, i) => [name(i + 1), { rSquared: 0.5 }])),
});
const segments = (features: string[], k: number, label: (i: number) => string) => ({
  spec: { features },
  profiles: Array.from({ length: k }, (_, i) => ({
    size: 1000 * (k - i) + 123_456,
    share: (k - i) / ((k * (k + 1)) / 2),
    label: label(i),
    deviations: features.map((_, j) => [3.1, -2.9, -1e-4, 0.5, -0.7, 1.9][(i + j) % 6]),
  })),
});
const rfmColumns = (n: number, k: number) => ({
  recency: Array.from({ length: n }, (_, i) => 1 + (i % k)),
  frequency: Array.from({ length: n }, (_, i) => 1 + ((i * 7) % k)),
  monetary: Array.from({ length: n }, (_, i) => 1 + ((i * 3) % k)),
});
const survivalOf = (t: number[], e: number[]) => kaplanMeier(t, e);
// CDNOW tracked 78 weeks against BG/NBD fitted on weeks 1–39 (the README's figure)
const cdnowTracking = once(() => {
  const log = parseCsv(data('cdnow_master.csv')).columns;
  const columns = { customer: 'customer_id', date: 'date', amount: 'dollar_value' };
  const model = fitBetaGeo(summarizeTransactions(log, { ...columns, observationEnd: '1997-09-30', timeUnit: 'week' }), { timeUnit: 'week' });
  return { model, tracking: repeatPurchaseTracking(model, log, { ...columns, calibrationEnd: '1997-09-30', observationEnd: '1998-06-30' }) };
});

// CDNOW: BG/NBD fitted on weeks 1–39 ranks the customers' purchases in weeks 40–78 (the README's figure)
const cdnowRanking = once(() => {
  const split = calibrationHoldout(parseCsv(data('cdnow_master.csv')).columns, {
    customer: 'customer_id',
    date: 'date',
    calibrationEnd: '1997-09-30',
    observationEnd: '1998-06-30',
    timeUnit: 'week',
  });
  return clvRanking(conditionalExpectedPurchases(cdnowTracking().model, split, 39).values, split.frequencyHoldout);
});

// CDNOW calibration weeks 1–39 and holdout weeks 40–78, BG/NBD and Pareto/NBD fitted on it (the README's validation figures)
const cdnowSplit = once(() => {
  const log = parseCsv(data('cdnow_master.csv')).columns;
  const split = summarizeTransactions(log, {
    customer: 'customer_id',
    date: 'date',
    amount: 'dollar_value',
    calibrationEnd: '1997-09-30',
    observationEnd: '1998-06-30',
    timeUnit: 'week',
  });
  return { split, betaGeo: fitBetaGeo(split, { timeUnit: 'week' }), paretoNbd: fitParetoNbd(split, { timeUnit: 'week' }) };
});
const heavyHistory = Array.from({ length: 120 }, (_, i) => 0.3 * i + (i % 7) * 0.01);

type Case = [label: string, render: () => string];
const cases: Record<string, Case[]> = {
  valuePyramidSvg: [
    ['the demo (CDNOW, the README image)', () => demo().charts['value-pyramid.svg']],
    [
      'long title, tier names and share names',
      () =>
        charts.valuePyramidSvg(
          [
            { tier: long, customerShare: 0.01, revenueShare: 0.3, profitShare: 0.2 },
            { tier: 'the rest of the customer base', customerShare: 0.99, revenueShare: 0.7, profitShare: 0.8 },
          ],
          { ...title, shareNames: ['share of customers', 'share of revenue to date', 'share of expected revenue'] },
        ),
    ],
    [
      'one tier, negative zero shares',
      () => charts.valuePyramidSvg([{ tier: 'all', customerShare: 1, revenueShare: -1e-9, profitShare: -0 }], { title: 'One tier' }),
    ],
    [
      'many tiers',
      () =>
        charts.valuePyramidSvg(
          Array.from({ length: 12 }, (_, i) => ({ tier: `tier ${i + 1}`, customerShare: 1 / 12, revenueShare: 1 / 12, profitShare: null })),
          { title: 'Twelve tiers' },
        ),
    ],
  ],
  cohortRetentionSvg: [
    ['the demo (CDNOW)', () => demo().charts['cohort-retention.svg']],
    [
      'one cohort, one period',
      () => charts.cohortRetentionSvg({ cohorts: ['2024-01'], size: [3], retention: [[1]] }, { title: 'One cohort', periodName: 'month' }),
    ],
    [
      'many cohorts and periods, long names, big cohorts',
      () =>
        charts.cohortRetentionSvg(
          {
            cohorts: Array.from({ length: 30 }, (_, c) => `${long.slice(0, 20 + c)} ${c}`),
            size: Array.from({ length: 30 }, (_, c) => 12_345_678 + c),
            retention: Array.from({ length: 30 }, (_, c) => Array.from({ length: 36 - c }, (_, k) => (k === 0 ? 1 : k % 7 === 3 ? null : 0.999 / (k + 1)))),
          },
          { ...title, periodName: 'fortnight' },
        ),
    ],
  ],
  survivalCurveSvg: [
    ['the demo (CDNOW)', () => demo().charts['survival.svg']],
    ['one time point', () => charts.survivalCurveSvg(survivalOf([5], [1]), { title: 'One customer', timeLabel: 'days' })],
    ['long labels, long times', () => charts.survivalCurveSvg(survivalOf([100, 2000, 3000, 45_000, 123_456], [1, 0, 1, 1, 0]), { ...title, timeLabel: long })],
  ],
  segmentProfileSvg: [
    ['the demo (CDNOW)', () => demo().charts['segments.svg']],
    [
      'one segment, one feature',
      () =>
        charts.segmentProfileSvg(
          segments(['x'], 1, () => 'everyone'),
          { title: 'One segment' },
        ),
    ],
    [
      'many segments, long features and labels, negative zero',
      () =>
        charts.segmentProfileSvg(
          segments(
            ['weeks since the last purchase', 'repeat purchases in the window', 'log revenue', 'share of discounted orders', 'returns', 'x'],
            8,
            (i) => `${long} ${i}`,
          ),
          title,
        ),
    ],
  ],
  importancePerformanceSvg: [
    [
      'the demo (ECSI drivers of satisfaction)',
      () =>
        charts.importancePerformanceSvg(ecsiIpa(), {
          title: 'What drives satisfaction with mobile operators (ECSI)',
          subtitle: '250 respondents · importance = correlation with overall satisfaction (CUSA1) · cuts at the means',
          performanceLabel: 'performance: mean rating (1–10)',
          importanceLabel: 'importance: r with overall satisfaction',
        }),
    ],
    [
      'the demo (ECSI loyalty IPMA)',
      () =>
        charts.importancePerformanceSvg(ecsiIpma(), {
          title: 'What drives loyalty (ECSI, importance–performance map)',
          subtitle: 'importance = unstandardized total effect on the 0–100 loyalty index · cuts at the means',
          performanceLabel: 'performance: mean 0–100 index',
          importanceLabel: 'importance: total effect',
        }),
    ],
    [
      'one item',
      () =>
        charts.importancePerformanceSvg(
          { items: [{ item: 'speed', importance: 0.5, performance: 6, quadrant: 'keepUp' }], cuts: { importance: 0.5, performance: 6 } },
          { title: 'One item' },
        ),
    ],
    [
      'ECSI loyalty IPMA with 95% bootstrap intervals',
      () =>
        charts.importancePerformanceSvg(ecsiIpmaIntervals(), {
          title: 'What drives loyalty (ECSI, importance–performance map)',
          importanceLabel: 'importance: total effect',
          performanceLabel: 'performance: mean 0–100 index',
        }),
    ],
    ['forty items in a cluster', () => charts.importancePerformanceSvg(ipaMany, { title: 'Forty items' })],
    [
      'forty items in a cluster, with wide intervals',
      () =>
        charts.importancePerformanceSvg(
          {
            ...ipaMany,
            items: ipaMany.items.map((i, k) => ({ ...i, importanceInterval: [i.importance - 0.01 * (k % 5), i.importance + 0.02] as [number, number] })),
          },
          { title: 'Forty items' },
        ),
    ],
    [
      'long item names, negative zero',
      () =>
        charts.importancePerformanceSvg(
          {
            items: [
              { item: long, importance: -1e-9, performance: 9.99, quadrant: 'possibleOverkill' },
              { item: `${long} (second)`, importance: 0.9, performance: 1, quadrant: 'priorityImprovement' },
            ],
            cuts: { importance: 0.45, performance: 5 },
          },
          { ...title, performanceLabel: long, importanceLabel: long },
        ),
    ],
  ],
  plsPathDiagramSvg: [
    [
      'the demo (ECSI model)',
      () =>
        charts.plsPathDiagramSvg(ecsiPls(), {
          title: 'ECSI model of the mobile-phone survey',
          subtitle: 'PLS path model (path weighting), 250 respondents · standardized coefficients',
        }),
    ],
    [
      'one construct, no paths',
      () => charts.plsPathDiagramSvg({ constructs: [{ name: 'Satisfaction', items: ['s1'] }], paths: [], rSquared: {} }, { title: 'One construct' }),
    ],
    [
      'long construct names, negative zero',
      () =>
        charts.plsPathDiagramSvg(
          chain(
            4,
            (i) => `${['Perceived', 'Expected', 'Overall', 'Repurchase'][i]} ${long.slice(0, 30)}`,
            (i) => [0.9, -0.35, -1e-4][i],
          ),
          title,
        ),
    ],
    [
      'the survey report (ECSI model, 95% bootstrap intervals)',
      () =>
        charts.plsPathDiagramSvg(
          ecsiPls(),
          { title: 'PLS path model', subtitle: '250 respondents · path weighting · standardized path coefficients' },
          { bootstrap: ecsiBootstrap() },
        ),
    ],
    [
      'long construct names, intervals covering 0, negative zero',
      () => {
        const model = chain(
          4,
          (i) => `${['Perceived', 'Expected', 'Overall', 'Repurchase'][i]} ${long.slice(0, 30)}`,
          (i) => [0.9, -0.35, -1e-4][i],
        );
        return charts.plsPathDiagramSvg(model, title, { bootstrap: intervalsOf(model) });
      },
    ],
    [
      'eight constructs in a chain with a long jump, intervals',
      () => {
        const model = chain(
          8,
          (i) => `C${i + 1}`,
          (i) => (i % 2 ? -0.1 : 0.8),
        );
        return charts.plsPathDiagramSvg(model, { title: 'Chain' }, { bootstrap: intervalsOf(model) });
      },
    ],
    [
      'eight constructs in a chain with a long jump',
      () =>
        charts.plsPathDiagramSvg(
          chain(
            8,
            (i) => `C${i + 1}`,
            (i) => (i % 2 ? -0.4 : 0.8),
          ),
          { title: 'Chain' },
        ),
    ],
  ],
  htmtHeatmapSvg: [
    [
      'the survey report (ECSI model, threshold 0.85)',
      () => charts.htmtHeatmapSvg(ecsiAssessment(), { title: 'Discriminant validity (HTMT)', subtitle: '250 respondents · path weighting' }),
    ],
    ['ECSI, HTMT2 against 0.90', () => charts.htmtHeatmapSvg(ecsiAssessment(), { title: 'HTMT2' }, { measure: 'htmt2', threshold: 0.9 })],
    [
      'ECSI with the bootstrap: upper bounds, outlined cells',
      () =>
        charts.htmtHeatmapSvg(assessPlsPathModel(ecsiPls(), ecsi(), { bootstrap: { resamples: 200, seed: 1 } }), {
          title: 'Discriminant validity (HTMT)',
          subtitle: '250 respondents · path weighting',
        }),
    ],
    ['one construct', () => charts.htmtHeatmapSvg({ constructs: ['Satisfaction'], htmt: [] }, { title: 'One construct' })],
    [
      'two constructs, a single-item one',
      () =>
        charts.htmtHeatmapSvg(
          htmtOf(2, (i) => `C${i}`),
          { title: 'Two' },
        ),
    ],
    [
      'twelve constructs, long names and title, negative and null values',
      () =>
        charts.htmtHeatmapSvg(
          htmtOf(12, (i) => `${long.slice(0, 8 + 2 * i)} ${i}`),
          title,
          { threshold: 1 },
        ),
    ],
  ],
  groupComparisonSvg: [
    [
      'ECSI, complaint handling rated well vs poorly',
      () => charts.groupComparisonSvg(ecsiGroups(), { title: 'Do customers whose complaints were handled well weigh the drivers differently?' }),
    ],
    ['ECSI, Welch test at 10%', () => charts.groupComparisonSvg(ecsiGroups(), { title: 'Welch' }, { test: 'welch', alpha: 0.1 })],
    [
      'long names and levels, NaN p, negative zero, no paths',
      () => {
        const g = ecsiGroups();
        const paths = g.paths.map((p, k) => ({
          ...p,
          from: `${long.slice(0, 10 + 3 * k)} ${p.from}`,
          difference: k === 0 ? -1e-4 : p.difference,
          permutation: k === 1 ? { p: NaN, pAdjusted: NaN } : p.permutation,
        }));
        return charts.groupComparisonSvg(
          {
            ...g,
            groups: [
              { level: long, n: 1_234_567 },
              { level: 7, n: 3 },
            ],
            paths,
          },
          title,
        );
      },
    ],
    ['no paths', () => charts.groupComparisonSvg({ ...ecsiGroups(), paths: [] }, { title: 'None' })],
    [
      'ECSI index by three complaint-handling tiers',
      () => {
        const tiers = { ...ecsi(), tier: Array.from(ecsi().CUSCO, (v) => (v >= 9 ? 'top' : v >= 6 ? 'middle' : 'low')) };
        return charts.groupComparisonSvg(satisfactionIndexByGroup({ ...ECSI_MODEL, scale: [1, 10] }, tiers, { group: 'tier', samples: 50 }), {
          title: 'Satisfaction index by complaint-handling tier',
        });
      },
    ],
    [
      'index by eight groups with long levels',
      () => {
        const interval = (v: number) => ({ estimate: v, lower: v - 3, upper: v + 3 });
        const groups = Array.from({ length: 8 }, (_, k) => ({ level: `${long.slice(0, 20 + 5 * k)} ${k}`, n: 1000 * k + 3 }));
        const constructs = ['Satisfaction', `${long} Loyalty`].map((construct) => ({
          construct,
          groups: groups.map((_, k) => interval(40 + 7 * k)),
          differences: [{ first: groups[0].level, second: groups[7].level, ...interval(-49) }],
        }));
        return charts.groupComparisonSvg({ groups, samples: 1000, confidence: 0.95, constructs }, title);
      },
    ],
  ],
  rfmHeatmapSvg: [
    ['CDNOW-sized grid', () => charts.rfmHeatmapSvg(rfmColumns(23_570, 5), { title: 'RFM' })],
    ['one level', () => charts.rfmHeatmapSvg({ recency: [1], frequency: [1] }, { title: 'RFM' })],
    [
      'ten levels, a million customers, long title',
      () =>
        charts.rfmHeatmapSvg(
          {
            recency: Array.from({ length: 1_234_567 }, (_, i) => 1 + (i % 10)),
            frequency: Array.from({ length: 1_234_567 }, (_, i) => 1 + ((i * 3) % 10)),
            monetary: Array.from({ length: 1_234_567 }, () => 10),
          },
          title,
        ),
    ],
  ],
  clvDistributionSvg: [
    [
      'the demo (CDNOW CLV)',
      () =>
        charts.clvDistributionSvg(demo().customers.clv, { title: 'Customer lifetime value: CDNOW purchase log', subtitle: '52 weeks, BG/NBD + Gamma-Gamma' }),
    ],
    ['one value', () => charts.clvDistributionSvg([12], { title: 'One customer' })],
    [
      'refunds, negative zero, huge values, long unit',
      () =>
        charts.clvDistributionSvg([-0.001, -1e-9, 0, 3, 12_345_678.9, 98_765_432.1, ...Array.from({ length: 200 }, (_, i) => i * 1000)], {
          ...title,
          unit: 'EUR ',
        }),
    ],
  ],
  repeatPurchaseTrackingSvg: [
    [
      'CDNOW, cumulative',
      () => charts.repeatPurchaseTrackingSvg(cdnowTracking().tracking, { title: 'CDNOW: repeat purchases, actual and BG/NBD', timeLabel: 'week' }),
    ],
    [
      'CDNOW, per week',
      () => charts.repeatPurchaseTrackingSvg(cdnowTracking().tracking, { title: 'CDNOW: weekly repeat purchases', timeLabel: 'week', view: 'incremental' }),
    ],
    [
      'one period, no actual counts',
      () => charts.repeatPurchaseTrackingSvg(repeatPurchaseTrackingFromCounts(cdnowTracking().model, { birth: [0] }, { periods: 1 }), { title: 'One period' }),
    ],
    [
      'long labels, a million customers, calibration at the last period',
      () =>
        charts.repeatPurchaseTrackingSvg(
          {
            ...repeatPurchaseTrackingFromCounts(
              cdnowTracking().model,
              { birth: [0, 3], n: [1_000_000, 234_567] },
              { periods: 200, columns: { customers: 'n' } },
            ),
            calibrationEnd: 200,
          },
          { ...title, timeLabel: long },
        ),
    ],
  ],
  clvDecileCalibrationSvg: [
    [
      'CDNOW, BG/NBD, 39-week holdout',
      () => charts.clvDecileCalibrationSvg(cdnowRanking(), { title: 'CDNOW: predicted vs actual holdout purchases by decile' }),
    ],
    ['two groups', () => charts.clvDecileCalibrationSvg(clvRanking([1, 2, 3, 4], [0, 1, 1, 3], { groups: 2 }), { title: 'Two groups' })],
    [
      '100 groups, ties leaving groups empty, negative predictions, huge values, long labels',
      () =>
        charts.clvDecileCalibrationSvg(
          clvRanking(
            Array.from({ length: 1000 }, (_, i) => (i < 300 ? -5 : i * 12_345.6)),
            Array.from({ length: 1000 }, (_, i) => ((i * 7919) % 1000) * 98_765.4),
            { groups: 100 },
          ),
          { ...title, unit: long },
        ),
    ],
  ],
  frequencyRecencyMatrixSvg: [
    [
      'CDNOW P(alive), the calibration summary’s grid',
      () =>
        charts.frequencyRecencyMatrixSvg(frequencyRecencyMatrix(cdnowSplit().betaGeo, { quantity: 'alive' }, cdnowSplit().split), {
          title: 'CDNOW: P(alive)',
          timeLabel: 'week',
        }),
    ],
    [
      'Pareto/NBD expected purchases, long labels',
      () =>
        charts.frequencyRecencyMatrixSvg(frequencyRecencyMatrix(cdnowSplit().paretoNbd, { quantity: 'expected', t: 39, T: 78, maxFrequency: 150, step: 0.5 }), {
          ...title,
          timeLabel: long,
        }),
    ],
    [
      'one cell',
      () =>
        charts.frequencyRecencyMatrixSvg(frequencyRecencyMatrix(cdnowSplit().betaGeo, { quantity: 'alive', T: 1, maxFrequency: 0, maxRecency: 0 }), {
          title: 'One cell',
        }),
    ],
  ],
  probabilityAliveHistorySvg: [
    [
      'a CDNOW customer',
      () =>
        charts.probabilityAliveHistorySvg(probabilityAliveHistory(cdnowSplit().betaGeo, [0, 2.5, 4, 10, 11, 30], { T: 39, step: 0.25 }), {
          title: 'Customer 1',
          timeLabel: 'week',
        }),
    ],
    [
      'one purchase at T, long labels',
      () => charts.probabilityAliveHistorySvg(probabilityAliveHistory(cdnowSplit().paretoNbd, [5], { T: 5 }), { ...title, timeLabel: long }),
    ],
    [
      'a heavy buyer, Pareto/NBD',
      () => charts.probabilityAliveHistorySvg(probabilityAliveHistory(cdnowSplit().paretoNbd, heavyHistory, { T: 200, step: 0.1 }), { title: 'Heavy buyer' }),
    ],
  ],
  purchaseHeterogeneitySvg: [
    ['CDNOW BG/NBD', () => charts.purchaseHeterogeneitySvg(purchaseHeterogeneity(cdnowSplit().betaGeo), { title: 'CDNOW: who buys, who leaves' })],
    ['CDNOW Pareto/NBD, long title', () => charts.purchaseHeterogeneitySvg(purchaseHeterogeneity(cdnowSplit().paretoNbd, { points: 1000 }), title)],
    [
      'customers alike (large shapes)',
      () =>
        charts.purchaseHeterogeneitySvg(purchaseHeterogeneity({ ...cdnowSplit().betaGeo, params: { r: 400, alpha: 0.002, a: 300, b: 2_000_000 } }), {
          title: 'Alike',
        }),
    ],
    [
      'BG/BB donations: probabilities per opportunity',
      () =>
        charts.purchaseHeterogeneitySvg(
          purchaseHeterogeneity({
            kind: 'betaGeoBetaBinomial',
            version: 2,
            spec: { periodUnit: 'year', columns: { frequency: 'frequency', recency: 'recency', periods: 'periods' }, missing: 'error', maxIterations: 500 },
            params: { alpha: 1.204, beta: 0.75, gamma: 0.657, delta: 2.783 },
            standardErrors: null,
            fitted: {
              n: 11104,
              skipped: 0,
              warnings: [],
              diagnostics: {
                logLikelihood: -33225.6,
                aic: 0,
                bic: 0,
                gradientNorm: 0,
                hessianPositiveDefinite: true,
                iterations: 0,
                newtonSteps: 0,
                groups: 22,
              },
            },
          }),
          { title: 'Donors: who gives, who leaves' },
        ),
    ],
  ],
  repeatPurchaseDistributionSvg: [
    [
      'CDNOW calibration',
      () => charts.repeatPurchaseDistributionSvg(repeatPurchaseDistribution(cdnowSplit().betaGeo, cdnowSplit().split), { title: 'CDNOW: repeat purchases' }),
    ],
    [
      'many bins, long title',
      () => charts.repeatPurchaseDistributionSvg(repeatPurchaseDistribution(cdnowSplit().paretoNbd, cdnowSplit().split, { maxFrequency: 40 }), title),
    ],
    [
      'a million customers, the last bin tallest',
      () => charts.repeatPurchaseDistributionSvg({ label: ['0', '1+'], actual: [10, 1_000_000], expected: [12.5, 999_997.5] }, { title: 'Two bins' }),
    ],
  ],
  holdoutByFrequencySvg: [
    [
      'CDNOW calibration vs holdout',
      () => charts.holdoutByFrequencySvg(holdoutByFrequency(cdnowSplit().betaGeo, cdnowSplit().split), { title: 'CDNOW: holdout', timeLabel: 'week' }),
    ],
    [
      'empty bins, long labels',
      () => charts.holdoutByFrequencySvg(holdoutByFrequency(cdnowSplit().paretoNbd, cdnowSplit().split, { maxFrequency: 60 }), { ...title, timeLabel: long }),
    ],
    ['one bin', () => charts.holdoutByFrequencySvg({ label: ['0+'], actual: [0], expected: [0], duration: 1 }, { title: 'One bin' })],
  ],
  clvConfidenceBandSvg: [
    ['CDNOW (the README image)', readmeClvCharts['clv-confidence-band.svg']],
    [
      'linear scale, long labels, a wide band, one customer off the scale',
      () => {
        const estimate = Array.from({ length: 5000 }, (_, i) => (i === 4999 ? 1e7 : 0.01 + i * 1.5));
        const columns = { estimate, percentiles: { p01: estimate.map((v) => v * 0.2), p99: estimate.map((v) => v * 4) } };
        return charts.clvConfidenceBandSvg(
          { interval: 'confidence', horizon: 1, timeUnit: 'fortnight', expectedPurchases: columns, clv: columns },
          { ...title, scale: 'linear', unit: 'EUR ' },
        );
      },
    ],
    [
      'two customers, expected purchases, zero values',
      () =>
        charts.clvConfidenceBandSvg(
          { interval: 'confidence', horizon: 3, timeUnit: 'week', expectedPurchases: { estimate: [0, 2], percentiles: { p05: [0, 1], p95: [0, 3] } } },
          { title: 'Two customers' },
        ),
    ],
  ],
  baseTotalOverTimeSvg: [
    ['CDNOW (the README image)', readmeClvCharts['clv-base-total.svg']],
    [
      'one horizon, long labels',
      () =>
        charts.baseTotalOverTimeSvg(
          {
            interval: 'confidence',
            timeUnit: 'day',
            totalsOverTime: { horizon: [1], expectedPurchases: { estimate: [12_345_678], percentiles: { p05: [11_000_000], p95: [13_999_999] } } },
          },
          { ...title, unit: 'EUR ' },
        ),
    ],
    [
      'many horizons, value',
      () =>
        charts.baseTotalOverTimeSvg(
          {
            interval: 'confidence',
            timeUnit: 'week',
            totalsOverTime: {
              horizon: Array.from({ length: 260 }, (_, h) => h + 1),
              expectedPurchases: {
                estimate: Array.from({ length: 260 }, () => 1),
                percentiles: { p05: Array.from({ length: 260 }, () => 1), p95: Array.from({ length: 260 }, () => 1) },
              },
              value: {
                estimate: Array.from({ length: 260 }, (_, h) => 1000 * Math.sqrt(h + 1)),
                percentiles: {
                  p05: Array.from({ length: 260 }, (_, h) => 800 * Math.sqrt(h + 1)),
                  p95: Array.from({ length: 260 }, (_, h) => 1300 * Math.sqrt(h + 1)),
                },
              },
            },
          },
          { title: 'Five years of weeks' },
        ),
    ],
  ],
  journeyTimelineSvg: [
    [
      'four steps',
      () =>
        charts.journeyTimelineSvg(
          {
            steps: [
              { touchpoint: 'order', rating: 8 },
              { touchpoint: 'delivery', rating: 3 },
              { touchpoint: 'install', rating: 6 },
              { touchpoint: 'support', rating: 9 },
            ],
            scale: [1, 10],
          },
          { title: 'Journey' },
        ),
    ],
    ['one step', () => charts.journeyTimelineSvg({ steps: [{ touchpoint: 'visit', rating: 1 }], scale: [1, 10] }, { title: 'One step' })],
    [
      'many steps, long names',
      () =>
        charts.journeyTimelineSvg(
          { steps: Array.from({ length: 14 }, (_, i) => ({ touchpoint: `${long.slice(0, 12 + 3 * i)} ${i}`, rating: 1 + ((i * 7) % 10) })), scale: [1, 10] },
          title,
        ),
    ],
  ],
};

const svgCharts = Object.keys(charts).filter((name) => name.endsWith('Svg') && typeof (charts as Record<string, unknown>)[name] === 'function');
const rsvg = hasRsvgConvert();

/** The SVG on a canvas `margin` px larger on every side, without its background (transparent). */
function widened(svg: string, margin: number, textOnly: boolean): string {
  const { width, height } = viewBox(svg);
  let body = svg.replace(/<svg\b[^>]*>/, (root) =>
    root
      .replace(/\swidth="[^"]*"/, ` width="${width + 2 * margin}"`)
      .replace(/\sheight="[^"]*"/, ` height="${height + 2 * margin}"`)
      .replace(/viewBox="[^"]*"/, `viewBox="${-margin} ${-margin} ${width + 2 * margin} ${height + 2 * margin}"`),
  );
  body = body.replace(/<rect width="[^"]*" height="[^"]*" fill="#ffffff"\/>/, '');
  if (textOnly) body = body.replace(/<defs>[\s\S]*?<\/defs>|<(rect|line|path|polygon|polyline|circle)\b[^>]*\/>/g, '');
  return body;
}

/** Inked pixels (alpha ≥ 64) of a widened rendering, in the chart's own coordinates. */
function* ink(svg: string, margin: number, textOnly: boolean): Generator<[number, number]> {
  const image = renderSvg(widened(svg, margin, textOnly));
  for (let y = 0; y < image.height; y++)
    for (let x = 0; x < image.width; x++) if (image.data[4 * (y * image.width + x) + 3] >= 64) yield [x + 0.5 - margin, y + 0.5 - margin];
}

const show = (b: Box & { text?: string }) =>
  `${b.text === undefined ? '' : `"${b.text.slice(0, 40)}" `}[${b.x0.toFixed(0)}, ${b.y0.toFixed(0)}, ${b.x1.toFixed(0)}, ${b.y1.toFixed(0)}]`;

describe('customer-value/charts: every SVG chart keeps its text on the canvas and its labels apart', () => {
  it('every exported SVG chart has layout cases here', () => {
    expect(svgCharts.length).toBeGreaterThanOrEqual(9);
    expect(svgCharts.filter((name) => !cases[name]?.length)).toEqual([]);
  });

  it('rsvg-convert is installed (Debian: apt-get install -y librsvg2-bin; .ci/run does)', () => {
    expect(rsvg).toBe(true);
  });

  for (const name of svgCharts) {
    for (const [label, render] of cases[name] ?? []) {
      describe(`${name}: ${label}`, () => {
        it('text boxes lie inside the canvas, apart from each other and from the points', () => {
          const svg = render();
          // CHART_LAYOUT_OUT=dir writes every case's SVG there, to look at
          if (process.env.CHART_LAYOUT_OUT) writeFileSync(`${process.env.CHART_LAYOUT_OUT}/${name}-${label.replace(/[^a-z0-9]+/gi, '-')}.svg`, svg);
          const { width, height } = viewBox(svg);
          const boxes = textBoxes(svg);
          expect(boxes.filter((b) => b.x0 < 0 || b.y0 < 0 || b.x1 > width || b.y1 > height).map(show), `canvas ${width} × ${height}`).toEqual([]);
          const overlaps: string[] = [];
          for (let i = 0; i < boxes.length; i++)
            for (let j = i + 1; j < boxes.length; j++) if (intersects(boxes[i], boxes[j])) overlaps.push(`${show(boxes[i])} × ${show(boxes[j])}`);
          expect(overlaps).toEqual([]);
          const points = circleBoxes(svg);
          expect(boxes.flatMap((b) => points.filter((p) => intersects(b, p)).map((p) => `${show(b)} × point ${show(p)}`))).toEqual([]);
        });

        it('text lies wholly on a filled shape or wholly off it (a cell, a bar), unless a white backing holds it', () => {
          const svg = render();
          const rects = filledRects(svg);
          const backings = rects.filter((r) => /^#fff(fff)?$/i.test(r.fill));
          const straddling = textBoxes(svg).flatMap((b) =>
            backings.some((w) => contains(w, b))
              ? []
              : rects.filter((r) => !backings.includes(r) && intersects(b, r) && !contains(r, b)).map((r) => `${show(b)} across ${r.fill} ${show(r)}`),
          );
          expect(straddling).toEqual([]);
        });

        it('no arrowhead touches a label', () => {
          const svg = render();
          // the tip of every line or path drawn with a marker-end, as an 11 px square
          const tips = [...svg.matchAll(/<(line|path)\b([^>]*marker-end[^>]*)\/>/g)].map((m) => {
            const numbers =
              m[1] === 'line'
                ? ['x2', 'y2'].map((a) => Number(new RegExp(`${a}="([^"]*)"`).exec(m[2])?.[1]))
                : (/\sd="([^"]*)"/.exec(m[2])?.[1].match(/-?[\d.]+/g) ?? []).slice(-2).map(Number);
            return { x0: numbers[0] - 5.5, y0: numbers[1] - 5.5, x1: numbers[0] + 5.5, y1: numbers[1] + 5.5 };
          });
          expect(textBoxes(svg).flatMap((b) => tips.filter((t) => intersects(b, t)).map((t) => `${show(b)} × arrowhead ${show(t)}`))).toEqual([]);
        });

        it('prints no negative zero and no NaN', () => {
          const texts = textBoxes(render()).map((b) => b.text);
          expect(texts.filter((t) => /(^|[^\d.])-0(?:\.0+)?(?![\d.])|NaN|Infinity|undefined/.test(t))).toEqual([]);
        });

        it.runIf(rsvg)('rendered by rsvg-convert: no ink outside the canvas, every text pixel inside its estimated box', () => {
          const svg = render();
          const { width, height } = viewBox(svg);
          const outside: string[] = [];
          for (const [x, y] of ink(svg, 60, false)) if (x < 0 || y < 0 || x > width || y > height) outside.push(`${x},${y}`);
          expect(outside.length, `first: ${outside.slice(0, 5).join(' ')}`).toBe(0);
          const boxes = textBoxes(svg);
          const stray: string[] = [];
          for (const [x, y] of ink(svg, 60, true))
            if (!boxes.some((b) => x >= b.x0 - 1 && x <= b.x1 + 1 && y >= b.y0 - 1 && y <= b.y1 + 1)) stray.push(`${x},${y}`);
          expect(stray.length, `first: ${stray.slice(0, 5).join(' ')}`).toBe(0);
        });
      });
    }
  }
});
