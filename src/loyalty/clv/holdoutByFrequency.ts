import * as z from 'zod/mini';
import { CustomerValueError, describeValue } from '../../errors.js';
import { ColumnReader } from '../../internal/columnReader.js';
import { parseSpec } from '../../internal/parseSpec.js';
import { missingValuesMiniSchema, type MissingValues } from '../../io/missingValues.js';
import type { TableInput } from '../../io/tableInput.js';
import { frequencyBins, maxFrequencySchema } from './frequencyBins.js';
import { readRepeatBuyingHistories, refuseHoldoutAboveOpportunities, type RepeatBuyingHistoryColumns } from './repeatBuyingHistories.js';
import { repeatBuyingOf, wholeOpportunities } from './repeatBuyingOf.js';

const FN = 'holdoutByFrequency';

// In zod/mini (issue 21); the model is checked against its own kind's schema (repeatBuyingOf).
// (zod's numbers are finite: the classic API's .finite() checked nothing more.)
const specSchema = z.strictObject({
  duration: z.optional(z.number().check(z.gt(0))),
  maxFrequency: maxFrequencySchema,
  columns: z.optional(z.unknown()),
  holdout: z.optional(z.string().check(z.minLength(1))),
  missing: z._default(missingValuesMiniSchema, 'error'),
});

/** The holdout to compare with, and how to bin the customers. */
export interface HoldoutByFrequencySpec {
  /**
   * Length of the holdout period in the model's time unit. Optional for a `summarizeTransactions`
   * summary with `calibrationEnd` (its `holdout.duration`); required otherwise. For a BG/BB model:
   * the holdout's transaction opportunities n*, a whole number, always required.
   */
  readonly duration?: number;
  /** The last bin holds every customer with at least this many calibration repeat purchases (default 7). */
  readonly maxFrequency?: number;
  /**
   * Column names of the calibration summary (defaults: `summarizeTransactions`' names; for a BG/BB
   * model `frequency`, `recency`, `periods`, as `fitBetaGeoBetaBinomial`); `count` for a histogram.
   */
  readonly columns?: RepeatBuyingHistoryColumns;
  /**
   * Column with each customer's purchases in the holdout period (default: a summary's
   * `holdout.frequency`, else the column `frequencyHoldout` the CLI's `summarize` writes).
   */
  readonly holdout?: string;
  /** Rows with a missing value: `'error'` (default) or `'skip'` (counted). */
  readonly missing?: MissingValues;
}

/** Mean holdout purchases by calibration frequency: actual and expected (conditional on each history). */
export interface HoldoutByFrequency {
  /** The bins' calibration repeat purchases 0, 1, …, maxFrequency (the last one: that many or more). */
  readonly frequency: readonly number[];
  /** The bins' labels: `'0'`, `'1'`, …, `'7+'`. */
  readonly label: readonly string[];
  /** Customers in each bin. */
  readonly customers: Float64Array;
  /** Mean actual holdout purchases of the bin's customers (null for an empty bin). */
  readonly actual: readonly (number | null)[];
  /** Mean expected holdout purchases of the bin's customers given their histories (null for an empty bin). */
  readonly expected: readonly (number | null)[];
  /** Whole base: actual and expected holdout purchases summed over customers. */
  readonly total: { readonly actual: number; readonly expected: number };
  /** The holdout's length, in the model's time unit (BG/BB: in transaction opportunities). */
  readonly duration: number;
  /** True for a BG/BB model: `duration` counts transaction opportunities, the purchases are opportunities with a transaction. */
  readonly opportunities: boolean;
  /** Rows skipped for missing values under `missing: 'skip'`. */
  readonly skipped: number;
}

/**
 * Conditional expectations in the holdout (Fader, Hardie & Lee 2005, figure 4; BTYD's
 * `bgnbd.PlotFreqVsConditionalExpectedFrequency`; lifetimes'
 * `plot_calibration_purchases_vs_holdout_purchases`): customers binned by their calibration
 * repeat purchases; per bin, the mean purchases they actually made in the holdout beside the
 * mean the model expects of each given its own history (x, t_x, T). This is the test of a
 * model's forecasts customer by customer, on data it never saw: a bin where expected and actual
 * part says which customers it gets wrong.
 *
 * Works on a histogram of histories with a count (`columns.count`) as well as one row per customer.
 *
 * A BG/BB model (`fitBetaGeoBetaBinomial`) is taken with discrete histories (`frequency`,
 * `recency`, `periods`) and a holdout of `duration` whole opportunities n* (fractions refused,
 * naming the value): the expectation is each history's E[X(n, n + n*) | x, t_x, n] (Fader,
 * Hardie & Shang 2010, the conditional expectations by frequency for 2002–2006 of the donation
 * data; the same numbers as `betaGeoBetaBinomialPredictions`' `expectedTransactions`), and the
 * holdout column counts the opportunities with a transaction.
 *
 * @throws {CustomerValueError} `invalid_model`; `invalid_spec` (no duration and no summary
 *   holdout; for BG/BB, a duration that is not a whole number of opportunities); `missing_column`; `invalid_value` for a bad history or holdout count (with the row; for BG/BB a fractional history or a holdout count above the duration);
 *   `not_converged` from the model's expectation.
 * @example
 * // The whole CDNOW log: calibration to 1997-09-30, holdout to 1998-06-30 (39 weeks)
 * const log = await readCsvFile('examples/data/cdnow_master.csv');
 * const split = summarizeTransactions(log.columns, { customer: 'customer_id', date: 'date', amount: 'dollar_value', calibrationEnd: '1997-09-30', observationEnd: '1998-06-30', timeUnit: 'week' });
 * const model = fitBetaGeo(split, { timeUnit: 'week' });
 * const table = holdoutByFrequency(model, split);
 * [table.duration, table.total.actual, Math.round(table.total.expected)]; // => [39, 19684, 16874]
 * table.actual.slice(0, 3).map((v) => +v.toFixed(2)); // => [0.25, 0.78, 1.4]
 * table.expected.slice(0, 3).map((v) => +v.toFixed(2)); // => [0.23, 0.52, 1.04]
 */
