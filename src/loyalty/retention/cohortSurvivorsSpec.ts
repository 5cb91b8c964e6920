import * as z from 'zod';

/** The unit of one retention period (a contract's renewal cycle) or transaction opportunity. */
export type RetentionPeriodUnit = 'day' | 'week' | 'month' | 'quarter' | 'year';

/** Units a retention period can be in; always stated, never a default. */
export const retentionPeriodUnitSchema = z.enum(['day', 'week', 'month', 'quarter', 'year']) satisfies z.ZodType<RetentionPeriodUnit>;

/** Length of one period in days (a month is 365.25/12 days, a quarter 365.25/4, a year 365.25). */
export const DAYS_PER_PERIOD: Readonly<Record<RetentionPeriodUnit, number>> = { day: 1, week: 7, month: 365.25 / 12, quarter: 365.25 / 4, year: 365.25 };

/** Column names of a cohort survivor table (defaults `period`, `survivors`; no cohort column: one cohort). */
export const cohortColumnsSchema = z
  .strictObject({
    period: z.string().min(1).default('period'),
    survivors: z.string().min(1).default('survivors'),
    cohort: z.string().min(1).optional(),
  })
  .default({ period: 'period', survivors: 'survivors' });

/** Columns of a cohort survivor table: one row per cohort and period. */
export interface CohortSurvivorsColumns {
  /** Periods since the cohort was acquired: 0, 1, 2, … with none missing (default `period`). */
  readonly period?: string;
  /** Customers of the cohort still active at the start of the period (whole numbers, never increasing; default `survivors`). */
  readonly survivors?: string;
  /** The cohort each row belongs to, for several cohorts of different ages (absent: the table is one cohort). */
  readonly cohort?: string;
}

export const shiftedBetaGeometricSpecSchema = z.strictObject({
  periodUnit: retentionPeriodUnitSchema,
  columns: cohortColumnsSchema,
  maxIterations: z.number().int().min(1).default(500),
});

/** Spec of `fitShiftedBetaGeometric`. */
export interface ShiftedBetaGeometricSpec {
  /** The length of one period of the table (a renewal cycle): required, it sets the units of every prediction. */
  readonly periodUnit: RetentionPeriodUnit;
  /** Column names (defaults `period`, `survivors`; `cohort` for several cohorts). */
  readonly columns?: CohortSurvivorsColumns;
  /** BFGS iterations per starting point (default 500). */
  readonly maxIterations?: number;
}
