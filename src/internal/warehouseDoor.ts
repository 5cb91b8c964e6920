import * as z from 'zod';
import { CustomerValueError } from '../errors.js';
import { parseSpec } from './parseSpec.js';
import { checkEngine, type WarehouseEngine } from '../warehouse/warehouseEngine.js';
import { warehouseJob, warehouseTableOptionsSchema, type WarehouseJob } from '../warehouse/warehouseJob.js';
export type { WarehouseTableOptions } from '../warehouse/warehouseTableOptions.js';

// What every `...InWarehouse` function checks at its door, the same way in each: the engine (a
// dialect it can write and a query function: `checkEngine`) and the options (`{ table,
// onProgress? }`, or a schema extending it); then its queries run through one `warehouseJob`.
// Internal: not exported from the package.

/** Check the engine and the options; returns the parsed options and the job the queries run in. */
export function warehouseDoor<S extends z.ZodType<{ onProgress?: ((event: never) => void) | undefined }> = typeof warehouseTableOptionsSchema>(
  fn: string,
  engine: WarehouseEngine,
  options: unknown,
  schema?: S,
): { options: z.output<S>; job: WarehouseJob } {
  checkEngine(engine, fn);
  const o = parseSpec((schema ?? warehouseTableOptionsSchema) as S, options, fn, 'options');
  return { options: o, job: warehouseJob(engine, fn, o.onProgress as Parameters<typeof warehouseJob>[2]) };
}

/** `requireSkip`'s hint for the customer-table statistics (value pyramid, RFM): what is left out and where it is counted. */
export const STATISTICS_SKIP_HINT =
  "pass missing: 'skip' (customers with a NULL or NaN in a spec column are left out and counted: statistics.rows − statistics.n)";

/** Refuse values the in-memory fit refuses (±Infinity; ≤ −1 under log1p), counted by the moments stage. */
export function refusedValues(fn: string, column: string, count: number, log1p: boolean): CustomerValueError {
  return new CustomerValueError('invalid_value', `${fn}: ${count} rows of column "${column}" hold a value the fit refuses`, [
    {
      function: fn,
      column,
      expected: log1p ? 'a finite number > −1 (log1p)' : 'a finite number',
      received: `${count} rows with ${log1p ? '±Infinity or a value ≤ −1' : '±Infinity'}`,
      hint: 'find them with a query on the table (the in-memory fit names each row)',
    },
  ]);
}