export function holdoutByFrequency(model: unknown, customers: TableInput, spec: HoldoutByFrequencySpec = {}): HoldoutByFrequency {
  const buying = repeatBuyingOf(model, FN, true);
  const s = parseSpec(specSchema, spec, FN);
  if (buying.opportunities && s.duration === undefined) {
    throw new CustomerValueError('invalid_spec', `${FN}: the holdout's duration is not known`, [
      {
        function: FN,
        path: 'spec.duration',
        expected: "the holdout's transaction opportunities n* (a whole number ≥ 1) for a BG/BB model",
        received: describeValue(undefined),
        hint: 'pass spec.duration: the opportunities after the calibration period (5 for the years 2002–2006 of annual donations)',
      },
    ]);
  }
  if (buying.opportunities && s.duration !== undefined) wholeOpportunities(s.duration, FN, { path: 'spec.duration' }, "the holdout's length");
  const summaryHoldout =
    customers !== null && typeof customers === 'object' && !Array.isArray(customers)
      ? (customers as { holdout?: { frequency?: unknown; duration?: unknown } }).holdout
      : undefined;
  const fromSummary = !buying.opportunities && s.holdout === undefined && summaryHoldout !== undefined && ArrayBuffer.isView(summaryHoldout.frequency);
  const duration = s.duration ?? (fromSummary && typeof summaryHoldout.duration === 'number' ? summaryHoldout.duration : undefined);
  if (duration === undefined) {
    throw new CustomerValueError('invalid_spec', `${FN}: the holdout's duration is not known`, [
      {
        function: FN,
        path: 'spec.duration',
        expected: "the holdout period's length in the model's time unit",
        received: describeValue(undefined),
        hint: 'pass spec.duration, or a summarizeTransactions summary made with calibrationEnd',
      },
    ]);
  }
  const holdoutName = s.holdout ?? 'frequencyHoldout';
  const table = fromSummary ? { ...(customers as object), [holdoutName]: summaryHoldout.frequency } : customers;
  const read = readRepeatBuyingHistories(buying, table, FN, s.columns, s.missing, true);
  const holdoutReader = new ColumnReader(table, FN, [holdoutName], s.missing);
  const holdout = holdoutReader.number(holdoutName, 'holdout purchases', { min: 0, integer: true, expected: 'a whole number of holdout purchases ≥ 0' });
  const holdoutSkip = holdoutReader.finish().skipMask;
  if (buying.opportunities) {
    // at most one transaction per opportunity: a holdout count above n* is not a BG/BB history
    refuseHoldoutAboveOpportunities(holdout, holdoutSkip, duration, FN, holdoutName, 'spec.duration');
  }
  const bins = s.maxFrequency + 1;
  const count = new Float64Array(bins);
  const actualSum = new Float64Array(bins);
  const expectedSum = new Float64Array(bins);
  let skipped = 0;
  for (let i = 0; i < read.rowCount; i++) {
    if ((read.skip !== null && read.skip[i] === 1) || (holdoutSkip !== null && holdoutSkip[i] === 1)) {
      skipped++;
      continue;
    }
    const c = read.count === null ? 1 : read.count[i];
    const bin = Math.min(read.x[i], s.maxFrequency);
    count[bin] += c;
    actualSum[bin] += c * holdout[i];
    expectedSum[bin] += c * buying.conditional(read.x[i], read.tx[i], read.T[i], duration);
  }
  let totalActual = 0;
  let totalExpected = 0;
  const actual: (number | null)[] = [];
  const expected: (number | null)[] = [];
  for (let b = 0; b < bins; b++) {
    totalActual += actualSum[b];
    totalExpected += expectedSum[b];
    actual.push(count[b] > 0 ? actualSum[b] / count[b] : null);
    expected.push(count[b] > 0 ? expectedSum[b] / count[b] : null);
  }
  const { frequency, label } = frequencyBins(s.maxFrequency);
  return {
    frequency,
    label,
    customers: count,
    actual,
    expected,
    total: { actual: totalActual, expected: totalExpected },
    duration,
    opportunities: buying.opportunities,
    skipped,
  };
}
