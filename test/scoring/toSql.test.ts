import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toSql } from '../../src/index.js';
import { probabilityAlive } from '../../src/clv.js';
import { caught } from '../helpers/fixtures.js';
import { createTableSql, REFUSAL_MODELS } from '../helpers/sqlRefusal.js';
import { toCsv } from '../helpers/sqlData.js';
import { compareWithScorer, data, models, SQL_CHECKS } from '../helpers/sqlModels.js';

// The generated SQL is executed in embedded DuckDB on 100,000 rows and every output compared
// with the TypeScript scorer (PostgreSQL: test/scoring/toSqlPostgres.test.ts).
describe('toSql(model, options) executed in DuckDB', () => {
  let connection: Awaited<ReturnType<Awaited<ReturnType<typeof DuckDBInstance.create>>['connect']>>;
  beforeAll(async () => {
    const instance = await DuckDBInstance.create(':memory:');
    connection = await instance.connect();
    const file = join(mkdtempSync(join(tmpdir(), 'cv-sql-')), 'customers.csv');
    writeFileSync(file, toCsv(data));
    await connection.run(
      `CREATE SCHEMA crm; CREATE TABLE crm."Customers ""2026""" AS SELECT * FROM read_csv('${file}', header = true, columns = {'id': 'BIGINT', 'frequency': 'INTEGER', 'recency': 'DOUBLE', 'T': 'INTEGER', 'spend': 'DOUBLE', 'q1': 'INTEGER', 'q2': 'INTEGER', 'q3': 'INTEGER'})`,
    );
  });
  afterAll(() => connection?.closeSync?.());

  for (const name of ['rfm', 'pyramid', 'linear', 'index', 'segments', 'clv'] as const) {
    it(`${name}: every output equals the TypeScript scorer on 100,000 rows`, async () => {
      const sql = toSql(models[name], { dialect: 'duckdb', table: ['crm', 'Customers "2026"'], keep: ['id'], name });
      const reader = await connection.runAndReadAll(`SELECT * FROM (${sql}) ORDER BY id`);
      const rows = reader.getRowObjectsJS() as Record<string, unknown>[];
      expect(rows.length).toBe(100_000);
      for (const [model, field, output] of SQL_CHECKS)
        if (model === name) compareWithScorer(rows, name, field, output, name === 'pyramid' ? models.pyramid.thresholds : undefined);
      if (name === 'pyramid') {
        expect(rows.filter((r) => r.pyramid_tier === 0).every((r) => r.pyramid_tier_name === 'top')).toBe(true);
      }
    });
  }
});

describe('toSql: refused rows, heavy buyers and kept columns in DuckDB', () => {
  let connection: Awaited<ReturnType<Awaited<ReturnType<typeof DuckDBInstance.create>>['connect']>>;
  beforeAll(async () => {
    connection = await (await DuckDBInstance.create(':memory:')).connect();
  });
  afterAll(() => connection?.closeSync?.());
  const run = async (sql: string) => (await connection.runAndReadAll(`SELECT * FROM (${sql}) ORDER BY id`)).getRowObjectsJS() as Record<string, unknown>[];

  it('NULL spend, NULL frequency, out-of-scale answers and refused histories give NULL, not scores', async () => {
    await connection.run(
      createTableSql(
        'r1',
        ['spend', 'frequency', 'recency', 'T', 'q1', 'q2', 'q3'],
        [
          { id: 0, spend: null, frequency: 2, recency: 5, T: 30, q1: 5, q2: 5, q3: 5 },
          { id: 1, spend: 10, frequency: null, recency: 5, T: 30, q1: 11, q2: 5, q3: 5 },
          { id: 2, spend: 10, frequency: 1.5, recency: 5, T: 30, q1: 5, q2: 5, q3: 5 },
          { id: 3, spend: 10, frequency: 2, recency: 31, T: 30, q1: 5, q2: 5, q3: 5 },
          { id: 4, spend: 10, frequency: -2, recency: 0, T: 30, q1: 5, q2: 5, q3: 5 },
        ],
        'DOUBLE',
      ),
    );
    const rfm = await run(toSql(models.rfm, { dialect: 'duckdb', table: 'r1', keep: ['id'] }));
    expect(rfm[0].rfm_monetary).toBeNull(); // was the top score
    expect(rfm[1].rfm_cell).toBeNull();
    const index = await run(toSql(models.index, { dialect: 'duckdb', table: 'r1', keep: ['id'] }));
    expect(index[1].satisfactionIndex_index100).toBeNull(); // was above 100
    const clv = await run(toSql(models.clv, { dialect: 'duckdb', table: 'r1', keep: ['id'] }));
    expect(clv.map((r) => r.betaGeo_probability_alive)).toEqual([expect.any(Number), null, null, null, null]); // were 0.5 and P(alive) of refused histories
  });

  it('P(alive) of heavy buyers is 0 and of extreme histories finite, as the library gives', async () => {
    const histories = [
      { id: 0, frequency: 1e6, recency: 1, T: 1000 },
      { id: 1, frequency: 5000, recency: 0, T: 78 },
      { id: 2, frequency: 1e15, recency: 0, T: 1e300 },
      { id: 3, frequency: Number.MAX_VALUE, recency: 0, T: Number.MAX_VALUE },
      { id: 4, frequency: 40, recency: 1e-300, T: 30 },
    ];
    await connection.run(createTableSql('heavy', ['frequency', 'recency', 'T'], histories, 'DOUBLE'));
    const rows = await run(toSql(REFUSAL_MODELS.betaGeo, { dialect: 'duckdb', table: 'heavy', keep: ['id'], name: 'p' }));
    const want = probabilityAlive(REFUSAL_MODELS.betaGeo as never, {
      frequency: histories.map((h) => h.frequency),
      recency: histories.map((h) => h.recency),
      T: histories.map((h) => h.T),
    }).values;
    rows.forEach((row, i) => expect(Math.abs(Number(row.p_probability_alive) - want[i])).toBeLessThanOrEqual(1e-12));
    expect(rows[0].p_probability_alive).toBe(0);
  });

  it('refuses a kept column named like an output (any case), naming both; renamed outputs keep it intact', async () => {
    for (const keep of ['rfm_cell', 'RFM_Total']) {
      const error = caught(() => toSql(models.rfm, { dialect: 'duckdb', table: 'c', keep: ['id', keep] }));
      expect(error.code).toBe('invalid_spec');
      expect(error.message).toContain(`"${keep}"`);
      expect(error.message).toContain(`"rfm_${keep.slice(4).toLowerCase()}"`);
    }
    expect(caught(() => toSql(models.rfm, { dialect: 'duckdb', table: 'c', keep: ['id', 'ID'] })).message).toContain('the kept column "id"');
    expect(caught(() => toSql(models.rfm, { dialect: 'duckdb', table: 'c', keep: ['__CV_ok'] })).message).toContain('reserved');
    // DuckDB binds names without case: the kept "rfm_recency" used to replace the new score in the cell
    await connection.run(`CREATE TABLE c AS SELECT * FROM (VALUES (1, 9.0, 1.0, 500.0, 7)) t(id, recency, frequency, spend, rfm_recency)`);
    const rows = await run(toSql(models.rfm, { dialect: 'duckdb', table: 'c', keep: ['id', 'rfm_recency'], name: 'score' }));
    expect(Number(rows[0].rfm_recency)).toBe(7);
    expect(Number(rows[0].score_cell)).toBe(100 * Number(rows[0].score_recency) + 10 * Number(rows[0].score_frequency) + Number(rows[0].score_monetary));
  });
});

