import * as z from 'zod';
import { CustomerValueError } from '../errors.js';
import { importOptionalPeer } from '../internal/importOptionalPeer.js';
import { parseSpec } from '../internal/parseSpec.js';
import { quoteIdentifier, quoteTableName, sqlStringLiteral } from '../internal/sqlText.js';
import { warehouseLoadColumns } from '../internal/warehouseLoadColumns.js';
import { engineFailure, type WarehouseColumns, type WarehouseEngine, type WarehouseRow } from './warehouseEngine.js';

const FN = 'duckdbEngine';

const optionsSchema = z.strictObject({
  database: z.string().min(1).optional(),
  file: z.string().min(1).optional(),
  table: z.string().min(1).optional(),
  format: z.enum(['parquet', 'csv']).optional(),
  readOnly: z.boolean().optional(),
});

/** Where `duckdbEngine` finds the data. */
export interface DuckdbEngineOptions {
  /** A DuckDB database file to open (created if absent); omitted: a fresh in-memory database. */
  readonly database?: string;
  /**
   * A Parquet or CSV file (or a glob such as `'orders/*.parquet'`) to query as the view `table`:
   * DuckDB reads it in place (`read_parquet` / `read_csv`, types detected), nothing is copied.
   */
  readonly file?: string;
  /** The name of the view over `file` (required with `file`). */
  readonly table?: string;
  /** The file's format; omitted: from its extension (`.parquet`; `.csv`, `.tsv`, `.txt`, optionally `.gz`/`.zst`). */
  readonly format?: 'parquet' | 'csv';
  /** Open `database` read-only (default false). */
  readonly readOnly?: boolean;
}

/** A `WarehouseEngine` on DuckDB, with `load` and `close` always present. */
export interface DuckdbEngine extends WarehouseEngine {
  readonly dialect: 'duckdb';
  /** Run one SQL text (several `;`-separated statements run in order; the last one's rows come back). */
  query(sql: string): Promise<WarehouseRow[]>;
  /** Create or replace table `name` from the columns, through DuckDB's appender (2,048-row data chunks, doubles copied as typed arrays). */
  load(name: string | readonly string[], columns: WarehouseColumns): Promise<void>;
  /** Close the connection and the database (a file database is released). A promise, as `PostgresEngine.close()`: `await engine.close()` works for either. */
  close(): Promise<void>;
}

// the slice of @duckdb/node-api the adapter uses (kept structural, so the published types do not name the package)
interface DuckdbApi {
  DuckDBInstance: { create(path?: string, options?: Record<string, string>): Promise<DuckdbInstance> };
  DuckDBDataChunk: { create(types: readonly unknown[], rowCount?: number): DuckdbChunk };
  DuckDBTypeId: { DECIMAL: number };
  JSDuckDBValueConverter: (value: unknown, type: unknown, converter: unknown) => unknown;
  DOUBLE: unknown;
  VARCHAR: unknown;
}
interface DuckdbInstance {
  connect(): Promise<DuckdbConnection>;
  closeSync(): void;
}
interface DuckdbConnection {
  run(sql: string): Promise<unknown>;
  runAndReadAll(
    sql: string,
  ): Promise<{ convertRowObjects(converter: (value: unknown, type: { typeId: number }, converter: unknown) => unknown): WarehouseRow[] }>;
  createAppender(
    table: string,
    schema?: string | null,
    catalog?: string | null,
  ): Promise<{ appendDataChunk(chunk: DuckdbChunk): void; flushSync(): void; closeSync(): void }>;
  closeSync(): void;
}
interface DuckdbChunk {
  getColumnVector(index: number): { setItem(index: number, value: unknown): void; flush(): void };
}

/** DuckDB's standard vector size: the rows one data chunk holds. */
const CHUNK_ROWS = 2048;

