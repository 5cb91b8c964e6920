import * as z from 'zod/mini';
import { MODEL_VERSION } from '../internal/modelVersion.js';
import { betaGeoBetaBinomialSpecSchema } from '../loyalty/clv/betaGeoBetaBinomialSpec.js';
import { count, discreteFitDiagnostics, fittedSchema, positive } from './miniModelParts.js';

// The BG/BB model schema, in zod/mini (issue 21): betaGeoBetaBinomialPredictions,
// betaGeoBetaBinomialExpectedTransactions and betaGeoBetaBinomialTransactionProbability check a
// model against it at their door (assertModelOf), and the registry (kinds.ts) holds this same
// object. parseSpec reads it with the same English messages as the classic schema it replaces
// (test/loyalty/bgbbDoorIssues.test.ts recorded them before the move).

const betaGeoBetaBinomialParams = z.strictObject({ alpha: positive(), beta: positive(), gamma: positive(), delta: positive() });

export const betaGeoBetaBinomialModelSchema = z.strictObject({
  kind: z.literal('betaGeoBetaBinomial'),
  version: z.literal(MODEL_VERSION),
  spec: betaGeoBetaBinomialSpecSchema,
  params: betaGeoBetaBinomialParams,
  standardErrors: z.nullable(betaGeoBetaBinomialParams),
  fitted: fittedSchema({ ...discreteFitDiagnostics(), groups: count() }),
});
