import type * as z from 'zod';
import { ColumnReader, requireRows } from '../internal/columnReader.js';
import { MODEL_VERSION } from '../internal/modelVersion.js';
import type { ModelFit } from '../model/modelFit.js';
import { parseSpec } from '../internal/parseSpec.js';
import { validValues } from '../internal/validValues.js';
import type { TableInput } from '../io/tableInput.js';
import { RFM_DIMENSIONS, rfmSpecSchema, type RfmDimension, type RfmSpec } from './rfmSpec.js';
import { isRfmStatistics, rfmStatisticsSchema, type RfmStatistics } from './rfmStatistics.js';
import { CustomerValueError } from '../errors.js';
import { statisticsSkipped } from '../internal/statisticsSkipped.js';

const FN = 'fitRfm';

/**
 * A fitted RFM model: quantile thresholds per dimension, learned once and reusable on new data.
 * What scoring reads stays at the top level; the record of the fit (rows used and skipped,
 * warnings, tallies of the fitted data) is in `fitted` (see `ModelFit`).
 */
export interface RfmModel {
  readonly kind: 'rfm';
  readonly version: number;
  readonly spec: z.output<typeof rfmSpecSchema>;
  /**
   * Per dimension, `bins - 1` ascending upper bounds: a value `x` falls in bin
   * `1 + #{thresholds t : x > t}`; the score is the bin (better `'higher'`) or `bins + 1 - bin`.
   */
  readonly thresholds: Readonly<Record<RfmDimension, readonly number[]>>;
  /** Rows used and skipped; `diagnostics.scoreCounts`: customers per score 1..bins in the fitted data (ties can leave a score empty). */
  readonly fitted: ModelFit<{ readonly scoreCounts: Readonly<Record<RfmDimension, readonly number[]>> }>;
}

/**
 * Learn RFM (recency, frequency, monetary) score thresholds: for each dimension the type-1
 * sample quantiles at 1/k, 2/k, ... (k = `bins`) of the fitted customers. A customer scores
 * 1..k per dimension, k being best. Because thresholds are values, tied values always share
 * a score; heavy ties (most customers with frequency 0) can leave some scores empty rather
 * than split equal customers, and `fitted.diagnostics.scoreCounts` shows it. Thresholds stay in the model, so new
 * data scores on the same scale (`scoreRfm`).
 *
 * Recency must say which end is better: in the BTYD summary (`summarizeTransactions`),
 * recency is the time from first to last purchase and higher is better; as "days since the
 * last purchase" lower is better.
 *
 * Two doors, one fit: `data` is the customer table, or the `RfmStatistics` an engine computed
 * (`rfmStatisticsInWarehouse`: the same quantiles and at-or-below counts, so the same model,
 * with no customer row leaving the engine). Statistics are checked against the spec (columns,
 * bins, counts that can be) and refused with `invalid_value` at `statistics.…` otherwise.
 *
 * @param data The customers (rows, columns or Arrow), or their `RfmStatistics`.
 * @throws {CustomerValueError} `invalid_spec`, `missing_column`, `invalid_value`, `too_few_rows` (fewer rows than bins).
 * @example
 * const spec = { recency: { column: 'r', better: 'lower' }, frequency: { column: 'f' }, monetary: { column: 'm' } };
 * const model = fitRfm({ r: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10], f: [0, 0, 0, 0, 0, 0, 1, 2, 3, 4], m: [5, 1, 4, 2, 3, 9, 8, 7, 6, 10] }, spec);
 * model.thresholds.recency; // => [2, 4, 6, 8]
 * model.thresholds.frequency; // => [0, 0, 0, 2]
 * model.fitted.diagnostics.scoreCounts.frequency; // => [6, 0, 0, 2, 2]
 * // the same customers as statistics (what rfmStatisticsInWarehouse computes in an engine)
 * const statistics = {
 *   summary: 'rfmStatistics', rows: 10, n: 10, bins: 5,
 *   recency: { column: 'r', thresholds: [2, 4, 6, 8], atOrBelow: [2, 4, 6, 8] },
 *   frequency: { column: 'f', thresholds: [0, 0, 0, 2], atOrBelow: [6, 6, 6, 8] },
 *   monetary: { column: 'm', thresholds: [2, 4, 6, 8], atOrBelow: [2, 4, 6, 8] },
 * };
 * fitRfm(statistics, spec).fitted.diagnostics.scoreCounts.frequency; // => [6, 0, 0, 2, 2]
 * JSON.stringify(fitRfm(statistics, spec)) === JSON.stringify(model); // => true
 */
