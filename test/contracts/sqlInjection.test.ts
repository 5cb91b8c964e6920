import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CustomerValueError, compileScorer, fitValuePyramid, scoreColumns, toSql } from '../../src/index.js';
import { postgresBin, startPostgres } from '../helpers/postgres.js';

// Hostile table and column names through toSql, executed in DuckDB and PostgreSQL: each name is
// either refused with a CustomerValueError or quoted so that the query reads exactly that
// column of exactly that table — and a canary table survives every query (no injection).
const HOSTILE = [
  'a"b',
  "o'brien",
  'x"; DROP TABLE canary; --',
  "x'; DROP TABLE canary; --",
  'x/* comment */y',
  'dash -- comment',
  'naïve 顧客 📈',
  'back`tick',
  'semi;colon',
  'new\nline',
  'nul\u0000byte',
  '',
];
const REFUSED = new Set(['new\nline', 'nul\u0000byte', '']);

const values = Array.from({ length: 50 }, (_, i) => (i * 37) % 101);
const quoteForDdl = (name: string) => `"${name.replace(/"/g, '""')}"`;

function modelFor(column: string) {
  const data = { [column]: values } as Record<string, number[]>;
  const model = fitValuePyramid(data, { dimensions: [{ column, scale: 'none' }], tiers: { method: 'cumulativeShare' } });
  const expected = Array.from(scoreColumns(compileScorer({ p: model }), data).outputs['p.tier']);
  return { model, expected };
}

describe('toSql with hostile names in DuckDB', () => {
  let connection: Awaited<ReturnType<Awaited<ReturnType<typeof DuckDBInstance.create>>['connect']>>;
  beforeAll(async () => {
    connection = await (await DuckDBInstance.create(':memory:')).connect();
    await connection.run('CREATE TABLE canary (x INTEGER); INSERT INTO canary VALUES (1)');
  });
  afterAll(() => connection?.closeSync?.());

  it.each(HOSTILE.map((h) => [JSON.stringify(h), h]))('column and table named %s: refused or read exactly', async (_label, name) => {
    let sql: string;
    try {
      const { model } = modelFor(name || 'x');
      sql = toSql(model, { dialect: 'duckdb', table: name, keep: ['id'], name: 'p' });
    } catch (error) {
      expect(error).toBeInstanceOf(CustomerValueError);
      expect(REFUSED.has(name), `refused ${JSON.stringify(name)}`).toBe(true);
      return;
    }
    expect(REFUSED.has(name), `accepted ${JSON.stringify(name)}`).toBe(false);
    const { expected } = modelFor(name);
    await connection.run(`CREATE OR REPLACE TABLE ${quoteForDdl(name)} (id INTEGER, ${quoteForDdl(name)} DOUBLE)`);
    await connection.run(`INSERT INTO ${quoteForDdl(name)} SELECT i, ((i * 37) % 101)::DOUBLE FROM range(50) t(i)`);
    const rows = (await connection.runAndReadAll(`SELECT * FROM (${sql}) ORDER BY id`)).getRowObjectsJS() as Record<string, unknown>[];
    expect(rows.map((r) => Number(r.p_tier ?? r.valuePyramid_tier))).toEqual(expected);
    const canary = (await connection.runAndReadAll('SELECT count(*) AS n FROM canary')).getRowObjectsJS()[0] as { n: bigint };
    expect(Number(canary.n)).toBe(1);
  });
});

const bin = postgresBin();
describe.skipIf(bin === null)('toSql with hostile names in PostgreSQL', () => {
  let pg: ReturnType<typeof startPostgres>;
  beforeAll(() => {
    pg = startPostgres(bin as string);
    pg.psql('CREATE TABLE canary (x INTEGER); INSERT INTO canary VALUES (1)');
  }, 60_000);
  afterAll(() => pg?.stop());

  it.each(HOSTILE.filter((h) => !REFUSED.has(h)).map((h) => [JSON.stringify(h), h]))(
    'column and table named %s: read exactly, canary intact',
    (_label, name) => {
      const { model, expected } = modelFor(name);
      const sql = toSql(model, { dialect: 'postgres', table: name, keep: ['id'], name: 'p' });
      pg.script(
        `CREATE TABLE ${quoteForDdl(name)} (id INTEGER, ${quoteForDdl(name)} DOUBLE PRECISION);\nINSERT INTO ${quoteForDdl(name)} SELECT i, ((i * 37) % 101)::DOUBLE PRECISION FROM generate_series(0, 49) AS i;\n`,
      );
      const out = pg.script(`\\pset format unaligned\n\\pset tuples_only on\nSELECT p_tier FROM (${sql}) AS s ORDER BY id;\n`);
      expect(out.trim().split('\n').map(Number)).toEqual(expected);
      expect(pg.psql('SELECT count(*) FROM canary').trim().split('\n').pop()).toBe('1');
    },
  );
});
