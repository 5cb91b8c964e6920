import * as z from 'zod';
import { CustomerValueError, describeValue } from '../../errors.js';
import { countColumn } from '../../internal/countOption.js';
import { groupRows } from '../../internal/groupRows.js';
import { IssueList } from '../../internal/issueList.js';
import { parseSpec } from '../../internal/parseSpec.js';
import { percentileName, quantileOfSorted } from '../../internal/percentiles.js';
import { DAYS_PER_UNIT, timeUnitSchema } from '../../internal/timeUnits.js';
import { missingValuesSchema, type MissingValues } from '../../io/missingValues.js';
import type { NumericArray, TableInput } from '../../io/tableInput.js';
import type { TimeUnit } from '../../value/timeUnit.js';
import type { RetentionPeriodUnit } from '../retention/cohortSurvivorsSpec.js';
import { discreteHistoryColumnsSchema } from './betaGeoBetaBinomialSpec.js';
import { purchaseSideOf, spendSideOf, type PurchaseSide } from './clvIntervalModels.js';
import {
  groupColumns,
  intervalArrays,
  runPercentileUnits,
  sumBlockTotals,
  type IntervalArrays,
  type IntervalSizes,
  type PercentileJob,
} from './clvIntervalPercentiles.js';
import type { ClvParameterDraws } from './clvParameterDraws.js';
import { DRAW_BLOCK, firstNotFinite, indexAliveByPair, KEY_BLOCK, runValuesInOrder, type ValueJob, type ValueKind } from './clvIntervalValues.js';
import { readDiscreteHistories } from './discreteHistories.js';
import type { BetaGeoBetaBinomialModel } from './fitBetaGeoBetaBinomial.js';
import type { BetaGeoBetaBinomialCovariatesModel } from './fitBetaGeoBetaBinomialWithCovariates.js';
import type { BetaGeoCovariatesModel } from './fitBetaGeoWithCovariates.js';
import type { GammaGammaModel } from './fitGammaGamma.js';
import type { GammaGammaCovariatesModel } from './fitGammaGammaWithCovariates.js';
import type { ParetoNbdCovariatesModel } from './fitParetoNbdWithCovariates.js';
import { drawnParameterNames, type UncertainClvModel } from './parameterUncertaintyProblems.js';
import { discountFactors } from './periodExpectations.js';
import { readPurchaseSummary } from './purchaseSummary.js';
import type { RepeatBuyingModel } from './repeatBuyingOf.js';

const FN = 'clvConfidenceIntervals';

const drawsSchema = z.custom<ClvParameterDraws>(
  (v) => v !== null && typeof v === 'object' && Array.isArray((v as { draws?: unknown }).draws),
  'draws from clvParameterDraws',
);

/** @internal The arguments' schema before its refinement (the Node version extends it with `threads`). */
export const intervalArgsObject = z.strictObject({
  purchaseModel: z.custom<ClvIntervalsPurchaseModel>((v) => v !== null && typeof v === 'object', 'a fitted model of repeat buying'),
  purchaseDraws: drawsSchema,
  spendModel: z.custom<GammaGammaModel | GammaGammaCovariatesModel>((v) => v !== null && typeof v === 'object', 'a fitted Gamma-Gamma model').optional(),
  spendDraws: drawsSchema.optional(),
  customers: z.custom<TableInput>((v) => v !== null && typeof v === 'object', 'a table of customers'),
  horizon: z.int().min(1).max(100_000),
  timeUnit: z.optional(timeUnitSchema),
  discountRate: z.number().min(0).max(10).default(0),
  margin: z.number().gt(0).max(1).default(1),
  levels: z.array(z.number().gt(0).lt(1)).min(1).max(99).default([0.05, 0.5, 0.95]),
  missing: missingValuesSchema.optional(),
  totalsOverTime: z.boolean().default(false),
  // of neither form: say what it takes (zod's own text for a union is a bare "invalid input")
  count: z
    .union([z.string().min(1), z.boolean()], { error: "a count column's name, true for the model's spec.columns.count, or false (each row one customer)" })
    .default(false),
});

/** @internal Spend model and spend draws together or neither (the refinement of both schemas). */
export const spendWithDraws: [(a: { readonly spendModel?: unknown; readonly spendDraws?: unknown }) => boolean, { message: string; path: string[] }] = [
  (a: { readonly spendModel?: unknown; readonly spendDraws?: unknown }) => (a.spendModel === undefined) === (a.spendDraws === undefined),
  {
    message: 'spendModel and spendDraws together (expected spend and CLV), or neither',
    path: ['spendDraws'],
  },
];

const argsSchema = intervalArgsObject.refine(...spendWithDraws);

/** @internal The arguments as parsed. */
export type ParsedIntervalArgs = z.output<typeof intervalArgsObject>;

/** The purchase models `clvConfidenceIntervals` takes. */
export type ClvIntervalsPurchaseModel =
  RepeatBuyingModel | BetaGeoCovariatesModel | ParetoNbdCovariatesModel | BetaGeoBetaBinomialModel | BetaGeoBetaBinomialCovariatesModel;

