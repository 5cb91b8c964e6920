import { z } from 'zod';
import { CustomerValueError } from '../errors.js';
import { cohortRetentionSvg } from '../charts/cohortRetentionSvg.js';
import { segmentProfileSvg } from '../charts/segmentProfileSvg.js';
import { survivalCurveSvg } from '../charts/survivalCurveSvg.js';
import { valuePyramidSvg } from '../charts/valuePyramidSvg.js';
import { daysFromDateValue, isoDateOfDay } from '../internal/civilDays.js';
import { ColumnReader } from '../internal/columnReader.js';
import { parseSpec } from '../internal/parseSpec.js';
import { DAYS_PER_UNIT, timeUnitSchema } from '../internal/timeUnits.js';
import type { TimeUnit } from '../value/timeUnit.js';
import type { TableInput } from '../io/tableInput.js';
import { customerLifetimeValue } from '../loyalty/clv/customerLifetimeValue.js';
import { fitBetaGeo } from '../loyalty/clv/fitBetaGeo.js';
import { fitGammaGamma } from '../loyalty/clv/fitGammaGamma.js';
import { cohortRetention } from '../loyalty/cohortRetention.js';
import { customerFlows } from '../loyalty/customerFlows.js';
import type { PartialPeriod } from '../loyalty/readActivity.js';
import { activeLifetimes, type ActiveLifetimesResult } from '../loyalty/activeLifetimes.js';
import { kaplanMeier, type KaplanMeierResult } from '../loyalty/kaplanMeier.js';
import { chooseK } from '../segmentation/chooseK.js';
import { fitSegments } from '../segmentation/fitSegments.js';
import { rfmSegments } from '../segmentation/rfmSegments.js';
import { fitRfm } from '../value/fitRfm.js';
import { fitValuePyramid } from '../value/fitValuePyramid.js';
import { scoreRfm } from '../value/scoreRfm.js';
import type { TransactionWarning } from '../value/transactionWarning.js';
import { summarizeTransactionsOf, type CustomerSummary } from '../value/summarizeTransactions.js';
import { tierSummary, type TierSummaryResult } from '../value/tierSummary.js';

const FN = 'customerValueReport';

/** What `customerValueReport` reads from a transaction log, and how it values customers. */
export interface CustomerValueReportSpec {
  /** Customer id column. */
  readonly customer: string;
  /** Purchase date column (Date, ISO `YYYY-MM-DD` or `YYYYMMDD`). */
  readonly date: string;
  /** Purchase amount column (revenue). */
  readonly amount: string;
  /** Unit for recency, tenure and the CLV horizon (default `'week'`). */
  readonly timeUnit?: TimeUnit;
  /** Last day of the period analysed (default: the latest purchase date in the log). */
  readonly observationEnd?: string;
  /** CLV horizon in `timeUnit`s (default one year). */
  readonly horizon?: number;
  /** Yearly discount rate for CLV (default 0.1). */
  readonly annualDiscountRate?: number;
  /** A customer with no purchase for this many `timeUnit`s before the end has lapsed (default half a year). */
  readonly lapseAfter?: number;
  /** Name of the data in headings (default "your customers"). */
  readonly title?: string;
  /** Seed for k-means and the silhouette sample (default 1). */
  readonly seed?: number;
}

/** The report: Markdown with chart references, the charts as SVG by file name, and the main figures. */
export interface CustomerValueReport {
  readonly markdown: string;
  /** SVG documents by file name, as the Markdown links them (`value-pyramid.svg`, ...). */
  readonly charts: Readonly<Record<string, string>>;
  readonly customers: CustomerSummary & { readonly clv: Float64Array; readonly periodsInactive: Float64Array };
  readonly valueTiers: TierSummaryResult;
  /**
   * What changes the figures silently, from `summarizeTransactions` (refunds, net spend ≤ 0,
   * duplicate rows, times of day, a calibration too short for BG/NBD): the report states each.
   */
  readonly warnings: readonly TransactionWarning[];
}

const specSchema = z.strictObject({
  customer: z.string().min(1),
  date: z.string().min(1),
  amount: z.string().min(1),
  timeUnit: timeUnitSchema.default('week'),
  observationEnd: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date YYYY-MM-DD').optional(),
  horizon: z.int().min(1).max(100_000).optional(),
  annualDiscountRate: z.number().min(0).max(10).default(0.1),
  lapseAfter: z.number().positive().optional(),
  title: z.string().default('your customers'),
  seed: z.int().default(1),
});

const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const pct = (share: number | null) => (share === null ? 'n/a' : `${(100 * share).toFixed(1)}%`);
const sum = (values: ArrayLike<number>) => {
  let total = 0;
  for (let i = 0; i < values.length; i++) total += values[i];
  return total;
};

