import { z } from 'zod';
import { betaGeoBetaBinomialSpecSchema, type BetaGeoBetaBinomialSpec } from './betaGeoBetaBinomialSpec.js';
import { checkCovariateTerms, fittedCovariatesSchema, staticCovariatesSchema, type StaticCovariates } from './staticCovariatesSpec.js';

// The spec of `fitBetaGeoBetaBinomialWithCovariates`, apart from the fitter so that predicting
// from a model never loads the optimizer.

export const betaGeoBetaBinomialCovariatesSpecSchema = betaGeoBetaBinomialSpecSchema.extend({ covariates: staticCovariatesSchema });

/** Spec for `fitBetaGeoBetaBinomialWithCovariates`: `fitBetaGeoBetaBinomial`'s spec and the covariates. */
export interface BetaGeoBetaBinomialCovariatesSpec extends BetaGeoBetaBinomialSpec {
  /** The static covariates (one value per customer), their encoding, sharing and L2 penalty. */
  readonly covariates: StaticCovariates;
}

const positive = z.number().gt(0).refine(Number.isFinite);
const finite = z.number().refine(Number.isFinite);

/**
 * What the predictions read from a `betaGeoBetaBinomialCovariates` model, checked at their door
 * (extra fields, such as `fitted`, are allowed): the kind, the spec's columns and period unit, the
 * parameters, the covariates with their levels, the terms and one coefficient per term.
 */
export const betaGeoBetaBinomialCovariatesModelSchema = z
  .object({
    kind: z.literal('betaGeoBetaBinomialCovariates'),
    version: z.number().int().min(2),
    spec: betaGeoBetaBinomialCovariatesSpecSchema,
    params: z.strictObject({ alpha: positive, beta: positive, gamma: positive, delta: positive }),
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
