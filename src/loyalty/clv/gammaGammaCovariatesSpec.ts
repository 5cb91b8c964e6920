import * as z from 'zod';
import { gammaGammaSpecSchema, type GammaGammaSpec } from './gammaGammaSpec.js';
import { checkCovariateTerms, fittedCovariatesSchema, staticCovariatesSchema, type StaticCovariateColumn } from './staticCovariatesSpec.js';

// The spec of `fitGammaGammaWithCovariates` and the model schema its predictions check, apart
// from the fitter so that predicting from a model never loads the optimizer. The covariate
// columns are those of the BG/NBD covariate spec (`staticCovariatesSchema`), read and encoded by
// the same code (`readCovariatesForFit`); spend has one process, so one L2 weight.

export const gammaGammaCovariatesSchema = z.strictObject({
  columns: staticCovariatesSchema.shape.columns,
  regularization: z.number().min(0).refine(Number.isFinite).optional(),
});

// fitGammaGamma's spec is in zod/mini (issue 21): its fields, in a classic strict object (what
// `.extend` made), and the covariates.
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

const positive = z.number().gt(0).refine(Number.isFinite);
const finite = z.number().refine(Number.isFinite);

/**
 * What the predictions read from a `gammaGammaCovariates` model, checked at their door (extra
 * fields, such as `fitted`, are allowed): the kind, the spec, the parameters, the covariates with
 * their levels, the terms and one coefficient per term.
 */
export const gammaGammaCovariatesModelSchema = z
  .object({
    kind: z.literal('gammaGammaCovariates'),
    version: z.number().int().min(2),
    spec: gammaGammaCovariatesSpecSchema,
    params: z.strictObject({ p: positive, q: positive, gamma: positive }),
    covariates: fittedCovariatesSchema,
    terms: z.array(z.string()).min(1),
    coefficients: z.array(finite),
  })
  .superRefine((model, context) => checkCovariateTerms(model, [{ path: ['coefficients'], values: model.coefficients }], context));
