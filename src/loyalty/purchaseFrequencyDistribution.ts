import * as z from 'zod/mini';
import { parseSpec } from '../internal/parseSpec.js';
import type { TableInput } from '../io/tableInput.js';
import { readCounts } from './repeatPurchaseRate.js';
import { missingValuesMiniSchema, type MissingValues } from '../io/missingValues.js';

const FN = 'purchaseFrequencyDistribution';
// zod/mini (issue 21): the same messages through parseSpec, without zod's classic API in the bundle
const optionsSchema = z.strictObject({
  frequency: z._default(z.string().check(z.minLength(1)), 'frequency'),
  max: z.optional(z.number().check(z.int(), z.gte(1))),
  missing: z._default(missingValuesMiniSchema, 'error'),
});

/** One bar of the distribution. */
export interface FrequencyBucket {
  /** The count, or the lower bound of the last bucket when `orMore`. */
  readonly frequency: number;
  readonly orMore: boolean;
  readonly customers: number;
  readonly share: number;
  readonly cumulativeShare: number;
}

/**
 * How many customers made 0, 1, 2, … repeat purchases, with shares and cumulative shares — the
 * histogram BTYD models are checked against. With `max`, counts ≥ max share one "max+" bucket.
 *
 * @throws {CustomerValueError} `missing_column`; `invalid_value`; `too_few_rows`.
 * @example
 * purchaseFrequencyDistribution({ frequency: [0, 0, 1, 3, 0, 7] }, { max: 3 }).map((b) => [b.frequency, b.orMore, b.customers]); // => [[0, false, 3], [1, false, 1], [2, false, 0], [3, true, 2]]
 */
export function purchaseFrequencyDistribution(
  customers: TableInput,
  options: { frequency?: string; max?: number; missing?: MissingValues } = {},
): FrequencyBucket[] {
  const o = parseSpec(optionsSchema, options, FN, 'options');
  const { counts, skip, n } = readCounts(customers, FN, o.frequency, o.missing);
  let top = 0;
  for (let i = 0; i < counts.length; i++) if ((skip === null || skip[i] === 0) && counts[i] > top) top = counts[i];
  const last = o.max === undefined ? top : Math.min(o.max, top);
  const tally = new Float64Array(last + 1);
  for (let i = 0; i < counts.length; i++) {
    if (skip !== null && skip[i] === 1) continue;
    tally[Math.min(counts[i], last)]++;
  }
  let cumulative = 0;
  return Array.from(tally, (customersAt, k) => {
    cumulative += customersAt;
    return {
      frequency: k,
      orMore: o.max !== undefined && k === last && last === o.max,
      customers: customersAt,
      share: customersAt / n,
      cumulativeShare: cumulative / n,
    };
  });
}
