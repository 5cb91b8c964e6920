import { CustomerValueError, describeValue } from '../errors.js';
import * as z from 'zod';
import { numberTextProblem, parseNumberText } from '../internal/numberText.js';
import { parseSpec } from '../internal/parseSpec.js';
import { SQL_DIALECTS, type SqlDialect } from '../scoring/toSql.js';

/** One result row as an engine client returns it: column name → value. */
export type WarehouseRow = Readonly<Record<string, unknown>>;

/**
 * What a query may return: plain row objects (DuckDB's `getRowObjects`, `pg`'s `rows`, the
 * Snowflake, BigQuery and Databricks clients), or an Apache Arrow table (anything with a
 * `toArray()` whose rows have `toJSON()`).
 */
export type WarehouseResult =
  | readonly WarehouseRow[]
  | {
      /** The table's rows (Arrow `StructRow`s, read through their `toJSON()`). */
      toArray(): readonly unknown[];
    };

/** Columns of a small table to load into the engine (e.g. a scoring lookup table): equal-length arrays. */
export type WarehouseColumns = Readonly<Record<string, Float64Array | readonly (number | string | null)[]>>;

/**
 * The one thing the warehouse functions need from an engine: which SQL dialect it speaks and a
 * function that runs one statement and returns its rows. Ship your own for Spark, BigQuery or
 * Snowflake (ten lines around the vendor's client); `customer-value/duckdb` and
 * `customer-value/postgres` ship ready ones.
 *
 * Values may come back as `number`, `bigint` (DuckDB's `BIGINT`, e.g. `COUNT(*)`) or decimal
 * text (`pg` returns `BIGINT` and `NUMERIC` as strings): the warehouse functions read each
 * through one converter that accepts all three exactly and refuses anything else by name.
 */
export interface WarehouseEngine {
  /** The dialect the generated SQL is written in. */
  readonly dialect: SqlDialect;
  /** Run one SQL statement and return its result rows (an empty array for statements without rows). */
  query(sql: string): Promise<WarehouseResult> | WarehouseResult;
  /**
   * Create (or replace) a table `name` holding `columns` — only needed by the functions that
   * compute a small table in JavaScript and join it in the engine (scoring lookup tables).
   * `name` is a table name, or its parts (`['scratch', 'lookup']`) as every `table` option takes them.
   */
  load?(name: string | readonly string[], columns: WarehouseColumns): Promise<void> | void;
}

/** Where a warehouse query sits in the orchestration, for the error message: `"summary"`, `"histogram"`, `"lloyd pass 3"`. */
export interface WarehouseStage {
  /** The public function that runs the query. */
  readonly function: string;
  /** The stage's name. */
  readonly stage: string;
}

function rowsOf(result: unknown): readonly WarehouseRow[] | undefined {
  if (Array.isArray(result)) return result as readonly WarehouseRow[];
  if (result !== null && typeof result === 'object' && typeof (result as { toArray?: unknown }).toArray === 'function') {
    const rows = (result as { toArray(): readonly unknown[] }).toArray();
    return rows.map((row) =>
      row !== null && typeof row === 'object' && typeof (row as { toJSON?: unknown }).toJSON === 'function'
        ? (row as { toJSON(): WarehouseRow }).toJSON()
        : (row as WarehouseRow),
    );
  }
  return undefined;
}

function engineMessage(error: unknown): string {
  if (error instanceof Error) return error.message.split('\n')[0] || error.name;
  return describeValue(error);
}

/** The error for an engine failure at a stage: names the function, the stage and the engine's own message. */
export function engineFailure(where: WarehouseStage, message: string, hint?: string): CustomerValueError {
  return new CustomerValueError('engine_failed', `${where.function}: the ${where.stage} query failed in the engine: ${message}`, [
    { function: where.function, expected: `the ${where.stage} query to run`, received: JSON.stringify(message), ...(hint ? { hint } : {}) },
  ]);
}

/**
 * Run one query on the engine at a named stage. Any engine error (thrown or rejected) becomes a
 * `CustomerValueError` `engine_failed` naming the function, the stage and the engine's first
 * message line; a result that is neither rows nor an Arrow table is refused the same way.
 * Internal: not exported from the package.
 */
export async function runWarehouseQuery(engine: WarehouseEngine, where: WarehouseStage, sql: string): Promise<readonly WarehouseRow[]> {
  let result: unknown;
  try {
    result = await engine.query(sql);
  } catch (error) {
    throw engineFailure(where, engineMessage(error));
  }
  const rows = rowsOf(result);
  if (rows === undefined) throw engineFailure(where, `the engine's query function returned ${describeValue(result)}, not rows or an Arrow table`);
  return rows;
}

/**
 * Read a number the engine sent back: a finite `number`, a `bigint` within ±2^53 (exact), or
 * decimal text (`pg`'s `BIGINT`/`NUMERIC`); `null` only when `nullable`. Anything else (a
 * bigint too large to be exact, non-numeric text, NaN, ±Infinity) throws `engine_failed`
 * naming the stage, the column and the row of the result. Internal.
 */
export function warehouseNumber(value: unknown, where: WarehouseStage, column: string, row: number): number;
export function warehouseNumber(value: unknown, where: WarehouseStage, column: string, row: number, nullable: true): number | null;
export function warehouseNumber(value: unknown, where: WarehouseStage, column: string, row: number, nullable = false): number | null {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'bigint' && value <= BigInt(Number.MAX_SAFE_INTEGER) && value >= -BigInt(Number.MAX_SAFE_INTEGER)) return Number(value);
  if (typeof value === 'string' && numberTextProblem(value) === undefined) return parseNumberText(value);
  if (value === null && nullable) return null;
  const expected = typeof value === 'bigint' ? 'an integer within ±2^53 (exact as a double)' : `a finite number${nullable ? ' or NULL' : ''}`;
  throw new CustomerValueError('engine_failed', `${where.function}: the ${where.stage} query returned a value that is not a number`, [
    { function: where.function, column, row, expected, received: describeValue(value) },
  ]);
}

const engineSchema = z.looseObject({
  dialect: z.enum(SQL_DIALECTS),
  query: z.custom<WarehouseEngine['query']>((v) => typeof v === 'function', 'a function (sql) => rows'),
  load: z.custom<NonNullable<WarehouseEngine['load']>>((v) => typeof v === 'function', 'a function (name, columns)').optional(),
});

/**
 * Check an engine argument at a public boundary: a known `dialect`, a `query` function and, when
 * `needsLoad`, a `load` function; problems are `invalid_spec` at `engine.dialect`,
 * `engine.query`, `engine.load`. Returns nothing: keep calling the engine given (a client object's
 * methods may need their `this`). Internal.
 */
export function checkEngine(engine: unknown, fn: string, needsLoad = false): void {
  parseSpec(needsLoad ? engineSchema.required({ load: true }) : engineSchema, engine, fn, 'engine');
}
