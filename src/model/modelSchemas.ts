import * as z from 'zod';
import { MODEL_VERSION } from '../internal/modelVersion.js';
import { betaGeoBetaBinomialSpecSchema } from '../loyalty/clv/betaGeoBetaBinomialSpec.js';

const finite = z.number().refine(Number.isFinite, 'a finite number');
const count = z.number().int().min(0);
/** `model.fitted` (see `ModelFit`): the same keys on every kind, the kind's own figures under `diagnostics`. */
const fittedSchema = <Shape extends z.ZodRawShape>(diagnostics: Shape) =>
  z.strictObject({ n: count, skipped: count, warnings: z.array(z.string()), diagnostics: z.strictObject(diagnostics) });

const positive = finite.refine((v) => v > 0, 'a positive number');

// betaGeoModelSchema: in zod/mini, in betaGeoModelSchema.ts (issue 21).

// gammaGammaModelSchema: in zod/mini, in gammaGammaModelSchema.ts (issue 21).

// segments and plsPathModel: their model schemas are in zod/mini, in segmentsModelSchema.ts and
// plsPathModelSchema.ts (issue 21: their scorers check them without the registry).

/** `fitted.diagnostics` shared by the discrete-time CLV and retention fits (issue 18): the likelihood and the certificate of the optimum. */
const discreteFitDiagnostics = {
  logLikelihood: finite,
  aic: finite,
  bic: finite,
  gradientNorm: finite.refine((v) => v >= 0, 'a norm ≥ 0'),
  hessianPositiveDefinite: z.boolean(),
  iterations: count,
  newtonSteps: count,
};
// the contractual retention kinds' model schemas (sBG, BdW) are in zod/mini: retentionModelSchemas.ts

const betaGeoBetaBinomialParams = z.strictObject({ alpha: positive, beta: positive, gamma: positive, delta: positive });

export const betaGeoBetaBinomialModelSchema = z.strictObject({
  kind: z.literal('betaGeoBetaBinomial'),
  version: z.literal(MODEL_VERSION),
  spec: betaGeoBetaBinomialSpecSchema,
  params: betaGeoBetaBinomialParams,
  standardErrors: betaGeoBetaBinomialParams.nullable(),
  fitted: fittedSchema({ ...discreteFitDiagnostics, groups: count }),
});
// paretoNbdModelSchema: in zod/mini, in paretoNbdModelSchema.ts (issue 21).

// modifiedBetaGeoModelSchema: in zod/mini, in modifiedBetaGeoModelSchema.ts (issue 21).

// The covariate kinds' model schemas (issue 19) are in zod/mini, each in its own file
// (issue 21): betaGeoCovariatesModelSchema.ts, gammaGammaCovariatesModelSchema.ts,
// paretoNbdCovariatesModelSchema.ts, betaGeoBetaBinomialCovariatesModelSchema.ts.
