import * as z from 'zod';
import { paretoNbdSpecSchema, type ParetoNbdSpec } from './paretoNbdSpec.js';
import { twoProcessCovariatesClassicSchemas, type StaticCovariates } from './staticCovariatesSpec.js';

// The spec of `fitParetoNbdWithCovariates`, apart from the fitter so that predicting from a model
// never loads the optimizer.

// fitParetoNbd's spec is in zod/mini (issue 21); the classic object over its fields (the same
// fields, the same strictness) is what twoProcessCovariatesSchemas extends.
const schemas = twoProcessCovariatesClassicSchemas('paretoNbdCovariates', z.strictObject(paretoNbdSpecSchema.shape), ['r', 'alpha', 's', 'beta']);

export const paretoNbdCovariatesSpecSchema = schemas.spec;

/** Spec for `fitParetoNbdWithCovariates`: `fitParetoNbd`'s spec and the covariates. */
export interface ParetoNbdCovariatesSpec extends ParetoNbdSpec {
  /** The static covariates (one value per customer), their encoding, sharing and L2 penalty. */
  readonly covariates: StaticCovariates;
}

/**
 * What the predictions read from a `paretoNbdCovariates` model, checked at their door (extra
 * fields, such as `fitted`, are allowed): the kind, the spec's columns and time unit, the
 * parameters, the covariates with their levels, the terms and one coefficient per term.
 */
export const paretoNbdCovariatesModelSchema = schemas.model;
