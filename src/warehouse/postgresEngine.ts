import * as z from 'zod';
import { importOptionalPeer } from '../internal/importOptionalPeer.js';
import { parseSpec } from '../internal/parseSpec.js';
import { quoteIdentifier, quoteTableName } from '../internal/sqlText.js';
import { warehouseLoadColumns } from '../internal/warehouseLoadColumns.js';
import { engineFailure, type WarehouseColumns, type WarehouseEngine, type WarehouseRow } from './warehouseEngine.js';

const FN = 'postgresEngine';

/** What a `pg` query resolves to: one result, or one per statement for a multi-statement text. */
export type PostgresQueryResult = { readonly rows: readonly unknown[] } | readonly { readonly rows: readonly unknown[] }[];

/** The part of a `pg.Pool`, `pg.Client` or `pg.PoolClient` the engine uses: `query(text, values)`. */
export interface PostgresClient {
  /** Run a statement with optional `$n` parameters. */
  query(text: string, values?: unknown[]): Promise<PostgresQueryResult>;
}

/** How `postgresEngine` reaches the server: exactly one of the three. */
export interface PostgresEngineOptions {
  /** A connection URL, e.g. `postgresql://user@host/db` (a Unix socket: `postgresql://user@/db?host=/run/postgresql`); the engine owns the pool it opens. */
  readonly connectionString?: string;
  /** A `pg` pool configuration (`host`, `port`, `user`, `database`, `password`, `ssl`, …), passed to `new pg.Pool(config)`; the engine owns the pool. */
  readonly config?: Readonly<Record<string, unknown>>;
  /** An existing `pg.Pool` or connected `pg.Client`, used as it is: `close()` leaves it open (its owner ends it). */
  readonly client?: PostgresClient;
}

/** A `WarehouseEngine` on PostgreSQL, with `load` and `close` always present. */
export interface PostgresEngine extends WarehouseEngine {
  readonly dialect: 'postgres';
  /** Run one SQL text (several `;`-separated statements run in order, without parameters; the last one's rows come back). */
  query(sql: string): Promise<WarehouseRow[]>;
  /** Create or replace table `name` from the columns in one transaction (`unnest` of array parameters, 50,000 rows a statement). */
  load(name: string | readonly string[], columns: WarehouseColumns): Promise<void>;
  /** End the pool the engine opened (a `client` passed in is left to its owner). */
  close(): Promise<void>;
}

const optionsSchema = z
  .strictObject({
    connectionString: z.string().min(1).optional(),
    config: z.record(z.string(), z.unknown()).optional(),
    client: z
      .custom<PostgresClient>((v) => v !== null && typeof v === 'object' && typeof (v as { query?: unknown }).query === 'function', {
        message: 'a pg.Pool or pg.Client (an object with a query method)',
      })
      .optional(),
  })
  .refine((o) => [o.connectionString, o.config, o.client].filter((v) => v !== undefined).length === 1, {
    message: 'exactly one of connectionString, config or client',
  });

/** Rows of a load statement. */
const BATCH_ROWS = 50_000;

interface PgPool extends PostgresClient {
  connect(): Promise<PostgresClient & { release(error?: unknown): void }>;
  end(): Promise<void>;
}

function rowsOf(result: PostgresQueryResult): WarehouseRow[] {
  const last = 'rows' in result ? result : result[result.length - 1];
  return (last?.rows ?? []) as WarehouseRow[];
}

/** A double as text PostgreSQL reads back to the same double: shortest round-trip digits, and `-0` kept. */
function doubleText(value: number | string | null): string | null {
  if (value === null || (typeof value === 'number' && Number.isNaN(value))) return null;
  return Object.is(value, -0) ? '-0' : String(value);
}

