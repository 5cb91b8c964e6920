import * as z from 'zod';
import { atStage } from '../internal/stageError.js';
import { CustomerValueError } from '../errors.js';
import { daysFromDateValue, isoDateOfDay } from '../internal/civilDays.js';
import { ColumnReader, withReadMemo } from '../internal/columnReader.js';
import { readDates } from '../internal/dateColumns.js';
import { parseSpec } from '../internal/parseSpec.js';
import { CHOICE_RESTARTS, reportSegments } from '../internal/reportSegments.js';
import { DAYS_PER_UNIT } from '../internal/timeUnits.js';
import type { TableInput } from '../io/tableInput.js';
import { customerLifetimeValue } from '../loyalty/clv/customerLifetimeValue.js';
import { fitBetaGeo } from '../loyalty/clv/fitBetaGeo.js';
import { fitGammaGamma } from '../loyalty/clv/fitGammaGamma.js';
import { cohortRetention, type CohortRetentionResult } from '../loyalty/cohortRetention.js';
import { customerFlows, type CustomerFlowsResult } from '../loyalty/customerFlows.js';
import { activeLifetimes, type ActiveLifetimesResult } from '../loyalty/activeLifetimes.js';
import { kaplanMeier, type KaplanMeierResult } from '../loyalty/kaplanMeier.js';
import { chooseK, type ChooseKResult } from '../segmentation/chooseK.js';
import type { SegmentProfile } from '../segmentation/fitSegments.js';
import { rfmSegments } from '../segmentation/rfmSegments.js';
import { fitRfm, type RfmModel } from '../value/fitRfm.js';
import { fitValuePyramid } from '../value/fitValuePyramid.js';
import { scoreRfm } from '../value/scoreRfm.js';
import type { TimeUnit } from '../value/timeUnit.js';
import type { TransactionWarning } from '../value/transactionWarning.js';
import { summarizeTransactionsOf, type CustomerSummary } from '../value/summarizeTransactions.js';
import { tierSummary, type TierSummaryResult } from '../value/tierSummary.js';
import type { WarehouseProgress } from '../warehouse/warehouseProgress.js';
import { reportModelComparison, type ReportModelComparison, type ReportPurchaseModel } from '../loyalty/clv/reportModelComparison.js';
import { customerValueReportSpecSchema, type CustomerValueReportSpec } from './customerValueReportSpec.js';

/**
 * What the customer-value report found, as plain JSON-safe data (no typed arrays, no functions):
 * `JSON.parse(JSON.stringify(analysis))` renders to the same Markdown and charts. Per-customer
 * columns are not in it (they are `customerValueReport(...).customers`).
 */
