import * as z from 'zod/mini';
import { cholesky, choleskyLogDet } from '../internal/cholesky.js';
import { parseSpec } from '../internal/parseSpec.js';
import { chiSquareUpperTail } from '../internal/specialFunctions.js';
import type { TableInput } from '../io/tableInput.js';
import { singularError } from './kmo.js';
import type { ItemMoments } from './itemMoments.js';
import { itemListSchema } from './surveyItems.js';
import { surveyMoments } from './surveyMoments.js';
import { missingAnswersSchema, type MissingAnswers } from '../io/missingValues.js';

const FN = 'bartlettSphericity';
const optionsSchema = z.strictObject({ missing: z._default(missingAnswersSchema, 'error') });

/** Bartlett's test that the correlation matrix is an identity (items unrelated). */
export interface BartlettResult {
  readonly chiSquare: number;
  readonly df: number;
  /** Upper-tail p-value; small means the items are correlated enough for components. */
  readonly p: number;
  readonly n: number;
  readonly skipped: number;
}

/**
 * Bartlett's test of sphericity (Bartlett 1950), as `psych::cortest.bartlett`:
 * `χ² = −(n − 1 − (2p + 5)/6)·ln|R|` with `p(p − 1)/2` degrees of freedom, R the item
 * correlation matrix of n respondents.
 *
 * From item moments: `data` may be an `ItemMoments` (`itemMoments`, `itemMomentsInWarehouse`)
 * instead of the rows: the result is computed from its means and covariances with the same
 * formulas, equal to the rows' (bit for bit from `itemMoments`, to 1e-9 from an engine), with
 * `n` and `skipped` from the moments; `items` picks the items by name (respondents are then
 * complete on every item of the moments). Moments that left respondents out are refused with
 * `missing: 'error'`; bad moments (shapes, non-finite, asymmetric, not positive
 * semi-definite) are `invalid_value` naming the path.
 *
 * @throws {CustomerValueError} `invalid_value` for a singular correlation matrix, a constant item or bad cells; `missing_column`; `too_few_rows`.
 * @example
 * const answers = { a: [1, 2, 3, 4, 5, 2, 3], b: [2, 2, 3, 5, 5, 1, 3], c: [1, 3, 3, 4, 4, 2, 2] };
 * const test = bartlettSphericity(answers, ['a', 'b', 'c']);
 * test.df; // => 3
 * test.p < 0.05; // => true
 * bartlettSphericity(itemMoments(answers, { items: ['a', 'b', 'c'] }), ['a', 'b', 'c']); // => test
 */
export function bartlettSphericity(data: TableInput | ItemMoments, items: readonly string[], options: { missing?: MissingAnswers } = {}): BartlettResult {
  const list = parseSpec(itemListSchema, items, FN, 'items');
  const o = parseSpec(optionsSchema, options, FN, 'options');
  const survey = surveyMoments(data, FN, list, null, o.missing);
  const moments = survey.moments;
  const result = bartlettFromCorrelation(moments.correlation, list.length, survey.n);
  if (result === null) throw singularError(FN, list);
  return { ...result, skipped: survey.skipped };
}

/** Bartlett's statistic from a correlation matrix, or null when it is singular. */
export function bartlettFromCorrelation(correlation: Float64Array, p: number, n: number): Omit<BartlettResult, 'skipped'> | null {
  const L = cholesky(correlation, p);
  if (L === null) return null;
  const chiSquare = -(n - 1 - (2 * p + 5) / 6) * choleskyLogDet(L, p);
  const df = (p * (p - 1)) / 2;
  return { chiSquare, df, p: chiSquareUpperTail(chiSquare, df), n };
}