describe('toSql dialects and safety', () => {
  it('quotes identifiers per dialect (snapshot of the first lines)', () => {
    const lines = (dialect: 'spark' | 'bigquery' | 'snowflake') => toSql(models.rfm, { dialect, table: 'customers', keep: ['id'] }).split('\n')[0];
    expect(lines('spark')).toBe(
      'WITH input AS (SELECT `id`, CAST(`recency` AS DOUBLE) AS `__cv_0`, CAST(`frequency` AS DOUBLE) AS `__cv_1`, CAST(`spend` AS DOUBLE) AS `__cv_2` FROM `customers`),',
    );
    expect(lines('bigquery')).toBe(
      'WITH input AS (SELECT `id`, CAST(`recency` AS FLOAT64) AS `__cv_0`, CAST(`frequency` AS FLOAT64) AS `__cv_1`, CAST(`spend` AS FLOAT64) AS `__cv_2` FROM `customers`),',
    );
    expect(lines('snowflake')).toBe(
      'WITH input AS (SELECT "id", CAST("recency" AS DOUBLE) AS "__cv_0", CAST("frequency" AS DOUBLE) AS "__cv_1", CAST("spend" AS DOUBLE) AS "__cv_2" FROM "customers"),',
    );
    const spark = toSql(models.pyramid, { dialect: 'spark', table: 'customers' });
    expect(spark).toContain("WHEN 0 THEN 'top'");
  });

  it('cannot be injected through names, and emits constants at round-trip precision', () => {
    const evil = 'x"; DROP TABLE customers; --';
    const sql = toSql(models.rfm, { dialect: 'postgres', table: evil, columns: { recency: evil } });
    expect(sql).toContain('"x""; DROP TABLE customers; --"');
    expect(caught(() => toSql(models.rfm, { dialect: 'spark', table: 'a`b' })).code).toBe('invalid_spec');
    expect(caught(() => toSql(models.rfm, { dialect: 'duckdb', table: 't\u0000' })).code).toBe('invalid_spec');
    expect(caught(() => toSql(models.rfm, { dialect: 'duckdb', table: 't', keep: ['__cv_0'] })).message).toContain('reserved');
    expect(caught(() => toSql(models.rfm, { dialect: 'oracle' as never, table: 't' })).issues[0].path).toBe('options.dialect');
    for (const t of models.rfm.thresholds.monetary)
      expect(toSql(models.rfm, { dialect: 'duckdb', table: 't' })).toContain(`CAST('${Number.isInteger(t) ? `${t}.0` : t}' AS DOUBLE)`);
  });
});
