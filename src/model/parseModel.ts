import { CustomerValueError, describeValue } from '../errors.js';
import { parseSpec } from '../internal/parseSpec.js';
import type { RfmModel } from '../value/fitRfm.js';
import type { SatisfactionIndexModel } from '../satisfaction/fitSatisfactionIndex.js';
import type { BetaGeoModel } from '../loyalty/clv/fitBetaGeo.js';
import type { GammaGammaModel } from '../loyalty/clv/fitGammaGamma.js';
import type { SegmentsModel } from '../segmentation/fitSegments.js';
import type { PlsPathModel } from '../satisfaction/pls/fitPlsPathModel.js';
import type { ValuePyramidModel } from '../value/fitValuePyramid.js';
import type { BetaGeoBetaBinomialModel } from '../loyalty/clv/fitBetaGeoBetaBinomial.js';
import type { BetaDiscreteWeibullModel } from '../loyalty/retention/fitBetaDiscreteWeibull.js';
import type { ShiftedBetaGeometricModel } from '../loyalty/retention/fitShiftedBetaGeometric.js';
import type { ParetoNbdModel } from '../loyalty/clv/fitParetoNbd.js';
import type { ModifiedBetaGeoModel } from '../loyalty/clv/fitModifiedBetaGeo.js';
import type { BetaGeoCovariatesModel } from '../loyalty/clv/fitBetaGeoWithCovariates.js';
import type { GammaGammaCovariatesModel } from '../loyalty/clv/fitGammaGammaWithCovariates.js';
import type { ParetoNbdCovariatesModel } from '../loyalty/clv/fitParetoNbdWithCovariates.js';
import type { BetaGeoBetaBinomialCovariatesModel } from '../loyalty/clv/fitBetaGeoBetaBinomialWithCovariates.js';
import { checkModelValues } from './checkModelValues.js';
import { isModelKind, MODEL_KIND_NAMES, MODEL_KINDS } from './kinds.js';
import { upgradeModel } from './upgradeModel.js';

const FN = 'parseModel';

/** Every model kind this release can load. */
export type CustomerValueModel =
  | RfmModel
  | ValuePyramidModel
  | SatisfactionIndexModel
  | BetaGeoModel
  | GammaGammaModel
  | SegmentsModel
  | PlsPathModel
  | ShiftedBetaGeometricModel
  | BetaDiscreteWeibullModel
  | BetaGeoBetaBinomialModel
  | ParetoNbdModel
  | ModifiedBetaGeoModel
  | BetaGeoCovariatesModel
  | GammaGammaCovariatesModel
  | ParetoNbdCovariatesModel
  | BetaGeoBetaBinomialCovariatesModel;

/**
 * Load a saved model: from the JSON text `JSON.stringify(model)` wrote, or from the parsed
 * object. The whole model is checked against its kind's schema (zod), so a tampered or
 * truncated model is rejected with the path of the problem rather than scoring wrongly, and so
 * is a model whose values would make scoring non-finite (`checkModelValues`: a spread of 5e-324,
 * a weight of 1e308).
 *
 * Models saved by earlier releases load too: a version-1 model (counts, warnings and
 * diagnostics at the top level or under `diagnostics`) is upgraded first (`upgradeModel`) to
 * the version-2 shape every fitter now returns, with the fit record in `model.fitted`.
 *
 * @throws {CustomerValueError} `invalid_model` for unreadable JSON, an unknown kind or version, or a field that fails its check.
 * @example
 * const model = fitRfm(
 *   { r: [1, 2, 3, 4, 5], f: [1, 2, 3, 4, 5], m: [1, 2, 3, 4, 5] },
 *   { recency: { column: 'r', better: 'higher' }, frequency: { column: 'f' }, monetary: { column: 'm' } },
 * );
 * const loaded = parseModel(JSON.stringify(model));
 * loaded.kind; // => 'rfm'
 * JSON.stringify(loaded) === JSON.stringify(model); // => true
 */
export function parseModel(json: unknown): CustomerValueModel {
  let value: unknown = json;
  if (typeof json === 'string') {
    try {
      value = JSON.parse(json);
    } catch (cause) {
      throw new CustomerValueError('invalid_model', `${FN}: the text is not valid JSON`, [
        { function: FN, path: 'json', expected: 'JSON text written by JSON.stringify(model)', received: (cause as Error).message },
      ]);
    }
  }
  value = upgradeModel(value);
  const kind = value !== null && typeof value === 'object' ? (value as { kind?: unknown }).kind : undefined;
  if (!isModelKind(kind)) {
    throw new CustomerValueError('invalid_model', `${FN}: unknown model kind`, [
      { function: FN, path: 'model.kind', expected: `one of ${MODEL_KIND_NAMES.map((k) => JSON.stringify(k)).join(', ')}`, received: describeValue(kind) },
    ]);
  }
  const model = parseSpec(MODEL_KINDS[kind].schema, value, FN, 'model', 'invalid_model') as CustomerValueModel;
  checkModelValues(model, FN);
  return model;
}