export interface CustomerValueAnalysis {
  /** Name of the data in headings. */
  readonly title: string;
  readonly timeUnit: TimeUnit;
  /** CLV horizon, in `timeUnit`s. */
  readonly horizon: number;
  readonly annualDiscountRate: number;
  /** Lapse window of the active-lifetime curve, in `timeUnit`s. */
  readonly lapseAfter: number;
  /** The window every section covers: the earliest purchase date up to the end, and the end (`YYYY-MM-DD`). */
  readonly window: { readonly start: string; readonly end: string };
  /** Row and customer counts of the transaction summary (`summarizeTransactions(...).counts`). */
  readonly counts: CustomerSummary['counts'];
  /** What changes the figures silently, from `summarizeTransactions`: the report states each. */
  readonly warnings: readonly TransactionWarning[];
  /**
   * The purchase model of the CLV: BG/NBD, or with `spec.holdoutEnd` the compared model with the
   * smallest holdout error — its kind (absent in analyses saved before there was a choice:
   * BG/NBD), customers, parameters (BG/NBD and MBG/NBD: r, alpha, a, b; Pareto/NBD: r, alpha, s,
   * beta), log-likelihood and warnings.
   */
  readonly purchaseModel: {
    readonly kind?: ReportPurchaseModel['kind'];
    readonly n: number;
    readonly params: { readonly [name: string]: number };
    readonly logLikelihood: number;
    readonly warnings: readonly string[];
  };
  /** With `spec.holdoutEnd`: BG/NBD, MBG/NBD and Pareto/NBD compared on the holdout, the pick and why, and its tracking. */
  readonly modelComparison?: ReportModelComparison;
  /** Gamma-Gamma fit: repeat customers, parameters, frequency–spend correlation and warnings. */
  readonly spendModel: {
    readonly n: number;
    readonly params: { readonly p: number; readonly q: number; readonly gamma: number };
    readonly frequencyMonetaryCorrelation: number;
    readonly warnings: readonly string[];
  };
  /** Expected revenue over the horizon, discounted: total and mean per customer. */
  readonly clv: { readonly total: number; readonly mean: number };
  /** Value pyramid on realized + potential value (`profit` columns hold the expected revenue). */
  readonly valueTiers: TierSummaryResult;
  /** RFM quintile thresholds and the customers in each named RFM segment. */
  readonly rfm: { readonly thresholds: RfmModel['thresholds']; readonly segments: Readonly<Record<string, number>> };
  /** Monthly acquisition cohorts, complete months only. */
  readonly cohorts: CohortRetentionResult;
  /** Quarterly customer flows, complete quarters only. */
  readonly flows: CustomerFlowsResult;
  /** Active lifetimes of repeat buyers: who is included, the data's reach, and the Kaplan–Meier curve (`null` without any repeat buyer seen long enough). */
  readonly activeLifetimes: { readonly counts: ActiveLifetimesResult['counts']; readonly reach: number | null; readonly survival: KaplanMeierResult | null };
  /** k-means segments: features, the silhouette curve, the chosen k and each segment's profile. */
  readonly segments: {
    readonly features: readonly string[];
    readonly k: number;
    readonly curve: ChooseKResult['curve'];
    readonly profiles: readonly SegmentProfile[];
    /** The k-means runs behind `k` and `profiles`, as the Markdown states them. */
    readonly runs: SegmentRuns;
  };
}

/**
 * The k-means runs of a report's segments: `choiceRestarts` k-means++ restarts for each candidate
 * k on a seeded sample of `choiceCustomers` customers (the silhouette's), then, with the chosen
 * k, `restarts` k-means++ restarts on `restartCustomers` customers — every one of the
 * `customers`, or a seeded sample of them whose best centers start one Lloyd run on all.
 */
export interface SegmentRuns {
  readonly choiceRestarts: number;
  readonly choiceCustomers: number;
  readonly restarts: number;
  readonly restartCustomers: number;
  readonly customers: number;
}

const optionsSchema = z.strictObject({
  onProgress: z.custom<(event: WarehouseProgress) => void>((v) => typeof v === 'function', 'a function (event) => void').optional(),
});

/** Options of `analyzeCustomerValue` and `customerValueReport`. */
export interface CustomerValueReportOptions {
  /**
   * Called after each stage with its name, the rows it worked on (transactions for the stages
   * that read the log, customers for the others, the sample for `k choice`) and its wall time in
   * seconds — the event `analyzeCustomerValueInWarehouse` gives. Stages, in order: `observation
   * end` (only without `spec.observationEnd`), `summary`, `model comparison` (only with
   * `spec.holdoutEnd`), `clv fits`, `scores`, `value tiers`,
   * `rfm`, `cohort cells`, `flows`, `lifetimes`, `k choice`, `segments` (and `charts` for
   * `customerValueReport`).
   */
  readonly onProgress?: (event: WarehouseProgress) => void;
}

/** The per-customer columns behind an analysis: the summary plus CLV and periods inactive. */
export type CustomerValueColumns = CustomerSummary & { readonly clv: Float64Array; readonly periodsInactive: Float64Array };

