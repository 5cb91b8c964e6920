import * as z from 'zod';
import { betaGeoSpecSchema, type BetaGeoSpec } from './betaGeoSpec.js';
import { twoProcessCovariatesSchemas, type StaticCovariates } from './staticCovariatesSpec.js';

// The spec of `fitBetaGeoWithCovariates`, apart from the fitter so that predicting from a model
// never loads the optimizer.

// fitBetaGeo's spec is in zod/mini (issue 21); the classic object over its fields (the same
// fields, the same strictness) is what twoProcessCovariatesSchemas extends.
const schemas = twoProcessCovariatesSchemas('betaGeoCovariates', z.strictObject(betaGeoSpecSchema.shape), ['r', 'alpha', 'a', 'b']);

export const betaGeoCovariatesSpecSchema = schemas.spec;

/** Spec for `fitBetaGeoWithCovariates`: `fitBetaGeo`'s spec and the covariates. */
export interface BetaGeoCovariatesSpec extends BetaGeoSpec {
  /** The static covariates (one value per customer), their encoding, sharing and L2 penalty. */
  readonly covariates: StaticCovariates;
}

/**
 * What the predictions read from a `betaGeoCovariates` model, checked at their door (extra
 * fields, such as `fitted`, are allowed): the kind, the spec's columns and time unit, the
 * parameters, the covariates with their levels, the terms and one coefficient per term.
 */
export const betaGeoCovariatesModelSchema = schemas.model;