/** Arguments of `clvConfidenceIntervals`. */
export interface ClvConfidenceIntervalsArgs {
  /**
   * A fitted BG/NBD, MBG/NBD or Pareto/NBD model, a BG/NBD or Pareto/NBD with covariates
   * (`fitBetaGeoWithCovariates`, `fitParetoNbdWithCovariates`) or a BG/BB, with or without covariates
   * (`fitBetaGeoBetaBinomial`, `fitBetaGeoBetaBinomialWithCovariates`: P(alive) and expected
   * transactions only), and draws of its parameters (`clvParameterDraws` on the same model).
   */
  readonly purchaseModel: ClvIntervalsPurchaseModel;
  readonly purchaseDraws: ClvParameterDraws;
  /**
   * A fitted Gamma-Gamma model, or one with covariates on spend (`fitGammaGammaWithCovariates`), and
   * draws of its parameters: adds expected spend and CLV (optional, both or neither; not with a BG/BB).
   */
  readonly spendModel?: GammaGammaModel | GammaGammaCovariatesModel;
  readonly spendDraws?: ClvParameterDraws;
  /**
   * Customers: frequency, recency, T in the purchase model's columns and time unit (for a BG/BB,
   * frequency, recency and periods in opportunities), monetary in the spend model's column when
   * given, and each covariate model's covariate columns; one row per customer unless `count` says otherwise.
   */
  readonly customers: TableInput;
  /**
   * Grouped input, opt-in: a column of `customers` holding how many customers share the row's
   * history (the totals count them), or `true` for the purchase model's `spec.columns.count` (the
   * histogram it was fitted on; refused, `invalid_spec`, when the model has none, as
   * `purchaseCountPredictionIntervals` refuses it). Default `false`: each row is one customer,
   * whatever column the model was fitted with, so a model fitted on a histogram scores
   * per-customer rows as they are (as `purchaseCountPredictionIntervals`).
   */
  readonly count?: string | boolean;
  /** Whole periods of `timeUnit` ahead (1..H from now); for a BG/BB, transaction opportunities (n + 1..n + H). */
  readonly horizon: number;
  /** Unit of the horizon's periods: required for a continuous-time model; for a BG/BB leave it out (or give the model's period unit). */
  readonly timeUnit?: TimeUnit;
  /** Discount rate per period of `timeUnit` for CLV (default 0), as `customerLifetimeValue`. */
  readonly discountRate?: number;
  /** Profit margin on spend for CLV, in (0, 1] (default 1). */
  readonly margin?: number;
  /** Percentile levels, each in (0, 1) (default [0.05, 0.5, 0.95]). */
  readonly levels?: readonly number[];
  /** Rows with a missing value: `'error'` (default: the purchase model's policy) or `'skip'` (NaN, counted). */
  readonly missing?: MissingValues;
  /**
   * Also give the base totals at every horizon 1..H (`totalsOverTime`), from the same draws: each
   * draw's total at h periods, and the percentiles over the draws at each h (default false).
   */
  readonly totalsOverTime?: boolean;
}

/** One quantity per customer: its value at the model's parameters and the percentiles of its value over the draws, keyed 'p05', 'p50', 'p95'…. */
export interface CustomerIntervalColumns {
  readonly estimate: Float64Array;
  readonly percentiles: Readonly<Record<string, Float64Array>>;
}

/** A total over the customer base: at the model's parameters, over the draws (mean), and the percentiles of the per-draw totals. */
export interface TotalInterval {
  readonly estimate: number;
  readonly mean: number;
  readonly percentiles: Readonly<Record<string, number>>;
}

/**
 * A base total at each horizon h = 1..H periods: at the model's parameters (`estimate`), over the
 * draws (`mean`), the percentiles of the per-draw totals at each h, and the per-draw totals
 * themselves (`draws`, period-major: horizon h's draw d at (h − 1) · draws + d).
 */
export interface TotalOverTime {
  readonly estimate: Float64Array;
  readonly mean: Float64Array;
  readonly percentiles: Readonly<Record<string, Float64Array>>;
  readonly draws: Float64Array;
}

/** The base totals over horizons 1..H (`totalsOverTime: true`). */
export interface TotalsOverTime {
  /** The horizons 1..H, in periods of `timeUnit`. */
  readonly horizon: Int32Array;
  /** Expected purchases of the whole base in the next h periods (undiscounted). */
  readonly expectedPurchases: TotalOverTime;
  /** With a spend model: the base's value (summed CLV, discounted as `clv`) over the next h periods. */
  readonly value?: TotalOverTime;
}

/** Result of `clvConfidenceIntervals`: per-customer columns in input order (NaN for skipped rows) and base totals. */
export interface ClvConfidenceIntervals {
  readonly interval: 'confidence';
  readonly levels: readonly number[];
  /** Draws used: paired purchase and spend draws (the shorter list), less those whose spend model has no mean (q ≤ 1). */
  readonly draws: number;
  /** Paired draws left out because the spend draw had q ≤ 1 (an infinite expected spend). */
  readonly drawsWithoutMeanSpend: number;
  /** Distinct histories the expectations were computed for (then scattered to customers): distinct (covariates, x, t_x, T[, spend covariates, m̄]). */
  readonly distinctHistories: number;
  readonly horizon: number;
  /** The horizon's unit (for a BG/BB, the model's period unit: one opportunity per period). */
  readonly timeUnit: TimeUnit | RetentionPeriodUnit;
  readonly probabilityAlive: CustomerIntervalColumns;
  /** Expected purchases in the horizon (undiscounted). */
  readonly expectedPurchases: CustomerIntervalColumns;
  /** With a spend model: the Gamma-Gamma conditional mean spend, and CLV (margin · spend · discounted expected purchases). */
  readonly expectedSpend?: CustomerIntervalColumns;
  readonly clv?: CustomerIntervalColumns;
  /** Base totals: expected purchases over the horizon, and (with a spend model) the summed CLV. */
  readonly totals: { readonly expectedPurchases: TotalInterval; readonly value?: TotalInterval };
  /** With `totalsOverTime: true`: the same totals at every horizon 1..H, each from the per-draw totals. */
  readonly totalsOverTime?: TotalsOverTime;
  readonly skipped: number;
}

