import { z } from 'zod';
import { parseSpec } from '../../internal/parseSpec.js';
import { missingValuesSchema, type MissingValues } from '../../io/missingValues.js';
import type { TableInput } from '../../io/tableInput.js';
import { readPurchaseSummary, summaryColumnsSchema, type PurchaseSummaryColumns } from './purchaseSummary.js';
import { frequencyBins, maxFrequencySchema } from './frequencyBins.js';
import { repeatBuyingOf } from './repeatBuyingOf.js';

const FN = 'repeatPurchaseDistribution';

const specSchema = z.strictObject({
  maxFrequency: maxFrequencySchema,
  columns: summaryColumnsSchema,
  missing: missingValuesSchema.default('error'),
});

/** Which customers to count and how to bin them. */
export interface RepeatPurchaseDistributionSpec {
  /** The last bin holds every customer with at least this many repeat purchases (default 7: bins 0, 1, …, 6 and "7+"). */
  readonly maxFrequency?: number;
  /** Column names (defaults: `summarizeTransactions`' names); `count` for a histogram of histories. */
  readonly columns?: PurchaseSummaryColumns;
  /** Rows with a missing value: `'error'` (default) or `'skip'` (counted). */
  readonly missing?: MissingValues;
}

/** Customers by number of repeat purchases in their own calibration window: actual and expected. */
export interface RepeatPurchaseDistribution {
  /** The bins' repeat purchases 0, 1, …, maxFrequency (the last one: that many or more). */
  readonly frequency: readonly number[];
  /** The bins' labels: `'0'`, `'1'`, …, `'7+'`. */
  readonly label: readonly string[];
  /** Customers in each bin. */
  readonly actual: Float64Array;
  /** Customers the model expects in each bin: Σ over customers of P(X(T) = n), the last bin the rest of 1. */
  readonly expected: Float64Array;
  /** Customers counted (the sum of the counts). */
  readonly customers: number;
  /** Rows skipped for missing values under `missing: 'skip'`. */
  readonly skipped: number;
}

/**
 * How many customers made 0, 1, 2, … repeat purchases in their calibration window, beside how
 * many the model expects (BTYD's `bgnbd.PlotFrequencyInCalibration`; lifetimes'
 * `plot_period_transactions` simulates instead): the expectation for n is Σ over customers of
 * P(X(T) = n), the probability that a customer observed for T makes exactly n repeat purchases
 * (for BG/NBD, Fader, Hardie & Lee 2005 eq. 8), and the last bin takes the rest of 1, so expected
 * and actual both sum to the customers. The first check of a fit: the model should reproduce the
 * data it was fitted to.
 *
 * Works on a histogram as well as on one row per customer (`columns.count`): the sums are taken
 * per distinct T, so a warehouse's `GROUP BY frequency, recency, T` is all it needs.
 *
 * @throws {CustomerValueError} `invalid_model`; `invalid_spec`; `missing_column`; `invalid_value`
 *   for a bad frequency, recency or T (with the row); `not_converged` from the model's probability.
 * @example
 * // The whole CDNOW log, calibration to 1997-09-30: the customers with 0, 1, 2, … repeat purchases
 * const log = await readCsvFile('examples/data/cdnow_master.csv');
 * const summary = summarizeTransactions(log.columns, { customer: 'customer_id', date: 'date', amount: 'dollar_value', observationEnd: '1997-09-30', timeUnit: 'week' });
 * const fitted = fitBetaGeo(summary, { timeUnit: 'week' });
 * const table = repeatPurchaseDistribution(fitted, summary);
 * table.label; // => ['0', '1', '2', '3', '4', '5', '6', '7+']
 * Array.from(table.actual.slice(0, 3)); // => [14119, 4442, 2064]
 * Array.from(table.expected.slice(0, 3), Math.round); // => [14059, 4694, 1921]
 */
export function repeatPurchaseDistribution(model: unknown, customers: TableInput, spec: RepeatPurchaseDistributionSpec = {}): RepeatPurchaseDistribution {
  const buying = repeatBuyingOf(model, FN);
  const s = parseSpec(specSchema, spec, FN);
  const read = readPurchaseSummary(customers, FN, s.columns, buying.timeUnit, s.missing, { counts: true, minimumRows: 1 });
  const bins = s.maxFrequency + 1;
  const actual = new Float64Array(bins);
  const byT = new Map<number, number>();
  let total = 0;
  for (let i = 0; i < read.rowCount; i++) {
    if (read.skip !== null && read.skip[i] === 1) continue;
    const c = read.count === null ? 1 : read.count[i];
    actual[Math.min(read.x[i], s.maxFrequency)] += c;
    byT.set(read.T[i], (byT.get(read.T[i]) ?? 0) + c);
    total += c;
  }
  const expected = new Float64Array(bins);
  for (const T of [...byT.keys()].sort((a, b) => a - b)) {
    const c = byT.get(T)!;
    let below = 0;
    for (let n = 0; n < s.maxFrequency; n++) {
      const p = buying.probability(n, T);
      expected[n] += c * p;
      below += p;
    }
    expected[s.maxFrequency] += c * Math.max(0, 1 - below);
  }
  const { frequency, label } = frequencyBins(s.maxFrequency);
  return { frequency, label, actual, expected, customers: total, skipped: read.skipped };
}