/**
 * Analyse a transaction log as the customer-value report does, without rendering anything:
 * potential value (BG/NBD + Gamma-Gamma CLV over the horizon), the value pyramid on realized +
 * potential value with each tier's share of customers, revenue and expected revenue, RFM
 * quintiles and named RFM segments, retention (monthly cohorts, quarterly flows, Kaplan–Meier
 * active lifetime of repeat buyers) and k-means segments with k chosen by silhouette. Returns a
 * plain JSON-safe object; `renderReportMarkdown(analysis)` and `renderReportCharts(analysis)`
 * turn it into the report (`customerValueReport` does all three).
 *
 * Segments: k is chosen by `chooseK` with `fitOn: 'sample'` — k-means (5 restarts) for each k
 * from 2 to 8 and the mean silhouette on one seeded sample of ≤ 3,000 customers, scaled by all
 * customers' z-scores, so the choice costs the same on 20,000 or 2 million customers — then
 * `fitSegments` with that k: 10 k-means++ restarts on every customer up to 50,000 customers;
 * above, the 10 restarts on a seeded sample of 50,000 and one Lloyd run on every customer from the
 * best one's centers, so the segments are still a k-means fit of all customers (each in its
 * nearest center, each center its segment's mean) for about a tenth of the passes over them (on
 * CDNOW with a 10,000 sample: the same segments at the chosen k, inertia within 3% at every k).
 * `segments.curve` is the sample's; `segments.runs` records the runs made (the Markdown states them). `analyzeCustomerValueInWarehouse` chooses k the same way on
 * a sample drawn in SQL.
 *
 * Speed and memory: the date column is parsed once (to day numbers) and every section reads
 * those days; `onProgress` hears each stage's name, rows and seconds (`customer-value report`
 * prints them). What stays in memory is the log as given plus one day number and one customer
 * code per row and the per-customer columns: text columns with one string object per cell (what
 * a CSV reader returns) are the largest part at millions of rows — `customer-value report`
 * makes equal ids and dates one string each before analysing (4.5M transactions: peak RSS
 * 1,009 → 814 MB with the sampled segment restarts, benchmarks/README.md).
 *
 * Active lifetime: a repeat buyer has lapsed after no purchase for more than `lapseAfter`; a lapse
 * shows only `lapseAfter` after it happens, so customers who have not lapsed are censored at
 * T − `lapseAfter`, not at T (see `activeLifetimes`), and the curve stops at the data's reach —
 * the largest T − `lapseAfter`.
 *
 * Dates: as `summarizeTransactions` (a `Date` on its local calendar day, or its UTC day at exactly
 * 00:00:00.000 UTC; timestamp text on the date as written in the offset it carries), so results
 * are the same in every time zone.
 *
 * @param options `onProgress(event)`: called after each stage (see `CustomerValueReportOptions`).
 * @throws {CustomerValueError} for a bad spec or log (as `summarizeTransactions`), or when the log cannot support a model (e.g. no repeat buyers for Gamma-Gamma).
 * @example
 * const log = await readCsvFile('examples/data/cdnow_master.csv');
 * const analysis = analyzeCustomerValue(log.columns, { customer: 'customer_id', date: 'date', amount: 'dollar_value', observationEnd: '1997-09-30', title: 'CDNOW' });
 * [analysis.counts.customers, analysis.valueTiers.tiers.length, analysis.window.start]; // => [23570, 4, '1997-01-01']
 */
export function analyzeCustomerValue(transactions: TableInput, spec: CustomerValueReportSpec, options: CustomerValueReportOptions = {}): CustomerValueAnalysis {
  return analyzeCustomerValueColumns(transactions, spec, 'analyzeCustomerValue', options).analysis;
}

/**
 * The analysis and the per-customer columns it rests on (for `customerValueReport`); errors name
 * `fn`, the public function called.
 */
export function analyzeCustomerValueColumns(
  transactions: TableInput,
  spec: CustomerValueReportSpec,
  fn: string,
  options: CustomerValueReportOptions = {},
): { readonly analysis: CustomerValueAnalysis; readonly customers: CustomerValueColumns } {
  const s = parseSpec(customerValueReportSpecSchema, spec, fn, 'spec');
  const { onProgress } = parseSpec(optionsSchema, options, fn, 'options');
  const stage = <T>(name: string, rows: number | ((result: T) => number), work: () => T): T => {
    const start = performance.now();
    const result = atStage(fn, name, work); // a refusal of a function called at the stage, in this one's name
    onProgress?.({ stage: name, rows: typeof rows === 'number' ? rows : rows(result), seconds: (performance.now() - start) / 1000 });
    return result;
  };
  // the log's date and customer columns are parsed once, then every section reads the days and codes
  return withReadMemo(() => analyze(transactions, s, fn, stage));
}

