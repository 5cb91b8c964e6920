import * as z from 'zod';
import { timeUnitSchema } from './timeUnits.js';

/** The zod schema of `CustomerValueReportSpec`, with its defaults. */
export const customerValueReportSpecSchema = z.strictObject({
  customer: z.string().min(1),
  date: z.string().min(1),
  amount: z.string().min(1),
  timeUnit: z._default(timeUnitSchema, 'week'),
  observationEnd: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'a date YYYY-MM-DD')
    .optional(),
  holdoutEnd: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'a date YYYY-MM-DD')
    .optional(),
  horizon: z.int().min(1).max(100_000).optional(),
  annualDiscountRate: z.number().min(0).max(10).default(0.1),
  lapseAfter: z.number().positive().optional(),
  title: z.string().default('your customers'),
  seed: z.int().default(1),
});