/**
 * Confidence intervals of customers' expectations from parameter draws (`clvParameterDraws`):
 * for each customer, P(alive), the expected purchases over the horizon, and with a Gamma-Gamma
 * model the expected spend and CLV (as `customerLifetimeValue` computes them: margin · E[spend] ·
 * Σᵢ (E[Y(tᵢ)] − E[Y(tᵢ₋₁)]) / (1 + d)^i), each evaluated at every draw; the percentiles of those
 * values are the interval. These are CONFIDENCE intervals of the expectation: they say how well
 * the data pin down a customer's expected purchases (parameter uncertainty), and shrink as the
 * base grows; they are not prediction intervals of the purchases a customer will actually make
 * (process uncertainty, from P(X(t) = n), much wider).
 *
 * Memory and time: the expectations are computed once per distinct key and draw — P(alive)
 * per distinct (x, t_x, T), the period sums per distinct (x, T), the spend per distinct (x, m̄) —
 * held as distinct × draws, and each quantity's percentiles are taken on the keys it depends on
 * (P(alive) and expected purchases per (x, t_x, T), expected spend per (x, m̄), CLV per distinct
 * (x, t_x, T, m̄)), by selecting just the order statistics the levels need rather than sorting the
 * draws (the same numbers, bit for bit), then scattered: O(customers + distinct × draws), never
 * customers × draws.
 *
 * Purchase and spend draws are paired by position, and drawn independently (by
 * `clvParameterDraws` on each model, with their own seeds), even when the two models are fitted
 * on the same customers. That is right under the Gamma-Gamma model's assumption that spend is
 * independent of the transaction process: the joint likelihood then factors as
 * L(θ_purchase; x, t_x, T) · L(θ_spend; m̄ | x), so the observed information is block diagonal
 * (the delta method's draws are exactly independent) and the scores are uncorrelated (the spend
 * score has mean 0 given the histories), so the two estimates are asymptotically independent and a
 * bootstrap that resampled the same customers for both would give the same spread (checked: on
 * 3,000 simulated customers, the 12 cross correlations of a paired customer bootstrap are within 4
 * standard errors of 0). If spend does depend on purchase frequency or recency in your data, the
 * Gamma-Gamma model itself is misspecified, and these intervals ignore that dependence.
 *
 * With covariates (a `betaGeoCovariates` or `paretoNbdCovariates` purchase model, a
 * `gammaGammaCovariates` spend model, either or both, with draws of `clvParameterDraws` on that
 * model: parameters and coefficients): each draw is made a model by `clvModelAtDraw`, and each
 * customer is evaluated at their own parameters at that draw — (r, α_i, a_i, b_i) from their
 * covariates, as `betaGeoCovariatePredictions`; (r, α_i, s, β_i), as `paretoNbdCovariatePredictions`;
 * γ_i = γ·exp(β'z_i), as `conditionalExpectedSpendWithCovariates` — so at every draw the values are
 * `customerLifetimeValue`'s with `clvModelAtDraw(model, draw)` (to rounding, 1e-12 relative). The
 * distinct keys then include the covariates: P(alive) per (z, x, t_x, T), the period sums per
 * (z, x, T), the spend per (z_spend, x, m̄), z the model's encoded covariate values; a categorical
 * covariate of k levels multiplies the distinct histories by at most k (a covariate that is a
 * function of the history, not at all). With every coefficient at 0 the intervals are the
 * covariate-free model's from the same draws (to rounding: the parameters pass through their
 * logarithms). A row missing a covariate is skipped under `missing: 'skip'` (NaN, counted).
 *
 * A BG/BB (`betaGeoBetaBinomial`, discrete time) gives P(alive at n + 1) and the expected
 * transactions over the next `horizon` opportunities (as `betaGeoBetaBinomialPredictions` at each
 * draw; `timeUnit` left out), and their totals; no expected spend or CLV, which
 * `customerLifetimeValue` does not define for a BG/BB (a spend model is refused). A BG/BB with
 * covariates (`betaGeoBetaBinomialCovariates`) the same, each customer at their own (α_i, β, γ_i, δ)
 * as `betaGeoBetaBinomialCovariatePredictions` at each draw.
 *
 * Totals: each draw's base total (Σ over customers of the expectation at that draw) is computed,
 * and its percentiles are the interval of the total. Summing the customers' interval ends instead
 * would be wrong: percentiles do not add, and the customers' expectations move together with the
 * parameters (one draw raises or lowers them all), so the sum of 5th percentiles is not the 5th
 * percentile of the sum (it is not even a percentile of any draw's total when customers peak at
 * different draws).
 *
 * Totals over time (`totalsOverTime: true`, for a chart of the base's total with its band): per
 * draw, each period's expected purchases E_i − E_{i−1} per distinct (x, T), weighted by the
 * customers' P(alive) (and margin · spend · (1 + d)^−i for value) at that draw, summed over the
 * base and accumulated over i = 1..h: a draw's total at h. The interval at each h is taken over
 * those per-draw totals, as for `totals`; at h = H they are `totals`' (to rounding: the same sums
 * in another order), and each draw's total grows with h. Memory O(distinct (x, T) + H × min(distinct (x, T), 1,024) + H × draws): the flows are
 * computed a block of 1,024 pairs at a time, each period's sum carried from block to block in pair order.
 *
 * @throws {CustomerValueError} `invalid_spec` (draws of another kind or missing a parameter or coefficient, spend without its draws, a spend model with a BG/BB, `count: true` with a model fitted without `columns.count`, a missing `timeUnit`); `invalid_model`; `missing_column` (a history, monetary or covariate column); `invalid_value` (a repeat customer with negative mean spend, a bad covariate value; P(alive), an expected purchases sum, the expected spend or the CLV of a customer not a finite number at a draw, naming it, the row and the draw, or a total over the base that overflows: never a NaN in the output); `not_converged` (an expectation not finite at a draw, where the model's own closed form refuses it).
 * @example
 * const summary = await readCsvFile('test/fixtures/loyalty/cdnow_btyd_cbs.csv');
 * const columns = { frequency: 'x', recency: 't_x', T: 'T_cal', monetary: 'm_x' };
 * const purchaseModel = fitBetaGeo(summary.columns, { timeUnit: 'week', columns });
 * const spendModel = fitGammaGamma(summary.columns, { columns });
 * const purchaseDraws = clvParameterDraws(purchaseModel, summary.columns, { method: 'delta', draws: 200 });
 * const spendDraws = clvParameterDraws(spendModel, summary.columns, { method: 'delta', draws: 200 });
 * const ci = clvConfidenceIntervals({ purchaseModel, purchaseDraws, spendModel, spendDraws, customers: summary.columns, horizon: 12, timeUnit: 'month', margin: 0.3 });
 * const { p05, p95 } = ci.totals.expectedPurchases.percentiles;
 * [p05 < ci.totals.expectedPurchases.estimate, ci.totals.expectedPurchases.estimate < p95]; // => [true, true]
 * ci.clv.percentiles.p05[0] <= ci.clv.estimate[0] && ci.clv.estimate[0] <= ci.clv.percentiles.p95[0]; // => true
 * // the base's value after 1..12 months, each with its interval from the per-draw totals
 * const overTime = clvConfidenceIntervals({ purchaseModel, purchaseDraws, customers: summary.columns, horizon: 12, timeUnit: 'month', totalsOverTime: true }).totalsOverTime;
 * overTime.horizon.length; // => 12
 * overTime.expectedPurchases.percentiles.p05[0] < overTime.expectedPurchases.percentiles.p05[11]; // => true
 * // with covariates: each customer at their own parameters at every draw (here a 0/1 covariate, customers acquired early)
 * const early = Array.from(summary.columns.T_cal, (T) => (T >= 32.5 ? 1 : 0));
 * const withEarly = { ...summary.columns, early };
 * const covariates = { columns: [{ column: 'early' }] };
 * const covariatePurchase = fitBetaGeoWithCovariates(withEarly, { timeUnit: 'week', columns, covariates });
 * const covariateSpend = fitGammaGammaWithCovariates(withEarly, { columns, covariates });
 * const byCovariates = clvConfidenceIntervals({
 *   purchaseModel: covariatePurchase, purchaseDraws: clvParameterDraws(covariatePurchase, withEarly, { method: 'delta', draws: 200 }),
 *   spendModel: covariateSpend, spendDraws: clvParameterDraws(covariateSpend, withEarly, { method: 'delta', draws: 200 }),
 *   customers: withEarly, horizon: 12, timeUnit: 'month', margin: 0.3,
 * });
 * // at the estimate, customerLifetimeValue's CLV with the same models
 * const clv = customerLifetimeValue({ purchaseModel: covariatePurchase, spendModel: covariateSpend, customers: withEarly, horizon: 12, timeUnit: 'month', discountRate: 0, margin: 0.3 }).clv;
 * Math.abs(byCovariates.clv.estimate[0] / clv[0] - 1) < 1e-12; // => true
 * byCovariates.clv.percentiles.p05[0] < byCovariates.clv.percentiles.p95[0]; // => true
 */
