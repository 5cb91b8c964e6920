import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CustomerValueError } from '../../src/index.js';
import { runWarehouseQuery, warehouseNumber, type WarehouseEngine } from '../../src/warehouse/warehouseEngine.js';
import { duckdbTestEngine, postgresTestEngine } from '../helpers/engines.js';
import { caught } from '../helpers/fixtures.js';
import { postgresBin } from '../helpers/postgres.js';

// The engine interface's two promises: an engine failure becomes engine_failed naming the
// function, the stage and the engine's message; and numbers come back exactly whether the client
// sends number, bigint or text — or are refused by column and row.

const where = { function: 'fitInWarehouse', stage: 'summary' };

describe('runWarehouseQuery', () => {
  it('names the function, the stage and the engine message when the query throws or rejects', async () => {
    for (const query of [
      () => {
        throw new Error('Catalog Error: Table with name orders does not exist!\nLINE 1: ...');
      },
      () => Promise.reject(new Error('Catalog Error: Table with name orders does not exist!')),
    ]) {
      const engine: WarehouseEngine = { dialect: 'duckdb', query };
      const error = await runWarehouseQuery(engine, where, 'SELECT 1').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(CustomerValueError);
      expect(error).toMatchObject({ code: 'engine_failed' });
      expect((error as Error).message).toContain(
        'fitInWarehouse: the summary query failed in the engine: Catalog Error: Table with name orders does not exist!',
      );
      expect((error as Error).message).not.toContain('LINE 1');
    }
  });

  it('refuses a result that is neither rows nor an Arrow table', async () => {
    const engine = { dialect: 'duckdb', query: () => 42 } as unknown as WarehouseEngine;
    const error = await runWarehouseQuery(engine, where, 'SELECT 1').catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'engine_failed' });
    expect((error as Error).message).toContain('returned 42, not rows or an Arrow table');
  });

  it('reads an Arrow-like table through toArray/toJSON', async () => {
    const table = { toArray: () => [{ toJSON: () => ({ n: 3n }) }] };
    const rows = await runWarehouseQuery({ dialect: 'duckdb', query: () => table }, where, 'SELECT 1');
    expect(rows).toEqual([{ n: 3n }]);
  });
});

describe('warehouseNumber', () => {
  it('takes numbers, exact bigints and decimal text', () => {
    expect(warehouseNumber(1.5, where, 'n', 0)).toBe(1.5);
    expect(warehouseNumber(9_007_199_254_740_991n, where, 'n', 0)).toBe(9_007_199_254_740_991);
    expect(warehouseNumber('12.250000', where, 'n', 0)).toBe(12.25);
    expect(warehouseNumber(null, where, 'n', 0, true)).toBeNull();
  });

  it.each([
    [9_007_199_254_740_993n, 'an integer within ±2^53'],
    ['NaN', 'a finite number'],
    ['Infinity', 'a finite number'],
    [Number.NaN, 'a finite number'],
    [null, 'a finite number'],
    [true, 'a finite number'],
  ])('refuses %s by column and row', (value, expected) => {
    const error = caught(() => warehouseNumber(value, where, 'customers', 7));
    expect(error).toMatchObject({ code: 'engine_failed' });
    expect(error.issues[0]).toMatchObject({ function: 'fitInWarehouse', column: 'customers', row: 7 });
    expect(error.issues[0].expected).toContain(expected);
  });
});

describe('the test engines', () => {
  it('DuckDB sends COUNT(*) as bigint, read exactly', async () => {
    const engine = await duckdbTestEngine();
    try {
      await engine.load!('t', { x: [1, 2, null], label: ['a', "b'c", null] });
      const rows = await runWarehouseQuery(engine, where, `SELECT COUNT(*) AS n, SUM(x) AS s, MAX(label) AS l FROM "t"`);
      expect(typeof rows[0].n).toBe('bigint');
      expect(warehouseNumber(rows[0].n, where, 'n', 0)).toBe(3);
      expect(warehouseNumber(rows[0].s, where, 's', 0)).toBe(3);
      expect(rows[0].l).toBe("b'c");
      const error = await runWarehouseQuery(engine, where, 'SELECT * FROM "missing_table"').catch((e: unknown) => e);
      expect((error as Error).message).toMatch(/summary query failed in the engine: .*missing_table/);
    } finally {
      engine.close();
    }
  });

  const bin = postgresBin();
  describe.skipIf(!bin)('PostgreSQL', () => {
    let engine: ReturnType<typeof postgresTestEngine>;
    beforeAll(() => {
      engine = postgresTestEngine(bin!);
    });
    afterAll(() => engine?.close());

    it('sends every value as text, read exactly', async () => {
      await engine.load!('t', { x: [1, 2, null], label: ['a', 'b', null] });
      const rows = await runWarehouseQuery(engine, where, `SELECT COUNT(*) AS n, SUM(x) AS s, MAX(label) AS l FROM "t"`);
      expect(rows).toEqual([{ n: '3', s: '3', l: 'b' }]);
      expect(warehouseNumber(rows[0].n, where, 'n', 0)).toBe(3);
      const error = await runWarehouseQuery(engine, where, 'SELECT * FROM "missing_table"').catch((e: unknown) => e);
      expect((error as Error).message).toMatch(/summary query failed in the engine: .*missing_table/);
    });
  });
});
