import * as z from 'zod';
import type { TimeUnit } from '../value/timeUnit.js';

/** Units of time the library accepts. Always an explicit argument, never a default. */
export const timeUnitSchema = z.enum(['day', 'week', 'month']) satisfies z.ZodType<TimeUnit>;

/** Length of one unit in days. A month is the mean Gregorian month, 30.4375 days. */
export const DAYS_PER_UNIT: Readonly<Record<TimeUnit, number>> = { day: 1, week: 7, month: 365.25 / 12 };