export function clvConfidenceIntervals(args: ClvConfidenceIntervalsArgs): ClvConfidenceIntervals {
  return confidenceIntervals(parseSpec(argsSchema, args, FN, 'arguments'), ONE_THREAD);
}

/**
 * @internal Where the passes run: their arrays (allocated, or carved from memory shared with
 * workers), the values at every draw (every unit of both phases of `runValueUnitsFlagged`, on
 * one thread or many; `serial` computes them all on the calling thread and refuses a value that
 * is not finite as the one-thread function does, the first in draw order, and must be called when
 * a unit elsewhere flagged one), and the percentile pass over them (every unit of
 * `runPercentileUnits`, on one thread or many). `drawsPerUnit` and `keysPerUnit`: draws and keys
 * per value unit (default 32 and 1,024; any numbers give the same values).
 */
export interface PercentilePass {
  readonly arrays: (sizes: IntervalSizes) => IntervalArrays;
  readonly values: (job: ValueJob, serial: () => void) => void;
  readonly run: (job: PercentileJob) => void;
  readonly drawsPerUnit?: number;
  readonly keysPerUnit?: number;
}

const ONE_THREAD: PercentilePass = { arrays: (sizes) => intervalArrays(sizes, null), values: (_job, serial) => serial(), run: runPercentileUnits };

/**
 * @internal `clvConfidenceIntervals` on parsed arguments: every check and the grouping on the
 * calling thread, then the values at every draw and the percentile pass where `pass` runs them.
 */
