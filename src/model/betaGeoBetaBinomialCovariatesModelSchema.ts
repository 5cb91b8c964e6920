import * as z from 'zod/mini';
import { MODEL_VERSION } from '../internal/modelVersion.js';
import { betaGeoBetaBinomialCovariatesModelShape } from '../loyalty/clv/betaGeoBetaBinomialCovariatesSpec.js';
import { checkTwoProcessTerms } from '../loyalty/clv/staticCovariatesSpec.js';
import { covariateFitDiagnostics } from './covariateModelParts.js';
import { count, finite, fittedSchema, positive } from './miniModelParts.js';

// The betaGeoBetaBinomialCovariates model schema, in zod/mini (issue 21): the predictions' door schema's fields (the
// kind, spec, parameters, covariates, terms and coefficients, checked against each other) with the
// standard errors and fit record a saved model carries checked too, as the classic `.safeExtend(...).strict()`
// of modelSchemas.ts made it. parseModel reads it through the registry (kinds.ts holds this same
// object); the predictions check the door schema, which takes the standard errors and fit record
// as given (a model written from published parameters has none) and refuses any other key.

// the fit without covariates (the betaGeoBetaBinomial model schema is BG/BB's own)
const betaGeoBetaBinomialParams = z.strictObject({ alpha: positive(), beta: positive(), gamma: positive(), delta: positive() });

export const betaGeoBetaBinomialCovariatesKindSchema = z
  .strictObject({
    ...betaGeoBetaBinomialCovariatesModelShape,
    version: z.literal(MODEL_VERSION),
    standardErrors: z.nullable(
      z.strictObject({
        alpha: positive(),
        beta: positive(),
        gamma: positive(),
        delta: positive(),
        coefficients: z.strictObject({ purchase: z.array(positive()), dropout: z.array(positive()) }),
      }),
    ),
    fitted: fittedSchema({
      ...covariateFitDiagnostics(),
      hessianPositiveDefinite: z.boolean(),
      withoutCovariates: z.strictObject({ params: betaGeoBetaBinomialParams, logLikelihood: finite(), groups: count() }),
    }),
  })
  .check(z.superRefine(checkTwoProcessTerms));
