import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CustomerValueError } from '../../src/index.js';
import { postgresEngine, type PostgresEngine } from '../../src/postgres.js';
import { runWarehouseQuery } from '../../src/warehouse/warehouseEngine.js';
import { rejection, engineTestLog, expectEngineParity, expectRoundTrip, roundTripColumns } from '../helpers/engineParity.js';
import { postgresBin, startPostgres } from '../helpers/postgres.js';

// postgresEngine executed for real on a throwaway cluster (Unix socket, test/helpers/postgres.ts),
// through `pg`: a log loaded with `load` (unnest of array parameters), summarized and grouped in
// the engine, equals summarizeTransactions (the witness, test/helpers/engineParity.ts); load
// round-trips doubles bit for bit (-0 and subnormals included), NULLs and awkward text; BIGINT and
// NUMERIC come back as text (pg's defaults, read exactly by warehouseNumber); server errors arrive
// as engine_failed with PostgreSQL's message.

const bin = postgresBin();
if (!bin && process.env.CI) throw new Error('PostgreSQL is not installed: .ci/run should have installed the postgresql package');

describe.skipIf(!bin)('postgresEngine(options)', () => {
  let server: ReturnType<typeof startPostgres>;
  let engine: PostgresEngine;
  const log = engineTestLog();
  beforeAll(async () => {
    server = startPostgres(bin as string);
    engine = await postgresEngine({ config: { host: server.dir, user: 'postgres', database: 'postgres' } });
    await engine.load('log', log);
  }, 120_000);
  afterAll(async () => {
    await engine?.close();
    server?.stop();
  });

  it('a table created by load gives the in-memory summary and histogram', async () => {
    expect(engine.dialect).toBe('postgres');
    await expectEngineParity(engine, 'log', log);
  });

  it('connects by connection string (a Unix socket in ?host=) and through your own pg.Pool, which close() leaves open', async () => {
    const url = await postgresEngine({ connectionString: `postgresql://postgres@/postgres?host=${encodeURIComponent(server.dir)}` });
    expect(await url.query('SELECT COUNT(*) AS n FROM log')).toEqual([{ n: String(log.amount.length) }]);
    await url.close();
    const pool = new pg.Pool({ host: server.dir, user: 'postgres', database: 'postgres', max: 2 });
    const own = await postgresEngine({ client: pool });
    await own.load('from_pool', { a: [1, 2, 3] });
    await own.close();
    expect((await pool.query('SELECT SUM(a) AS s FROM from_pool')).rows).toEqual([{ s: 6 }]); // still open
    await pool.end();
  });

  it('query: BIGINT and NUMERIC as exact text, DOUBLE PRECISION as number, NULL as null; the last statement’s rows', async () => {
    const rows = await engine.query('SELECT 1; SELECT COUNT(*) AS n, 12345678901234.25::numeric AS d, 0.1::float8 AS x, NULL::float8 AS z');
    expect(rows).toEqual([{ n: '1', d: '12345678901234.25', x: 0.1, z: null }]);
  });

  it('load round-trips 5,000 rows exactly: doubles bit for bit (-0, subnormals, extremes), NaN and null as NULL, text with quotes', async () => {
    const columns = roundTripColumns();
    await engine.load('round_trip', columns);
    await expectRoundTrip(engine, 'round_trip', columns);
    await engine.load('round_trip', { i: [0], x: [1], label: ['one'], y: [null] });
    expect(await engine.query('SELECT COUNT(*) AS n FROM round_trip')).toEqual([{ n: '1' }]);
  });

  it('load takes a name in parts (schema, table), each quoted', async () => {
    await engine.query('CREATE SCHEMA IF NOT EXISTS "scratch space"');
    await engine.load(['scratch space', 'look up'], { x: [1.5, 2.5] });
    await engine.load(['scratch space', 'look up'], { x: [1.5, 2.5, 3.5] }); // replaced
    expect(await engine.query('SELECT SUM(x) AS s, COUNT(*) AS n FROM "scratch space"."look up"')).toEqual([{ s: 7.5, n: '3' }]);
  });

  it('load is one transaction: a failure leaves the previous table as it was', async () => {
    await engine.load('kept', { a: [1, 2] });
    // a column name PostgreSQL truncates to the same 63 bytes as another: CREATE TABLE fails after DROP
    const long = 'c'.repeat(70);
    const error = await rejection(engine.load('kept', { [long]: [1], [`${long}x`]: [2] }));
    expect(error).toBeInstanceOf(Error);
    expect(await engine.query('SELECT a FROM kept ORDER BY a')).toEqual([{ a: 1 }, { a: 2 }]);
  });

  it('errors: a server that cannot be reached fails at open, a missing table and bad SQL fail in runWarehouseQuery, each engine_failed with the server’s message', async () => {
    const unreachable = await rejection(postgresEngine({ config: { host: `${server.dir}-missing`, user: 'postgres' } }));
    expect(unreachable).toBeInstanceOf(CustomerValueError);
    expect(unreachable.code).toBe('engine_failed');
    expect(unreachable.message).toMatch(/postgresEngine: the open query failed in the engine: connect ENOENT/);
    const where = { function: 'fitInWarehouse', stage: 'summary' };
    const table = await rejection(runWarehouseQuery(engine, where, 'SELECT * FROM no_such_table'));
    expect(table).toMatchObject({ code: 'engine_failed' });
    expect(table.message).toMatch(/fitInWarehouse: the summary query failed in the engine: relation "no_such_table" does not exist/);
    const syntax = await rejection(runWarehouseQuery(engine, where, 'SELEC 1'));
    expect(syntax.message).toMatch(/the summary query failed in the engine: syntax error at or near "SELEC"/);
  });

  it('refuses options that are not exactly one way to connect', async () => {
    for (const options of [{}, { connectionString: 'postgresql://x', client: { query: async () => ({ rows: [] }) } }, { client: {} }, { url: 'x' }]) {
      const error = await rejection(postgresEngine(options as never));
      expect(error, JSON.stringify(options)).toBeInstanceOf(CustomerValueError);
      expect(error.code).toBe('invalid_spec');
    }
  });
});
