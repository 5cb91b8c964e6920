import * as z from 'zod';
import { sqlTableNameSchema } from '../internal/sqlText.js';
import type { WarehouseProgress } from './warehouseProgress.js';
import { runWarehouseQuery, type WarehouseEngine, type WarehouseRow } from './warehouseEngine.js';
import { atStage } from '../internal/stageError.js';

/** The `onProgress` option's schema: a function, or absent. Internal. */
export const onProgressSchema = z.custom<(event: WarehouseProgress) => void>((v) => typeof v === 'function', 'a function (event) => void').optional();

/** `WarehouseTableOptions`' schema (`{ table, onProgress? }`), for functions that take nothing else. Internal. */
export const warehouseTableOptionsSchema = z.strictObject({ table: sqlTableNameSchema, onProgress: onProgressSchema });

/** The queries of one warehouse call, each at a named stage. Internal. */
export interface WarehouseJob {
  /**
   * Run one query at `stage` (an engine error is `engine_failed` naming it), count what it brought
   * out, and report it to `onProgress` (unless `report` is false: e.g. the hundreds of evaluations
   * a fit's own event sums up).
   */
  query(stage: string, sql: string, report?: boolean): Promise<readonly WarehouseRow[]>;
  /**
   * Time work done at a stage outside one query (a fit, a load, several quiet queries) and report
   * it with the rows that left the engine during it, or `rows(result)` when given (e.g. the rows
   * a load sent in). A refusal of another public function called in it is renamed to name `fn`
   * and the stage (`stageError`).
   */
  step<T>(stage: string, work: () => T | Promise<T>, rows?: (result: T) => number): Promise<T>;
  /** Result rows and values (rows × columns) that left the engine so far. */
  readonly transferred: { readonly rows: number; readonly values: number };
  /** Queries run so far (statements included). */
  readonly queries: number;
}

/**
 * One place where every warehouse function runs its queries: the stage names errors and progress
 * share, the timing `onProgress` hears, and the tally of rows and values out of the engine.
 * Internal: not exported from the package.
 */
export function warehouseJob(engine: WarehouseEngine, fn: string, onProgress?: (event: WarehouseProgress) => void): WarehouseJob {
  let rows = 0;
  let values = 0;
  let queries = 0;
  const seconds = (start: number) => (performance.now() - start) / 1000;
  return {
    async query(stage, sql, report = true) {
      const start = performance.now();
      const result = await runWarehouseQuery(engine, { function: fn, stage }, sql);
      queries++;
      rows += result.length;
      if (result.length > 0) values += result.length * Object.keys(result[0]).length;
      if (report) onProgress?.({ stage, rows: result.length, seconds: seconds(start) });
      return result;
    },
    async step(stage, work, count) {
      const start = performance.now();
      const before = rows;
      const result = await atStage(fn, stage, work);
      onProgress?.({ stage, rows: count ? count(result) : rows - before, seconds: seconds(start) });
      return result;
    },
    get transferred() {
      return { rows, values };
    },
    get queries() {
      return queries;
    },
  };
}
