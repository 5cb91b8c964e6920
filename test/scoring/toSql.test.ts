import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toSql } from '../../src/index.js';
import { caught } from '../helpers/fixtures.js';
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
    await connection.run(`CREATE SCHEMA crm; CREATE TABLE crm."Customers ""2026""" AS SELECT * FROM read_csv('${file}', header = true, columns = {'id': 'BIGINT', 'frequency': 'INTEGER', 'recency': 'DOUBLE', 'T': 'INTEGER', 'spend': 'DOUBLE', 'q1': 'INTEGER', 'q2': 'INTEGER', 'q3': 'INTEGER'})`);
  });
  afterAll(() => connection?.closeSync?.());

  for (const name of ['rfm', 'pyramid', 'linear', 'index', 'segments', 'clv'] as const) {
    it(`${name}: every output equals the TypeScript scorer on 100,000 rows`, async () => {
      const sql = toSql(models[name], { dialect: 'duckdb', table: ['crm', 'Customers "2026"'], keep: ['id'], name });
      const reader = await connection.runAndReadAll(`SELECT * FROM (${sql}) ORDER BY id`);
      const rows = reader.getRowObjectsJS() as Record<string, unknown>[];
      expect(rows.length).toBe(100_000);
      for (const [model, field, output] of SQL_CHECKS) if (model === name) compareWithScorer(rows, name, field, output, name === 'pyramid' ? models.pyramid.thresholds : undefined);
      if (name === 'pyramid') {
        expect(rows.filter((r) => r.pyramid_tier === 0).every((r) => r.pyramid_tier_name === 'top')).toBe(true);
      }
    });
  }
});

describe('toSql dialects and safety', () => {
  it('quotes identifiers per dialect (snapshot of the first lines)', () => {
    const lines = (dialect: 'spark' | 'bigquery' | 'snowflake') => toSql(models.rfm, { dialect, table: 'customers', keep: ['id'] }).split('\n')[0];
    expect(lines('spark')).toBe('WITH input AS (SELECT `id`, CAST(`recency` AS DOUBLE) AS `__cv_0`, CAST(`frequency` AS DOUBLE) AS `__cv_1`, CAST(`spend` AS DOUBLE) AS `__cv_2` FROM `customers`),');
    expect(lines('bigquery')).toBe('WITH input AS (SELECT `id`, CAST(`recency` AS FLOAT64) AS `__cv_0`, CAST(`frequency` AS FLOAT64) AS `__cv_1`, CAST(`spend` AS FLOAT64) AS `__cv_2` FROM `customers`),');
    expect(lines('snowflake')).toBe('WITH input AS (SELECT "id", CAST("recency" AS DOUBLE) AS "__cv_0", CAST("frequency" AS DOUBLE) AS "__cv_1", CAST("spend" AS DOUBLE) AS "__cv_2" FROM "customers"),');
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
    expect(caught(() => toSql(models.rfm, { dialect: 'oracle' as never, table: 't' })).issues[0].column).toBe('options.dialect');
    for (const t of models.rfm.thresholds.monetary) expect(toSql(models.rfm, { dialect: 'duckdb', table: 't' })).toContain(`CAST('${Number.isInteger(t) ? `${t}.0` : t}' AS DOUBLE)`);
  });
});