export function confidenceIntervals(s: ParsedIntervalArgs, pass: PercentilePass): ClvConfidenceIntervals {
  const purchase = purchaseSideOf(s.purchaseModel, FN);
  // the models as parsed (defaults filled), never as given
  const purchaseModel = purchase.model;
  checkDraws(s.purchaseDraws, purchaseModel, 'purchaseDraws');
  const spendSide = s.spendModel === undefined ? null : spendSideOf(s.spendModel, FN);
  const spendModel = spendSide?.model;
  if (spendSide !== null && purchase.opportunities) {
    throw new CustomerValueError('invalid_spec', `${FN}: no CLV for a BG/BB model: customerLifetimeValue does not define one`, [
      {
        function: FN,
        path: 'spendModel',
        expected: 'no spend model with a BG/BB purchase model (intervals of P(alive) and expected transactions only)',
        received: 'a spend model',
        hint: 'leave spendModel and spendDraws out; for a value, multiply the expected transactions by a spend per transaction yourself',
      },
    ]);
  }
  if (spendModel !== undefined) checkDraws(s.spendDraws!, spendModel, 'spendDraws');
  const withSpend = spendSide !== null;
  const timeUnit = checkTimeUnit(s.timeUnit, purchase, purchaseModel);
  const missing = s.missing ?? purchaseModel.spec.missing;
  const count = countColumn(s.count, purchaseModel.spec.columns.count, FN, 'count');
  const read = readHistories(purchase, purchaseModel, s.customers, count, missing, spendModel?.spec.columns.monetary);
  const n = read.rowCount;
  const m = read.monetary;
  if (m !== null) refuseNegativeSpend(read.x, m, read.skip, n, spendModel?.spec.columns.monetary ?? 'monetary');
  // Covariates of either model, and the rows either skipped (under missing: 'skip').
  const purchaseCovariates = purchase.covariates(s.customers, missing);
  const spendCovariates = spendSide === null ? { columns: [], skip: null } : spendSide.covariates(s.customers, missing);
  const { skip, skipped } = unionSkip(n, read.skip, read.skipped, purchaseCovariates.skip, spendCovariates.skip);

  // Paired draws, the estimate appended as the last column (so it goes through the same code).
  const purchaseParams: Readonly<Record<string, number>>[] = [];
  const spendParams: Readonly<Record<string, number>>[] = [];
  const drawIndex: number[] = []; // each kept draw's index in the draws given
  const pairs = withSpend ? Math.min(s.purchaseDraws.draws.length, s.spendDraws!.draws.length) : s.purchaseDraws.draws.length;
  let drawsWithoutMeanSpend = 0;
  for (let d = 0; d < pairs; d++) {
    if (withSpend && !(s.spendDraws!.draws[d].q > 1)) {
      drawsWithoutMeanSpend++;
      continue;
    }
    drawIndex.push(d);
    purchaseParams.push({ ...s.purchaseDraws.draws[d] });
    if (withSpend) spendParams.push({ ...s.spendDraws!.draws[d] });
  }
  const D = purchaseParams.length;
  if (D < 2) {
    throw new CustomerValueError('invalid_spec', `${FN}: fewer than 2 usable parameter draws`, [
      {
        function: FN,
        path: 'purchaseDraws.draws',
        expected: 'at least 2 draws (with a spend model: paired draws whose q > 1)',
        received: String(D),
        hint: 'draw more replicates with clvParameterDraws (draws: 1000)',
      },
    ]);
  }
  purchaseParams.push(purchase.estimate);
  if (spendSide !== null) spendParams.push(spendSide.estimate);
  const W = D + 1;

  // Distinct histories and their keys: (z, x, t_x, T) for P(alive), (z, x, T) for the period sums,
  // (z_spend, x, m̄) for the spend, z the model's encoded covariates (none without covariates).
  const kp = purchaseCovariates.columns.length;
  const ks = spendCovariates.columns.length;
  const mKey = m === null ? null : Float64Array.from({ length: n }, (_, i) => (read.x[i] > 0 ? m[i] : 0));
  const histories = groupRows(
    [...purchaseCovariates.columns, read.x, read.tx, read.T, ...(mKey === null ? [] : [...spendCovariates.columns, mKey])],
    n,
    skip,
    read.count,
  );
  const hz = histories.columns.slice(0, kp);
  const [hx, htx, hT] = histories.columns.slice(kp, kp + 3);
  const hzs = histories.columns.slice(kp + 3, kp + 3 + ks);
  const hm = mKey === null ? undefined : histories.columns[kp + 3 + ks];
  const H = hx.length;
  const aliveKeys = groupRows([...hz, hx, htx, hT], H);
  const pairKeys = groupRows([...hz, hx, hT], H);
  const spendKeys = hm === undefined ? null : groupRows([...hzs, hx, hm], H);
  const [ax, atx, aT] = aliveKeys.columns.slice(kp);
  const pairCovariates = pairKeys.columns.slice(0, kp);
  const [px, pT] = pairKeys.columns.slice(kp);
  const spendKeyCovariates = spendKeys === null ? [] : spendKeys.columns.slice(0, ks);
  const [sx, sm] = spendKeys === null ? [] : spendKeys.columns.slice(ks);
  const A = ax.length;
  const P = px.length;
  // an input row of a pair (or spend) group, looked for only when an error names one
  const rowOf = (groupOfHistory: Int32Array) => (group: number) => histories.groupOf.findIndex((h) => h >= 0 && groupOfHistory[h] === group);
  const S = spendKeys === null ? 0 : spendKeys.columns[0].length;
  const L = s.levels.length;
  const sizes: IntervalSizes = { A, P, S, H, W, L, withSpend, kp, ks, periods: s.totalsOverTime ? s.horizon : 0 };
  const arrays = pass.arrays(sizes);
  const { pairOfAlive, alive, undiscounted, discounted, spend } = arrays;
  arrays.ax.set(ax);
  arrays.atx.set(atx);
  arrays.aT.set(aT);
  arrays.px.set(px);
  arrays.pT.set(pT);
  pairCovariates.forEach((column, j) => arrays.pairZ.set(column, j * P));
  if (sx !== undefined && sm !== undefined) {
    arrays.sx?.set(sx);
    arrays.sm?.set(sm);
  }
  spendKeyCovariates.forEach((column, j) => arrays.spendZ?.set(column, j * S));
  for (let h = 0; h < H; h++) pairOfAlive[aliveKeys.groupOf[h]] = pairKeys.groupOf[h];
  indexAliveByPair(pairOfAlive, arrays.aliveStart, arrays.aliveByPair);
  arrays.aliveOf.set(aliveKeys.groupOf);
  arrays.pairOf.set(pairKeys.groupOf);
  if (spendKeys !== null) arrays.spendOf?.set(spendKeys.groupOf);
  arrays.weights.set(histories.weights);

  /** Refuse a quantity that is not a finite number at draw d (the estimate at d = D): invalid_value naming it, the customer's row and the draw. */
  const refuse = (quantity: string, value: number, row: number, history: string, d: number, side: 'purchase' | 'spend'): never => {
    const at = d === D ? `the ${side} model's estimate` : `${side}Draws.draws[${drawIndex[d]}]`;
    throw new CustomerValueError('invalid_value', `${FN}: the ${quantity} of the customer in row ${row} is not a finite number at ${at}`, [
      {
        function: FN,
        row,
        path: d === D ? `${side}Model.params` : `${side}Draws.draws.${drawIndex[d]}`,
        expected: `a finite ${quantity} at every draw`,
        received: `${describeValue(value)} for ${history} at ${JSON.stringify(side === 'purchase' ? purchaseParams[d] : spendParams[d])}`,
        hint: 'the draw is too extreme for this customer (a parameter overflows the computation): draw again (clvParameterDraws with another seed or the delta method), or leave out this customer',
      },
    ]);
  };

  const rowOfHistory = (h: number) => histories.groupOf.findIndex((g) => g === h);
  /** Refuse a base total that overflowed (every customer's value being finite). */
  const refuseTotal = (at: string, value: number): never => {
    throw new CustomerValueError('invalid_value', `${FN}: a total over the customer base is not a finite number ${at}`, [
      {
        function: FN,
        path: 'customers',
        expected: 'finite totals of expected purchases and value over the base',
        received: describeValue(value),
        hint: 'the customers’ values are finite but their sum overflows: check the counts (`count`) and the spend column’s scale',
      },
    ]);
  };

  // Per draw: P(alive), the expectation if alive over the horizon and its discounted period sums,
  // the spend, and the totals over time: in units of draws by keys, on the calling thread
  // (`serial`, refusing the first value that is not finite: draw order, then group order), or where `pass` runs them.
  const step = purchase.opportunities ? 1 : DAYS_PER_UNIT[timeUnit as TimeUnit] / DAYS_PER_UNIT[(purchaseModel.spec as { timeUnit: TimeUnit }).timeUnit];
  const periods = s.horizon;
  const { overPurchases, overValue } = arrays;
  const valueJob: ValueJob = {
    fn: FN,
    sizes,
    purchaseModel: purchase.model,
    spendModel: spendModel ?? null,
    purchaseParams,
    spendParams,
    horizon: s.horizon,
    step,
    discount: discountFactors(s.horizon, s.discountRate),
    margin: s.margin,
    drawsPerUnit: pass.drawsPerUnit ?? DRAW_BLOCK,
    keysPerUnit: pass.keysPerUnit ?? KEY_BLOCK,
    arrays,
  };
  const refuseValue = (kind: ValueKind, g: number, d: number, value: number): never => {
    if (kind === 'alive') refuse('P(alive)', value, rowOf(aliveKeys.groupOf)(g), `(x, t_x, T) = (${ax[g]}, ${atx[g]}, ${aT[g]})`, d, 'purchase');
    if (kind === 'spend') refuse('expected spend', value, rowOf(spendKeys!.groupOf)(g), `(x, m̄) = (${sx[g]}, ${sm[g]})`, d, 'spend');
    const name = kind === 'undiscounted' ? 'expected purchases over the horizon (if alive)' : 'discounted expected purchases over the horizon (if alive)';
    return refuse(name, value, rowOf(pairKeys.groupOf)(g), `(x, T) = (${px[g]}, ${pT[g]})`, d, 'purchase');
  };
  const serial = () =>
    runValuesInOrder(valueJob, {
      purchase,
      spend: spendSide,
      pairRow: rowOf(pairKeys.groupOf),
      spendRow: spendKeys === null ? undefined : rowOf(spendKeys.groupOf),
      notFinite: refuseValue,
    });
  pass.values(valueJob, serial);

  // Percentiles over the draws, each quantity per the distinct keys it depends on (P(alive) and
  // expected purchases per (x, t_x, T), expected spend per (x, m̄), CLV per history), and the
  // per-draw totals per block of histories, added in block order: then scattered.
  const job: PercentileJob = { sizes, levels: s.levels, margin: s.margin, arrays };
  Atomics.store(arrays.counter, 0, 0);
  pass.run(job);
  const { totalPurchases, totalValue } = sumBlockTotals(job);
  // Every value at every draw is finite, but a product (CLV = margin · spend · P(alive) · the
  // discounted sum) or a sum over the base can still overflow: a non-finite per-draw total finds it
  // (a NaN or ±Infinity anywhere makes it so), and the first customer whose product it is is named.
  for (let d = 0; d < W; d++) {
    if (Number.isFinite(totalPurchases[d]) && (!withSpend || Number.isFinite(totalValue[d]))) continue;
    for (let h = 0; h < H; h++) {
      const a = arrays.aliveOf[h] * W + d;
      const p = arrays.pairOf[h] * W + d;
      const history = `(x, t_x, T) = (${hx[h]}, ${htx[h]}, ${hT[h]})`;
      const purchases = alive[a] * undiscounted[p];
      if (!Number.isFinite(purchases)) refuse('expected purchases over the horizon', purchases, rowOfHistory(h), history, d, 'purchase');
      if (spend !== null && discounted !== null && arrays.spendOf !== null) {
        const value = s.margin * spend[arrays.spendOf[h] * W + d] * (alive[a] * discounted[p]);
        if (!Number.isFinite(value)) refuse('CLV', value, rowOfHistory(h), history, d, 'spend');
      }
    }
    refuseTotal(d === D ? 'at the models’ estimates' : `at draw ${drawIndex[d]}`, Number.isFinite(totalPurchases[d]) ? totalValue[d] : totalPurchases[d]);
  }
  for (const over of [overPurchases, overValue]) {
    const at = over === null ? -1 : firstNotFinite(over, 0, over.length, 1);
    if (over !== null && at >= 0)
      refuseTotal(`at horizon ${Math.floor(at / W) + 1}, ${at % W === D ? 'the models’ estimates' : `draw ${drawIndex[at % W]}`}`, over[at]);
  }
  const names = s.levels.map(percentileName);
  const probabilityAlive = groupColumns(arrays.probabilityAlive, A, L);
  const expectedPurchases = groupColumns(arrays.expectedPurchases, A, L);
  const expectedSpend = arrays.expectedSpend === null ? null : groupColumns(arrays.expectedSpend, S, L);
  const clv = arrays.clv === null ? null : groupColumns(arrays.clv, H, L);

  // Scatter to customers (NaN for skipped rows).
  const aliveOfRow = Int32Array.from(histories.groupOf, (h) => (h < 0 ? -1 : aliveKeys.groupOf[h]));
  const scatter = (source: { estimate: Float64Array; percentiles: Float64Array[] }, groupOf: Int32Array): CustomerIntervalColumns => {
    const spread = (values: Float64Array) => {
      const out = new Float64Array(groupOf.length);
      for (let i = 0; i < groupOf.length; i++) out[i] = groupOf[i] < 0 ? Number.NaN : values[groupOf[i]];
      return out;
    };
    return { estimate: spread(source.estimate), percentiles: Object.fromEntries(names.map((name, l) => [name, spread(source.percentiles[l])])) };
  };
  const total = (values: Float64Array): TotalInterval => {
    const draws = Float64Array.from(values.subarray(0, D)).sort();
    let sum = 0;
    for (const v of draws) sum += v;
    return { estimate: values[D], mean: sum / D, percentiles: Object.fromEntries(s.levels.map((level, l) => [names[l], quantileOfSorted(draws, level)])) };
  };
  return {
    interval: 'confidence',
    levels: s.levels,
    draws: D,
    drawsWithoutMeanSpend,
    distinctHistories: H,
    horizon: s.horizon,
    timeUnit,
    probabilityAlive: scatter(probabilityAlive, aliveOfRow),
    expectedPurchases: scatter(expectedPurchases, aliveOfRow),
    ...(expectedSpend !== null && clv !== null && spendKeys !== null
      ? {
          expectedSpend: scatter(
            expectedSpend,
            Int32Array.from(histories.groupOf, (h) => (h < 0 ? -1 : spendKeys.groupOf[h])),
          ),
          clv: scatter(clv, histories.groupOf),
        }
      : {}),
    totals: { expectedPurchases: total(totalPurchases), ...(withSpend ? { value: total(totalValue) } : {}) },
    ...(overPurchases !== null
      ? {
          totalsOverTime: {
            horizon: Int32Array.from({ length: periods }, (_, p) => p + 1),
            expectedPurchases: totalOverTime(overPurchases, periods, W, s.levels, names),
            ...(overValue !== null ? { value: totalOverTime(overValue, periods, W, s.levels, names) } : {}),
          },
        }
      : {}),
    skipped,
  };
}

