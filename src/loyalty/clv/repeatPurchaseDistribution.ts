import * as z from 'zod/mini';
import { parseSpec } from '../../internal/parseSpec.js';
import { missingValuesMiniSchema, type MissingValues } from '../../io/missingValues.js';
import type { TableInput } from '../../io/tableInput.js';
import { frequencyBins, maxFrequencySchema } from './frequencyBins.js';
import { readRepeatBuyingHistories, type RepeatBuyingHistoryColumns } from './repeatBuyingHistories.js';
import { repeatBuyingOf } from './repeatBuyingOf.js';

const FN = 'repeatPurchaseDistribution';

// In zod/mini (issue 21); the model is checked against its own kind's schema (repeatBuyingOf).
const specSchema = z.strictObject({
  maxFrequency: maxFrequencySchema,
  columns: z.optional(z.unknown()),
  missing: z._default(missingValuesMiniSchema, 'error'),
});

/** Which customers to count and how to bin them. */
export interface RepeatPurchaseDistributionSpec {
  /** The last bin holds every customer with at least this many repeat purchases (default 7: bins 0, 1, …, 6 and "7+"). */
  readonly maxFrequency?: number;
  /**
   * Column names (defaults: `summarizeTransactions`' names `frequency`, `recency`, `T`; for a
   * BG/BB model `frequency`, `recency`, `periods`, as `fitBetaGeoBetaBinomial`); `count` for a
   * histogram of histories.
   */
  readonly columns?: RepeatBuyingHistoryColumns;
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
  /** True for a BG/BB model: the repeat transactions counted are opportunities with a transaction, over each customer's n opportunities. */
  readonly opportunities: boolean;
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
 * A BG/BB model (`fitBetaGeoBetaBinomial`) is taken with discrete histories (`frequency`,
 * `recency`, `periods`: whole numbers of transaction opportunities, fractions refused with the
 * row and value): the expectation is Σ P(X(n) = x) over the customers' n opportunities (Fader,
 * Hardie & Shang 2010, figure 2 on the donation data; `betaGeoBetaBinomialTransactionProbability`),
 * and `opportunities` is true.
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
 * // BG/BB: 11,104 donors of 1995 by repeat donations in 1996–2001 (Fader, Hardie & Shang 2010, figure 2)
 * const donations = await readCsvFile('examples/data/bgbb_donations_summary.csv');
 * const bgbb = fitBetaGeoBetaBinomial(donations.columns, { periodUnit: 'year', columns: { count: 'weights' } });
 * const donors = repeatPurchaseDistribution(bgbb, donations.columns, { maxFrequency: 6, columns: { count: 'weights' } });
 * Array.from(donors.actual); // => [3464, 1823, 1430, 1085, 1036, 1063, 1203]
 * // scipy at the published estimates (test/fixtures/loyalty/make_bgbb_diagnostics_reference.py): 3455.8, 1888.9, 1348.9, 1113.3, 1017.8, 1026.9, 1252.4
 * Array.from(donors.expected, Math.round); // => [3455, 1889, 1349, 1113, 1018, 1027, 1253]
 */
export function repeatPurchaseDistribution(model: unknown, customers: TableInput, spec: RepeatPurchaseDistributionSpec = {}): RepeatPurchaseDistribution {
  const buying = repeatBuyingOf(model, FN, true);
  const s = parseSpec(specSchema, spec, FN);
  const read = readRepeatBuyingHistories(buying, customers, FN, s.columns, s.missing, true);
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
  return { frequency, label, actual, expected, opportunities: buying.opportunities, customers: total, skipped: read.skipped };
}
