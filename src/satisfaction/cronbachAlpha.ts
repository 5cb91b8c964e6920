import * as z from 'zod/mini';
import { finiteOrNull } from '../internal/finiteOrNull.js';
import type { Moments } from '../internal/momentMatrix.js';
import { parseSpec } from '../internal/parseSpec.js';
import type { TableInput } from '../io/tableInput.js';
import type { ItemMoments } from './itemMoments.js';
import { itemListSchema } from './surveyItems.js';
import { surveyMoments } from './surveyMoments.js';
import { missingAnswersSchema, type MissingAnswers } from '../io/missingValues.js';

const FN = 'cronbachAlpha';
const optionsSchema = z.strictObject({ missing: z._default(missingAnswersSchema, 'error') });

/** Alpha if one item were deleted, with that item's corrected item–total correlation. */
export interface AlphaIfDeleted {
  readonly item: string;
  /** Raw alpha of the other items (null when not defined, see `CronbachAlphaResult`). */
  readonly alpha: number | null;
  /** Standardized alpha of the other items (null when not defined). */
  readonly standardizedAlpha: number | null;
  /** Correlation of the item with the sum of the other items (psych's `r.drop`, SPSS's "corrected item-total correlation"); null when the other items sum to a constant. */
  readonly itemRestCorrelation: number | null;
}

/** Cronbach's alpha of a scale. */
export interface CronbachAlphaResult {
  /** Raw alpha from covariances: the SPSS default and psych's `raw_alpha`; null when the item total has no variance. */
  readonly alpha: number | null;
  /** Standardized alpha from correlations (psych's `std.alpha`); null when the mean inter-item correlation is −1/(k−1). */
  readonly standardizedAlpha: number | null;
  /** Mean inter-item correlation. */
  readonly averageCorrelation: number;
  /** One line per item (empty with two items: one item left has no alpha). */
  readonly ifItemDeleted: readonly AlphaIfDeleted[];
  readonly items: readonly string[];
  /** Respondents used and dropped listwise. */
  readonly n: number;
  readonly skipped: number;
}

/**
 * Cronbach's alpha (Cronbach 1951), the reliability of a multi-item scale:
 * raw `α = k/(k−1)·(1 − Σ var_j / var(Σ x_j))` from the covariance matrix (SPSS's default),
 * standardized `α = k·r̄ / (1 + (k−1)·r̄)` from the mean inter-item correlation, and each item's
 * alpha-if-deleted and corrected item–total correlation, as `psych::alpha` reports them.
 * A value that is not defined on the data — the items sum to a constant (possible with tiny
 * samples or items that cancel), so a denominator is 0 — is null, never NaN or ±Infinity.
 *
 * From item moments: `data` may be an `ItemMoments` (`itemMoments`, `itemMomentsInWarehouse`)
 * instead of the rows: the result is computed from its means and covariances with the same
 * formulas, equal to the rows' (bit for bit from `itemMoments`, to 1e-9 from an engine), with
 * `n` and `skipped` from the moments; `items` picks the items by name (respondents are then
 * complete on every item of the moments). Moments that left respondents out are refused with
 * `missing: 'error'`; bad moments (shapes, non-finite, asymmetric, not positive
 * semi-definite) are `invalid_value` naming the path.
 *
 * @param items Item columns (at least 2).
 * @param options `missing`: `'error'` (default) or `'skip'` (respondent dropped, counted); `'listwise'` is a deprecated alias of `'skip'`.
 * @throws {CustomerValueError} `invalid_spec`, `missing_column`, `invalid_value` (incl. a constant item), `too_few_rows`.
 * @example
 * const answers = { q1: [4, 5, 3, 2, 4, 5], q2: [4, 4, 3, 2, 5, 5], q3: [3, 5, 2, 1, 4, 4] };
 * const result = cronbachAlpha(answers, ['q1', 'q2', 'q3']);
 * // R: psych::alpha(answers)$total$raw_alpha is 0.9501
 * Math.round((result.alpha ?? NaN) * 1000) / 1000; // => 0.95
 * result.ifItemDeleted.map((d) => d.item); // => ['q1', 'q2', 'q3']
 */
export function cronbachAlpha(data: TableInput | ItemMoments, items: readonly string[], options: { missing?: MissingAnswers } = {}): CronbachAlphaResult {
  const list = parseSpec(itemListSchema, items, FN, 'items');
  const o = parseSpec(optionsSchema, options, FN, 'options');
  const survey = surveyMoments(data, FN, list, null, o.missing);
  const moments = survey.moments;
  return { ...alphaFromMoments(moments, list), n: survey.n, skipped: survey.skipped };
}

/** Alpha and alpha-if-deleted from item moments (items already checked to vary). */
export function alphaFromMoments(moments: Moments, items: readonly string[]): Omit<CronbachAlphaResult, 'n' | 'skipped'> {
  const p = moments.p;
  const all = items.map((_, j) => j);
  const base = alphaOf(moments, all);
  const ifItemDeleted =
    p > 2
      ? items.map((item, d) => {
          const rest = all.filter((j) => j !== d);
          const drop = alphaOf(moments, rest);
          // corr(x_d, Σ_rest x_j) = Σ_rest C_dj / sqrt(C_dd · Σ_rest,rest C)
          let cov = 0;
          let restVariance = 0;
          for (const j of rest) {
            cov += moments.covariance[d * p + j];
            for (const k of rest) restVariance += moments.covariance[j * p + k];
          }
          return {
            item,
            alpha: drop.alpha,
            standardizedAlpha: drop.standardizedAlpha,
            itemRestCorrelation: finiteOrNull(cov / Math.sqrt(moments.covariance[d * p + d] * restVariance)),
          };
        })
      : [];
  return { ...base, ifItemDeleted, items: [...items] };
}

/** @internal Raw and standardized alpha of a subset of the items. */
export function alphaOf(moments: Moments, subset: readonly number[]): { alpha: number | null; standardizedAlpha: number | null; averageCorrelation: number } {
  const p = moments.p;
  const k = subset.length;
  let trace = 0;
  let total = 0;
  let correlationSum = 0;
  for (const j of subset) {
    trace += moments.covariance[j * p + j];
    for (const l of subset) {
      total += moments.covariance[j * p + l];
      if (l !== j) correlationSum += moments.correlation[j * p + l];
    }
  }
  const averageCorrelation = correlationSum / (k * (k - 1));
  return {
    alpha: finiteOrNull((k / (k - 1)) * (1 - trace / total)),
    standardizedAlpha: finiteOrNull((k * averageCorrelation) / (1 + (k - 1) * averageCorrelation)),
    averageCorrelation,
  };
}
