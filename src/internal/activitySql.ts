import { requireSkip } from './requireSkip.js';
import * as z from 'zod';
import { CustomerValueError, describeValue } from '../errors.js';
import { daysFromDateValue, isoDateOfDay } from './civilDays.js';
import { requireRows } from './columnReader.js';
import { parseSpec, specError } from './parseSpec.js';
import { quoteIdentifier, SQL_DOUBLE, sqlNumber, sqlIsNaN, sqlDayNumber, quoteTableName } from './sqlText.js';
import { missingValuesSchema } from '../io/missingValues.js';
import { calendarPeriodSchema, periodIndex, periodLabel, periodStart, type CalendarPeriod } from '../loyalty/calendarPeriods.js';
import type { PartialPeriod } from '../loyalty/readActivity.js';
import { SQL_DIALECTS } from '../scoring/toSql.js';
import { warehouseNumber, type WarehouseRow, type WarehouseStage } from '../warehouse/warehouseEngine.js';
import { dateValueSchema } from './dateValueSchema.js';

// The activity log in SQL, shared by cohortRetentionSql and customerFlowsSql: each row's calendar
// period computed in the engine, missing: 'skip', the observation end, and one row of window
// counts (rows, skipped, after the end, the latest day) that the JS finish turns into
// readActivity's counts and partial period. Internal: not exported from the package.

export const activitySqlSpecSchema = z.strictObject({
  customer: z.string().min(1),
  date: z.string().min(1),
  period: calendarPeriodSchema,
  amount: z.string().min(1).optional(),
  // the shared vocabulary; 'error' is refused below (SQL cannot stop at a missing value in every engine)
  missing: missingValuesSchema,
  observationEnd: z.optional(dateValueSchema()),
});

export const warehouseSqlOptionsSchema = z.strictObject({
  dialect: z.enum(SQL_DIALECTS),
  table: z.union([z.string().min(1), z.array(z.string().min(1)).min(1).max(3)]),
});

export type ActivitySqlSpecParsed = z.output<typeof activitySqlSpecSchema>;

/** The CTEs every activity query starts with: `__cv_counts` (one row) and `__cv_kept` (customer, day, period[, amount]). */
export interface ActivityQuery {
  readonly ctes: readonly string[];
  readonly q: (name: string) => string;
  readonly spec: ActivitySqlSpecParsed;
  /** The observation end as an epoch day, NaN when it is the latest date in the log. */
  readonly endDay: number;
  /** The output columns of `__cv_counts`, for the final SELECT. */
  readonly countColumns: readonly string[];
}

export function activityQuery(spec: unknown, options: unknown, fn: string): ActivityQuery {
  const s = parseSpec(activitySqlSpecSchema, spec, fn);
  const o = parseSpec(warehouseSqlOptionsSchema, options, fn, 'options');
  let endDay = Number.NaN;
  if (s.observationEnd !== undefined) {
    endDay = daysFromDateValue(s.observationEnd);
    if (endDay !== endDay) throw specError(fn, 'spec.observationEnd', "a date: a Date, 'YYYY-MM-DD' or a YYYYMMDD integer", describeValue(s.observationEnd));
  }
  requireSkip(
    fn,
    s.missing,
    `pass missing: 'skip' (rows with a NULL customer or date${s.amount ? ', or a NULL or NaN amount,' : ''} are left out and counted in skipped)`,
  );
  const d = o.dialect;
  const q = (name: string) => quoteIdentifier(name, d, fn, 'internal name', { path: 'options' });
  const column = (name: string) => quoteIdentifier(name, d, fn, 'column name', { column: name });
  const table = quoteTableName(o.table, d, fn, 'options.table');
  const num = (v: number) => sqlNumber(v, d, fn);
  const double = SQL_DOUBLE[d];
  const date = `CAST(${column(s.date)} AS DATE)`;
  // Spark: YEAR(d), MONTH(d), QUARTER(d) (its EXTRACT is 3.0+); the others: EXTRACT(field FROM d)
  const field = (name: 'YEAR' | 'MONTH' | 'QUARTER') => (d === 'spark' ? `${name}(${date})` : `EXTRACT(${name} FROM ${date})`);
  const periodExpr: Record<CalendarPeriod, string> = {
    // ISO weeks: 1970-01-01 was a Thursday (periodIndex); FLOOR of a double, exact for any date
    week: `FLOOR(CAST(${sqlDayNumber(date, d)} + 3 AS ${double}) / 7)`,
    month: `${field('YEAR')} * 12 + ${field('MONTH')} - 1`,
    quarter: `${field('YEAR')} * 4 + ${field('QUARTER')} - 1`,
    year: field('YEAR'),
  };
  const [customer, day, period, amount] = ['customer', 'day', 'period', 'amount'].map((name) => q(`__cv_${name}`));
  const read = [
    `${column(s.customer)} AS ${customer}`,
    `${sqlDayNumber(date, d)} AS ${day}`,
    `${periodExpr[s.period]} AS ${period}`,
    ...(s.amount ? [`CAST(${column(s.amount)} AS ${double}) AS ${amount}`] : []),
  ];
  const isNaN = (x: string) => sqlIsNaN(x, d);
  const present = [customer, day, ...(s.amount ? [amount] : [])].map((x) => `${x} IS NOT NULL`).concat(s.amount ? [`NOT (${isNaN(amount)})`] : []);
  const presentCondition = present.join(' AND ');
  const finite = `${amount} >= ${num(-Number.MAX_VALUE)} AND ${amount} <= ${num(Number.MAX_VALUE)}`;
  const counted = (condition: string) => `SUM(CASE WHEN ${condition} THEN 1 ELSE 0 END)`;
  const hasEnd = endDay === endDay;
  const ctes = [
    `${q('__cv_rows')} AS (SELECT ${read.join(', ')} FROM ${table})`,
    // the window: every row, the rows with nothing missing, those after the end, the latest day, infinite amounts
    `${q('__cv_counts')} AS (SELECT COUNT(*) AS ${q('log_rows')}, ${counted(presentCondition)} AS ${q('present_rows')}, ` +
      `${hasEnd ? counted(`${presentCondition} AND ${day} > ${endDay}`) : '0'} AS ${q('after_end')}, ` +
      `MAX(CASE WHEN ${presentCondition} THEN ${day} END) AS ${q('last_day')}, ` +
      `${s.amount ? counted(`${presentCondition} AND NOT (${finite})`) : '0'} AS ${q('infinite_rows')} FROM ${q('__cv_rows')})`,
    `${q('__cv_kept')} AS (SELECT * FROM ${q('__cv_rows')} WHERE ${presentCondition}${hasEnd ? ` AND ${day} <= ${endDay}` : ''})`,
  ];
  const countColumns = ['log_rows', 'present_rows', 'after_end', 'last_day', 'infinite_rows'].map((name) => `${q('__cv_counts')}.${q(name)}`);
  return { ctes, q, spec: s, endDay, countColumns };
}

