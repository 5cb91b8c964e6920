import * as z from 'zod/mini';
import { MODEL_VERSION } from '../internal/modelVersion.js';
import { modifiedBetaGeoSpecSchema } from '../loyalty/clv/modifiedBetaGeoSpec.js';
import { count, discreteFitDiagnostics, fittedSchema, positive } from './miniModelParts.js';

// The MBG/NBD model schema, in zod/mini (issue 21): the predictions (modifiedBetaGeoProbabilityAlive,
// …ConditionalExpectedPurchases, …ExpectedPurchases, …PurchaseProbability) check a model against
// it at their door (assertModelOf), and the registry (kinds.ts) holds this same object. parseSpec
// reads it with the same English messages as the classic schema it replaces (modelSchemas.ts).

const modifiedBetaGeoParams = z.strictObject({ r: positive(), alpha: positive(), a: positive(), b: positive() });

export const modifiedBetaGeoModelSchema = z.strictObject({
  kind: z.literal('modifiedBetaGeo'),
  version: z.literal(MODEL_VERSION),
  spec: modifiedBetaGeoSpecSchema,
  params: modifiedBetaGeoParams,
  standardErrors: z.nullable(modifiedBetaGeoParams),
  fitted: fittedSchema({ ...discreteFitDiagnostics(), groups: count() }),
});
