import * as z from 'zod/mini';
import { MODEL_VERSION } from '../internal/modelVersion.js';
import { gammaGammaSpecSchema } from '../loyalty/clv/gammaGammaSpec.js';
import { count, finite, fittedSchema, positive } from './miniModelParts.js';

// The Gamma-Gamma model schema, in zod/mini (issue 21): conditionalExpectedSpend checks a model
// against it at its door (assertModelOf), and the registry (kinds.ts) holds this same object.
// parseSpec reads it with the same English messages as the classic schema it replaces (modelSchemas.ts).

const gammaGammaParams = z.strictObject({ p: positive(), q: positive(), gamma: positive() });

export const gammaGammaModelSchema = z.strictObject({
  kind: z.literal('gammaGamma'),
  version: z.literal(MODEL_VERSION),
  spec: gammaGammaSpecSchema,
  params: gammaGammaParams,
  standardErrors: z.nullable(gammaGammaParams),
  populationMeanSpend: z.nullable(positive()),
  fitted: fittedSchema({
    logLikelihood: finite(),
    withoutRepeat: count(),
    nonPositiveExcluded: count(),
    frequencyMonetaryCorrelation: finite(),
    // groups and newtonSteps: since issue 16 (optional, so models saved before still load)
    groups: z.optional(count()),
    iterations: count(),
    newtonSteps: z.optional(count()),
  }),
});