/** The interval of a total at each horizon from its per-draw totals (the estimate in the last column of each period). */
function totalOverTime(values: Float64Array, periods: number, W: number, levels: readonly number[], names: readonly string[]): TotalOverTime {
  const D = W - 1;
  const estimate = new Float64Array(periods);
  const mean = new Float64Array(periods);
  const percentiles = levels.map(() => new Float64Array(periods));
  const draws = new Float64Array(periods * D);
  const sorted = new Float64Array(D);
  for (let i = 0; i < periods; i++) {
    const row = values.subarray(i * W, i * W + D);
    draws.set(row, i * D);
    sorted.set(row);
    sorted.sort();
    let sum = 0;
    for (const v of sorted) sum += v;
    estimate[i] = values[i * W + D];
    mean[i] = sum / D;
    for (let l = 0; l < levels.length; l++) percentiles[l][i] = quantileOfSorted(sorted, levels[l]);
  }
  return { estimate, mean, percentiles: Object.fromEntries(names.map((name, l) => [name, percentiles[l]])), draws };
}

/** Draws of the model's kind, each with the kind's parameters finite and > 0 and its coefficients (covariate kinds) finite. */
function checkDraws(draws: ClvParameterDraws, model: UncertainClvModel, path: string): void {
  const kind = model.kind;
  if (draws.kind !== kind) {
    throw new CustomerValueError('invalid_spec', `${FN}: ${path} are draws of a "${String(draws.kind)}" model, not of the "${kind}" model given`, [
      {
        function: FN,
        path: `${path}.kind`,
        expected: JSON.stringify(kind),
        received: describeValue(draws.kind),
        hint: 'draw them with clvParameterDraws(model, summary)',
      },
    ]);
  }
  const { names, positive } = drawnParameterNames(model);
  const issues = new IssueList();
  draws.draws.forEach((draw, d) => {
    names.forEach((name, i) => {
      const v = (draw as Record<string, unknown>)?.[name];
      if (!(typeof v === 'number' && Number.isFinite(v) && (i >= positive || v > 0)))
        issues.add({
          function: FN,
          path: `${path}.draws.${d}.${name}`,
          expected: i < positive ? 'a finite parameter > 0' : 'a finite coefficient',
          received: describeValue(v),
          hint: 'pass the draws clvParameterDraws returned for this model (JSON round-trips them)',
        });
    });
  });
  issues.throwIfAny('invalid_spec', FN, draws.draws.length);
}

