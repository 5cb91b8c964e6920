import * as z from 'zod/mini';
import { CustomerValueError } from '../errors.js';
import { cholesky, choleskyInverse } from '../internal/cholesky.js';
import { finiteOrNull } from '../internal/finiteOrNull.js';
import { parseSpec } from '../internal/parseSpec.js';
import type { TableInput } from '../io/tableInput.js';
import type { ItemMoments } from './itemMoments.js';
import { itemListSchema } from './surveyItems.js';
import { surveyMoments } from './surveyMoments.js';
import { missingAnswersSchema, type MissingAnswers } from '../io/missingValues.js';

const FN = 'kmo';
const optionsSchema = z.strictObject({ missing: z._default(missingAnswersSchema, 'error') });

/** Kaiser–Meyer–Olkin measure of sampling adequacy. */
export interface KmoResult {
  /**
   * Overall MSA, 0–1 (Kaiser 1974: ≥ 0.8 meritorious, ≥ 0.6 mediocre, < 0.5 unacceptable); null
   * when not defined: the items are uncorrelated (every correlation and partial correlation 0, 0/0).
   */
  readonly overall: number | null;
  /** MSA per item, in item order (null for an item uncorrelated with all others). */
  readonly items: readonly { readonly item: string; readonly msa: number | null }[];
  readonly n: number;
  readonly skipped: number;
}

/**
 * Kaiser–Meyer–Olkin measure of sampling adequacy (Kaiser 1970, 1974), as `psych::KMO`:
 * `MSA = Σ r_jk² / (Σ r_jk² + Σ q_jk²)` over j ≠ k, with r the correlations and q the partial
 * (anti-image) correlations `q_jk = −S_jk / √(S_jj·S_kk)`, `S = R⁻¹`; per item, the same sums
 * over its own row. With uncorrelated items both sums are 0 and the MSA is not defined: it is
 * null (not NaN), overall and per item.
 *
 * From item moments: `data` may be an `ItemMoments` (`itemMoments`, `itemMomentsInWarehouse`)
 * instead of the rows: the result is computed from its means and covariances with the same
 * formulas, equal to the rows' (bit for bit from `itemMoments`, to 1e-9 from an engine), with
 * `n` and `skipped` from the moments; `items` picks the items by name (respondents are then
 * complete on every item of the moments). Moments that left respondents out are refused with
 * `missing: 'error'`; bad moments (shapes, non-finite, asymmetric, not positive
 * semi-definite) are `invalid_value` naming the path.
 *
 * @throws {CustomerValueError} `invalid_value` for a singular correlation matrix (collinear items, or fewer respondents than items), a constant item or bad cells; `missing_column`; `too_few_rows`.
 * @example
 * const answers = { a: [1, 2, 3, 4, 5, 2, 3], b: [2, 2, 3, 5, 5, 1, 3], c: [1, 3, 3, 4, 4, 2, 2], d: [5, 4, 2, 2, 1, 4, 3] };
 * const result = kmo(answers, ['a', 'b', 'c', 'd']);
 * result.items.length; // => 4
 * result.overall > 0 && result.overall < 1; // => true
 * kmo(itemMoments(answers, { items: ['a', 'b', 'c', 'd'] }), ['a', 'b', 'c']).overall === kmo(answers, ['a', 'b', 'c']).overall; // => true
 */
export function kmo(data: TableInput | ItemMoments, items: readonly string[], options: { missing?: MissingAnswers } = {}): KmoResult {
  const list = parseSpec(itemListSchema, items, FN, 'items');
  const o = parseSpec(optionsSchema, options, FN, 'options');
  const survey = surveyMoments(data, FN, list, null, o.missing);
  const moments = survey.moments;
  const result = kmoFromCorrelation(moments.correlation, list);
  if (result === null) throw singularError(FN, list);
  return { ...result, n: survey.n, skipped: survey.skipped };
}

/** KMO from a correlation matrix, or null when it is singular. */
export function kmoFromCorrelation(correlation: Float64Array, items: readonly string[]): Omit<KmoResult, 'n' | 'skipped'> | null {
  const p = items.length;
  const L = cholesky(correlation, p);
  if (L === null) return null;
  const S = choleskyInverse(L, p);
  let r2Total = 0;
  let q2Total = 0;
  const perItem = items.map((item, j) => {
    let r2 = 0;
    let q2 = 0;
    for (let k = 0; k < p; k++) {
      if (k === j) continue;
      const r = correlation[j * p + k];
      const q = -S[j * p + k] / Math.sqrt(S[j * p + j] * S[k * p + k]);
      r2 += r * r;
      q2 += q * q;
    }
    r2Total += r2;
    q2Total += q2;
    return { item, msa: finiteOrNull(r2 / (r2 + q2)) };
  });
  return { overall: finiteOrNull(r2Total / (r2Total + q2Total)), items: perItem };
}

/** The error for a correlation matrix that cannot be inverted. */
export function singularError(fn: string, items: readonly string[]): CustomerValueError {
  return new CustomerValueError('invalid_value', `${fn}: the items' correlation matrix is singular`, [
    {
      function: fn,
      column: items.join(', '),
      expected: 'items that are not exact linear combinations of each other, and more respondents than items',
      received: 'a singular correlation matrix',
      hint: 'drop an item that duplicates others (or a sum of others), or collect more respondents',
    },
  ]);
}
