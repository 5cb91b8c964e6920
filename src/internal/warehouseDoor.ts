import { z } from 'zod';
import { CustomerValueError } from '../errors.js';
import { parseSpec, specError } from './parseSpec.js';
import { SQL_DIALECTS, type SqlDialect } from '../scoring/toSql.js';
import type { WarehouseEngine } from '../warehouse/warehouseEngine.js';
import { sqlTableNameSchema } from './sqlText.js';
export type { WarehouseTableOptions } from '../warehouse/warehouseTableOptions.js';

// What every `...InWarehouse` statistics function checks at its door: the engine (a dialect it
// can write and a query function), the options ({ table }), and missing: 'skip' said explicitly.
// Internal: not exported from the package.

const optionsSchema = z.strictObject({ table: sqlTableNameSchema });

/** Check the engine and options; returns the dialect and table. */
export function warehouseDoor(fn: string, engine: unknown, options: unknown): { dialect: SqlDialect; table: string | readonly string[] } {
  const e = engine as Partial<WarehouseEngine> | null;
  if (e === null || typeof e !== 'object' || typeof e.query !== 'function' || !SQL_DIALECTS.includes(e.dialect as SqlDialect)) {
    throw new CustomerValueError('invalid_spec', `${fn}: the engine is not a WarehouseEngine`, [
      {
        function: fn,
        path: 'engine',
        expected: `an object { dialect: ${SQL_DIALECTS.map((d) => `'${d}'`).join(' | ')}, query(sql) }`,
        received: e === null || typeof e !== 'object' ? String(e) : `dialect ${JSON.stringify(e.dialect)}, query ${typeof e.query}`,
      },
    ]);
  }
  const o = parseSpec(optionsSchema, options, fn, 'options');
  return { dialect: e.dialect as SqlDialect, table: o.table };
}

/** Refuse any `missing` but an explicit 'skip' (plain SQL cannot stop at a missing value in every engine). */
export function requireSkip(fn: string, missing: string): void {
  if (missing !== 'skip') {
    throw specError(
      fn,
      'spec.missing',
      "'skip', said explicitly: plain SQL cannot stop at a missing value in every engine (PostgreSQL and Snowflake have no ERROR())",
      JSON.stringify(missing),
      "pass missing: 'skip' (rows with a NULL or NaN in a spec column are left out and counted: statistics.rows − statistics.n)",
    );
  }
}

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
