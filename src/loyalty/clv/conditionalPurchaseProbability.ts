import * as z from 'zod/mini';
import { CustomerValueError, describeValue } from '../../errors.js';
import { parseSpec } from '../../internal/parseSpec.js';
import { missingValuesMiniSchema, type MissingValues } from '../../io/missingValues.js';
import type { TableInput } from '../../io/tableInput.js';
import type { CustomerPredictions } from './betaGeoPredictions.js';
import { countNotConverged, readCountHistories } from './conditionalCountMath.js';

const FN = 'conditionalPurchaseProbability';

// In zod/mini (issue 21); the model is checked against its own kind's schema (repeatBuyingOf).
const optionsSchema = z.strictObject({ missing: z.optional(missingValuesMiniSchema) });

/** Options of `conditionalPurchaseProbability`. */
export interface ConditionalPurchaseProbabilityOptions {
  /** Rows with a missing value: `'error'` or `'skip'` (NaN at the row, counted in `skipped`); default the model's spec. */
  readonly missing?: MissingValues;
}

/**
 * Probability that each customer makes exactly `n` purchases in the next `t` time units given
 * their history, P(X(T, T+t) = n | x, t_x, T): the distribution of the future count at the fitted
 * parameters (process uncertainty). A customer who has dropped out buys nothing; a customer
 * alive at T is, by memorylessness, a new customer whose mixing distributions are the posteriors
 * given "alive at T", so
 *   P(X = n | x, t_x, T) = δ(n=0)·(1 − P(alive)) + P(alive)·P_new(X(t) = n | updated parameters),
 * updated (r+x, α+T, a, b+x) for BG/NBD (Fader, Hardie & Lee, "Deriving the conditional PMF of the
 * BG/NBD model", 2007 note), (r+x, α+T, a, b+x+1) for MBG/NBD, (r+x, α+T, s, β+T) for Pareto/NBD
 * (Fader & Hardie, "Deriving the conditional PMF of the Pareto/NBD model", 2006 note), and for
 * BG/BB p ~ Beta(α+x, β+n−x), θ ~ Beta(γ, δ+n+1) over the next `t` opportunities (Fader, Hardie &
 * Shang 2010, §4), each P_new in logs as in `purchaseProbability` / `paretoNbdPurchaseProbability`.
 * Summed over n it is 1, and its mean is the conditional expected purchases. Computed once per
 * distinct history. For the quantiles of this distribution (prediction intervals of the count)
 * see `purchaseCountPredictionIntervals`.
 *
 * @param model A fitted `betaGeo`, `modifiedBetaGeo`, `paretoNbd` or `betaGeoBetaBinomial` model.
 * @param customers Rows, columns or a table with the model's history columns (frequency, recency, T; periods for BG/BB), in its time unit.
 * @param n The number of purchases, a whole number ≥ 0.
 * @param t The horizon in the model's time unit (≥ 0; whole opportunities for BG/BB).
 * @throws {CustomerValueError} `invalid_model`, `invalid_spec` (bad n, t or options), `missing_column`, `invalid_value`, `not_converged`.
 * @example
 * const model = { kind: 'betaGeo', version: 2, spec: { timeUnit: 'week', columns: { frequency: 'frequency', recency: 'recency', T: 'T', monetary: 'monetary' }, missing: 'error', maxIterations: 1000 }, params: { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 }, standardErrors: null, fitted: { n: 2357, skipped: 0, warnings: [], diagnostics: { logLikelihood: -9582.4, groups: 1016, iterations: 0 } } };
 * const customer = [{ frequency: 2, recency: 30.43, T: 38.86 }];
 * // no purchase in the next 39 weeks: a dropped-out customer, or a live one who does not buy
 * // (numerical integration over λ and p of the individual-level model, scipy: 0.445373)
 * Math.round(conditionalPurchaseProbability(model, customer, 0, 39).values[0] * 1000) / 1000; // => 0.445
 */
export function conditionalPurchaseProbability(
  model: unknown,
  customers: TableInput,
  n: number,
  t: number,
  options: ConditionalPurchaseProbabilityOptions = {},
): CustomerPredictions {
  if (!Number.isInteger(n) || n < 0) {
    throw new CustomerValueError('invalid_spec', `${FN}: n must be a whole number ≥ 0`, [
      { function: FN, path: 'n', expected: 'a whole number of purchases ≥ 0', received: describeValue(n) },
    ]);
  }
  const o = parseSpec(optionsSchema, options, FN, 'options');
  const histories = readCountHistories(model, customers, FN, t, o.missing, false);
  const { grouped, distributions, horizon } = histories;
  const [gx, gtx, gT] = grouped.columns;
  const perGroup = new Float64Array(gx.length);
  for (let g = 0; g < gx.length; g++) {
    perGroup[g] = distributions.probability(gx[g], gtx[g], gT[g], n, horizon);
    if (!Number.isFinite(perGroup[g])) countNotConverged(FN, histories, g);
  }
  const values = new Float64Array(histories.read.rowCount);
  for (let i = 0; i < values.length; i++) {
    const g = grouped.groupOf[i];
    values[i] = g < 0 ? Number.NaN : perGroup[g];
  }
  return { values, skipped: histories.read.skipped };
}
