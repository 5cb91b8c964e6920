import * as z from 'zod/mini';
import { MODEL_VERSION } from '../internal/modelVersion.js';
import { paretoNbdCovariatesModelShape } from '../loyalty/clv/paretoNbdCovariatesSpec.js';
import { checkTwoProcessTerms } from '../loyalty/clv/staticCovariatesSpec.js';
import { covariateFitDiagnostics } from './covariateModelParts.js';
import { count, finite, fittedSchema, positive } from './miniModelParts.js';

// The paretoNbdCovariates model schema, in zod/mini (issue 21): the predictions' door schema's fields (the
// kind, spec, parameters, covariates, terms and coefficients, checked against each other) with the
// standard errors and fit record a saved model carries checked too, as the classic `.safeExtend(...).strict()`
// of modelSchemas.ts made it. parseModel reads it through the registry (kinds.ts holds this same
// object); the predictions check the door schema, which takes the standard errors and fit record
// as given (a model written from published parameters has none) and refuses any other key.

// the fit without covariates (the paretoNbd model schema is in paretoNbdModelSchema.ts)
const paretoNbdParams = z.strictObject({ r: positive(), alpha: positive(), s: positive(), beta: positive() });

export const paretoNbdCovariatesKindSchema = z
  .strictObject({
    ...paretoNbdCovariatesModelShape,
    version: z.literal(MODEL_VERSION),
    standardErrors: z.nullable(
      z.strictObject({
        r: positive(),
        alpha: positive(),
        // null with s held at its cap (fitted.diagnostics.heldAtCap)
        s: z.nullable(positive()),
        beta: z.nullable(positive()),
        coefficients: z.strictObject({ purchase: z.array(positive()), dropout: z.array(positive()) }),
      }),
    ),
    fitted: fittedSchema({
      ...covariateFitDiagnostics(),
      hessianPositiveDefinite: z.boolean(),
      withoutCovariates: z.strictObject({ params: paretoNbdParams, logLikelihood: finite(), groups: count() }),
      // absent on models fitted before the covariate fit reported its cap
      heldAtCap: z.optional(z.array(z.strictObject({ parameter: z.literal('s'), slope: finite() }))),
    }),
  })
  .check(z.superRefine(checkTwoProcessTerms));
