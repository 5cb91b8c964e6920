import { z } from 'zod';
import { paretoNbdSpecSchema, type ParetoNbdSpec } from './paretoNbdSpec.js';
import { checkCovariateTerms, fittedCovariatesSchema, staticCovariatesSchema, type StaticCovariates } from './staticCovariatesSpec.js';

// The spec of `fitParetoNbdWithCovariates`, apart from the fitter so that predicting from a model
// never loads the optimizer.

export const paretoNbdCovariatesSpecSchema = paretoNbdSpecSchema.extend({ covariates: staticCovariatesSchema });

/** Spec for `fitParetoNbdWithCovariates`: `fitParetoNbd`'s spec and the covariates. */
export interface ParetoNbdCovariatesSpec extends ParetoNbdSpec {
  /** The static covariates (one value per customer), their encoding, sharing and L2 penalty. */
  readonly covariates: StaticCovariates;
}

const positive = z.number().gt(0).refine(Number.isFinite);
const finite = z.number().refine(Number.isFinite);

/**
 * What the predictions read from a `paretoNbdCovariates` model, checked at their door (extra
 * fields, such as `fitted`, are allowed): the kind, the spec's columns and time unit, the
 * parameters, the covariates with their levels, the terms and one coefficient per term.
 */
export const paretoNbdCovariatesModelSchema = z
  .object({
    kind: z.literal('paretoNbdCovariates'),
    version: z.number().int().min(2),
    spec: paretoNbdCovariatesSpecSchema,
    params: z.strictObject({ r: positive, alpha: positive, s: positive, beta: positive }),
    covariates: fittedCovariatesSchema,
    terms: z.array(z.string()).min(1),
    coefficients: z.strictObject({ purchase: z.array(finite), dropout: z.array(finite) }),
  })
  .superRefine((model, context) =>
    checkCovariateTerms(
      model,
      (['purchase', 'dropout'] as const).map((process) => ({ path: ['coefficients', process], values: model.coefficients[process] })),
      context,
    ),
  );
