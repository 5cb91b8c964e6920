import * as z from 'zod/mini';
import { normalQuantile } from '../../internal/normalQuantile.js';
import { parseSpec } from '../../internal/parseSpec.js';
import { missingValuesMiniSchema, type MissingValues } from '../../io/missingValues.js';
import type { TableInput } from '../../io/tableInput.js';
import { countColumn } from '../../internal/countOption.js';
import { countNotConverged, readCountHistories } from './conditionalCountMath.js';
import { repeatBuyingOf } from './repeatBuyingOf.js';

const FN = 'purchaseCountPredictionIntervals';

// In zod/mini (issue 21); the model is checked against its own kind's schema (repeatBuyingOf).
// `count` of neither form says what it takes (zod's own text is a bare "invalid input").
const optionsSchema = z.strictObject({
  levels: z._default(z.array(z.number().check(z.gt(0), z.lt(1))).check(z.minLength(1), z.maxLength(99)), [0.05, 0.5, 0.95]),
  atLeast: z._default(z.number().check(z.int(), z.gte(1), z.lte(1_000_000)), 1),
  count: z._default(
    z.union([z.string().check(z.minLength(1)), z.boolean()], {
      error: "a count column's name, true for the model's spec.columns.count, or false (each row one customer)",
    }),
    false,
  ),
  missing: z.optional(missingValuesMiniSchema),
});

/** Options of `purchaseCountPredictionIntervals`. */
export interface PurchaseCountPredictionIntervalsOptions {
  /** Probability levels of the quantiles, each in (0, 1) (default `[0.05, 0.5, 0.95]`: a 90 % prediction interval and the median). */
  readonly levels?: readonly number[];
  /** k of `probabilityAtLeast` = P(X ≥ k), a whole number ≥ 1 (default 1: the probability of buying again). */
  readonly atLeast?: number;
  /**
   * Grouped input, opt-in: a column holding how many customers share the row's history, or `true`
   * for the model's `spec.columns.count` (the histogram it was fitted on; refused, `invalid_spec`,
   * when the model has none); weights `total` only.
   * Default `false`: each row is one customer, whatever column the model was fitted with, so a
   * model fitted on a grouped histogram scores per-customer rows as they are.
   */
  readonly count?: string | boolean;
  /** Rows with a missing value: `'error'` or `'skip'` (default the model's spec). */
  readonly missing?: MissingValues;
}

/** The base's total count over the horizon: exact mean and variance, and a normal-approximation interval. */
export interface PurchaseCountTotal {
  /** Customers counted (the sum of the count column for grouped input). */
  readonly customers: number;
  /** E[Σ X_i] = Σ E[X_i] (exact). */
  readonly mean: number;
  /** Var[Σ X_i] = Σ Var[X_i] (exact: customers are independent given the parameters). */
  readonly variance: number;
  /** mean + z_level·√variance for each of `levels` (normal approximation, not rounded to counts). */
  readonly quantiles: Float64Array;
}

/** Per-customer prediction intervals of the count in the next t time units, in input order. */
export interface PurchaseCountPredictionIntervals {
  /** The levels of `quantiles`, as given. */
  readonly levels: readonly number[];
  /** `quantiles[j][i]`: the smallest count q with P(X ≤ q | history of row i) ≥ levels[j]; −1 at a skipped row. */
  readonly quantiles: readonly Int32Array[];
  /** P(X = 0 | history): no purchase in the horizon (dropped out, or alive and not buying). NaN at a skipped row. */
  readonly probabilityZero: Float64Array;
  /** k of `probabilityAtLeast`. */
  readonly atLeast: number;
  /** P(X ≥ k | history). NaN at a skipped row. */
  readonly probabilityAtLeast: Float64Array;
  /** E[X | history]: the conditional expected purchases (the mean of the distribution). */
  readonly mean: Float64Array;
  /** Var[X | history]. */
  readonly variance: Float64Array;
  /** The horizon t, in the model's time unit (opportunities for BG/BB). */
  readonly horizon: number;
  /** Distinct histories, each computed once. */
  readonly histories: number;
  /** Rows skipped under `missing: 'skip'`. */
  readonly skipped: number;
  /** The base's total count: not the sum of per-customer quantiles. */
  readonly total: PurchaseCountTotal;
}

/**
 * Prediction intervals for each customer's count of purchases in the next `t` time units: the
 * quantiles of P(X(T, T+t) = n | x, t_x, T) at the fitted parameters (`conditionalPurchaseProbability`),
 * with P(X = 0), P(X ≥ k), its mean and variance. This is process uncertainty — how many
 * purchases this customer may actually make, given the model — not a confidence interval for the
 * expectation (parameter uncertainty, which a refit on other data would move). The distribution
 * is computed once per distinct history as a whole PMF (every term positive, the negative-binomial
 * tail summed from the top; the Pareto/NBD dropout integral for all n at once by adaptive
 * Gauss–Kronrod), cut where the remaining mass is below 1e-18, and scattered to the rows as
 * columns: memory O(customers + the longest PMF).
 *
 * `total` is the base's count: customers are independent given the parameters, so its mean and
 * variance are the sums of the customers' (exact), and its interval is the normal approximation
 * mean ± z·sd — not the sum of per-customer quantiles, which would be far too wide.
 *
 * @param model A fitted `betaGeo`, `modifiedBetaGeo`, `paretoNbd` or `betaGeoBetaBinomial` model.
 * @param customers Rows, columns or a table with the model's history columns (and a count column for grouped input, read only when `options.count` names it or is `true`).
 * @param t The horizon in the model's time unit (≥ 0; whole opportunities for BG/BB).
 * @throws {CustomerValueError} `invalid_model`, `invalid_spec` (bad t or options), `missing_column`, `invalid_value`, `not_converged`.
 * @example
 * const model = { kind: 'betaGeo', version: 2, spec: { timeUnit: 'week', columns: { frequency: 'frequency', recency: 'recency', T: 'T', monetary: 'monetary' }, missing: 'error', maxIterations: 1000 }, params: { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 }, standardErrors: null, fitted: { n: 2357, skipped: 0, warnings: [], diagnostics: { logLikelihood: -9582.4, groups: 1016, iterations: 0 } } };
 * const customers = { frequency: [0, 2, 10], recency: [0, 30.43, 38], T: [38.86, 38.86, 38.86] };
 * const p = purchaseCountPredictionIntervals(model, customers, 39);
 * // 90 % prediction intervals [p05, p95] of each customer's purchases in the next 39 weeks
 * [...p.quantiles[0]]; // => [0, 0, 0]
 * [...p.quantiles[2]]; // => [1, 4, 15]
 * // their mean is the conditional expectation (Hardie's spreadsheet: 1.226 for the second)
 * Math.round(p.mean[1] * 1000) / 1000; // => 1.226
 */
