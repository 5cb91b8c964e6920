import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SQL_DIALECTS, SQL_MODEL_KINDS, toSql } from '../../src/scoring/toSql.js';
import { postgresBin, startPostgres } from '../helpers/postgres.js';
import { createTableSql, expectSqlMatches, libraryVerdicts, REFUSAL_MODELS, refusalRows, SQL_FIELDS, type Verdict } from '../helpers/sqlRefusal.js';

// Refusal parity, every model kind toSql exports × every dialect: a table of accepted and refused
// rows (NULL and NaN in each input, ±Infinity, negative, fractional, out of scale, recency > T,
// subnormal and huge values, heavy buyers) is scored by the library — scoreColumns with
// missing: 'skip' and the per-model score function, which must agree — and by the SQL in DuckDB
// and PostgreSQL: NULL in every output exactly where the library refuses or skips the row, the
// scorer's values elsewhere. Spark, BigQuery and Snowflake SQL is checked by snapshot. The kinds
// come from SQL_MODEL_KINDS: a kind added to toSql fails here until REFUSAL_MODELS covers it.

const cases = SQL_MODEL_KINDS.map((kind) => {
  const { columns, rows } = refusalRows(kind);
  return { kind, columns, rows, verdicts: libraryVerdicts(kind, rows, columns) };
});

describe('SQL refusal parity: the table of rows', () => {
  it('covers every exportable kind and refuses and accepts rows of each', () => {
    expect(Object.keys(REFUSAL_MODELS).sort()).toEqual([...SQL_MODEL_KINDS].sort());
    expect(Object.keys(SQL_FIELDS).sort()).toEqual([...SQL_MODEL_KINDS].sort());
    for (const { kind, verdicts } of cases) {
      expect(verdicts.filter((v: Verdict) => v === null).length, `${kind}: refused rows`).toBeGreaterThanOrEqual(5);
      expect(verdicts.filter((v: Verdict) => v !== null).length, `${kind}: accepted rows`).toBeGreaterThanOrEqual(5);
    }
  });
});

describe('SQL refusal parity in DuckDB', () => {
  let connection: Awaited<ReturnType<Awaited<ReturnType<typeof DuckDBInstance.create>>['connect']>>;
  beforeAll(async () => {
    connection = await (await DuckDBInstance.create(':memory:')).connect();
    for (const { kind, columns, rows } of cases) await connection.run(createTableSql(`"t_${kind}"`, columns, rows, 'DOUBLE'));
  });
  afterAll(() => connection?.closeSync?.());

  it.each(cases.map((c) => [c.kind, c]))('%s: NULL exactly where the library refuses, equal values elsewhere', async (kind, { rows, verdicts }) => {
    const sql = toSql(REFUSAL_MODELS[kind], { dialect: 'duckdb', table: `t_${kind}`, keep: ['id'], name: 'm' });
    const result = (await connection.runAndReadAll(`SELECT * FROM (${sql}) ORDER BY id`)).getRowObjectsJS() as Record<string, unknown>[];
    expectSqlMatches(kind, 'm', result, verdicts, rows, 'duckdb');
  });
});

const bin = postgresBin();
if (!bin && process.env.CI) throw new Error('PostgreSQL is not installed: .ci/run should have installed the postgresql package');

describe.skipIf(!bin)('SQL refusal parity in PostgreSQL', () => {
  let pg: ReturnType<typeof startPostgres>;
  beforeAll(() => {
    pg = startPostgres(bin as string);
    pg.script(cases.map(({ kind, columns, rows }) => createTableSql(`"t_${kind}"`, columns, rows, 'DOUBLE PRECISION')).join('\n'));
  }, 120_000);
  afterAll(() => pg?.stop());

  it.each(cases.map((c) => [c.kind, c]))('%s: NULL exactly where the library refuses, equal values elsewhere', (kind, { rows, verdicts }) => {
    const sql = toSql(REFUSAL_MODELS[kind], { dialect: 'postgres', table: `t_${kind}`, keep: ['id'], name: 'm' });
    // extra_float_digits = 3: doubles printed at round-trip precision; NULL prints as an empty field
    const text = pg.psql(`SET extra_float_digits = 3; SELECT * FROM (${sql}) s ORDER BY id`);
    const [header, ...lines] = text.trim().split('\n');
    const names = header.split(',');
    const result = lines.map((line) => Object.fromEntries(line.split(',').map((v, j) => [names[j], v])));
    expectSqlMatches(kind, 'm', result, verdicts, rows, 'postgres');
  });
});

describe('SQL refusal parity in Spark, BigQuery and Snowflake (snapshots)', () => {
  const unexecuted = SQL_DIALECTS.filter((d) => d !== 'duckdb' && d !== 'postgres');
  it.each(SQL_MODEL_KINDS.flatMap((kind) => unexecuted.map((dialect) => [kind, dialect] as const)))(
    '%s in %s: the refusal conditions and NULL outputs',
    (kind, dialect) => {
      const sql = toSql(REFUSAL_MODELS[kind], { dialect, table: 'customers', keep: ['id'], name: 'm' });
      // the same conditions as the executed dialects: a CASE over every input and NULL outputs for refused rows
      expect(sql).toContain('AS `__cv_ok`'.replace(/`/g, dialect === 'snowflake' ? '"' : '`'));
      expect(sql).toMatchSnapshot();
    },
  );
});
