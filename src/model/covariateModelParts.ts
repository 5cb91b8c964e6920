import * as z from 'zod/mini';
import { count, finite } from './miniModelParts.js';

// The pieces of the covariate kinds' model schemas (issue 19), in zod/mini (issue 21:
// betaGeoCovariatesModelSchema.ts and the other *CovariatesModelSchema.ts), as modelSchemas.ts
// wrote them in the classic API: the same checks in the same order, so parseSpec gives the same
// messages (test/loyalty/covariateDoorIssues.test.ts).

/** `fitted.diagnostics.likelihoodRatio`: the test against the fit without covariates. */
const likelihoodRatio = () =>
  z.nullable(
    z.strictObject({
      statistic: finite().check(z.refine((v) => v >= 0, 'a statistic ≥ 0')),
      degreesOfFreedom: count(),
      pValue: finite().check(z.refine((v) => v >= 0 && v <= 1, 'a probability')),
    }),
  );

/** The `fitted.diagnostics` every covariate fit records (each kind adds its own after them). */
export const covariateFitDiagnostics = () => ({
  logLikelihood: finite(),
  penalizedLogLikelihood: finite(),
  aic: finite(),
  bic: finite(),
  gradientNorm: finite().check(z.refine((v) => v >= 0, 'a norm ≥ 0')),
  groups: count(),
  patterns: count(),
  likelihoodRatio: likelihoodRatio(),
  iterations: count(),
  newtonSteps: count(),
});