/**
 * The customer-value report of a transaction log — what `npm run demo` shows for CDNOW, for any
 * log (the `customer-value report` command writes it to a folder): potential value (BG/NBD +
 * Gamma-Gamma CLV over the horizon), the value pyramid on realized + potential value with each
 * tier's share of customers, revenue and expected revenue, RFM quintiles and named RFM segments,
 * retention (monthly cohorts, quarterly flows, Kaplan–Meier active lifetime of repeat buyers)
 * and k-means segments with k chosen by silhouette. Returns Markdown and SVG charts.
 *
 * Active lifetime: a repeat buyer has lapsed after no purchase for more than `lapseAfter`; a lapse
 * shows only `lapseAfter` after it happens, so customers who have not lapsed are censored at
 * T − `lapseAfter`, not at T (see `activeLifetimes`), and the curve and its figures stop at the
 * data's reach — the largest T − `lapseAfter` — which the report states; a quarter, half a year
 * or a year beyond it is named as not shown, never given the curve's last value.
 *
 * Dates: a `Date` counts on its local calendar day in the process's time zone (what `pg` and
 * `mysql2` return for a DATE column: local midnight, or the first local time on a DST day without
 * one); a `Date` at exactly 00:00:00.000 UTC that is not at local midnight counts on its UTC day
 * (as `new Date('2024-01-05')` and `Date.UTC` make). Timestamp text, ISO 8601 or as PostgreSQL
 * prints it (`2024-01-05 10:00:00+00`, `2024-01-05 10:00:00.123456+05:30`, `2024-01-05T10:00Z`;
 * offsets `Z`, `±hh`, `±hh:mm`, `±hhmm`), counts on the date as written — the day in the offset
 * it carries; impossible text (2024-02-30, hour 24, an offset beyond ±14:00) is refused saying
 * why. So results are the same in every time zone.
 *
 * @throws {CustomerValueError} for a bad spec or log (as `summarizeTransactions`), or when the log cannot support a model (e.g. no repeat buyers for Gamma-Gamma).
 * @example
 * const log = await readCsvFile('examples/data/cdnow_master.csv');
 * const report = customerValueReport(log.columns, { customer: 'customer_id', date: 'date', amount: 'dollar_value', observationEnd: '1997-09-30', title: 'CDNOW' });
 * [report.customers.counts.customers, report.valueTiers.tiers.length, Object.keys(report.charts).length]; // => [23570, 4, 4]
 */
