import * as z from 'zod/mini';
import { parseSpec } from '../internal/parseSpec.js';
import type { TableInput } from '../io/tableInput.js';
import { assertModelOf } from '../model/assertModelKind.js';
import { satisfactionIndexModelValues } from '../model/modelValueChecks.js';
import { satisfactionIndexModelSchema } from '../model/satisfactionIndexModelSchema.js';
import type { SatisfactionIndexModel } from './fitSatisfactionIndex.js';
import { weightedSum } from './weightedSum.js';
import { fullScaleSum } from './fullScaleSum.js';
import { readSurvey } from './surveyItems.js';
import { missingAnswersSchema, type MissingAnswers } from '../io/missingValues.js';

const FN = 'scoreSatisfactionIndex';
const optionsSchema = z.strictObject({ missing: z.optional(missingAnswersSchema) });

/** Index per respondent, in input order. */
export interface SatisfactionIndexScores {
  /**
   * `Σ_j w_j·x_j` on the item scale, computed as `min + (max − min)·s` with
   * `s = Σ_j w_j·(x_j − min) / Σ_j w_j·(max − min)` so that all-minimum answers give exactly `min`
   * and all-maximum answers exactly `max`; NaN only for respondents dropped listwise (counted in `skipped`).
   */
  readonly index: Float64Array;
  /** The same on 0–100: `100·s` (`100·(index − min)/(max − min)`), exactly 0 and 100 at the ends of the scale. */
  readonly index100: Float64Array;
  /** Per dimension (three-level indices), the dimension score on the item scale. */
  readonly dimensions: Readonly<Record<string, Float64Array>> | null;
  readonly skipped: number;
}

/**
 * Score respondents with a fitted satisfaction index: the weighted sum of their answers with
 * the model's weights, on the item scale and on 0–100, and per dimension when the index has
 * dimensions. Answers are checked against the model's scale.
 *
 * @param options `missing` overrides the model's policy (`'error'` or `'skip'`; `'listwise'` is a deprecated alias of `'skip'`) for this call.
 * @throws {CustomerValueError} `invalid_model`, `missing_column`, `invalid_value`.
 * @example
 * const answers = { q1: [7, 8, 6, 9, 5, 8, 7, 4], q2: [6, 8, 5, 9, 4, 7, 7, 5], q3: [7, 9, 6, 8, 5, 8, 6, 3] };
 * const model = fitSatisfactionIndex(answers, { items: ['q1', 'q2', 'q3'], scale: [1, 10] });
 * const scores = scoreSatisfactionIndex(model, [{ q1: 10, q2: 10, q3: 10 }, { q1: 1, q2: 1, q3: 1 }]);
 * Array.from(scores.index100).map((v) => Math.round(v)); // => [100, 0]
 */
export function scoreSatisfactionIndex(model: SatisfactionIndexModel, data: TableInput, options: { missing?: MissingAnswers } = {}): SatisfactionIndexScores {
  model = assertModelOf(model, 'satisfactionIndex', 'fitSatisfactionIndex', satisfactionIndexModelSchema, satisfactionIndexModelValues, FN);
  const o = parseSpec(optionsSchema, options, FN, 'options');
  const survey = readSurvey(data, FN, model.items, model.spec.scale, o.missing ?? model.spec.missing, [], 0);
  return scoreColumns(model, survey.items, survey.skip, survey.rowCount, survey.skipped);
}

/** Index columns from item columns already read and checked. */
export function scoreColumns(
  model: SatisfactionIndexModel,
  items: Parameters<typeof weightedSum>[0],
  skip: Uint8Array | null,
  rows: number,
  skipped: number,
): SatisfactionIndexScores {
  const all = model.items.map((_, j) => j);
  const [min, max] = model.spec.scale;
  // Σ w·(x − min) over the same sum at the top of the scale: exactly 0 and 1 at the two ends
  const index = weightedSum(items, all, model.weights, rows, min);
  const full = fullScaleSum(model.weights, model.spec.scale);
  const index100 = new Float64Array(rows);
  for (let i = 0; i < rows; i++) {
    const share = index[i] / full;
    index[i] = min + (max - min) * share;
    index100[i] = 100 * share;
  }
  let dimensions: Record<string, Float64Array> | null = null;
  if (model.dimensions) {
    dimensions = Object.create(null) as Record<string, Float64Array>;
    let offset = 0;
    for (const d of model.dimensions) {
      const idx = d.items.map((_, i) => offset + i);
      offset += d.items.length;
      dimensions[d.name] = weightedSum(items, idx, d.weights, rows);
    }
  }
  if (skip !== null) {
    const columns = [index, index100, ...(dimensions ? Object.values(dimensions) : [])];
    for (let i = 0; i < rows; i++) if (skip[i] === 1) for (const c of columns) c[i] = Number.NaN;
  }
  return { index, index100, dimensions, skipped };
}
