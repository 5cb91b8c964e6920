import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CustomerValueError } from '../../src/index.js';
import { duckdbEngine, type DuckdbEngine } from '../../src/duckdb.js';
import { runWarehouseQuery } from '../../src/warehouse/warehouseEngine.js';
import { rejection, engineTestLog, expectEngineParity, expectRoundTrip, roundTripColumns } from '../helpers/engineParity.js';

// duckdbEngine executed for real: a log loaded through the appender, written by DuckDB to Parquet
// and CSV in a temp dir and opened by path as a view; the summary and the BG/NBD histogram run
// in the engine equal summarizeTransactions (the witness, test/helpers/engineParity.ts); load
// round-trips doubles bit for bit, NULLs and awkward text; engine errors arrive as engine_failed
// with DuckDB's message.

const dir = mkdtempSync(join(tmpdir(), 'cv-duckdb-'));
const log = engineTestLog();
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('duckdbEngine(options)', () => {
  let memory: DuckdbEngine;
  beforeAll(async () => {
    memory = await duckdbEngine();
    await memory.load('log', log);
    await memory.query(`COPY (SELECT customer, CAST(date AS DATE) AS date, amount FROM log) TO '${join(dir, 'orders.parquet')}' (FORMAT parquet)`);
    await memory.query(`COPY (SELECT customer, CAST(date AS DATE) AS date, amount FROM log) TO '${join(dir, 'orders.csv')}' (FORMAT csv, HEADER)`);
  });
  afterAll(() => memory?.close());

  it('in memory: a table created by load gives the in-memory summary and histogram', async () => {
    expect(memory.dialect).toBe('duckdb');
    await expectEngineParity(memory, 'log', log);
  });

  it.each(['orders.parquet', 'orders.csv'])('on a file by path (%s, a view): the summary and histogram equal summarizeTransactions', async (file) => {
    const engine = await duckdbEngine({ file: join(dir, file), table: 'orders' });
    try {
      const [type] = await engine.query("SELECT data_type FROM information_schema.columns WHERE table_name = 'orders' AND column_name = 'date'");
      expect(type.data_type).toBe('DATE'); // read as dates, not text, from both formats
      await expectEngineParity(engine, 'orders', log);
    } finally {
      await engine.close();
    }
  });

  it('on a database file: tables persist across engines', async () => {
    const database = join(dir, 'shop.duckdb');
    const first = await duckdbEngine({ database });
    await first.load('lookup', { k: new Float64Array([1, 2]), v: ['a', 'b'] });
    await first.close();
    const second = await duckdbEngine({ database, readOnly: true });
    expect(await second.query('SELECT v FROM lookup ORDER BY k')).toEqual([{ v: 'a' }, { v: 'b' }]);
    await second.close();
  });

  it('query: BIGINT as bigint, DECIMAL as its exact text, DOUBLE as number, NULL as null', async () => {
    const [row] = await memory.query('SELECT COUNT(*) AS n, CAST(12345678901234.25 AS DECIMAL(18,2)) AS d, CAST(0.1 AS DOUBLE) AS x, NULL AS z');
    expect(row).toEqual({ n: 1n, d: '12345678901234.25', x: 0.1, z: null });
  });

  it('load round-trips 5,000 rows exactly: doubles bit for bit (-0, subnormals, extremes), NaN and null as NULL, text with quotes', async () => {
    const columns = roundTripColumns();
    await memory.load('round_trip', columns);
    await expectRoundTrip(memory, 'round_trip', columns);
    // load replaces the table
    await memory.load('round_trip', { i: [0], x: [1], label: ['one'], y: [null] });
    expect(await memory.query('SELECT COUNT(*) AS n FROM round_trip')).toEqual([{ n: 1n }]);
  });

  it('load takes a name in parts (schema, table), each quoted, the appender given the schema', async () => {
    await memory.query('CREATE SCHEMA IF NOT EXISTS "scratch space"');
    await memory.load(['scratch space', 'look up'], { x: [1.5, 2.5] });
    await memory.load(['scratch space', 'look up'], { x: [1.5, 2.5, 3.5] }); // replaced
    expect(await memory.query('SELECT SUM(x) AS s, COUNT(*) AS n FROM "scratch space"."look up"')).toEqual([{ s: 7.5, n: 3n }]);
    const error = await rejection(memory.load(['a', 'b', 'c', 'd'], { x: [1] }));
    expect(error).toMatchObject({ code: 'invalid_spec', issues: [{ path: 'name' }] });
  });

  it('load refuses unequal lengths, mixed types and Infinity before writing, naming column and row', async () => {
    const unequal = await rejection(memory.load('bad', { a: [1, 2], b: ['x'] }));
    expect(unequal).toBeInstanceOf(CustomerValueError);
    expect(unequal).toMatchObject({ code: 'invalid_value', issues: [{ function: 'duckdbEngine', column: 'b' }] });
    const mixed = await rejection(memory.load('bad', { a: [1, 'x'] }));
    expect(mixed).toMatchObject({ code: 'invalid_value', issues: [{ column: 'a', row: 1 }] });
    const infinite = await rejection(memory.load('bad', { a: new Float64Array([1, Infinity]) }));
    expect(infinite).toMatchObject({ code: 'invalid_value', issues: [{ column: 'a', row: 1, received: 'Infinity' }] });
    expect(await memory.query("SELECT COUNT(*) AS n FROM information_schema.tables WHERE table_name = 'bad'")).toEqual([{ n: 0n }]);
  });

  it('errors: a missing file fails at open, a missing table and bad SQL fail in runWarehouseQuery, each engine_failed with DuckDB’s message', async () => {
    const missing = await rejection(duckdbEngine({ file: join(dir, 'nope.parquet'), table: 'orders' }));
    expect(missing).toBeInstanceOf(CustomerValueError);
    expect(missing.code).toBe('engine_failed');
    expect(missing.message).toMatch(/duckdbEngine: the open query failed in the engine: IO Error: No files found that match the pattern/);
    const where = { function: 'fitInWarehouse', stage: 'summary' };
    const table = await rejection(runWarehouseQuery(memory, where, 'SELECT * FROM no_such_table'));
    expect(table).toMatchObject({ code: 'engine_failed' });
    expect(table.message).toMatch(/fitInWarehouse: the summary query failed in the engine: Catalog Error: Table with name no_such_table does not exist/);
    const syntax = await rejection(runWarehouseQuery(memory, where, 'SELEC 1'));
    expect(syntax.message).toMatch(/the summary query failed in the engine: Parser Error: syntax error at or near "SELEC"/);
  });

  it('refuses options it cannot honour: unknown keys, a file without a table, a table without a file, an unknown extension', async () => {
    for (const [options, path] of [
      [{ path: 'x.parquet' }, 'options'],
      [{ file: 'x.parquet' }, 'options.table'],
      [{ table: 'orders' }, 'options.table'],
      [{ file: 'x.json', table: 'orders' }, 'options.format'],
    ] as const) {
      const error = await rejection(duckdbEngine(options as never));
      expect(error, JSON.stringify(options)).toBeInstanceOf(CustomerValueError);
      expect(error.code).toBe('invalid_spec');
      expect(error.issues[0].path).toBe(path);
    }
    // an explicit format reads a file whatever its name
    writeFileSync(join(dir, 'orders.dat'), 'a,b\n1,x\n');
    const engine = await duckdbEngine({ file: join(dir, 'orders.dat'), table: 't', format: 'csv' });
    expect(await engine.query('SELECT a, b FROM t')).toEqual([{ a: 1n, b: 'x' }]);
    await engine.close();
  });
});
