import { activityWindow, partialPeriodOf } from '../internal/activitySql.js';
import { cohortMatrix } from '../internal/cohortMatrix.js';
import type { CohortRetentionResult } from '../loyalty/cohortRetention.js';
import { cohortRetentionQuery, type ActivitySqlSpec } from './cohortRetentionSql.js';
import { warehouseDoor, type WarehouseTableOptions } from '../internal/warehouseDoor.js';
import { warehouseNumber, type WarehouseEngine } from './warehouseEngine.js';

const FN = 'cohortRetentionInWarehouse';

/**
 * `cohortRetention` where the transactions live: one query (`cohortRetentionSql`) groups the log
 * into (cohort, period) cells with their distinct active customers inside the engine, and only
 * those cells and the window's counts come out (at most periods² rows, nothing per customer).
 * The result is `cohortRetention`'s, field for field: the same calendar periods, observation end
 * (the latest date in the log when not given), rows after it counted in
 * `afterObservationEnd`, the period it cuts short left out and named in `partialPeriod`,
 * `rows` and `skipped` (`missing: 'skip'` only). Counts are exact; `revenue` is the engine's
 * double `SUM`, equal to the in-memory sum to rounding. Tested in DuckDB and PostgreSQL against
 * `cohortRetention` on CDNOW and on a generated log with NULLs, NaN, refunds and rows after the end.
 *
 * The dialect is `engine.dialect`. A failing query rejects with `engine_failed` naming the
 * stage (`"cohort cells"`) and the engine's message; nothing partial is returned.
 *
 * @throws {CustomerValueError} `invalid_spec` (as `cohortRetentionSql`, the engine or the options);
 *   `engine_failed`; `invalid_value` (an infinite amount); `too_few_rows` (no row without a missing value).
 * @example
 * // A stand-in engine answering the cells query with fixed rows (a real one runs it:
 * // `duckdbEngine` from customer-value/duckdb, or ten lines around your client)
 * const counts = { log_rows: 7n, present_rows: 6n, after_end: 0n, last_day: 19813n, infinite_rows: 0n };
 * const cells = [
 *   { cohort: 24288, period: 24288, active: 2n, cell_rows: 2n }, // 2024-01: a and b
 *   { cohort: 24288, period: 24289, active: 1n, cell_rows: 1n },
 *   { cohort: 24288, period: 24290, active: 1n, cell_rows: 1n },
 *   { cohort: 24289, period: 24289, active: 1n, cell_rows: 1n }, // 2024-02: c
 *   { cohort: 24289, period: 24290, active: 1n, cell_rows: 1n },
 * ];
 * const engine = { dialect: 'postgres', query: () => cells.map((cell) => ({ ...counts, ...cell })) };
 * const spec = { customer: 'customer', date: 'date', period: 'month', observationEnd: '2024-03-31', missing: 'skip' };
 * const result = await cohortRetentionInWarehouse(engine, spec, { table: 'orders' });
 * result.cohorts; // => ['2024-01', '2024-02']
 * result.active; // => [[2, 1, 1], [1, 1, null]]
 * [result.rows, result.skipped]; // => [7, 1]
 */
export async function cohortRetentionInWarehouse(
  engine: WarehouseEngine,
  spec: ActivitySqlSpec,
  options: WarehouseTableOptions,
): Promise<CohortRetentionResult> {
  const { options: o, job } = warehouseDoor(FN, engine, options);
  const { sql, query } = cohortRetentionQuery(spec, { dialect: engine.dialect, table: o.table }, FN);
  const where = { function: FN, stage: 'cohort cells' };
  const rows = await job.query(where.stage, sql);
  const window = activityWindow(rows, query, where);
  const period = query.spec.period;
  // the cells of complete periods; the partial one is the latest period, so it moves no cohort
  const kept: { cohort: number; period: number; active: number; revenue: number }[] = [];
  let inPartial = 0;
  let first = Infinity;
  let last = -Infinity;
  rows.forEach((row, i) => {
    if (row.cohort === null || row.cohort === undefined) return; // the counts row of an empty window
    const cell = {
      cohort: warehouseNumber(row.cohort, where, 'cohort', i),
      period: warehouseNumber(row.period, where, 'period', i),
      active: warehouseNumber(row.active, where, 'active', i),
      revenue: query.spec.amount ? warehouseNumber(row.revenue, where, 'revenue', i) : 0,
    };
    if (cell.period === window.partial) {
      inPartial += warehouseNumber(row.cell_rows, where, 'cell_rows', i);
      return;
    }
    kept.push(cell);
    first = Math.min(first, cell.cohort);
    last = Math.max(last, cell.period);
  });
  const firstPeriod = kept.length === 0 ? 0 : first;
  const span = kept.length === 0 ? 0 : last - firstPeriod + 1;
  const active = new Float64Array(span * span);
  const revenue = query.spec.amount ? new Float64Array(span * span) : null;
  for (const cell of kept) {
    const at = (cell.cohort - firstPeriod) * span + (cell.period - cell.cohort);
    active[at] = cell.active;
    if (revenue) revenue[at] = cell.revenue;
  }
  return {
    ...cohortMatrix({ firstPeriod, span, active, revenue }, period),
    period,
    rows: window.rows,
    skipped: window.skipped,
    observationEnd: window.observationEnd,
    afterObservationEnd: window.afterObservationEnd,
    partialPeriod: partialPeriodOf(window, period, inPartial),
  };
}