/**
 * A `WarehouseEngine` on PostgreSQL through `pg` (an optional peer dependency: `npm install
 * pg`), from a connection string, a pool configuration, or your own `pg.Pool` / `pg.Client`.
 *
 * Numbers come back as `pg` gives them, with its default type parsers (this adapter sets none,
 * as `pg.types.setTypeParser` is global to the process): `DOUBLE PRECISION` as `number` (exact:
 * PostgreSQL 12+ sends the shortest text that reads back to the same double), `BIGINT`
 * (`COUNT(*)`) and `NUMERIC` as decimal text, which the warehouse functions read exactly (a
 * `BIGINT` beyond 2^53 is refused by name, never rounded). `load` creates (or replaces) a table in
 * one transaction: a `Float64Array` or array of numbers becomes `DOUBLE PRECISION` (each value
 * sent as its shortest round-trip text, `-0` kept: bit for bit; NaN and `null` are NULL), an array
 * of strings `TEXT`, rows inserted 50,000 a statement by `unnest` of array parameters (no SQL text
 * built from values).
 *
 * `pg` is imported when this function is called with `connectionString` or `config`, not when
 * `customer-value/postgres` is imported; with `client`, `pg` is never imported here.
 *
 * @param options `connectionString`, `config` (a `pg.PoolConfig`) or `client` (exactly one).
 * @throws {CustomerValueError} `invalid_spec` (not exactly one way to connect, unknown options);
 *   `engine_failed` when `pg` is not installed (hint: the install command) or the server cannot
 *   be reached (stage `open`, with the server's message; checked with `SELECT 1`). Errors of
 *   `query` are the server's own: the warehouse functions turn them into `engine_failed` naming
 *   their stage. `load` throws `invalid_value` for columns of unequal length, mixed types or
 *   ±Infinity before writing anything, and rolls back on a server error.
 * @example
 * // a stand-in for a pg.Pool, so that this example runs without a server: it answers like pg,
 * // with BIGINT as text
 * const pool = { query: async (text) => ({ rows: text === 'SELECT 1' ? [{ '?column?': 1 }] : [{ customers: '2357' }] }) };
 * const engine = await postgresEngine({ client: pool });
 * engine.dialect; // => 'postgres'
 * await engine.query('SELECT COUNT(*) AS customers FROM orders'); // => [{ customers: '2357' }]
 * await engine.close(); // the pool is yours: left open
 */
export async function postgresEngine(options: PostgresEngineOptions): Promise<PostgresEngine> {
  const o = parseSpec(optionsSchema, options, FN, 'options');
  let client: PostgresClient;
  let owned: PgPool | undefined;
  if (o.client !== undefined) client = o.client;
  else {
    const pg = await importOptionalPeer(FN, 'pg', async () => {
      const module = (await import('pg')) as unknown as { Pool?: unknown; default?: { Pool: unknown } };
      return (module.Pool ? module : module.default) as { Pool: new (config: Record<string, unknown>) => PgPool };
    });
    owned = new pg.Pool(o.connectionString !== undefined ? { connectionString: o.connectionString } : { ...o.config });
    client = owned;
  }
  try {
    await client.query('SELECT 1');
  } catch (error) {
    await owned?.end().catch(() => undefined);
    throw engineFailure({ function: FN, stage: 'open' }, error instanceof Error ? error.message.split('\n')[0] || error.name : String(error));
  }
  const pool = owned ?? (isPool(client) ? client : undefined);
  return {
    dialect: 'postgres',
    async query(sql: string) {
      return rowsOf(await client.query(sql));
    },
    async load(name: string | readonly string[], columns: WarehouseColumns) {
      const plan = warehouseLoadColumns(FN, name, columns);
      const quoted = quoteTableName(name, 'postgres', FN, 'name');
      const names = plan.columns.map((c) => quoteIdentifier(c.name, 'postgres', FN, 'column name', { column: c.name }));
      const types = plan.columns.map((c) => (c.type === 'double' ? 'DOUBLE PRECISION' : 'TEXT'));
      // one connection for the transaction: a pool's statements could otherwise land on different ones
      const connection = pool ? await pool.connect() : undefined;
      const on = connection ?? client;
      try {
        await on.query('BEGIN');
        await on.query(`DROP TABLE IF EXISTS ${quoted}`);
        await on.query(`CREATE TABLE ${quoted} (${names.map((n, j) => `${n} ${types[j]}`).join(', ')})`);
        const select = plan.columns.map((_, j) => `$${j + 1}::${types[j]}[]`).join(', ');
        const insert = `INSERT INTO ${quoted} (${names.join(', ')}) SELECT * FROM unnest(${select})`;
        for (let start = 0; start < plan.rows; start += BATCH_ROWS) {
          const end = Math.min(plan.rows, start + BATCH_ROWS);
          const values = plan.columns.map((c) => {
            const out: (string | null)[] = new Array<string | null>(end - start);
            for (let i = start; i < end; i++) out[i - start] = c.type === 'double' ? doubleText(c.values[i]) : (c.values[i] as string | null);
            return out;
          });
          await on.query(insert, values);
        }
        await on.query('COMMIT');
      } catch (error) {
        await on.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        connection?.release();
      }
    },
    async close() {
      await owned?.end();
    },
  };
}

function isPool(client: PostgresClient): client is PgPool {
  const c = client as Partial<PgPool> & { totalCount?: unknown };
  return typeof c.connect === 'function' && typeof c.totalCount === 'number';
}
