import { DAYS_PER_UNIT } from '../internal/timeUnits.js';
import type { PartialPeriod } from '../loyalty/readActivity.js';
import type { TransactionWarning } from '../value/transactionWarning.js';
import { parseSpec } from '../internal/parseSpec.js';
import type { CustomerValueAnalysis } from './analyzeCustomerValue.js';
import { customerValueAnalysisSchema } from './customerValueAnalysisSchema.js';
import { fmt, pct } from './reportFormat.js';

/**
 * The customer-value report as Markdown, from an analysis (`analyzeCustomerValue`, or the same
 * object read back from JSON): the window and counts, the data warnings, BG/NBD and Gamma-Gamma
 * with the expected revenue over the horizon, the value pyramid, RFM quintiles and named
 * segments, retention (cohorts, quarterly flows, the active-lifetime paragraph, which gives no
 * figure beyond the data's reach) and k-means segments. Charts are linked by the file names
 * `renderReportCharts` gives them (`value-pyramid.svg`, `cohort-retention.svg`, `survival.svg`,
 * `segments.svg`). Loads no chart code.
 *
 * @throws {CustomerValueError} `invalid_value` naming the field when `analysis` is not an analysis.
 * @example
 * const log = await readCsvFile('examples/data/cdnow_master.csv');
 * const analysis = analyzeCustomerValue(log.columns, { customer: 'customer_id', date: 'date', amount: 'dollar_value', observationEnd: '1997-09-30', title: 'CDNOW' });
 * renderReportMarkdown(JSON.parse(JSON.stringify(analysis))).split('\n')[0]; // => '# Customer value report: CDNOW'
 */
