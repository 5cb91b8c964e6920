import { daysFromDateValue } from '../internal/civilDays.js';
import { SQL_DOUBLE } from '../internal/sqlText.js';
import { DAYS_PER_UNIT } from '../internal/timeUnits.js';
import { repeatPurchaseTrackingFromCounts } from '../loyalty/clv/repeatPurchaseTrackingFromCounts.js';
import { compareReportModels, type ReportModelComparison, type ReportPurchaseModel } from '../loyalty/clv/reportModelComparison.js';
import type { TimeUnit } from '../value/timeUnit.js';
import { summaryQuery } from './summarizeTransactionsSql.js';
import { engineFailure, warehouseNumber, type WarehouseRow, type WarehouseStage } from './warehouseEngine.js';

/** What the warehouse report's model comparison reads: the log's columns and the two period ends (checked by `checkHoldout`). */
export interface ModelComparisonInWarehouseSpec {
  readonly customer: string;
  readonly date: string;
  readonly amount: string;
  readonly timeUnit: TimeUnit;
  /** The calibration end (the report's observation end) and the holdout end, `YYYY-MM-DD`. */
  readonly observationEnd: string;
  readonly holdoutEnd: string;
}

/**
 * The report's CLV model comparison (`spec.holdoutEnd`) computed on sufficient statistics only:
 * one query on the log, on `summarizeTransactionsSql`'s split summary (calibration to
 * `observationEnd`, holdout to `holdoutEnd`, the same rules), returns three aggregates in one
 * result (`part`):
 * - 0: the calibration histogram by (x, t_x, T) and holdout purchase days, with its customers —
 *   the three fits and every per-customer holdout error are exact from these groups;
 * - 1: customers per birth day (first purchase day, on or before the calibration end);
 * - 2: the repeat purchase days of those customers per day, to the holdout end.
 * The last two are what `repeatPurchaseTrackingFromCounts` needs, cut into periods here as
 * `repeatPurchaseTracking` cuts the log. Customers the summary refuses (an infinite amount) are
 * left out of all three. Returns the SQL text (written before anything runs) and the reader of
 * its rows, which fits and compares the models (`compareReportModels`, as the in-memory report).
 * Internal.
 */
export function modelComparisonInWarehouse(
  spec: ModelComparisonInWarehouseSpec,
  options: { readonly dialect: Parameters<typeof summaryQuery>[1]['dialect']; readonly table: string | readonly string[] },
  fn: string,
): {
  readonly sql: string;
  readonly compare: (
    rows: readonly WarehouseRow[],
    where: WarehouseStage,
  ) => { readonly comparison: ReportModelComparison; readonly model: ReportPurchaseModel };
} {
  const { ctes, columns, q } = summaryQuery(
    {
      customer: spec.customer,
      date: spec.date,
      amount: spec.amount,
      calibrationEnd: spec.observationEnd,
      observationEnd: spec.holdoutEnd,
      timeUnit: spec.timeUnit,
      missing: 'skip',
    },
    options,
    fn,
  );
  const double = SQL_DOUBLE[options.dialect];
  const cast = (expr: string) => `CAST(${expr} AS ${double})`;
  const [part, frequency, recency, T, holdout, customers, day, first, bad, purchase, refused] = [
    'part',
    'frequency',
    'recency',
    'T',
    'frequency_holdout',
    'customers',
    '__cv_day',
    '__cv_first',
    '__cv_bad',
    '__cv_purchase',
    '__cv_refused',
  ].map(q);
  const histogram = [frequency, recency, T, holdout];
  const sql =
    `WITH ${[...ctes, `${q('__cv_summary')} AS (SELECT ${columns.join(', ')} FROM ${q('__cv_customers')})`].join(',\n')}\n` +
    `SELECT 0 AS ${part}, ${histogram.map((c) => `${cast(c)} AS ${c}`).join(', ')}, COUNT(*) AS ${customers} FROM ${q('__cv_summary')} ` +
    `WHERE ${frequency} IS NOT NULL GROUP BY ${histogram.join(', ')}\n` +
    `UNION ALL SELECT 1, NULL, NULL, ${cast(first)}, NULL, COUNT(*) FROM ${q('__cv_customers')} WHERE ${first} IS NOT NULL AND ${bad} = 0 GROUP BY ${first}\n` +
    `UNION ALL SELECT 2, NULL, NULL, ${cast(day)}, NULL, COUNT(*) FROM ${q('__cv_dated')} ` +
    `WHERE ${purchase} = 1 AND ${first} IS NOT NULL AND ${refused} = 0 AND ${day} > ${first} GROUP BY ${day}\n` +
    `ORDER BY 1, 2, 3, 4, 5`;

  const compare = (rows: readonly WarehouseRow[], where: WarehouseStage) => {
    const read = (row: WarehouseRow, name: string, i: number) => warehouseNumber(row[name], where, name, i);
    const table = { frequency: [] as number[], recency: [] as number[], T: [] as number[], frequencyHoldout: [] as number[], customers: [] as number[] };
    const births: [number, number][] = [];
    const repeats: [number, number][] = [];
    rows.forEach((row, i) => {
      const kind = read(row, 'part', i);
      const count = read(row, 'customers', i);
      if (kind === 0) {
        table.frequency.push(read(row, 'frequency', i));
        table.recency.push(read(row, 'recency', i));
        table.T.push(read(row, 'T', i));
        table.frequencyHoldout.push(read(row, 'frequency_holdout', i));
        table.customers.push(count);
      } else (kind === 1 ? births : repeats).push([read(row, 'T', i), count]);
    });
    if (births.length === 0) throw engineFailure(where, 'no customer has a purchase by the observation end: nothing to compare');
    // the tracking's periods, cut as repeatPurchaseTracking cuts the log: whole periods from the first birth
    const unitDays = DAYS_PER_UNIT[spec.timeUnit];
    const calibrationDay = daysFromDateValue(spec.observationEnd);
    const endDay = daysFromDateValue(spec.holdoutEnd);
    const origin = Math.min(...births.map(([d]) => d));
    const periods = Math.floor((endDay - origin + 1) / unitDays);
    const actual = new Float64Array(Math.max(periods, 0));
    for (const [d, count] of repeats) {
      const k = Math.floor((d - origin) / unitDays);
      if (k < periods) actual[k] += count;
    }
    return compareReportModels(
      table,
      {
        timeUnit: spec.timeUnit,
        duration: (endDay - calibrationDay) / unitDays,
        start: spec.observationEnd,
        end: spec.holdoutEnd,
        count: 'customers',
      },
      (run) => run(),
      (model) => ({
        ...repeatPurchaseTrackingFromCounts(
          model,
          { birth: births.map(([d]) => (d - origin) / unitDays), customers: births.map(([, c]) => c) },
          { periods, columns: { customers: 'customers' }, actual },
        ),
        calibrationEnd: (calibrationDay + 1 - origin) / unitDays,
      }),
    );
  };
  return { sql, compare };
}
