import * as z from 'zod/mini';
import { civilFromDays, daysFromCivil, isoDateOfDay } from '../internal/civilDays.js';

/** Calendar periods for cohorts and flows. Weeks start on Monday (ISO 8601). */
/** A calendar period for cohorts and flows: ISO weeks, months, quarters or years. */
export type CalendarPeriod = 'week' | 'month' | 'quarter' | 'year';
export const calendarPeriodSchema = z.enum(['week', 'month', 'quarter', 'year'] satisfies CalendarPeriod[]);

/** Index of the calendar period holding an epoch day (consecutive periods have consecutive indexes). */
export function periodIndex(epochDay: number, period: CalendarPeriod): number {
  if (period === 'week') return Math.floor((epochDay + 3) / 7); // 1970-01-01 was a Thursday
  const [year, month] = civilFromDays(epochDay);
  if (period === 'month') return year * 12 + (month - 1);
  if (period === 'quarter') return year * 4 + Math.floor((month - 1) / 3);
  return year;
}

/** Label of a period index: `2024-03-04` (the Monday of a week), `2024-03`, `2024-Q1`, `2024`. */
export function periodLabel(index: number, period: CalendarPeriod): string {
  if (period === 'week') return isoDateOfDay(index * 7 - 3);
  if (period === 'month') return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
  if (period === 'quarter') return `${Math.floor(index / 4)}-Q${(index % 4) + 1}`;
  return String(index);
}

/** First epoch day of a period (used in tests and reports). */
export function periodStart(index: number, period: CalendarPeriod): number {
  if (period === 'week') return index * 7 - 3;
  if (period === 'month') return daysFromCivil(Math.floor(index / 12), (index % 12) + 1, 1);
  if (period === 'quarter') return daysFromCivil(Math.floor(index / 4), (index % 4) * 3 + 1, 1);
  return daysFromCivil(index, 1, 1);
}
