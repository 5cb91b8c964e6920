import * as z from 'zod/mini';
import { MODEL_VERSION } from '../internal/modelVersion.js';
import { betaGeoSpecSchema } from '../loyalty/clv/betaGeoSpec.js';
import { count, finite, fittedSchema, positive } from './miniModelParts.js';

// The BG/NBD model schema, in zod/mini (issue 21): the predictions (probabilityAlive,
// conditionalExpectedPurchases, expectedPurchases, purchaseProbability) check a model against it
// at their door (assertModelOf), and the registry (kinds.ts) holds this same object. parseSpec
// reads it with the same English messages as the classic schema it replaces (modelSchemas.ts).

const betaGeoParams = z.strictObject({ r: positive(), alpha: positive(), a: positive(), b: positive() });

export const betaGeoModelSchema = z.strictObject({
  kind: z.literal('betaGeo'),
  version: z.literal(MODEL_VERSION),
  spec: betaGeoSpecSchema,
  params: betaGeoParams,
  standardErrors: z.nullable(betaGeoParams),
  // newtonSteps: since issue 16; aic, bic, gradientNorm, hessianPositiveDefinite: since issue 18
  // (optional, so models saved before still load)
  fitted: fittedSchema({
    logLikelihood: finite(),
    aic: z.optional(finite()),
    bic: z.optional(finite()),
    gradientNorm: z.optional(finite().check(z.refine((v) => v >= 0, 'a norm ≥ 0'))),
    hessianPositiveDefinite: z.optional(z.boolean()),
    groups: count(),
    iterations: count(),
    newtonSteps: z.optional(count()),
  }),
});