/** A repeat customer's mean spend must be ≥ 0 (as `conditionalExpectedSpend`). */
function refuseNegativeSpend(x: ArrayLike<number>, m: ArrayLike<number>, skip: Uint8Array | null, n: number, column: string): void {
  const issues = new IssueList();
  for (let i = 0; i < n; i++) {
    if ((skip === null || skip[i] === 0) && x[i] > 0 && m[i] < 0)
      issues.add({
        function: FN,
        column,
        row: i,
        expected: 'a mean spend ≥ 0 for a repeat customer (the model describes purchase amounts)',
        received: describeValue(m[i]),
        hint: 'summarizeTransactions nets refunds per day and never gives a negative mean; drop or correct these customers',
      });
  }
  issues.throwIfAny('invalid_value', FN, n);
}

/** The horizon's unit: required for a continuous-time model; for a BG/BB the horizon counts its opportunities (`timeUnit` absent, or its period unit). */
function checkTimeUnit(timeUnit: TimeUnit | undefined, purchase: PurchaseSide, model: unknown): TimeUnit | RetentionPeriodUnit {
  if (purchase.opportunities) {
    const periodUnit = (model as BetaGeoBetaBinomialModel).spec.periodUnit;
    if (timeUnit !== undefined && timeUnit !== periodUnit) {
      throw new CustomerValueError('invalid_spec', `${FN}: a BG/BB's horizon counts its transaction opportunities (one per ${periodUnit})`, [
        {
          function: FN,
          path: 'timeUnit',
          expected: `no timeUnit (or ${JSON.stringify(periodUnit)}, the model's period unit): the horizon is a number of opportunities`,
          received: JSON.stringify(timeUnit),
          hint: 'leave timeUnit out and give the horizon in opportunities',
        },
      ]);
    }
    return periodUnit;
  }
  if (timeUnit === undefined) {
    throw new CustomerValueError('invalid_spec', `${FN}: timeUnit is required (the unit of the horizon's periods)`, [
      {
        function: FN,
        path: 'timeUnit',
        expected: "'day', 'week' or 'month'",
        received: 'undefined',
        hint: "give the unit of the horizon, e.g. timeUnit: 'month' with horizon: 12",
      },
    ]);
  }
  return timeUnit;
}

