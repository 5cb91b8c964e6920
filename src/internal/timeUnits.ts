import { z } from 'zod';

/** Units of time the library accepts. Always an explicit argument, never a default. */
export const timeUnitSchema = z.enum(['day', 'week', 'month']);

/** A unit of time: `'day'`, `'week'` (7 days) or `'month'` (365.25 / 12 = 30.4375 days). */
/** The unit of recency, tenure and horizons: a month is 365.25 / 12 days. */
export type TimeUnit = 'day' | 'week' | 'month';

/** Length of one unit in days. A month is the mean Gregorian month, 30.4375 days. */
export const DAYS_PER_UNIT: Readonly<Record<TimeUnit, number>> = { day: 1, week: 7, month: 365.25 / 12 };
