import { paretoNbdSpecSchema, type ParetoNbdSpec } from './paretoNbdSpec.js';
import { twoProcessCovariatesSchemas, type StaticCovariates } from './staticCovariatesSpec.js';

// The spec of `fitParetoNbdWithCovariates`, apart from the fitter so that predicting from a model
// never loads the optimizer.

// In zod/mini (issue 21), as fitParetoNbd's spec: its fields and the covariates, in a strict object.
const schemas = twoProcessCovariatesSchemas('paretoNbdCovariates', paretoNbdSpecSchema.shape, ['r', 'alpha', 's', 'beta']);

export const paretoNbdCovariatesSpecSchema = schemas.spec;

/** Spec for `fitParetoNbdWithCovariates`: `fitParetoNbd`'s spec and the covariates. */
export interface ParetoNbdCovariatesSpec extends ParetoNbdSpec {
  /** The static covariates (one value per customer), their encoding, sharing and L2 penalty. */
  readonly covariates: StaticCovariates;
}

/**
 * What the predictions read from a `paretoNbdCovariates` model, checked at their door (the
 * standard errors and fit record taken as given, any other key refused): the kind, the spec's columns and time unit, the
 * parameters, the covariates with their levels, the terms and one coefficient per term.
 */
export const paretoNbdCovariatesModelSchema = schemas.model;

/** The fields of `paretoNbdCovariatesModelSchema`, which the kind's schema (src/model/paretoNbdCovariatesModelSchema.ts) completes. */
export const paretoNbdCovariatesModelShape = schemas.modelShape;
