import * as z from 'zod/mini';
import { parseSpec } from '../../internal/parseSpec.js';
import type { TableInput } from '../../io/tableInput.js';
import { assertModelOf } from '../../model/assertModelKind.js';
import { plsPathModelSchema } from '../../model/plsPathModelSchema.js';
import { readSurvey } from '../surveyItems.js';
import type { PlsPathModel } from './fitPlsPathModel.js';
import { missingAnswersSchema, type MissingAnswers } from '../../io/missingValues.js';

const FN = 'scorePlsPathModel';
const optionsSchema = z.strictObject({ missing: z.optional(missingAnswersSchema) });

/** Construct scores per respondent, in input order. */
export interface PlsConstructScores {
  /** Each construct's score: Σ w·(x − mean)/sd over its items with the fitted means and SDs (unit variance on the fitted data). NaN for respondents dropped listwise. */
  readonly scores: Readonly<Record<string, Float64Array>>;
  readonly skipped: number;
}

/**
 * Construct scores of a fitted PLS path model for any respondents: items standardized with the
 * means and SDs of the fitted data, weighted by the outer weights — so the fitted respondents
 * get the scores the estimation used (mean 0, variance 1) and new respondents are placed on the
 * same scale. When the model was fitted with a `scale`, answers outside it are refused with the
 * fit's error (`invalid_value`, naming row, item and answer).
 *
 * @param options `missing`: the model's policy unless given (`'error'` or `'skip'`; `'listwise'` is a deprecated alias of `'skip'`).
 * @throws {CustomerValueError} `invalid_model`, `missing_column`, `invalid_value`.
 * @example
 * const survey = (await readCsvFile('examples/data/ecsi_mobi.csv')).columns;
 * const model = fitPlsPathModel(survey, { constructs: { Value: { items: ['PERV1', 'PERV2'] }, Satisfaction: { items: ['CUSA1', 'CUSA2', 'CUSA3'] } }, paths: [['Value', 'Satisfaction']] });
 * const { scores } = scorePlsPathModel(model, survey);
 * const mean = scores.Satisfaction.reduce((a, b) => a + b, 0) / scores.Satisfaction.length;
 * Math.abs(mean) < 1e-12; // => true
 */
export function scorePlsPathModel(model: PlsPathModel, data: TableInput, options: { missing?: MissingAnswers } = {}): PlsConstructScores {
  model = assertModelOf(model, 'plsPathModel', 'fitPlsPathModel', plsPathModelSchema, null, FN);
  const o = parseSpec(optionsSchema, options, FN, 'options');
  const items = model.constructs.flatMap((c) => c.items);
  const survey = readSurvey(data, FN, items, model.spec.scale ?? null, o.missing ?? model.spec.missing, [], 1);
  const scores: Record<string, Float64Array> = {};
  let k = 0;
  for (const c of model.constructs) {
    const out = new Float64Array(survey.rowCount);
    c.items.forEach((_, a) => {
      const x = survey.items[k++];
      const scale = c.weights[a] / c.itemSds[a];
      const mean = c.itemMeans[a];
      for (let i = 0; i < out.length; i++) out[i] += scale * (x[i] - mean);
    });
    if (survey.skip) for (let i = 0; i < out.length; i++) if (survey.skip[i]) out[i] = Number.NaN;
    scores[c.name] = out;
  }
  return { scores, skipped: survey.skipped };
}
