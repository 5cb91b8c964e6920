import { betaGeoBetaBinomialSpecSchema, type BetaGeoBetaBinomialSpec } from './betaGeoBetaBinomialSpec.js';
import { twoProcessCovariatesSchemas, type StaticCovariates } from './staticCovariatesSpec.js';

// The spec of `fitBetaGeoBetaBinomialWithCovariates`, apart from the fitter so that predicting
// from a model never loads the optimizer.

// In zod/mini (issue 21): fitBetaGeoBetaBinomial's spec fields (its own schema's, whichever zod API
// it is written in) and the covariates, in a strict object.
const schemas = twoProcessCovariatesSchemas('betaGeoBetaBinomialCovariates', betaGeoBetaBinomialSpecSchema.shape, ['alpha', 'beta', 'gamma', 'delta']);

export const betaGeoBetaBinomialCovariatesSpecSchema = schemas.spec;

/** Spec for `fitBetaGeoBetaBinomialWithCovariates`: `fitBetaGeoBetaBinomial`'s spec and the covariates. */
export interface BetaGeoBetaBinomialCovariatesSpec extends BetaGeoBetaBinomialSpec {
  /** The static covariates (one value per customer), their encoding, sharing and L2 penalty. */
  readonly covariates: StaticCovariates;
}

/**
 * What the predictions read from a `betaGeoBetaBinomialCovariates` model, checked at their door
 * (the standard errors and fit record taken as given, any other key refused): the kind, the spec's columns and period unit, the
 * parameters, the covariates with their levels, the terms and one coefficient per term.
 */
export const betaGeoBetaBinomialCovariatesModelSchema = schemas.model;

/** The fields of `betaGeoBetaBinomialCovariatesModelSchema`, which the kind's schema (src/model/betaGeoBetaBinomialCovariatesModelSchema.ts) completes. */
export const betaGeoBetaBinomialCovariatesModelShape = schemas.modelShape;
