import * as z from 'zod/mini';
import { MODEL_VERSION } from '../internal/modelVersion.js';
import { paretoNbdSpecSchema } from '../loyalty/clv/paretoNbdSpec.js';
import { count, finite, fittedSchema, positive } from './miniModelParts.js';

// The Pareto/NBD model schema, in zod/mini (issue 21): the predictions (paretoNbdProbabilityAlive,
// …ConditionalExpectedPurchases, …ExpectedPurchases, …PurchaseProbability,
// …DiscountedResidualTransactions) check a model against it at their door (assertModelOf), and the
// registry (kinds.ts) holds this same object. parseSpec reads it with the same English messages as
// the classic schema it replaces (modelSchemas.ts).

const paretoNbdParams = z.strictObject({ r: positive(), alpha: positive(), s: positive(), beta: positive() });

export const paretoNbdModelSchema = z.strictObject({
  kind: z.literal('paretoNbd'),
  version: z.literal(MODEL_VERSION),
  spec: paretoNbdSpecSchema,
  params: paretoNbdParams,
  // a shape held at its cap and its scale have no standard errors (null)
  standardErrors: z.nullable(
    z.strictObject({ r: z.nullable(positive()), alpha: z.nullable(positive()), s: z.nullable(positive()), beta: z.nullable(positive()) }),
  ),
  fitted: fittedSchema({
    logLikelihood: finite(),
    aic: finite(),
    bic: finite(),
    gradientNorm: finite().check(z.refine((v) => v >= 0, 'a norm ≥ 0')),
    hessianPositiveDefinite: z.boolean(),
    groups: count(),
    iterations: count(),
    newtonSteps: count(),
    // absent on models fitted before shapes were held at their cap
    heldAtCap: z.optional(z.array(z.strictObject({ parameter: z.enum(['r', 's']), slope: finite() }))),
  }),
});