export function renderReportMarkdown(analysis: CustomerValueAnalysis): string {
  // checked, not parsed: rendered from the object given, so an analysis renders as it is
  parseSpec(customerValueAnalysisSchema, analysis, 'renderReportMarkdown', 'analysis', 'invalid_value');
  const a = analysis;
  const unit = a.timeUnit;
  const horizon = a.horizon;
  const counts = a.counts;
  const g = a.spendModel.params;
  const end = a.window.end;
  const flows = a.flows.flows;
  const survival = a.activeLifetimes.survival;
  const names = a.segments.features;
  const tierTable = [
    `| tier | customers | share of customers | revenue to date | share of revenue | expected revenue (${horizon} ${unit}s) | share of expected | revenue / customer |`,
    '|---|---:|---:|---:|---:|---:|---:|---:|',
    ...[...a.valueTiers.tiers, a.valueTiers.total].map(
      (r) =>
        `| ${r.tier} | ${fmt(r.customers)} | ${pct(r.customerShare)} | ${fmt(r.revenue, 2)} | ${pct(r.revenueShare)} | ${fmt(r.profit ?? 0, 2)} | ${pct(r.profitShare)} | ${fmt(r.revenuePerCustomer ?? 0, 2)} |`,
    ),
  ].join('\n');
  const flowTable = [
    '| quarter | active | new | retained | returning | lost | retention rate |',
    '|---|---:|---:|---:|---:|---:|---:|',
    ...flows.map(
      (f) =>
        `| ${f.period} | ${fmt(f.active)} | ${fmt(f.new)} | ${fmt(f.retained)} | ${fmt(f.returning)} | ${fmt(f.lost)} | ${f.retentionRate === null ? '—' : pct(f.retentionRate)} |`,
    ),
  ].join('\n');
  const profiles = [...a.segments.profiles].sort((x, y) => y.size - x.size);
  const segmentTable = [
    `| segment | customers | share | ${names.join(' | ')} | label |`,
    `|---:|---:|---:|${names.map(() => '---:').join('|')}|---|`,
    ...profiles.map((q) => `| ${q.segment} | ${fmt(q.size)} | ${pct(q.share)} | ${q.means.map((m) => m.toFixed(2)).join(' | ')} | ${q.label} |`),
  ].join('\n');
  const namedTable = [
    '| RFM segment | customers | share |',
    '|---|---:|---:|',
    ...Object.entries(a.rfm.segments)
      .sort((x, y) => y[1] - x[1])
      .map(([name, count]) => `| ${name} | ${fmt(count)} | ${pct(count / counts.customers)} |`),
  ].join('\n');
  const thresholds = a.rfm.thresholds;

  return `# Customer value report: ${a.title}

Window: ${a.window.start} to ${end}, for every section; time unit: ${unit}. ${fmt(counts.used)} transaction rows by ${fmt(counts.customers)} customers (${fmt(counts.afterObservationEnd)} rows dated after ${end} left out of every section, ${fmt(counts.skipped)} skipped).
${refundLine(counts)}${dataWarnings(a.warnings)}
## Potential value: ${PURCHASE_MODELS[a.purchaseModel.kind ?? 'betaGeo'].name} and Gamma-Gamma
${comparisonSection(a)}
${purchaseModelLine(a.purchaseModel)}
Gamma-Gamma (Fader & Hardie 2013) on ${fmt(a.spendModel.n)} repeat customers: p = ${g.p.toFixed(3)}, q = ${g.q.toFixed(3)}, γ = ${g.gamma.toFixed(3)}; frequency–spend correlation ${a.spendModel.frequencyMonetaryCorrelation.toFixed(3)} (the model assumes independence).

${[...a.purchaseModel.warnings, ...a.spendModel.warnings].map((w) => `> Warning: ${w}\n`).join('')}
Expected revenue over the next ${horizon} ${unit}s, discounted at ${(100 * a.annualDiscountRate).toFixed(1)}% a year: mean ${fmt(a.clv.mean, 2)} per customer, ${fmt(a.clv.total, 2)} in total.

## Value pyramid: realized + potential value (top 1% / large 4% / medium 15% / small 80%)

Customer value = revenue to date + expected revenue over the next ${horizon} ${unit}s.

${tierTable}

![value pyramid](value-pyramid.svg)

## RFM quintiles

Thresholds (type-1 quantiles; ties share a score): ${unit}s since the last purchase (lower is better) ${thresholds.recency.map((t) => t.toFixed(2)).join(', ')};
repeat purchases ${thresholds.frequency.join(', ')}; revenue ${thresholds.monetary.map((t) => t.toFixed(2)).join(', ')}.

${namedTable}

## Retention

${partialLine(end, a.cohorts.partialPeriod, 'month', 'cohorts')}${
    a.cohorts.cohorts.length === 0
      ? 'No complete month in the window: no cohorts.'
      : `Monthly acquisition cohorts (share of each cohort buying in each month since its first purchase), complete months only:

![cohort retention](cohort-retention.svg)`
  }

${partialLine(end, a.flows.partialPeriod, 'quarter', 'flows')}${
    flows.length === 0
      ? 'No complete quarter in the window: no flows.'
      : `Quarterly flows (the leaky bucket), complete quarters only:

${flowTable}`
  }

${
  survival === null
    ? `No active-lifetime curve: ${a.activeLifetimes.counts.oneTime === counts.customers ? 'no repeat buyers' : `no repeat buyer was first seen more than ${fmt(a.lapseAfter, 1)} ${unit}s before the end, so no lapse could be seen yet`}.`
    : `${survivalText(a)}

![active lifetime](survival.svg)`
}

## Segments

${segmentRunsText(a)}

${segmentTable}

![segment profiles](segments.svg)
`;
}

/**
 * The survival paragraph: figures only at times the data reach (a lapse at lifetime t is seen
 * only when t + lapseAfter falls before the end), and the reach itself said.
 */
