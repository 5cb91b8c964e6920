import * as z from 'zod/mini';
import { MODEL_VERSION } from '../internal/modelVersion.js';
import { checkGammaGammaTerms, gammaGammaCovariatesModelShape } from '../loyalty/clv/gammaGammaCovariatesSpec.js';
import { covariateFitDiagnostics } from './covariateModelParts.js';
import { count, finite, fittedSchema, positive } from './miniModelParts.js';

// The gammaGammaCovariates model schema, in zod/mini (issue 21): the predictions' door schema's fields (the
// kind, spec, parameters, covariates, terms and coefficients, checked against each other) with the
// standard errors, population mean spend and fit record a saved model carries checked too, as the classic `.safeExtend(...).strict()`
// of modelSchemas.ts made it. parseModel reads it through the registry (kinds.ts holds this same
// object); the predictions check the door schema, which takes the standard errors, population mean spend and fit record
// as given (a model written from published parameters has none) and refuses any other key.

// the fit without covariates (the Gamma-Gamma model schema is in gammaGammaModelSchema.ts)
const gammaGammaParams = z.strictObject({ p: positive(), q: positive(), gamma: positive() });

export const gammaGammaCovariatesKindSchema = z
  .strictObject({
    ...gammaGammaCovariatesModelShape,
    version: z.literal(MODEL_VERSION),
    standardErrors: z.strictObject({ p: positive(), q: positive(), gamma: positive(), coefficients: z.array(positive()) }),
    populationMeanSpend: z.nullable(positive()),
    fitted: fittedSchema({
      ...covariateFitDiagnostics(),
      withoutRepeat: count(),
      nonPositiveExcluded: count(),
      withoutCovariates: z.strictObject({ params: gammaGammaParams, logLikelihood: finite() }),
    }),
  })
  .check(z.superRefine(checkGammaGammaTerms));