export function customerValueReport(transactions: TableInput, spec: CustomerValueReportSpec): CustomerValueReport {
  const s = parseSpec(specSchema, spec, FN, 'spec');
  const unit = s.timeUnit;
  const perYear = 365.25 / DAYS_PER_UNIT[unit];
  const horizon = s.horizon ?? Math.round(perYear);
  const lapseAfter = s.lapseAfter ?? perYear / 2;
  const observationEnd = s.observationEnd ?? latestDate(transactions, s.date);
  const summary = summarizeTransactionsOf(transactions, { customer: s.customer, date: s.date, amount: s.amount, observationEnd, timeUnit: unit }, null);
  const periodsInactive = summary.T.map((t, i) => t - summary.recency[i]);

  // Potential value
  const short = summary.warnings.find((w) => w.code === 'short_calibration');
  const purchaseModel = withCalibrationNote(short, () => fitBetaGeo(summary, { timeUnit: unit }));
  const spendModel = withCalibrationNote(short, () => fitGammaGamma(summary, { nonPositiveSpend: 'exclude' }));
  const discountRate = Math.pow(1 + s.annualDiscountRate, 1 / perYear) - 1;
  const { clv } = customerLifetimeValue({ purchaseModel, spendModel, customers: summary, horizon, timeUnit: unit, discountRate, margin: 1 });
  const customers = { ...summary, clv, periodsInactive };

  // Value pyramid: realized + potential value, in money, so the value score is their sum
  const pyramid = fitValuePyramid(customers, { dimensions: [{ column: 'revenue', scale: 'none' }, { column: 'clv', scale: 'none' }] });
  const valueTiers = tierSummary(pyramid, customers, { revenue: 'revenue', profit: 'clv' });

  // RFM quintiles and named segments
  const rfm = fitRfm(customers, { recency: { column: 'periodsInactive', better: 'lower' }, frequency: { column: 'frequency' }, monetary: { column: 'revenue' } });
  const rfmScores = scoreRfm(rfm, customers);
  const named = rfmSegments(rfmScores);

  // Retention
  const activity = { customer: s.customer, date: s.date };
  // One window for every section: the summary's (rows after the end left out, partial periods too)
  const cohorts = cohortRetention(transactions, { ...activity, period: 'month', observationEnd });
  const flowResult = customerFlows(transactions, { ...activity, period: 'quarter', observationEnd });
  const { flows } = flowResult;
  const windowStart = earliestDate(transactions, s.date, summary.observationEnd);
  // Active lifetime: censored at T − lapseAfter, where a lapse stops being observable
  const lives = activeLifetimes(summary, { lapseAfter });
  const survival = lives.counts.included > 0 ? kaplanMeier(lives.durations, lives.lapsed) : null;
  const reach = lives.reach ?? 0;
  const survivalAt = (t: number) => {
    if (survival === null) return Number.NaN;
    let value = 1;
    for (let k = 0; k < survival.time.length && survival.time[k] <= t; k++) value = survival.survival[k];
    return value;
  };

  // Segments on behaviour
  const features = { [`${unit}s inactive`]: periodsInactive, 'repeat purchases': summary.frequency, 'log revenue': summary.revenue.map((v) => Math.log1p(Math.max(v, 0))) };
  const names = Object.keys(features);
  const choice = chooseK(features, { features: names, kRange: [2, Math.min(8, Math.max(2, summary.customer.length - 1))], sampleSize: Math.min(3000, summary.customer.length), seed: s.seed });
  const segments = fitSegments(features, { features: names, k: choice.k, seed: s.seed, restarts: 10 });

  const p = purchaseModel.params;
  const g = spendModel.params;
  const counts = summary.counts;
  const tierTable = [
    `| tier | customers | share of customers | revenue to date | share of revenue | expected revenue (${horizon} ${unit}s) | share of expected | revenue / customer |`,
    '|---|---:|---:|---:|---:|---:|---:|---:|',
    ...[...valueTiers.tiers, valueTiers.total].map((r) => `| ${r.tier} | ${fmt(r.customers)} | ${pct(r.customerShare)} | ${fmt(r.revenue, 2)} | ${pct(r.revenueShare)} | ${fmt(r.profit ?? 0, 2)} | ${pct(r.profitShare)} | ${fmt(r.revenuePerCustomer ?? 0, 2)} |`),
  ].join('\n');
  const flowTable = [
    '| quarter | active | new | retained | returning | lost | retention rate |',
    '|---|---:|---:|---:|---:|---:|---:|',
    ...flows.map((f) => `| ${f.period} | ${fmt(f.active)} | ${fmt(f.new)} | ${fmt(f.retained)} | ${fmt(f.returning)} | ${fmt(f.lost)} | ${f.retentionRate === null ? '—' : pct(f.retentionRate)} |`),
  ].join('\n');
  const profiles = [...segments.profiles].sort((a, b) => b.size - a.size);
  const segmentTable = [
    `| segment | customers | share | ${names.join(' | ')} | label |`,
    `|---:|---:|---:|${names.map(() => '---:').join('|')}|---|`,
    ...profiles.map((q) => `| ${q.segment} | ${fmt(q.size)} | ${pct(q.share)} | ${q.means.map((m) => m.toFixed(2)).join(' | ')} | ${q.label} |`),
  ].join('\n');
  const namedTable = [
    '| RFM segment | customers | share |',
    '|---|---:|---:|',
    ...Object.entries(named.counts)
      .sort((a, b) => b[1] - a[1])
      .map(([name, count]) => `| ${name} | ${fmt(count)} | ${pct(count / summary.customer.length)} |`),
  ].join('\n');
  const totalClv = sum(clv);

  const markdown = `# Customer value report: ${s.title}

Window: ${windowStart} to ${summary.observationEnd}, for every section; time unit: ${unit}. ${fmt(counts.used)} transaction rows by ${fmt(counts.customers)} customers (${fmt(counts.afterObservationEnd)} rows dated after ${summary.observationEnd} left out of every section, ${fmt(counts.skipped)} skipped).
${refundLine(counts)}${dataWarnings(summary.warnings)}
## Potential value: BG/NBD and Gamma-Gamma

BG/NBD (Fader, Hardie & Lee 2005) on ${fmt(purchaseModel.fitted.n)} customers: r = ${p.r.toFixed(4)}, α = ${p.alpha.toFixed(3)}, a = ${p.a.toFixed(4)}, b = ${p.b.toFixed(3)} (log-likelihood ${fmt(purchaseModel.fitted.diagnostics.logLikelihood, 1)}).
Gamma-Gamma (Fader & Hardie 2013) on ${fmt(spendModel.fitted.n)} repeat customers: p = ${g.p.toFixed(3)}, q = ${g.q.toFixed(3)}, γ = ${g.gamma.toFixed(3)}; frequency–spend correlation ${spendModel.fitted.diagnostics.frequencyMonetaryCorrelation.toFixed(3)} (the model assumes independence).

${[...purchaseModel.fitted.warnings, ...spendModel.fitted.warnings].map((w) => `> Warning: ${w}\n`).join('')}
Expected revenue over the next ${horizon} ${unit}s, discounted at ${(100 * s.annualDiscountRate).toFixed(1)}% a year: mean ${fmt(totalClv / clv.length, 2)} per customer, ${fmt(totalClv, 2)} in total.

## Value pyramid: realized + potential value (top 1% / large 4% / medium 15% / small 80%)

Customer value = revenue to date + expected revenue over the next ${horizon} ${unit}s.

${tierTable}

![value pyramid](value-pyramid.svg)

## RFM quintiles

Thresholds (type-1 quantiles; ties share a score): ${unit}s since the last purchase (lower is better) ${rfm.thresholds.recency.map((t) => t.toFixed(2)).join(', ')};
repeat purchases ${rfm.thresholds.frequency.join(', ')}; revenue ${rfm.thresholds.monetary.map((t) => t.toFixed(2)).join(', ')}.

${namedTable}

## Retention

${partialLine(summary.observationEnd, cohorts.partialPeriod, 'month', 'cohorts')}${cohorts.cohorts.length === 0 ? 'No complete month in the window: no cohorts.' : `Monthly acquisition cohorts (share of each cohort buying in each month since its first purchase), complete months only:

![cohort retention](cohort-retention.svg)`}

${partialLine(summary.observationEnd, flowResult.partialPeriod, 'quarter', 'flows')}${flows.length === 0 ? 'No complete quarter in the window: no flows.' : `Quarterly flows (the leaky bucket), complete quarters only:

${flowTable}`}

${survival === null ? `No active-lifetime curve: ${lives.counts.oneTime === counts.customers ? 'no repeat buyers' : `no repeat buyer was first seen more than ${fmt(lapseAfter, 1)} ${unit}s before the end, so no lapse could be seen yet`}.` : `${survivalText(survival, lives, { lapseAfter, unit, perYear, survivalAt })}

![active lifetime](survival.svg)`}

## Segments

k-means (k-means++, 10 restarts, z-scored features) on ${names.join(', ')}; k chosen by mean silhouette on a seeded sample (${choice.curve.map((c) => `k = ${c.k}: ${c.silhouette === null ? '—' : c.silhouette.toFixed(3)}`).join(', ')}): **k = ${choice.k}**.

${segmentTable}

![segment profiles](segments.svg)
`;
  const charts: Record<string, string> = {
    'value-pyramid.svg': valuePyramidSvg(valueTiers.tiers, { title: `Customer value pyramid: ${s.title}`, subtitle: `${fmt(counts.customers)} customers to ${summary.observationEnd} · realized + potential value`, shareNames: ['customers', 'revenue to date', 'expected revenue'] }),
    'segments.svg': segmentProfileSvg(segments, { title: `Customer segments: ${s.title}`, subtitle: `k-means, k = ${choice.k} by silhouette · bars: segment mean − overall mean, in SDs` }),
  };
  if (cohorts.cohorts.length > 0) charts['cohort-retention.svg'] = cohortRetentionSvg(cohorts, { title: `Monthly cohort retention: ${s.title}`, periodName: 'month' });
  if (survival !== null) {
    charts['survival.svg'] = survivalCurveSvg(survival, { title: `Active lifetime of repeat buyers: ${s.title}`, subtitle: `lapse = no purchase for more than ${fmt(lapseAfter, 1)} ${unit}s; others censored ${fmt(lapseAfter, 1)} ${unit}s before the end; the data reach ${fmt(reach, 1)} ${unit}s`, timeLabel: `${unit}s since first purchase` });
  }
  return { markdown, charts, customers, valueTiers, warnings: summary.warnings };
}

