import * as z from 'zod/mini';
import { cohortColumnsSchema, retentionPeriodUnitMiniSchema, type CohortSurvivorsColumns, type RetentionPeriodUnit } from './cohortSurvivorsSpec.js';

// zod/mini (issue 21): fitBetaDiscreteWeibull and its scorers stay under 40 KB gzipped with their
// validation; parseSpec gives the same English messages as the classic API.
export const betaDiscreteWeibullSpecSchema = z.strictObject({
  periodUnit: retentionPeriodUnitMiniSchema,
  columns: cohortColumnsSchema,
  c: z.optional(z.number().check(z.positive(), z.lte(100))),
  maxIterations: z._default(z.number().check(z.int(), z.gte(1)), 500),
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