function formatOf(file: string): 'parquet' | 'csv' | undefined {
  if (/\.parquet$/i.test(file)) return 'parquet';
  if (/\.(csv|tsv|txt)(\.(gz|zst))?$/i.test(file)) return 'csv';
  return undefined;
}

/**
 * A `WarehouseEngine` on DuckDB through `@duckdb/node-api` (an optional peer dependency: `npm
 * install @duckdb/node-api`), the embedded engine that needs no server: in memory by default,
 * on a database file, or straight on a Parquet or CSV file, which becomes a view named `table`.
 *
 * `query` returns plain row objects: `BIGINT`/`HUGEINT` as `bigint`, `DOUBLE` as `number`,
 * `DECIMAL` as its exact decimal text (e.g. `'12.50'`, never rounded through a double on the
 * way), dates as `Date`; the warehouse functions read every number through one exact converter.
 * `load` creates (or replaces) a table through DuckDB's appender in 2,048-row data chunks:
 * a `Float64Array` (or an array of numbers) becomes a `DOUBLE` column copied bit for bit, NaN
 * and `null` are NULL; an array of strings becomes `VARCHAR` (text as given, quotes included).
 *
 * The client is imported when this function is called, not when `customer-value/duckdb` is
 * imported, so the entry loads without it and says what to install.
 *
 * @param options Where the data is: `database` (a file; default in memory), `file` + `table` (a
 *   Parquet or CSV file as a view), `format`, `readOnly`.
 * @throws {CustomerValueError} `invalid_spec` (unknown options, `file` without `table`, a format
 *   that cannot be told from the extension); `engine_failed` when `@duckdb/node-api` is not
 *   installed (hint: the install command) or DuckDB cannot open the database or read the file
 *   (stage `open`, with DuckDB's message). Errors of `query` are DuckDB's own: the warehouse
 *   functions turn them into `engine_failed` naming their stage. `load` throws `invalid_value`
 *   for columns of unequal length, mixed types or ±Infinity, before writing anything.
 * @example
 * import { mkdtempSync, writeFileSync } from 'node:fs';
 * import { tmpdir } from 'node:os';
 * import { join } from 'node:path';
 * const file = join(mkdtempSync(join(tmpdir(), 'cv-')), 'orders.csv');
 * writeFileSync(file, 'customer_id,order_date,total\n1,2024-01-05,10\n1,2024-02-01,20\n2,2024-01-20,5\n');
 * const engine = await duckdbEngine({ file, table: 'orders' });
 * const sql = summarizeTransactionsSql(
 *   { customer: 'customer_id', date: 'order_date', amount: 'total', observationEnd: '2024-03-01', timeUnit: 'week', missing: 'skip' },
 *   { dialect: engine.dialect, table: 'orders' },
 * );
 * const rows = await engine.query(`${sql} ORDER BY customer`);
 * rows.map((r) => Number(r.frequency)); // => [1, 0]
 * await engine.load('lookup', { x: new Float64Array([0.1, NaN]), label: ["it's", null] });
 * await engine.query('SELECT x, label FROM lookup'); // => [{ x: 0.1, label: "it's" }, { x: null, label: null }]
 * await engine.close();
 */