/** The report's stages on a parsed spec; `stage` times each and reports it. */
function analyze(
  transactions: TableInput,
  s: z.output<typeof customerValueReportSpecSchema>,
  fn: string,
  stage: <T>(name: string, rows: number | ((result: T) => number), work: () => T) => T,
): { readonly analysis: CustomerValueAnalysis; readonly customers: CustomerValueColumns } {
  const unit = s.timeUnit;
  const perYear = 365.25 / DAYS_PER_UNIT[unit];
  const horizon = s.horizon ?? Math.round(perYear);
  const lapseAfter = s.lapseAfter ?? perYear / 2;
  const observationEnd =
    s.observationEnd ??
    stage(
      'observation end',
      (r: readonly [string, number]) => r[1],
      () => latestDate(transactions, s.date, fn),
    )[0];
  const summary = stage(
    'summary',
    (r: CustomerSummary) => r.counts.rows,
    () => summarizeTransactionsOf(transactions, { customer: s.customer, date: s.date, amount: s.amount, observationEnd, timeUnit: unit }, null),
  );
  const n = summary.customer.length;
  const periodsInactive = summary.T.map((t, i) => t - summary.recency[i]);

  // Potential value
  const short = summary.warnings.find((w) => w.code === 'short_calibration');
  const compared =
    s.holdoutEnd === undefined
      ? null
      : stage('model comparison', n, () =>
          reportModelComparison(transactions, s, s.observationEnd, s.holdoutEnd!, fn, (run) => withCalibrationNote(fn, short, run)),
        );
  const [purchaseModel, spendModel] = stage('clv fits', n, () => [
    compared?.model ?? withCalibrationNote(fn, short, () => fitBetaGeo(summary, { timeUnit: unit })),
    withCalibrationNote(fn, short, () => fitGammaGamma(summary, { nonPositiveSpend: 'exclude' })),
  ]);
  const discountRate = Math.pow(1 + s.annualDiscountRate, 1 / perYear) - 1;
  const { clv } = stage('scores', n, () =>
    customerLifetimeValue({ purchaseModel, spendModel, customers: summary, horizon, timeUnit: unit, discountRate, margin: 1 }),
  );
  const customers = { ...summary, clv, periodsInactive };

  // Value pyramid: realized + potential value, in money, so the value score is their sum
  const valueTiers = stage('value tiers', n, () => {
    const pyramid = fitValuePyramid(customers, {
      dimensions: [
        { column: 'revenue', scale: 'none' },
        { column: 'clv', scale: 'none' },
      ],
    });
    return tierSummary(pyramid, customers, { revenue: 'revenue', profit: 'clv' });
  });

  // RFM quintiles and named segments
  const [rfm, named] = stage('rfm', n, () => {
    const model = fitRfm(customers, {
      recency: { column: 'periodsInactive', better: 'lower' },
      frequency: { column: 'frequency' },
      monetary: { column: 'revenue' },
    });
    return [model, rfmSegments(scoreRfm(model, customers))] as const;
  });

  // Retention: one window for every section, the summary's (rows after the end left out, partial periods too)
  const activity = { customer: s.customer, date: s.date };
  const rows = summary.counts.rows;
  const cohorts = stage('cohort cells', rows, () => cohortRetention(transactions, { ...activity, period: 'month', observationEnd }));
  const flows = stage('flows', rows, () => customerFlows(transactions, { ...activity, period: 'quarter', observationEnd }));
  // Active lifetime: censored at T − lapseAfter, where a lapse stops being observable
  const [windowStart, lives, survival] = stage('lifetimes', rows, () => {
    const start = earliestDate(transactions, s.date, summary.observationEnd, fn);
    const lifetimes = activeLifetimes(summary, { lapseAfter });
    return [start, lifetimes, lifetimes.counts.included > 0 ? kaplanMeier(lifetimes.durations, lifetimes.lapsed) : null] as const;
  });

  // Segments on behaviour
  const features = {
    [`${unit}s inactive`]: periodsInactive,
    'repeat purchases': summary.frequency,
    'log revenue': summary.revenue.map((v) => Math.log1p(Math.max(v, 0))),
  };
  const names = Object.keys(features);
  // k: k-means for each candidate on the silhouette's seeded sample of ≤ 3,000 customers; the chosen k on all
  const choice = stage(
    'k choice',
    (r: ChooseKResult) => r.sampleSize,
    () =>
      chooseK(features, {
        features: names,
        kRange: [2, Math.min(8, Math.max(2, n - 1))],
        sampleSize: Math.min(3000, n),
        restarts: CHOICE_RESTARTS,
        seed: s.seed,
        fitOn: 'sample',
      }),
  );
  const { model: segments, restarts, restartRows } = stage('segments', n, () => reportSegments(features, names, choice.k, s.seed));

  let totalClv = 0;
  for (let i = 0; i < clv.length; i++) totalClv += clv[i];
  const analysis: CustomerValueAnalysis = {
    title: s.title,
    timeUnit: unit,
    horizon,
    annualDiscountRate: s.annualDiscountRate,
    lapseAfter,
    window: { start: windowStart, end: summary.observationEnd },
    counts: summary.counts,
    warnings: summary.warnings,
    purchaseModel: {
      kind: purchaseModel.kind,
      n: purchaseModel.fitted.n,
      params: { ...purchaseModel.params },
      logLikelihood: purchaseModel.fitted.diagnostics.logLikelihood,
      warnings: purchaseModel.fitted.warnings,
    },
    ...(compared === null ? {} : { modelComparison: compared.comparison }),
    spendModel: {
      n: spendModel.fitted.n,
      params: spendModel.params,
      frequencyMonetaryCorrelation: spendModel.fitted.diagnostics.frequencyMonetaryCorrelation,
      warnings: spendModel.fitted.warnings,
    },
    clv: { total: totalClv, mean: totalClv / clv.length },
    valueTiers,
    rfm: { thresholds: rfm.thresholds, segments: named.counts },
    cohorts,
    flows,
    activeLifetimes: { counts: lives.counts, reach: lives.reach, survival },
    segments: {
      features: names,
      k: choice.k,
      curve: choice.curve,
      profiles: segments.profiles,
      runs: { choiceRestarts: CHOICE_RESTARTS, choiceCustomers: choice.sampleSize, restarts, restartCustomers: restartRows, customers: n },
    },
  };
  return { analysis, customers };
}

