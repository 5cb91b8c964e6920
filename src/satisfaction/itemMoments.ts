import * as z from 'zod/mini';
import { momentMatrix } from '../internal/momentMatrix.js';
import { parseSpec } from '../internal/parseSpec.js';
import { missingAnswersSchema, type MissingAnswers } from '../io/missingValues.js';
import type { TableInput } from '../io/tableInput.js';
import { itemListSchema, readSurvey } from './surveyItems.js';

const FN = 'itemMoments';

/**
 * The item moments of a survey: everything `fitSatisfactionIndex`, `cronbachAlpha`, `kmo` and
 * `bartlettSphericity` need, in p(p + 3)/2 numbers instead of one row per respondent. A plain,
 * JSON-safe object (`JSON.stringify` saves it), told apart from a table by `summary`. Built by
 * `itemMoments` from rows in memory or by `itemMomentsInWarehouse` inside a SQL engine; the
 * fitters check it with zod when they receive it (see their TSDoc).
 */
export interface ItemMoments {
  readonly summary: 'itemMoments';
  /** Item names, in the order of `mean` and `covariance`. */
  readonly items: readonly string[];
  /** Respondents with a complete answer (every item present and a number), at least 2. */
  readonly n: number;
  /** Respondents left out for a missing answer (NULL, NaN, a missing-value word); 0 when absent. */
  readonly skipped?: number;
  /** Item means over the n complete answers. */
  readonly mean: readonly number[];
  /** Sample covariance matrix (divided by n − 1), p × p, symmetric. */
  readonly covariance: readonly (readonly number[])[];
  /** Smallest and largest answer per item: with them a fitter checks every answer against its scale, as on rows. */
  readonly min?: readonly number[];
  readonly max?: readonly number[];
}

/** Spec of `itemMoments`: the items, and what to do with a missing answer. */
export interface ItemMomentsSpec {
  /** Item columns (at least 2, distinct). */
  readonly items: readonly string[];
  /** `'error'` (default) or `'skip'` (respondent left out, counted in `skipped`); `'listwise'` is a deprecated alias of `'skip'`. */
  readonly missing?: MissingAnswers;
}

const specSchema = z.strictObject({ items: itemListSchema, missing: z._default(missingAnswersSchema, 'error') });

/**
 * The item moments of survey answers held in memory: complete answers n (listwise, as the
 * fitters with `missing: 'skip'`), item means, the sample covariance matrix (two-pass: means,
 * then centered cross-products, divided by n − 1) and each item's smallest and largest answer.
 * Passing the result to `fitSatisfactionIndex`, `cronbachAlpha`, `kmo` or `bartlettSphericity`
 * gives the same result as passing the rows (bit for bit: the same moments). Its use is to save
 * or ship the few numbers a survey's fit needs; `itemMomentsInWarehouse` computes them inside a
 * SQL engine instead.
 *
 * @param data Answers: rows, columns or an Arrow table; items numeric.
 * @param spec `items` and `missing`.
 * @throws {CustomerValueError} `invalid_spec`; `missing_column`; `invalid_value` (a non-number, an infinite answer, a missing answer with `missing: 'error'`); `too_few_rows` (fewer than 2 complete answers).
 * @example
 * const answers = { q1: [4, 5, 3, 2, 4, 5], q2: [4, 4, 3, 2, 5, 5], q3: [3, 5, 2, 1, 4, NaN] };
 * const moments = itemMoments(answers, { items: ['q1', 'q2', 'q3'], missing: 'skip' });
 * [moments.n, moments.skipped]; // => [5, 1]
 * moments.mean; // => [3.6, 3.6, 3]
 * moments.covariance[0][1]; // => 1.05
 * cronbachAlpha(moments, ['q1', 'q2', 'q3'], { missing: 'skip' }).alpha === cronbachAlpha(answers, ['q1', 'q2', 'q3'], { missing: 'skip' }).alpha; // => true
 */
export function itemMoments(data: TableInput, spec: ItemMomentsSpec): ItemMoments {
  const s = parseSpec(specSchema, spec, FN);
  const items = s.items;
  const survey = readSurvey(data, FN, items, null, s.missing, [], 2);
  const m = momentMatrix(survey.items, survey.skip);
  const p = items.length;
  const min = new Array<number>(p).fill(Infinity);
  const max = new Array<number>(p).fill(-Infinity);
  survey.items.forEach((x, j) => {
    for (let i = 0; i < survey.rowCount; i++) {
      if (survey.skip !== null && survey.skip[i] !== 0) continue;
      if (x[i] < min[j]) min[j] = x[i];
      if (x[i] > max[j]) max[j] = x[i];
    }
  });
  return {
    summary: 'itemMoments',
    items: [...items],
    n: survey.n,
    skipped: survey.skipped,
    mean: Array.from(m.means),
    covariance: items.map((_, j) => Array.from(m.covariance.subarray(j * p, (j + 1) * p))),
    min,
    max,
  };
}
