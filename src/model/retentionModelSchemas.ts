import * as z from 'zod/mini';
import { MODEL_VERSION } from '../internal/modelVersion.js';
import { count, discreteFitDiagnostics, finite, fittedSchema, positive } from './miniModelParts.js';
import { betaDiscreteWeibullSpecSchema } from '../loyalty/retention/betaDiscreteWeibullSpec.js';
import { shiftedBetaGeometricSpecSchema } from '../loyalty/retention/cohortSurvivorsSpec.js';

// The model schemas of the contractual retention kinds (sBG and BdW), in zod/mini (issue 21):
// retentionCurve, discountedExpectedResidualLifetime and retentionElasticity check a model
// against them at the door (assertModelOf), so a retention fitter with its scorer bundles without
// zod's classic API or the registry of every kind's schema. parseSpec reads both APIs with the
// same English messages: the refusals are those of the classic schemas they replace
// (test/loyalty/retention/retentionDoorIssues.test.ts recorded them before the move).

const shiftedBetaGeometricParams = z.strictObject({ alpha: positive(), beta: positive() });

export const shiftedBetaGeometricModelSchema = z.strictObject({
  kind: z.literal('shiftedBetaGeometric'),
  version: z.literal(MODEL_VERSION),
  spec: shiftedBetaGeometricSpecSchema,
  params: shiftedBetaGeometricParams,
  standardErrors: z.nullable(shiftedBetaGeometricParams),
  fitted: fittedSchema({ ...discreteFitDiagnostics(), cohorts: count(), periods: count() }),
});

const betaDiscreteWeibullParams = z.strictObject({ alpha: positive(), beta: positive(), c: positive() });

export const betaDiscreteWeibullModelSchema = z.strictObject({
  kind: z.literal('betaDiscreteWeibull'),
  version: z.literal(MODEL_VERSION),
  spec: betaDiscreteWeibullSpecSchema,
  params: betaDiscreteWeibullParams,
  standardErrors: z.nullable(z.strictObject({ alpha: positive(), beta: positive(), c: z.nullable(positive()) })),
  fitted: fittedSchema({
    ...discreteFitDiagnostics(),
    cohorts: count(),
    periods: count(),
    versusShiftedBetaGeometric: z.nullable(
      z.strictObject({
        logLikelihood: finite(),
        likelihoodRatio: finite().check(z.refine((v) => v >= 0, 'a statistic ≥ 0')),
        pValue: finite().check(z.refine((v) => v >= 0 && v <= 1, 'a probability')),
      }),
    ),
  }),
});