export function fitRfm(data: TableInput | RfmStatistics, spec: RfmSpec): RfmModel {
  const s = parseSpec(rfmSpecSchema, spec, FN);
  if (isRfmStatistics(data)) return fitFromStatistics(data, s);
  const reader = new ColumnReader(
    data,
    FN,
    RFM_DIMENSIONS.map((d) => s[d].column),
    s.missing,
  );
  const columns = RFM_DIMENSIONS.map((d) => reader.number(s[d].column, `${d} values`));
  const { skipMask, skipped } = reader.finish();
  const n = reader.rowCount - skipped;
  requireRows(FN, n, s.bins, 'customers (at least one per bin)');
  const thresholds = {} as Record<RfmDimension, number[]>;
  const scoreCounts = {} as Record<RfmDimension, number[]>;
  RFM_DIMENSIONS.forEach((dimension, d) => {
    const sorted = validValues(columns[d], skipMask).sort();
    const t = quantileUpperBounds(sorted, s.bins);
    thresholds[dimension] = t;
    scoreCounts[dimension] = countScores(sorted, t, s.bins, s[dimension].better);
  });
  return { kind: 'rfm', version: MODEL_VERSION, spec: s, thresholds, fitted: { n, skipped, warnings: [], diagnostics: { scoreCounts } } };
}

/** Type-1 quantiles at b/k, b = 1..k-1, of ascending `sorted`: the value at rank ceil(b·n/k). */
export function quantileUpperBounds(sorted: Float64Array, bins: number): number[] {
  const n = sorted.length;
  const out: number[] = [];
  for (let b = 1; b < bins; b++) out.push(sorted[Math.max(0, Math.ceil((b * n) / bins) - 1)]);
  return out;
}

function countScores(sorted: Float64Array, thresholds: number[], bins: number, better: 'higher' | 'lower'): number[] {
  const counts = new Array<number>(bins).fill(0);
  let bin = 0;
  for (let i = 0; i < sorted.length; i++) {
    while (bin < thresholds.length && sorted[i] > thresholds[bin]) bin++;
    counts[better === 'higher' ? bin : bins - 1 - bin]++;
  }
  return counts;
}

function statisticsError(path: string, expected: string, received: string): CustomerValueError {
  return new CustomerValueError('invalid_value', `${FN}: the statistics do not fit the spec`, [
    { function: FN, path: `statistics.${path}`, expected, received, hint: 'compute the statistics again for this spec (rfmStatisticsInWarehouse)' },
  ]);
}

/** The fit from engine statistics (see `RfmStatistics`): thresholds as computed, score counts from the at-or-below counts. */
function fitFromStatistics(data: unknown, s: z.output<typeof rfmSpecSchema>): RfmModel {
  const st = parseSpec(rfmStatisticsSchema, data, FN, 'statistics', 'invalid_value');
  if (st.bins !== s.bins) throw statisticsError('bins', `${s.bins} bins, as the spec`, String(st.bins));
  const skipped = statisticsSkipped(st.rows, st.n, s.missing, FN, () => statisticsError('n', `at most statistics.rows (${st.rows}) customers`, String(st.n)));
  requireRows(FN, st.n, s.bins, 'customers (at least one per bin)');
  const thresholds = {} as Record<RfmDimension, number[]>;
  const scoreCounts = {} as Record<RfmDimension, number[]>;
  for (const dimension of RFM_DIMENSIONS) {
    const d = st[dimension];
    if (d.column !== s[dimension].column) throw statisticsError(`${dimension}.column`, `"${s[dimension].column}", as the spec`, JSON.stringify(d.column));
    if (d.thresholds.length !== s.bins - 1 || d.atOrBelow.length !== s.bins - 1) {
      throw statisticsError(`${dimension}.thresholds`, `${s.bins - 1} thresholds and at-or-below counts`, String(d.thresholds.length));
    }
    for (let b = 0; b < s.bins - 1; b++) {
      // the value at rank ⌈(b+1)·n/bins⌉ has at least that many values at or below it; both ascend
      const rank = Math.ceil(((b + 1) * st.n) / s.bins);
      const ascending = b === 0 || (d.thresholds[b] >= d.thresholds[b - 1] && d.atOrBelow[b] >= d.atOrBelow[b - 1]);
      if (!ascending || d.atOrBelow[b] < rank || d.atOrBelow[b] > st.n) {
        throw statisticsError(
          `${dimension}.atOrBelow.${b}`,
          `ascending thresholds with between ${rank} and ${st.n} customers at or below`,
          String(d.atOrBelow[b]),
        );
      }
    }
    thresholds[dimension] = d.thresholds.slice();
    const ascendingCounts = d.atOrBelow.map((c, b) => c - (b === 0 ? 0 : d.atOrBelow[b - 1]));
    ascendingCounts.push(st.n - d.atOrBelow[s.bins - 2]);
    scoreCounts[dimension] = s[dimension].better === 'higher' ? ascendingCounts : ascendingCounts.reverse();
  }
  return { kind: 'rfm', version: MODEL_VERSION, spec: s, thresholds, fitted: { n: st.n, skipped, warnings: [], diagnostics: { scoreCounts } } };
}
