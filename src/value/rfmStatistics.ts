import * as z from 'zod/mini';

// zod/mini (issue 21), as rfmSpec.
const count = z.number().check(z.int(), z.gte(0), z.lte(Number.MAX_SAFE_INTEGER));
const dimension = z.strictObject({
  column: z.string().check(z.minLength(1)),
  thresholds: z.array(z.number()).check(z.minLength(1), z.maxLength(8)),
  atOrBelow: z.array(count).check(z.minLength(1), z.maxLength(8)),
});

/** zod schema of `RfmStatistics` (checked by `fitRfm` at the door). Internal. */
export const rfmStatisticsSchema = z.strictObject({
  summary: z.literal('rfmStatistics'),
  rows: count,
  n: count,
  bins: z.number().check(z.int(), z.gte(2), z.lte(9)),
  recency: dimension,
  frequency: dimension,
  monetary: dimension,
});

/** One RFM dimension's statistics: its type-1 quantiles at b/bins and how many customers are at or below each. */
export interface RfmDimensionStatistics {
  readonly column: string;
  /** The values at ascending ranks ⌈b·n/bins⌉, b = 1..bins−1 (type-1 sample quantiles). */
  readonly thresholds: readonly number[];
  /** Per threshold, the customers whose value is ≤ it. */
  readonly atOrBelow: readonly number[];
}

/**
 * What `fitRfm` needs from the customers, computed elsewhere (in a SQL engine by
 * `rfmStatisticsInWarehouse`) so that no customer row has to reach JavaScript. A plain,
 * JSON-safe object tagged `summary: 'rfmStatistics'`; pass it to `fitRfm` in place of the
 * table, with the spec it was computed for.
 */
export interface RfmStatistics {
  readonly summary: 'rfmStatistics';
  /** Rows read; `rows − n` were skipped for a missing value. */
  readonly rows: number;
  /** Customers fitted. */
  readonly n: number;
  readonly bins: number;
  readonly recency: RfmDimensionStatistics;
  readonly frequency: RfmDimensionStatistics;
  readonly monetary: RfmDimensionStatistics;
}

/** True when `data` is tagged as RFM statistics (a table never is: its fields are columns). Internal. */
export function isRfmStatistics(data: unknown): boolean {
  return data !== null && typeof data === 'object' && (data as { summary?: unknown }).summary === 'rfmStatistics';
}
