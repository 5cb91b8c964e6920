/**
 * A unit of time: `'day'`, `'week'` (7 days) or `'month'` (365.25 / 12 = 30.4375 days).
 * The unit of recency, tenure and horizons; always an explicit argument, never a default.
 */
export type TimeUnit = 'day' | 'week' | 'month';