function survivalText(a: CustomerValueAnalysis): string {
  const lives = a.activeLifetimes;
  const survival = lives.survival;
  if (survival === null) return '';
  const perYear = 365.25 / DAYS_PER_UNIT[a.timeUnit];
  const reach = lives.reach ?? 0;
  const unit = `${a.timeUnit}s`;
  const survivalAt = (t: number) => {
    let value = 1;
    for (let k = 0; k < survival.time.length && survival.time[k] <= t; k++) value = survival.survival[k];
    return value;
  };
  const milestones = [
    [perYear / 4, 'a quarter'],
    [perYear / 2, 'half a year'],
    [perYear, 'a year'],
  ] as const;
  const within = milestones.filter(([t]) => t <= reach);
  const beyond = milestones.filter(([t]) => t > reach).map(([, name]) => name);
  const figures = [...within.map(([t, name]) => `${pct(survivalAt(t))} after ${name}`), `${pct(survivalAt(reach))} after ${fmt(reach, 1)} ${unit}`];
  const left = [
    `${fmt(lives.counts.oneTime)} one-time buyers`,
    ...(lives.counts.tooRecent > 0
      ? [
          `${fmt(lives.counts.tooRecent)} repeat buyers first seen ${fmt(a.lapseAfter, 1)} ${unit} or less before the end (no lapse of theirs could be seen yet)`,
        ]
      : []),
  ];
  return (
    `Active lifetime of ${fmt(survival.n)} repeat buyers (${left.join(' and ')} left out), Kaplan–Meier with lapse = no purchase for more than ${fmt(a.lapseAfter, 1)} ${unit} before the end. ` +
    `A lapse shows only ${fmt(a.lapseAfter, 1)} ${unit} after it happens, so each customer who has not lapsed is censored ${fmt(a.lapseAfter, 1)} ${unit} before the end, and the curve reaches ${fmt(reach, 1)} ${unit} after a first purchase ` +
    `(the earliest first purchase plus the lapse window, before the end): ${fmt(survival.totalEvents)} lapsed; still active: ${figures.join(', ')}` +
    `${beyond.length > 0 ? ` (${beyond.join(', ')}: beyond the data's reach, not shown)` : ''}; ` +
    `median active lifetime ${survival.median === null ? `not reached within ${fmt(reach, 1)} ${unit}` : `${survival.median.toFixed(1)} ${unit}`}.`
  );
}

/**
 * The summary's warnings as Markdown quotes, except refunds and net spend ≤ 0, which the line on
 * returns already states; nothing when there are none.
 */
function dataWarnings(warnings: readonly TransactionWarning[]): string {
  const shown = warnings.filter((w) => w.code !== 'refunds' && w.code !== 'non_positive_revenue');
  return shown.length === 0 ? '' : `\n${shown.map((w) => `> Data warning (${w.code}): ${w.message}\n`).join('>\n')}`;
}

/** The sentence saying which period the end cuts short and that it is left out, or nothing. */
function partialLine(end: string, partial: PartialPeriod | null, period: string, where: string): string {
  if (partial === null) return '';
  return `The end, ${end}, cuts the ${period} ${partial.period} (${partial.from} to ${partial.to}) short: it is left out of the ${where} (${partial.rows.toLocaleString('en-US')} rows), so customers who have not bought in it yet are not counted as lost.\n\n`;
}

/**
 * How returns entered the summary (netted per customer and day), or nothing when there were none:
 * refund days, customers whose net spend is ≤ 0, and refund-only customers left out.
 */
function refundLine(counts: {
  readonly refundDays: number;
  readonly nonPositiveNet: number;
  readonly withoutPurchase: number;
  readonly withoutPurchaseRows: number;
}): string {
  const n = (v: number) => v.toLocaleString('en-US');
  if (counts.refundDays === 0 && counts.withoutPurchase === 0)
    return counts.nonPositiveNet === 0 ? '' : `\n${n(counts.nonPositiveNet)} customer(s) have a net spend of 0 (no refunds; purchases recorded at 0).\n`;
  return `\nReturns are netted per customer and day: ${n(counts.refundDays)} day(s) holding a refund that nets to ≤ 0 are not purchases; ${n(counts.nonPositiveNet)} customer(s) have a net spend ≤ 0; ${n(counts.withoutPurchase)} customer(s) with refunds only (${n(counts.withoutPurchaseRows)} rows) are left out.\n`;
}

/**
 * The Segments section's first paragraph: the features, the silhouette curve and the chosen k,
 * and the k-means runs behind them as `analysis.segments.runs` records them (an analysis without
 * `runs`, saved by an earlier version, renders without the counts).
 */
function segmentRunsText(a: CustomerValueAnalysis): string {
  const s = a.segments;
  const curve = s.curve.map((c) => `k = ${c.k}: ${c.silhouette === null ? '—' : c.silhouette.toFixed(3)}`).join(', ');
  const r = s.runs as CustomerValueAnalysis['segments']['runs'] | undefined;
  if (r === undefined)
    return `k-means (k-means++, z-scored features) on ${s.features.join(', ')}; k chosen by mean silhouette on a seeded sample (${curve}): **k = ${s.k}**.`;
  const fit =
    r.restartCustomers >= r.customers
      ? `${r.restarts} restarts on all ${fmt(r.customers)} customers`
      : `${r.restarts} restarts on a seeded sample of ${fmt(r.restartCustomers)} customers, then one Lloyd run on all ${fmt(r.customers)} from the best one's centers`;
  return `k-means (k-means++, z-scored features) on ${s.features.join(', ')}; k chosen by mean silhouette on a seeded sample of ${fmt(r.choiceCustomers)} customers, with ${r.choiceRestarts} restarts for each k on that sample (${curve}): **k = ${s.k}**. The segments: ${fit}.`;
}

/** How BG/NBD's parameters print (MBG/NBD has the same four): key, symbol, decimals. */
const BETA_GEO_PARAMS: [string, string, number][] = [
  ['r', 'r', 4],
  ['alpha', 'α', 3],
  ['a', 'a', 4],
  ['b', 'b', 3],
];

/** The purchase models the report can use: name, reference and how its parameters print. */
const PURCHASE_MODELS: Record<string, { name: string; source: string; params: [string, string, number][] }> = {
  betaGeo: {
    name: 'BG/NBD',
    source: 'Fader, Hardie & Lee 2005',
    params: BETA_GEO_PARAMS,
  },
  modifiedBetaGeo: {
    name: 'MBG/NBD',
    source: 'Batislam, Denizel & Filiztekin 2007',
    params: BETA_GEO_PARAMS,
  },
  paretoNbd: {
    name: 'Pareto/NBD',
    source: 'Schmittlein, Morrison & Colombo 1987',
    params: [
      ['r', 'r', 4],
      ['alpha', 'α', 3],
      ['s', 's', 4],
      ['beta', 'β', 3],
    ],
  },
};

function purchaseModelLine(m: CustomerValueAnalysis['purchaseModel']): string {
  const model = PURCHASE_MODELS[m.kind ?? 'betaGeo'];
  const params = model.params.map(([key, symbol, digits]) => `${symbol} = ${m.params[key].toFixed(digits)}`).join(', ');
  return `${model.name} (${model.source}) on ${fmt(m.n)} customers: ${params} (log-likelihood ${fmt(m.logLikelihood, 1)}).`;
}

/** With a holdout: the compared models, the pick and why, and the tracking chart; else nothing. */
function comparisonSection(a: CustomerValueAnalysis): string {
  const c = a.modelComparison;
  if (c === undefined) return '';
  const signed = (share: number) => `${share > 0 ? '+' : ''}${(100 * share).toFixed(1)}%`;
  const rows = c.models.map(
    (m) =>
      `| ${m.name}${m.name === c.picked ? ' (used)' : ''} | ${m.parameters} | ${fmt(m.logLikelihood, 1)} | ${fmt(m.aic, 1)} | ${fmt(m.bic, 1)} | ${m.mae.toFixed(3)} | ${m.rmse.toFixed(3)} | ${fmt(m.expected)} | ${signed(m.aggregateError)} |`,
  );
  return `
Three models of repeat buying fitted to ${c.holdout.start} and compared on the holdout after it, to ${c.holdout.end} (${fmt(c.holdout.duration, 1)} ${a.timeUnit}s): ${fmt(c.actual)} actual repeat purchases by ${fmt(c.customers)} customers. MAE and RMSE compare each customer's holdout purchases with their expectation given their history.

| model | parameters | log-likelihood | AIC | BIC | holdout MAE | holdout RMSE | expected holdout purchases | aggregate error |
|---|---:|---:|---:|---:|---:|---:|---:|---:|
${rows.join('\n')}

${c.reason}

![tracking](tracking.svg)
`;
}