/** The window as readActivity reports it, from the counts the query returns on every row. */
export interface ActivityWindow {
  readonly rows: number;
  readonly skipped: number;
  readonly afterObservationEnd: number;
  readonly endDay: number;
  /** The period index the end cuts short, or null. */
  readonly partial: number | null;
  readonly observationEnd: string;
}

/** Read the window counts (the first row; every row repeats them) and apply readActivity's rules. */
export function activityWindow(rows: readonly WarehouseRow[], query: ActivityQuery, where: WarehouseStage): ActivityWindow {
  if (rows.length === 0)
    throw new CustomerValueError('engine_failed', `${where.function}: the ${where.stage} query returned no rows`, [
      { function: where.function, expected: 'at least the row of window counts', received: 'no rows' },
    ]);
  const first = rows[0];
  const logRows = warehouseNumber(first.log_rows, where, 'log_rows', 0);
  const present = warehouseNumber(first.present_rows ?? 0, where, 'present_rows', 0);
  const infinite = warehouseNumber(first.infinite_rows ?? 0, where, 'infinite_rows', 0);
  requireRows(where.function, present, 1, 'transactions');
  if (infinite > 0) {
    throw new CustomerValueError('invalid_value', `${where.function}: ${infinite} row(s) have an infinite amount`, [
      {
        function: where.function,
        column: query.spec.amount,
        expected: 'a finite transaction amount',
        received: `${infinite} row(s) with an infinite value`,
        hint: 'find them with a query on the log (amount = the dialect’s infinity) and correct or exclude them',
      },
    ]);
  }
  const endDay = query.endDay === query.endDay ? query.endDay : warehouseNumber(first.last_day, where, 'last_day', 0);
  const endPeriod = periodIndex(endDay, query.spec.period);
  const partial = periodStart(endPeriod + 1, query.spec.period) - 1 > endDay ? endPeriod : null;
  return {
    rows: logRows,
    skipped: logRows - present,
    afterObservationEnd: warehouseNumber(first.after_end ?? 0, where, 'after_end', 0),
    endDay,
    partial,
    observationEnd: isoDateOfDay(endDay),
  };
}

/** The partial period named as readActivity names it, with its rows. */
export function partialPeriodOf(window: ActivityWindow, period: CalendarPeriod, rows: number): PartialPeriod | null {
  if (window.partial === null) return null;
  return {
    period: periodLabel(window.partial, period),
    from: isoDateOfDay(periodStart(window.partial, period)),
    to: isoDateOfDay(periodStart(window.partial + 1, period) - 1),
    rows,
  };
}
