import * as z from 'zod/mini';
import { parseSpec } from '../internal/parseSpec.js';
import type { TableInput } from '../io/tableInput.js';
import { assertModelOf } from '../model/assertModelKind.js';
import { satisfactionIndexModelValues } from '../model/modelValueChecks.js';
import { satisfactionIndexModelSchema } from '../model/satisfactionIndexModelSchema.js';
import type { SatisfactionIndexModel } from './fitSatisfactionIndex.js';
import { scoreColumns } from './scoreSatisfactionIndex.js';
import { readSurvey, scaleSchema } from './surveyItems.js';
import { missingAnswersSchema, type MissingAnswers } from '../io/missingValues.js';

const FN = 'overallMismatch';

// zod/mini (issue 21): with the model checked by its own kind's schema, a bundle of overallMismatch holds no classic zod
const optionsSchema = z.strictObject({
  overall: z.string().check(z.minLength(1)),
  threshold: z.number().check(z.gt(0), z.lte(100)),
  overallScale: z.optional(scaleSchema),
  missing: z.optional(missingAnswersSchema),
});

/** Options for `overallMismatch`. */
export interface OverallMismatchOptions {
  /** Column with the overall satisfaction rating. */
  readonly overall: string;
  /** Flag respondents whose overall and composite differ by more than this many points on 0–100. */
  readonly threshold: number;
  /** Scale of the overall rating (default: the model's item scale). */
  readonly overallScale?: readonly [number, number];
  /** Overrides the model's missing-answer policy. */
  readonly missing?: MissingAnswers;
}

/** Respondents whose overall rating disagrees with their item composite. */
export interface OverallMismatchResult {
  /** Overall − composite on 0–100, per respondent (NaN only for respondents dropped listwise). */
  readonly residual: Float64Array;
  /** 1 where |residual| > threshold. */
  readonly flagged: Uint8Array;
  /** Row numbers of flagged respondents. */
  readonly rows: readonly number[];
  readonly count: number;
  readonly share: number;
  /** Flagged with overall far below the items: the items likely miss what these customers cared about. */
  readonly overallBelowItems: number;
  /** Flagged with overall far above the items. */
  readonly overallAboveItems: number;
  readonly threshold: number;
  readonly n: number;
  readonly skipped: number;
}

/**
 * Find respondents whose overall satisfaction rating differs from their item composite (the
 * satisfaction index) by more than a threshold, both on 0–100. High item scores with a low
 * overall rating is the case where a survey's items miss what the customer cared about.
 *
 * @throws {CustomerValueError} `invalid_model`, `invalid_spec`, `missing_column`, `invalid_value`.
 * @example
 * const answers = { q1: [7, 8, 6, 9, 5, 8, 7, 4], q2: [6, 8, 5, 9, 4, 7, 7, 5], q3: [7, 9, 6, 8, 5, 8, 6, 3] };
 * const model = fitSatisfactionIndex(answers, { items: ['q1', 'q2', 'q3'], scale: [1, 10] });
 * const survey = { ...answers, overall: [7, 8, 6, 2, 5, 8, 7, 9] };
 * const result = overallMismatch(model, survey, { overall: 'overall', threshold: 30 });
 * result.rows; // => [3, 7]
 * [result.overallBelowItems, result.overallAboveItems]; // => [1, 1]
 */
export function overallMismatch(model: SatisfactionIndexModel, data: TableInput, options: OverallMismatchOptions): OverallMismatchResult {
  model = assertModelOf(model, 'satisfactionIndex', 'fitSatisfactionIndex', satisfactionIndexModelSchema, satisfactionIndexModelValues, FN);
  const o = parseSpec(optionsSchema, options, FN, 'options');
  const overallScale = o.overallScale ?? model.spec.scale;
  const survey = readSurvey(
    data,
    FN,
    model.items,
    model.spec.scale,
    o.missing ?? model.spec.missing,
    [{ column: o.overall, role: 'overall rating', scale: overallScale }],
    1,
  );
  const { index100 } = scoreColumns(model, survey.items, survey.skip, survey.rowCount, survey.skipped);
  const overall = survey.extra[0];
  const [min, max] = overallScale;
  const rows = survey.rowCount;
  const residual = new Float64Array(rows);
  const flagged = new Uint8Array(rows);
  const flaggedRows: number[] = [];
  let below = 0;
  let above = 0;
  for (let i = 0; i < rows; i++) {
    if (survey.skip !== null && survey.skip[i] === 1) {
      residual[i] = Number.NaN;
      continue;
    }
    const r = (100 * (overall[i] - min)) / (max - min) - index100[i];
    residual[i] = r;
    if (Math.abs(r) > o.threshold) {
      flagged[i] = 1;
      flaggedRows.push(i);
      if (r < 0) below++;
      else above++;
    }
  }
  return {
    residual,
    flagged,
    rows: flaggedRows,
    count: flaggedRows.length,
    share: flaggedRows.length / survey.n,
    overallBelowItems: below,
    overallAboveItems: above,
    threshold: o.threshold,
    n: survey.n,
    skipped: survey.skipped,
  };
}
