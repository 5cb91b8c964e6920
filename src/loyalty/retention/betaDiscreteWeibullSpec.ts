import * as z from 'zod';
import { cohortColumnsSchema, retentionPeriodUnitSchema, type CohortSurvivorsColumns, type RetentionPeriodUnit } from './cohortSurvivorsSpec.js';

export const betaDiscreteWeibullSpecSchema = z.strictObject({
  periodUnit: retentionPeriodUnitSchema,
  columns: cohortColumnsSchema,
  c: z.number().positive().max(100).optional(),
  maxIterations: z.number().int().min(1).default(500),
});

/** Spec of `fitBetaDiscreteWeibull`. */
export interface BetaDiscreteWeibullSpec {
  /** The length of one period of the table (a renewal cycle): required, it sets the units of every prediction. */
  readonly periodUnit: RetentionPeriodUnit;
  /** Column names (defaults `period`, `survivors`; `cohort` for several cohorts). */
  readonly columns?: CohortSurvivorsColumns;
  /** Fix the shape c instead of estimating it (c = 1 is the sBG); absent: estimated. */
  readonly c?: number;
  /** BFGS iterations per starting point (default 500). */
  readonly maxIterations?: number;
}