export async function duckdbEngine(options: DuckdbEngineOptions = {}): Promise<DuckdbEngine> {
  const o = parseSpec(optionsSchema, options, FN, 'options');
  let view: string | undefined;
  if (o.file !== undefined) {
    if (o.table === undefined) {
      throw new CustomerValueError('invalid_spec', `${FN}: a file needs the name of its view`, [
        { function: FN, path: 'options.table', expected: 'the name to query the file by, e.g. "orders"', received: 'undefined' },
      ]);
    }
    const format = o.format ?? formatOf(o.file);
    if (format === undefined) {
      throw new CustomerValueError('invalid_spec', `${FN}: cannot tell the format of ${JSON.stringify(o.file)} from its extension`, [
        { function: FN, path: 'options.format', expected: "'parquet' or 'csv'", received: 'undefined', hint: "pass format: 'parquet' or 'csv'" },
      ]);
    }
    const path = sqlStringLiteral(o.file, 'duckdb', FN, 'file path', 'options.file');
    const name = quoteIdentifier(o.table, 'duckdb', FN, 'table name', { path: 'options.table' });
    view = `CREATE OR REPLACE VIEW ${name} AS SELECT * FROM ${format === 'parquet' ? 'read_parquet' : 'read_csv'}(${path})`;
  } else if (o.table !== undefined) {
    throw new CustomerValueError('invalid_spec', `${FN}: a table name without a file`, [
      { function: FN, path: 'options.table', expected: 'options.file as well (the Parquet or CSV file the view reads)', received: JSON.stringify(o.table) },
    ]);
  }
  const duckdb = await importOptionalPeer(FN, '@duckdb/node-api', async () => {
    const module = (await import('@duckdb/node-api')) as unknown as DuckdbApi & { default?: DuckdbApi };
    return module.DuckDBInstance ? module : (module.default as DuckdbApi);
  });
  const where = { function: FN, stage: 'open' };
  let instance: DuckdbInstance | undefined;
  let connection: DuckdbConnection;
  try {
    instance = await duckdb.DuckDBInstance.create(o.database ?? ':memory:', o.readOnly ? { access_mode: 'READ_ONLY' } : undefined);
    connection = await instance.connect();
    if (view !== undefined) await connection.run(view);
  } catch (error) {
    instance?.closeSync();
    throw engineFailure(where, error instanceof Error ? error.message.split('\n')[0] : String(error));
  }
  // DECIMAL as exact decimal text; everything else as the client's JS values (BIGINT as bigint)
  const converter = (value: unknown, type: { typeId: number }, self: unknown): unknown =>
    type.typeId === duckdb.DuckDBTypeId.DECIMAL ? String(value) : duckdb.JSDuckDBValueConverter(value, type, self);
  return {
    dialect: 'duckdb',
    async query(sql: string) {
      return (await connection.runAndReadAll(sql)).convertRowObjects(converter);
    },
    async load(name: string | readonly string[], columns: WarehouseColumns) {
      const plan = warehouseLoadColumns(FN, name, columns);
      const quoted = quoteTableName(name, 'duckdb', FN, 'name');
      // the appender takes the table, then its schema and catalog
      const [table, schema, catalog] = (typeof name === 'string' ? [name] : [...name]).reverse();
      const definitions = plan.columns.map(
        (c) => `${quoteIdentifier(c.name, 'duckdb', FN, 'column name', { column: c.name })} ${c.type === 'double' ? 'DOUBLE' : 'VARCHAR'}`,
      );
      await connection.run(`CREATE OR REPLACE TABLE ${quoted} (${definitions.join(', ')})`);
      const types = plan.columns.map((c) => (c.type === 'double' ? duckdb.DOUBLE : duckdb.VARCHAR));
      const appender = await connection.createAppender(table, schema ?? null, catalog ?? null);
      try {
        for (let start = 0; start < plan.rows; start += CHUNK_ROWS) {
          const size = Math.min(CHUNK_ROWS, plan.rows - start);
          const chunk = duckdb.DuckDBDataChunk.create(types, size);
          plan.columns.forEach((column, j) => {
            const vector = chunk.getColumnVector(j);
            const values = column.values;
            for (let i = 0; i < size; i++) {
              const v = values[start + i];
              // NaN is the library's missing marker in numeric columns: NULL in the table
              vector.setItem(i, v === null || (typeof v === 'number' && Number.isNaN(v)) ? null : v);
            }
            vector.flush();
          });
          appender.appendDataChunk(chunk);
        }
        appender.flushSync();
      } finally {
        appender.closeSync();
      }
    },
    close() {
      connection.closeSync();
      instance?.closeSync();
      return Promise.resolve();
    },
  };
}
