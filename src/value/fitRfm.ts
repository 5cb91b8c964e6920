import type { z } from 'zod';
import { ColumnReader, requireRows } from '../internal/columnReader.js';
import { MODEL_VERSION } from '../internal/modelVersion.js';
import type { ModelFit } from '../model/modelFit.js';
import { parseSpec } from '../internal/parseSpec.js';
import { validValues } from '../internal/validValues.js';
import type { TableInput } from '../io/tableInput.js';
import { RFM_DIMENSIONS, rfmSpecSchema, type RfmDimension, type RfmSpec } from './rfmSpec.js';

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
 * @throws {CustomerValueError} `invalid_spec`, `missing_column`, `invalid_value`, `too_few_rows` (fewer rows than bins).
 * @example
 * const model = fitRfm(
 *   { r: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10], f: [0, 0, 0, 0, 0, 0, 1, 2, 3, 4], m: [5, 1, 4, 2, 3, 9, 8, 7, 6, 10] },
 *   { recency: { column: 'r', better: 'lower' }, frequency: { column: 'f' }, monetary: { column: 'm' } },
 * );
 * model.thresholds.recency; // => [2, 4, 6, 8]
 * model.thresholds.frequency; // => [0, 0, 0, 2]
 * model.fitted.diagnostics.scoreCounts.frequency; // => [6, 0, 0, 2, 2]
 */
export function fitRfm(data: TableInput, spec: RfmSpec): RfmModel {
  const s = parseSpec(rfmSpecSchema, spec, FN);
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
