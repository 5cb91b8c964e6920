import { z } from 'zod';
import { sqlTableNameSchema } from '../internal/sqlText.js';
import type { WarehouseProgress } from './warehouseProgress.js';
import { runWarehouseQuery, type WarehouseEngine, type WarehouseRow } from './warehouseEngine.js';

/** The `onProgress` option's schema: a function, or absent. Internal. */
export const onProgressSchema = z.custom<(event: WarehouseProgress) => void>((v) => typeof v === 'function', 'a function (event) => void').optional();

/** `WarehouseTableOptions`' schema (`{ table, onProgress? }`), for functions that take nothing else. Internal. */
export const warehouseTableOptionsSchema = z.strictObject({ table: sqlTableNameSchema, onProgress: onProgressSchema });

/** The queries of one warehouse call, each at a named stage. Internal. */
export interface WarehouseJob {
  /** Run one query at `stage` (an engine error is `engine_failed` naming it), report it to `onProgress`, count what it brought out. */
  query(stage: string, sql: string): Promise<readonly WarehouseRow[]>;
  /** Time work done outside the engine (a fit) and report it as a stage with 0 rows. */
  step<T>(stage: string, work: () => T | Promise<T>): Promise<T>;
  /** Result rows and values (rows × columns) that left the engine so far. */
  readonly transferred: { readonly rows: number; readonly values: number };
}

/**
 * One place where every warehouse function runs its queries: the stage names errors and progress
 * share, the timing `onProgress` hears, and the tally of rows and values out of the engine.
 * Internal: not exported from the package.
 */
export function warehouseJob(engine: WarehouseEngine, fn: string, onProgress?: (event: WarehouseProgress) => void): WarehouseJob {
  let rows = 0;
  let values = 0;
  const step = async <T>(stage: string, work: () => T | Promise<T>, count: (result: T) => number = () => 0): Promise<T> => {
    const start = performance.now();
    const result = await work();
    const counted = count(result);
    onProgress?.({ stage, rows: counted, seconds: (performance.now() - start) / 1000 });
    return result;
  };
  return {
    query: (stage, sql) =>
      step(
        stage,
        () => runWarehouseQuery(engine, { function: fn, stage }, sql),
        (result) => {
          rows += result.length;
          if (result.length > 0) values += result.length * Object.keys(result[0]).length;
          return result.length;
        },
      ),
    step: (stage, work) => step(stage, work),
    get transferred() {
      return { rows, values };
    },
  };
}
