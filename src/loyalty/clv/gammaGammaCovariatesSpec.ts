import * as z from 'zod/mini';
import { MODEL_VERSION } from '../../internal/modelVersion.js';
import { gammaGammaSpecSchema, type GammaGammaSpec } from './gammaGammaSpec.js';
import {
  checkCovariateTerms,
  fittedCovariatesSchema,
  savedOnlyFields,
  staticCovariatesSchema,
  type FittedCovariate,
  type StaticCovariateColumn,
} from './staticCovariatesSpec.js';

// The spec of `fitGammaGammaWithCovariates` and the model schema its predictions check, apart
// from the fitter so that predicting from a model never loads the optimizer. The covariate
// columns are those of the BG/NBD covariate spec (`staticCovariatesSchema`), read and encoded by
// the same code (`readCovariatesForFit`); spend has one process, so one L2 weight. In zod/mini
// (issue 21), with the checks of the classic schemas it replaces, in the same order.

export const gammaGammaCovariatesSchema = z.strictObject({
  columns: staticCovariatesSchema.shape.columns,
  regularization: z.optional(z.number().check(z.gte(0), z.refine(Number.isFinite))),
});

// fitGammaGamma's fields, in a strict object (what the classic `.extend` made), and the covariates.
export const gammaGammaCovariatesSpecSchema = z.strictObject({ ...gammaGammaSpecSchema.shape, covariates: gammaGammaCovariatesSchema });

/** Static covariates of the spend model (see `fitGammaGammaWithCovariates`). */
export interface GammaGammaCovariates {
  /** The covariate columns (numeric, or categorical against a reference level), as in `fitBetaGeoWithCovariates`. */
  readonly columns: readonly StaticCovariateColumn[];
  /** L2 penalty λ ≥ 0 on the coefficients, on CLVTools' scale: the fit maximizes ℓ − n·λ·‖β‖², n the repeat customers. Default none. */
  readonly regularization?: number;
}

/** Spec for `fitGammaGammaWithCovariates`: `fitGammaGamma`'s spec and the covariates. */
export interface GammaGammaCovariatesSpec extends GammaGammaSpec {
  /** The static covariates (one value per customer) that scale the spend. */
  readonly covariates: GammaGammaCovariates;
}

export type GammaGammaCovariatesSpecOutput = z.output<typeof gammaGammaCovariatesSpecSchema>;

const positive = () => z.number().check(z.gt(0), z.refine(Number.isFinite));
const finite = () => z.number().check(z.refine(Number.isFinite));

/** The fields of `gammaGammaCovariatesModelSchema`, which the kind's schema (src/model/gammaGammaCovariatesModelSchema.ts) completes. */
export const gammaGammaCovariatesModelShape = {
  kind: z.literal('gammaGammaCovariates'),
  version: z.literal(MODEL_VERSION),
  spec: gammaGammaCovariatesSpecSchema,
  params: z.strictObject({ p: positive(), q: positive(), gamma: positive() }),
  covariates: fittedCovariatesSchema,
  terms: z.array(z.string()).check(z.minLength(1)),
  coefficients: z.array(finite()),
};

/** The terms check of a spend model (one coefficient per term). */
export function checkGammaGammaTerms(
  model: { readonly covariates: readonly FittedCovariate[]; readonly terms: readonly string[]; readonly coefficients: readonly number[] },
  context: z.core.$RefinementCtx,
): void {
  checkCovariateTerms(model, [{ path: ['coefficients'], values: model.coefficients }], context);
}

/**
 * What the predictions read from a `gammaGammaCovariates` model, checked at their door (the
 * standard errors, population mean spend and fit record taken as given, any other key refused):
 * the kind, this release's model version, the spec, the parameters, the covariates with their
 * levels, the terms and one coefficient per term.
 */
export const gammaGammaCovariatesModelSchema = z
  .strictObject({ ...gammaGammaCovariatesModelShape, ...savedOnlyFields('standardErrors', 'populationMeanSpend', 'fitted') })
  .check(z.superRefine(checkGammaGammaTerms));
