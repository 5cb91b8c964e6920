import { activityWindow, partialPeriodOf } from '../internal/activitySql.js';
import { customerFlowTable } from '../internal/customerFlowTable.js';
import type { CustomerFlowsResult } from '../loyalty/customerFlows.js';
import type { ActivitySqlSpec } from './cohortRetentionSql.js';
import { customerFlowsQuery } from './customerFlowsSql.js';
import { warehouseDoor, type WarehouseTableOptions } from '../internal/warehouseDoor.js';
import { warehouseNumber, type WarehouseEngine } from './warehouseEngine.js';

const FN = 'customerFlowsInWarehouse';

/**
 * `customerFlows` where the transactions live: one query (`customerFlowsSql`) counts, per
 * calendar period inside the engine, the customers active, new and retained from the previous
 * period, and only those counts and the window's counts come out (one row per period, nothing
 * per customer). The result is `customerFlows`' field for field: new / retained / returning /
 * lost per period, cumulative customers, retention and churn rates, the same calendar periods,
 * observation end (the latest date in the log when not given), rows after it counted, the period
 * it cuts short left out and named in `partialPeriod`, `rows` and `skipped` (`missing: 'skip'`
 * only). All counts are exact. Tested in DuckDB and PostgreSQL against `customerFlows` on CDNOW
 * and on a generated log with NULLs, NaN, refunds and rows after the end.
 *
 * The dialect is `engine.dialect`. A failing query rejects with `engine_failed` naming the
 * stage (`"flows"`) and the engine's message; nothing partial is returned.
 *
 * @throws {CustomerValueError} `invalid_spec` (as `customerFlowsSql`, the engine or the options);
 *   `engine_failed`; `invalid_value` (an infinite amount); `too_few_rows` (no row without a missing value).
 * @example
 * // A stand-in engine answering the flows query with fixed rows: 2024-01 .. 2024-03 by month
 * const counts = { log_rows: 5n, present_rows: 5n, after_end: 0n, last_day: 19813n, infinite_rows: 0n };
 * const cells = [
 *   { period: 24288, active: 2n, new_customers: 2n, retained: 0n, cell_rows: 2n },
 *   { period: 24289, active: 2n, new_customers: 1n, retained: 1n, cell_rows: 2n },
 *   { period: 24290, active: 1n, new_customers: 0n, retained: 0n, cell_rows: 1n },
 * ];
 * const engine = { dialect: 'snowflake', query: () => cells.map((cell) => ({ ...counts, ...cell })) };
 * const spec = { customer: 'customer', date: 'date', period: 'month', observationEnd: '2024-03-31', missing: 'skip' };
 * const { flows } = await customerFlowsInWarehouse(engine, spec, { table: 'orders' });
 * flows.map((f) => [f.period, f.active, f.new, f.retained, f.returning, f.lost]); // => [['2024-01', 2, 2, 0, 0, 0], ['2024-02', 2, 1, 1, 0, 1], ['2024-03', 1, 0, 0, 1, 2]]
 * flows[1].retentionRate; // => 0.5
 */
export async function customerFlowsInWarehouse(engine: WarehouseEngine, spec: ActivitySqlSpec, options: WarehouseTableOptions): Promise<CustomerFlowsResult> {
  const { options: o, job } = warehouseDoor(FN, engine, options);
  const { sql, query } = customerFlowsQuery(spec, { dialect: engine.dialect, table: o.table }, FN);
  const where = { function: FN, stage: 'flows' };
  const rows = await job.query(where.stage, sql);
  const window = activityWindow(rows, query, where);
  const period = query.spec.period;
  // periods of complete activity; the partial one is the latest, so it moves no earlier count
  const kept: { period: number; active: number; new: number; retained: number }[] = [];
  let inPartial = 0;
  rows.forEach((row, i) => {
    if (row.period === null || row.period === undefined) return; // the counts row of an empty window
    const p = warehouseNumber(row.period, where, 'period', i);
    if (p === window.partial) {
      inPartial += warehouseNumber(row.cell_rows, where, 'cell_rows', i);
      return;
    }
    kept.push({
      period: p,
      active: warehouseNumber(row.active, where, 'active', i),
      new: warehouseNumber(row.new_customers, where, 'new_customers', i),
      retained: warehouseNumber(row.retained, where, 'retained', i),
    });
  });
  const firstPeriod = kept.length === 0 ? 0 : Math.min(...kept.map((k) => k.period));
  const span = kept.length === 0 ? 0 : Math.max(...kept.map((k) => k.period)) - firstPeriod + 1;
  const active = new Float64Array(span);
  const isNew = new Float64Array(span);
  const retained = new Float64Array(span);
  for (const k of kept) {
    active[k.period - firstPeriod] = k.active;
    isNew[k.period - firstPeriod] = k.new;
    retained[k.period - firstPeriod] = k.retained;
  }
  return {
    flows: customerFlowTable({ firstPeriod, span, active, new: isNew, retained }, period),
    rows: window.rows,
    skipped: window.skipped,
    observationEnd: window.observationEnd,
    afterObservationEnd: window.afterObservationEnd,
    partialPeriod: partialPeriodOf(window, period, inPartial),
  };
}
