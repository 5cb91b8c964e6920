import * as z from 'zod/mini';
import { missingValuesMiniSchema, type MissingValues } from '../../io/missingValues.js';
import { retentionPeriodUnitMiniSchema, type RetentionPeriodUnit } from '../retention/cohortSurvivorsSpec.js';

// The spec of `fitBetaGeoBetaBinomial`, apart from the fitter so that loading or scoring a model
// never pulls in the optimizer. In `zod/mini` (issue 21: a BG/BB fitter with its predictions
// bundles without zod's classic API); parseSpec reads it with the same English messages as the
// classic schema it replaces (test/loyalty/bgbbDoorIssues.test.ts recorded them before the move).
// fitBetaGeoBetaBinomialWithCovariates' spec takes its fields (`.shape`).

export const discreteHistoryColumnsSchema = z._default(
  z.strictObject({
    frequency: z._default(z.string().check(z.minLength(1)), 'frequency'),
    recency: z._default(z.string().check(z.minLength(1)), 'recency'),
    periods: z._default(z.string().check(z.minLength(1)), 'periods'),
    count: z.optional(z.string().check(z.minLength(1))),
  }),
  () => ({ frequency: 'frequency', recency: 'recency', periods: 'periods' }),
);

/** Columns of a discrete-time purchase history: one row per customer, or per distinct history with `count`. */
export interface DiscreteHistoryColumns {
  /** Opportunities with a transaction after the first (repeat transactions x, 0 ≤ x ≤ periods; default `frequency`). */
  readonly frequency?: string;
  /** The opportunity of the last transaction t_x (0 when x = 0, else x ≤ t_x ≤ periods; default `recency`). */
  readonly recency?: string;
  /** Transaction opportunities observed after the first transaction, n (default `periods`). */
  readonly periods?: string;
  /** Grouped input: customers sharing the row's history (a whole number ≥ 1); absent: one each. */
  readonly count?: string;
}

export const betaGeoBetaBinomialSpecSchema = z.strictObject({
  periodUnit: retentionPeriodUnitMiniSchema,
  columns: discreteHistoryColumnsSchema,
  missing: z._default(missingValuesMiniSchema, 'error'),
  maxIterations: z._default(z.number().check(z.int(), z.gte(1)), 500),
});

/** Spec of `fitBetaGeoBetaBinomial`. */
export interface BetaGeoBetaBinomialSpec {
  /** The time between two transaction opportunities (a year for annual donations): required, it sets the units of DERT. */
  readonly periodUnit: RetentionPeriodUnit;
  /** Column names (defaults `frequency`, `recency`, `periods`; `count` for grouped input). */
  readonly columns?: DiscreteHistoryColumns;
  /** Rows with a missing value: `'error'` (default) or `'skip'` (counted in `fitted.skipped`). */
  readonly missing?: MissingValues;
  /** BFGS iterations per starting point (default 500). */
  readonly maxIterations?: number;
}