export function purchaseCountPredictionIntervals(
  model: unknown,
  customers: TableInput,
  t: number,
  options: PurchaseCountPredictionIntervalsOptions = {},
): PurchaseCountPredictionIntervals {
  const o = parseSpec(optionsSchema, options, FN, 'options');
  // count: true names the model's count column, and is refused when it has none (as clvConfidenceIntervals)
  const count = o.count === true ? countColumn(true, countColumnOfModel(model, FN), FN, 'options.count') : o.count;
  const histories = readCountHistories(model, customers, FN, t, o.missing, count);
  const { grouped, distributions, horizon, read } = histories;
  const [gx, gtx, gT] = grouped.columns;
  const groups = gx.length;
  const levels = o.levels;
  const L = levels.length;
  const gQuantiles = new Int32Array(groups * L);
  const gZero = new Float64Array(groups);
  const gAtLeast = new Float64Array(groups);
  const gMean = new Float64Array(groups);
  const gVariance = new Float64Array(groups);
  for (let g = 0; g < groups; g++) {
    const d = distributions.distribution(gx[g], gtx[g], gT[g], horizon);
    if (d === null || !(d.alive >= 0 && d.alive <= 1)) countNotConverged(FN, histories, g);
    const { alive, pmf } = d;
    // the count's PMF is (1 − alive)·δ₀ + alive·pmf: moments, tails and quantiles of the mixture
    let m1 = 0;
    let m2 = 0;
    for (let n = pmf.length - 1; n >= 1; n--) {
      m1 += n * pmf[n];
      m2 += n * n * pmf[n];
    }
    const mean = alive * m1;
    gMean[g] = mean;
    gVariance[g] = Math.max(0, alive * m2 - mean * mean);
    gZero[g] = 1 - alive + alive * pmf[0];
    let upper = 0; // P(X ≥ k) summed from the top: no 1 − Σ cancellation
    for (let n = pmf.length - 1; n >= o.atLeast; n--) upper += pmf[n];
    gAtLeast[g] = Math.min(1, alive * upper);
    for (let j = 0; j < L; j++) {
      const level = levels[j];
      let cumulative = 1 - alive;
      let q = 0;
      for (; q < pmf.length; q++) {
        cumulative += alive * pmf[q];
        if (cumulative >= level - 1e-12) break;
      }
      gQuantiles[g * L + j] = Math.min(q, pmf.length - 1);
    }
  }
  const rows = read.rowCount;
  const quantiles = levels.map(() => new Int32Array(rows));
  const probabilityZero = new Float64Array(rows);
  const probabilityAtLeast = new Float64Array(rows);
  const mean = new Float64Array(rows);
  const variance = new Float64Array(rows);
  let customersCounted = 0;
  let totalMean = 0;
  let totalVariance = 0;
  for (let i = 0; i < rows; i++) {
    const g = grouped.groupOf[i];
    if (g < 0) {
      for (const column of quantiles) column[i] = -1;
      probabilityZero[i] = probabilityAtLeast[i] = mean[i] = variance[i] = Number.NaN;
      continue;
    }
    for (let j = 0; j < L; j++) quantiles[j][i] = gQuantiles[g * L + j];
    probabilityZero[i] = gZero[g];
    probabilityAtLeast[i] = gAtLeast[g];
    mean[i] = gMean[g];
    variance[i] = gVariance[g];
    const weight = read.count === null ? 1 : read.count[i];
    customersCounted += weight;
    totalMean += weight * gMean[g];
    totalVariance += weight * gVariance[g];
  }
  const sd = Math.sqrt(totalVariance);
  const total: PurchaseCountTotal = {
    customers: customersCounted,
    mean: totalMean,
    variance: totalVariance,
    quantiles: Float64Array.from(levels, (level) => totalMean + normalQuantile(level) * sd),
  };
  return {
    levels: [...levels],
    quantiles,
    probabilityZero,
    atLeast: o.atLeast,
    probabilityAtLeast,
    mean,
    variance,
    horizon,
    histories: groups,
    skipped: read.skipped,
    total,
  };
}

/** The model's count column (the model checked first, so a bad model is refused as such). */
function countColumnOfModel(model: unknown, fn: string): string | undefined {
  return repeatBuyingOf(model, fn, true).model.spec.columns?.count;
}
