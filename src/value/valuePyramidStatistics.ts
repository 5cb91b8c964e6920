import * as z from 'zod/mini';

// zod/mini (issue 21), as valuePyramidSpec. zod's numbers are finite (no .finite() needed).
const finite = z.number();
const count = z.number().check(z.int(), z.gte(0), z.lte(Number.MAX_SAFE_INTEGER));

/** zod schema of `ValuePyramidStatistics` (checked by `fitValuePyramid` at the door). Internal. */
export const valuePyramidStatisticsSchema = z.strictObject({
  summary: z.literal('valuePyramidStatistics'),
  rows: count,
  n: count,
  dimensions: z
    .array(
      z.strictObject({
        column: z.string().check(z.minLength(1)),
        transform: z.enum(['none', 'log1p']),
        mean: z.nullable(finite),
        sd: z.nullable(z.number().check(z.gte(0))),
        min: finite,
        max: finite,
      }),
    )
    .check(z.minLength(1), z.maxLength(100)),
  cuts: z
    .array(
      z.strictObject({
        rank: z.number().check(z.int(), z.gte(0), z.lte(Number.MAX_SAFE_INTEGER), z.gte(1)),
        values: z.array(finite).check(z.minLength(1), z.maxLength(100)),
      }),
    )
    .check(z.maxLength(19)),
  lowest: z.array(finite).check(z.minLength(1), z.maxLength(100)),
  tiers: z.strictObject({ customers: z.array(count).check(z.minLength(2), z.maxLength(20)), value: z.array(finite).check(z.minLength(2), z.maxLength(20)) }),
});

/**
 * What `fitValuePyramid` needs from the customers, computed elsewhere (in a SQL engine by
 * `valuePyramidStatisticsInWarehouse`) so that no customer row has to reach JavaScript. A
 * plain, JSON-safe object tagged `summary: 'valuePyramidStatistics'`; pass it to
 * `fitValuePyramid` in place of the table, with the spec it was computed for.
 */
export interface ValuePyramidStatistics {
  readonly summary: 'valuePyramidStatistics';
  /** Rows read; `rows − n` were skipped for a missing value. */
  readonly rows: number;
  /** Customers fitted. */
  readonly n: number;
  /**
   * Per spec dimension, in spec order: `mean` and sample `sd` of t(x) (t = log1p where the
   * spec says so; null when the dimension's scale does not use them) and `min`, `max` of x.
   */
  readonly dimensions: readonly {
    readonly column: string;
    readonly transform: 'none' | 'log1p';
    readonly mean: number | null;
    readonly sd: number | null;
    readonly min: number;
    readonly max: number;
  }[];
  /**
   * Per tier cut (all tiers but the last, top down): the customer whose value is the tier's
   * lower threshold, as its descending value `rank` (1 = most valuable) and its dimension
   * values in spec order. The fitter computes the threshold from these values, so it is the
   * customer's value under the model's own scaling.
   */
  readonly cuts: readonly { readonly rank: number; readonly values: readonly number[] }[];
  /** The dimension values of the least valuable customer (rank n). */
  readonly lowest: readonly number[];
  /** Per tier, top down: its customers and the sum of their value scores. */
  readonly tiers: { readonly customers: readonly number[]; readonly value: readonly number[] };
}

/** True when `data` is tagged as value-pyramid statistics (a table never is: its fields are columns). Internal. */
export function isValuePyramidStatistics(data: unknown): boolean {
  return data !== null && typeof data === 'object' && (data as { summary?: unknown }).summary === 'valuePyramidStatistics';
}