/**
 * The survival paragraph: figures only at times the data reach (a lapse at lifetime t is seen
 * only when t + lapseAfter falls before the end), and the reach itself said.
 */
function survivalText(
  survival: KaplanMeierResult,
  lives: ActiveLifetimesResult,
  o: { readonly lapseAfter: number; readonly unit: TimeUnit; readonly perYear: number; readonly survivalAt: (t: number) => number },
): string {
  const reach = lives.reach ?? 0;
  const unit = `${o.unit}s`;
  const milestones = [
    [o.perYear / 4, 'a quarter'],
    [o.perYear / 2, 'half a year'],
    [o.perYear, 'a year'],
  ] as const;
  const within = milestones.filter(([t]) => t <= reach);
  const beyond = milestones.filter(([t]) => t > reach).map(([, name]) => name);
  const figures = [...within.map(([t, name]) => `${pct(o.survivalAt(t))} after ${name}`), `${pct(o.survivalAt(reach))} after ${fmt(reach, 1)} ${unit}`];
  const left = [`${fmt(lives.counts.oneTime)} one-time buyers`, ...(lives.counts.tooRecent > 0 ? [`${fmt(lives.counts.tooRecent)} repeat buyers first seen ${fmt(o.lapseAfter, 1)} ${unit} or less before the end (no lapse of theirs could be seen yet)`] : [])];
  return (
    `Active lifetime of ${fmt(survival.n)} repeat buyers (${left.join(' and ')} left out), Kaplan–Meier with lapse = no purchase for more than ${fmt(o.lapseAfter, 1)} ${unit} before the end. ` +
    `A lapse shows only ${fmt(o.lapseAfter, 1)} ${unit} after it happens, so each customer who has not lapsed is censored ${fmt(o.lapseAfter, 1)} ${unit} before the end, and the curve reaches ${fmt(reach, 1)} ${unit} after a first purchase ` +
    `(the earliest first purchase plus the lapse window, before the end): ${fmt(survival.totalEvents)} lapsed; still active: ${figures.join(', ')}` +
    `${beyond.length > 0 ? ` (${beyond.join(', ')}: beyond the data's reach, not shown)` : ''}; ` +
    `median active lifetime ${survival.median === null ? `not reached within ${fmt(reach, 1)} ${unit}` : `${survival.median.toFixed(1)} ${unit}`}.`
  );
}

/** Run a fit; when it fails on a window the summary called too short, the error says so too. */
function withCalibrationNote<T>(short: TransactionWarning | undefined, fit: () => T): T {
  try {
    return fit();
  } catch (error) {
    if (short === undefined || !(error instanceof CustomerValueError)) throw error;
    throw new CustomerValueError(error.code, `${FN}: the models cannot be fitted on this window, which is too short`, [
      ...error.issues,
      { function: FN, path: 'spec.observationEnd', expected: 'a calibration window long enough for BG/NBD', received: short.message, hint: 'pass a later observationEnd (or a log covering a longer period)' },
    ]);
  }
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

/** The earliest date in the log up to `end` (`YYYY-MM-DD`), the start of the report's window. */
function earliestDate(transactions: TableInput, column: string, end: string): string {
  const reader = new ColumnReader(transactions, FN, [column], 'skip');
  const days = reader.date(column, 'purchase date');
  const { skipMask } = reader.finish();
  const endDay = daysFromDateValue(end);
  let earliest = Infinity;
  for (let i = 0; i < days.length; i++) if ((skipMask === null || skipMask[i] === 0) && days[i] < earliest && days[i] <= endDay) earliest = days[i];
  return earliest === Infinity ? end : isoDateOfDay(earliest);
}

/** The latest date in the log, as `YYYY-MM-DD`. */
function latestDate(transactions: TableInput, column: string): string {
  const reader = new ColumnReader(transactions, FN, [column], 'skip');
  const days = reader.date(column, 'purchase date');
  const { skipMask } = reader.finish();
  let latest = -Infinity;
  for (let i = 0; i < days.length; i++) if ((skipMask === null || skipMask[i] === 0) && days[i] > latest) latest = days[i];
  return isoDateOfDay(latest === -Infinity ? 0 : latest);
}

/**
 * How returns entered the summary (netted per customer and day), or nothing when there were none:
 * refund days, customers whose net spend is ≤ 0, and refund-only customers left out.
 */
function refundLine(counts: { readonly refundDays: number; readonly nonPositiveNet: number; readonly withoutPurchase: number; readonly withoutPurchaseRows: number }): string {
  const n = (v: number) => v.toLocaleString('en-US');
  if (counts.refundDays === 0 && counts.withoutPurchase === 0) return counts.nonPositiveNet === 0 ? '' : `\n${n(counts.nonPositiveNet)} customer(s) have a net spend of 0 (no refunds; purchases recorded at 0).\n`;
  return `\nReturns are netted per customer and day: ${n(counts.refundDays)} day(s) holding a refund that nets to ≤ 0 are not purchases; ${n(counts.nonPositiveNet)} customer(s) have a net spend ≤ 0; ${n(counts.withoutPurchase)} customer(s) with refunds only (${n(counts.withoutPurchaseRows)} rows) are left out.\n`;
}