/** Run a fit; when it fails on a window the summary called too short, the error says so too. */
function withCalibrationNote<T>(fn: string, short: TransactionWarning | undefined, fit: () => T): T {
  try {
    return fit();
  } catch (error) {
    if (short === undefined || !(error instanceof CustomerValueError)) throw error;
    throw new CustomerValueError(error.code, `${fn}: the models cannot be fitted on this window, which is too short`, [
      ...error.issues,
      {
        function: fn,
        path: 'spec.observationEnd',
        expected: 'a calibration window long enough for BG/NBD',
        received: short.message,
        hint: 'pass a later observationEnd (or a log covering a longer period)',
      },
    ]);
  }
}

/** The earliest date in the log up to `end` (`YYYY-MM-DD`), the start of the report's window. */
function earliestDate(transactions: TableInput, column: string, end: string, fn: string): string {
  const reader = new ColumnReader(transactions, fn, [column], 'skip');
  const days = readDates(reader, column, 'purchase date');
  const { skipMask } = reader.finish();
  const endDay = daysFromDateValue(end);
  let earliest = Infinity;
  for (let i = 0; i < days.length; i++) if ((skipMask === null || skipMask[i] === 0) && days[i] < earliest && days[i] <= endDay) earliest = days[i];
  return earliest === Infinity ? end : isoDateOfDay(earliest);
}

/** The latest date in the log, as `YYYY-MM-DD`, and the rows read. */
function latestDate(transactions: TableInput, column: string, fn: string): readonly [string, number] {
  const reader = new ColumnReader(transactions, fn, [column], 'skip');
  const days = readDates(reader, column, 'purchase date');
  const { skipMask } = reader.finish();
  let latest = -Infinity;
  for (let i = 0; i < days.length; i++) if ((skipMask === null || skipMask[i] === 0) && days[i] > latest) latest = days[i];
  return [isoDateOfDay(latest === -Infinity ? 0 : latest), days.length];
}
