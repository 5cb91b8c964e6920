import * as zm from 'zod/mini';

// The sBG spec and the cohort columns in zod/mini (issue 21): a fitter and its scorer stay under
// 40 KB gzipped with their validation; parseSpec gives the same English messages as the classic API.

/** The unit of one retention period (a contract's renewal cycle) or transaction opportunity. */
export type RetentionPeriodUnit = 'day' | 'week' | 'month' | 'quarter' | 'year';

const RETENTION_PERIOD_UNITS = ['day', 'week', 'month', 'quarter', 'year'] as const satisfies readonly RetentionPeriodUnit[];

/**
 * Units a retention period or a transaction opportunity can be in; always stated, never a default.
 * In `zod/mini` (issue 21); a classic schema takes it as a field, or as
 * `z.optional(retentionPeriodUnitMiniSchema)`, with the same messages through `parseSpec`.
 */
export const retentionPeriodUnitMiniSchema = zm.enum(RETENTION_PERIOD_UNITS);

/** Length of one period in days (a month is 365.25/12 days, a quarter 365.25/4, a year 365.25). */
export const DAYS_PER_PERIOD: Readonly<Record<RetentionPeriodUnit, number>> = { day: 1, week: 7, month: 365.25 / 12, quarter: 365.25 / 4, year: 365.25 };

/** Column names of a cohort survivor table (defaults `period`, `survivors`; no cohort column: one cohort). */
export const cohortColumnsSchema = zm._default(
  zm.strictObject({
    period: zm._default(zm.string().check(zm.minLength(1)), 'period'),
    survivors: zm._default(zm.string().check(zm.minLength(1)), 'survivors'),
    cohort: zm.optional(zm.string().check(zm.minLength(1))),
  }),
  () => ({ period: 'period', survivors: 'survivors' }),
);

/** Columns of a cohort survivor table: one row per cohort and period. */
export interface CohortSurvivorsColumns {
  /** Periods since the cohort was acquired: 0, 1, 2, … with none missing (default `period`). */
  readonly period?: string;
  /** Customers of the cohort still active at the start of the period (whole numbers, never increasing; default `survivors`). */
  readonly survivors?: string;
  /** The cohort each row belongs to, for several cohorts of different ages (absent: the table is one cohort). */
  readonly cohort?: string;
}

export const shiftedBetaGeometricSpecSchema = zm.strictObject({
  periodUnit: retentionPeriodUnitMiniSchema,
  columns: cohortColumnsSchema,
  maxIterations: zm._default(zm.number().check(zm.int(), zm.gte(1)), 500),
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