/** The customers' histories (x, t_x, T; for a BG/BB, n as T), counts and mean spend, in the purchase model's columns. */
function readHistories(
  purchase: PurchaseSide,
  model: { readonly spec: { readonly columns: Record<string, unknown> } },
  customers: TableInput,
  count: string | undefined,
  missing: MissingValues,
  monetary: string | undefined,
): {
  x: NumericArray;
  tx: NumericArray;
  T: NumericArray;
  count: NumericArray | null;
  monetary: NumericArray | null;
  skip: Uint8Array | null;
  skipped: number;
  rowCount: number;
} {
  if (purchase.opportunities) {
    const columns = parseSpec(discreteHistoryColumnsSchema, { ...model.spec.columns, count }, FN, 'purchaseModel.spec.columns', 'invalid_model');
    const read = readDiscreteHistories(customers, FN, columns, missing, count !== undefined);
    return { x: read.x, tx: read.tx, T: read.n, count: read.count, monetary: null, skip: read.skip, skipped: read.skipped, rowCount: read.rowCount };
  }
  const spec = (model as RepeatBuyingModel | BetaGeoCovariatesModel | ParetoNbdCovariatesModel).spec;
  const columns = { ...spec.columns, count, ...(monetary !== undefined ? { monetary } : {}) };
  const read = readPurchaseSummary(customers, FN, columns, spec.timeUnit, missing, { minimumRows: 0, monetary: monetary !== undefined, counts: true });
  return { x: read.x, tx: read.tx, T: read.T, count: read.count, monetary: read.monetary, skip: read.skip, skipped: read.skipped, rowCount: read.rowCount };
}

/** The rows the histories or either model's covariates skipped (under `missing: 'skip'`), and how many. */
function unionSkip(n: number, skip: Uint8Array | null, skipped: number, ...others: (Uint8Array | null)[]): { skip: Uint8Array | null; skipped: number } {
  const extra = others.filter((o): o is Uint8Array => o !== null);
  if (extra.length === 0) return { skip, skipped };
  const union = skip === null ? new Uint8Array(n) : Uint8Array.from(skip);
  for (const o of extra) for (let i = 0; i < n; i++) union[i] |= o[i];
  let count = 0;
  for (let i = 0; i < n; i++) count += union[i];
  return { skip: union, skipped: count };
}
