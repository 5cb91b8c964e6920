import * as z from 'zod/mini';
import type { TimeUnit } from '../value/timeUnit.js';

/**
 * Units of time the library accepts. Always an explicit argument, never a default. In `zod/mini`
 * (issue 21: `fitBetaGeo`'s door holds no classic zod); classic schemas take it as a field, with
 * `z.optional(timeUnitSchema)` or `z._default(timeUnitSchema, …)` for the methods mini lacks.
 */
export const timeUnitSchema = z.enum(['day', 'week', 'month']) satisfies z.ZodMiniType<TimeUnit>;

/** Length of one unit in days. A month is the mean Gregorian month, 30.4375 days. */
export const DAYS_PER_UNIT: Readonly<Record<TimeUnit, number>> = { day: 1, week: 7, month: 365.25 / 12 };
