import { betaGeoSpecSchema, type BetaGeoSpec } from './betaGeoSpec.js';
import { twoProcessCovariatesSchemas, type StaticCovariates } from './staticCovariatesSpec.js';

// The spec of `fitBetaGeoWithCovariates`, apart from the fitter so that predicting from a model
// never loads the optimizer.

// In zod/mini (issue 21), as fitBetaGeo's spec: its fields and the covariates, in a strict object.
const schemas = twoProcessCovariatesSchemas('betaGeoCovariates', betaGeoSpecSchema.shape, ['r', 'alpha', 'a', 'b']);

export const betaGeoCovariatesSpecSchema = schemas.spec;

/** Spec for `fitBetaGeoWithCovariates`: `fitBetaGeo`'s spec and the covariates. */
export interface BetaGeoCovariatesSpec extends BetaGeoSpec {
  /** The static covariates (one value per customer), their encoding, sharing and L2 penalty. */
  readonly covariates: StaticCovariates;
}

/**
 * What the predictions read from a `betaGeoCovariates` model, checked at their door (the
 * standard errors and fit record taken as given, any other key refused): the kind, the spec's columns and time unit, the
 * parameters, the covariates with their levels, the terms and one coefficient per term.
 */
export const betaGeoCovariatesModelSchema = schemas.model;

/** The fields of `betaGeoCovariatesModelSchema`, which the kind's schema (src/model/betaGeoCovariatesModelSchema.ts) completes. */
export const betaGeoCovariatesModelShape = schemas.modelShape;
