import * as z from 'zod';
import { missingValuesSchema, type MissingValues } from '../../io/missingValues.js';
import { retentionPeriodUnitSchema, type RetentionPeriodUnit } from '../retention/cohortSurvivorsSpec.js';

export const discreteHistoryColumnsSchema = z
  .strictObject({
    frequency: z.string().min(1).default('frequency'),
    recency: z.string().min(1).default('recency'),
    periods: z.string().min(1).default('periods'),
    count: z.string().min(1).optional(),
  })
  .default({ frequency: 'frequency', recency: 'recency', periods: 'periods' });

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
  periodUnit: retentionPeriodUnitSchema,
  columns: discreteHistoryColumnsSchema,
  missing: missingValuesSchema.default('error'),
  maxIterations: z.number().int().min(1).default(500),
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
