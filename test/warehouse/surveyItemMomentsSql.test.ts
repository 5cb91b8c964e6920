import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bartlettSphericity, cronbachAlpha, fitSatisfactionIndex, itemMoments, kmo, type ItemMoments } from '../../src/index.js';
import { itemMomentsInWarehouse, surveyItemMomentsSql } from '../../src/warehouse.js';
import { SQL_DIALECTS, type SqlDialect } from '../../src/scoring/toSql.js';
import type { WarehouseEngine } from '../../src/warehouse/warehouseEngine.js';
import { duckdbTestEngine, postgresTestEngine } from '../helpers/engines.js';
import { caught } from '../helpers/fixtures.js';
import { postgresBin } from '../helpers/postgres.js';
import { ECSI_ITEMS, GENERATED_ITEMS, ecsiSurvey, expectRelativelyEqual, generatedSurvey, indexSpecs, type SurveyColumns } from '../helpers/surveyMoments.js';

// The witness is the in-memory path: the item moments the SQL computes in DuckDB and PostgreSQL
// must equal itemMoments on the same rows (n, skipped, min and max exactly; means and covariances
// to double rounding, 1e-12 relative: the engines sum in their own order), and every moment-based
// fit on them must equal the same fit on the rows to 1e-9 relative — the index model (weights,
// loadings, eigenvalues, variance table, α, KMO, Bartlett χ²/df/p, 0–100 mean), alpha, KMO and
// Bartlett — on the ECSI survey (stored as INTEGER columns) and on generated Likert answers with
// NULL and NaN (DOUBLE columns, an item name that needs quoting).

const SURVEYS: Record<string, { data: SurveyColumns; items: string[]; integer: boolean; kind: 'ecsi' | 'generated' }> = {
  ecsi: { data: ecsiSurvey(), items: ECSI_ITEMS, integer: true, kind: 'ecsi' },
  generated: { data: generatedSurvey(), items: GENERATED_ITEMS, integer: false, kind: 'generated' },
};

/** CREATE TABLE + INSERT for a survey, NULL and NaN written as such. */
function surveyTable(name: string, data: SurveyColumns, integer: boolean, double: string): string[] {
  const names = Object.keys(data);
  const quote = (n: string) => `"${n.replace(/"/g, '""')}"`;
  const cell = (v: number | null) =>
    v === null ? 'NULL' : Number.isNaN(v) ? `CAST('NaN' AS ${double})` : Number.isFinite(v) ? String(v) : `CAST('${v}' AS ${double})`;
  const rows = data[names[0]].map((_, i) => `(${names.map((n) => cell(data[n][i])).join(', ')})`);
  return [
    `DROP TABLE IF EXISTS ${quote(name)}`,
    `CREATE TABLE ${quote(name)} (${names.map((n) => `${quote(n)} ${integer ? 'INTEGER' : double}`).join(', ')})`,
    ...(rows.length > 0 ? [`INSERT INTO ${quote(name)} VALUES ${rows.join(', ')}`] : []),
  ];
}

/** Item names that must be quoted, not obeyed: the canary table must survive, the moments read exactly these columns. */
const HOSTILE: SurveyColumns = {
  'x"; DROP TABLE canary; --': [1, 2, 3, 4, 5, 2],
  "o'brien": [2, 2, 3, 5, 4, 1],
  'naïve 顧客 📈': [1, 3, 3, 4, 4, 2],
  'dash -- comment': [5, 4, 2, 2, 1, 4],
};

/** 30 items, 60 respondents: p(p + 1)/2 = 465 covariance columns. */
const WIDE: SurveyColumns = Object.fromEntries(
  Array.from({ length: 30 }, (_, j) => [`item ${j}`, Array.from({ length: 60 }, (_, i) => 1 + ((i * (j + 3) + Math.floor(i / 7) * j) % 7))]),
);

type TestEngine = WarehouseEngine & { run(sql: string): unknown; close(): void };

function engineSuite(name: string, start: () => Promise<TestEngine> | TestEngine, double: string) {
  describe(`surveyItemMomentsSql in ${name}`, () => {
    let engine: TestEngine;
    beforeAll(async () => {
      engine = await start();
      const statements = [
        ...Object.entries(SURVEYS).flatMap(([table, s]) => surveyTable(table, s.data, s.integer, double)),
        ...surveyTable('wide', WIDE, false, double),
        ...surveyTable('hostile', HOSTILE, false, double),
        ...surveyTable('canary', { x: [1] }, false, double),
        ...surveyTable('infinite', { a: [1, 2, Number.POSITIVE_INFINITY, 4], b: [2, 3, 4, 1] }, false, double),
        ...surveyTable('empty', { a: [], b: [] }, false, double),
        ...surveyTable('texts', { a: [1, 2, 3], b: [3, 2, 1] }, false, double),
        `ALTER TABLE "texts" ADD COLUMN "c" VARCHAR(10)`,
        `UPDATE "texts" SET "c" = 'n/a'`,
      ];
      for (const statement of statements) await engine.run(statement);
    }, 120_000);
    afterAll(() => engine?.close());

    describe.each(Object.entries(SURVEYS))('the %s survey', (table, { data, items, kind }) => {
      let moments: ItemMoments;
      beforeAll(async () => {
        moments = await itemMomentsInWarehouse(engine, { items, missing: 'skip' }, { table });
      });

      it('gives itemMoments: n, skipped, min and max exactly, means and covariances to 1e-12', () => {
        const expected = itemMoments(data, { items, missing: 'skip' });
        expect({ n: moments.n, skipped: moments.skipped, min: moments.min, max: moments.max, items: moments.items }).toEqual({
          n: expected.n,
          skipped: expected.skipped,
          min: expected.min,
          max: expected.max,
          items: expected.items,
        });
        expectRelativelyEqual(moments, expected, 1e-12);
        if (kind === 'generated') expect(moments.skipped).toBeGreaterThan(0);
      });

      it.each(indexSpecs(kind))('fitSatisfactionIndex, %s: the rows model to 1e-9, fitted.n the complete answers', (_label, spec) => {
        const rows = fitSatisfactionIndex(data, spec);
        const fromEngine = fitSatisfactionIndex(moments, spec);
        expectRelativelyEqual(fromEngine, rows, 1e-9);
        expect(fromEngine.fitted.n).toBe(moments.n);
      });

      it('cronbachAlpha, kmo and bartlettSphericity: the rows results to 1e-9', () => {
        const o = { missing: 'skip' } as const;
        expectRelativelyEqual(cronbachAlpha(moments, items, o), cronbachAlpha(data, items, o));
        expectRelativelyEqual(kmo(moments, items, o), kmo(data, items, o));
        expectRelativelyEqual(bartlettSphericity(moments, items, o), bartlettSphericity(data, items, o));
      });
    });

    it('names its output by item position, for many items (30 items: 465 covariances)', async () => {
      const items = Object.keys(WIDE);
      const moments = await itemMomentsInWarehouse(engine, { items, missing: 'skip' }, { table: 'wide' });
      expectRelativelyEqual(moments, itemMoments(WIDE, { items, missing: 'skip' }), 1e-12);
      const row = (await engine.query(surveyItemMomentsSql({ items, missing: 'skip' }, { dialect: engine.dialect, table: 'wide' }))) as Record<
        string,
        unknown
      >[];
      expect(row).toHaveLength(1);
      expect(Object.keys(row[0]).filter((k) => k.startsWith('cov_'))).toHaveLength(465);
      expect(Object.keys(row[0])).toContain('cov_28_29');
    });

    it('quotes hostile item names: the moments of exactly those columns, and the canary table survives', async () => {
      const items = Object.keys(HOSTILE);
      const moments = await itemMomentsInWarehouse(engine, { items, missing: 'skip' }, { table: 'hostile' });
      expectRelativelyEqual(moments, itemMoments(HOSTILE, { items, missing: 'skip' }), 1e-12);
      expect(await engine.query('SELECT COUNT(*) AS "rows" FROM "canary"')).toEqual([{ rows: engine.dialect === 'duckdb' ? 1n : '1' }]);
    });

    it('refuses an infinite answer naming the item, and an empty table as too few respondents', async () => {
      const infinite = await itemMomentsInWarehouse(engine, { items: ['a', 'b'], missing: 'skip' }, { table: 'infinite' }).catch((e: unknown) => e);
      expect(infinite).toMatchObject({ code: 'invalid_value' });
      expect((infinite as { issues: unknown[] }).issues[0]).toMatchObject({ column: 'a', received: '1 answers ±Infinity' });
      const empty = await itemMomentsInWarehouse(engine, { items: ['a', 'b'], missing: 'skip' }, { table: 'empty' }).catch((e: unknown) => e);
      expect(empty).toMatchObject({ code: 'too_few_rows' });
    });

    it.each([
      ['a column that does not exist', 'texts', ['a', 'nope']],
      ['a table that does not exist', 'no_such_table', ['a', 'b']],
      ['a text column that is not numbers', 'texts', ['a', 'c']],
    ])('answers %s with engine_failed naming the stage and the engine message', async (_label, table, items) => {
      const error = await itemMomentsInWarehouse(engine, { items, missing: 'skip' }, { table }).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'engine_failed' });
      expect((error as Error).message).toMatch(/^itemMomentsInWarehouse: the item moments query failed in the engine: \S/);
    });
  });
}

engineSuite('DuckDB', duckdbTestEngine, 'DOUBLE');
const bin = postgresBin();
if (!bin && process.env.CI) throw new Error('PostgreSQL is not installed: .ci/run should have installed the postgresql package');
if (bin) engineSuite('PostgreSQL', () => postgresTestEngine(bin), 'DOUBLE PRECISION');

describe('surveyItemMomentsSql in Spark, BigQuery and Snowflake (snapshots)', () => {
  const unexecuted = SQL_DIALECTS.filter((d): d is Exclude<SqlDialect, 'duckdb' | 'postgres'> => d !== 'duckdb' && d !== 'postgres');
  it.each(unexecuted)('%s', (dialect) => {
    expect(surveyItemMomentsSql({ items: ['q1', 'q 2', 'Q3'], missing: 'skip' }, { dialect, table: ['research', 'survey'] })).toMatchSnapshot();
  });
});

describe('surveyItemMomentsSql(spec, options) and itemMomentsInWarehouse: refusals', () => {
  const spec = { items: ['q1', 'q2'], missing: 'skip' } as const;
  it.each([
    ["missing: 'error'", { ...spec, missing: 'error' }, { dialect: 'duckdb', table: 't' }, 'spec.missing'],
    ['one item', { ...spec, items: ['q1'] }, { dialect: 'duckdb', table: 't' }, 'spec.items'],
    ['a repeated item', { ...spec, items: ['q1', 'q1'] }, { dialect: 'duckdb', table: 't' }, 'spec.items'],
    ['an unknown spec key', { ...spec, scale: [1, 7] }, { dialect: 'duckdb', table: 't' }, 'spec'],
    ['a dialect toSql does not speak', spec, { dialect: 'mysql', table: 't' }, 'options.dialect'],
    ['a table name with a backtick in Spark', spec, { dialect: 'spark', table: 'a`b' }, 'options.table'],
  ])('refuses %s with invalid_spec naming the path', (_label, s, o, path) => {
    const error = caught(() => surveyItemMomentsSql(s as never, o as never));
    expect(error.code).toBe('invalid_spec');
    expect(error.issues.map((issue: { path?: string }) => issue.path)).toContain(path);
  });

  it('refuses an item name that cannot be quoted, naming the column', () => {
    const error = caught(() => surveyItemMomentsSql({ items: ['q1', 'q`2'], missing: 'skip' }, { dialect: 'bigquery', table: 't' }));
    expect(error.code).toBe('invalid_spec');
    expect(error.issues[0].column).toBe('q`2');
  });

  it('itemMomentsInWarehouse refuses a bad engine, spec or options before any query', async () => {
    const calls: string[] = [];
    const engine = { dialect: 'duckdb' as const, query: (sql: string) => (calls.push(sql), []) };
    const cases: [unknown, unknown, unknown, string][] = [
      [{ dialect: 'mysql', query: () => [] }, spec, { table: 't' }, 'engine.dialect'],
      [{ dialect: 'duckdb' }, spec, { table: 't' }, 'engine.query'],
      [engine, { ...spec, missing: 'error' }, { table: 't' }, 'spec.missing'],
      [engine, spec, { table: '' }, 'options.table'],
      [engine, spec, { table: 't', dialect: 'duckdb' }, 'options'],
    ];
    for (const [e, s, o, path] of cases) {
      const error = await itemMomentsInWarehouse(e as never, s as never, o as never).catch((x: unknown) => x);
      expect(error).toMatchObject({ code: 'invalid_spec' });
      expect((error as { issues: { path?: string }[] }).issues.map((i) => i.path)).toContain(path);
    }
    expect(calls).toEqual([]);
  });

  it('itemMomentsInWarehouse refuses a result that is not one row of numbers, naming the stage and column', async () => {
    const answer = (rows: unknown) => ({ dialect: 'duckdb' as const, query: () => rows as never });
    const none = await itemMomentsInWarehouse(answer([]), spec, { table: 't' }).catch((e: unknown) => e);
    expect(none).toMatchObject({ code: 'engine_failed' });
    expect((none as Error).message).toContain('the item moments query failed in the engine: the query returned 0 rows, not 1');
    const good = {
      all_rows: 3,
      n: 3,
      infinite_0: 0,
      infinite_1: 0,
      mean_0: 2,
      min_0: 1,
      max_0: 3,
      mean_1: 2,
      min_1: 1,
      max_1: 3,
      cov_0_0: 1,
      cov_0_1: 1,
      cov_1_1: 1,
    };
    const text = await itemMomentsInWarehouse(answer([{ ...good, cov_0_1: 'abc' }]), spec, { table: 't' }).catch((e: unknown) => e);
    expect(text).toMatchObject({ code: 'engine_failed' });
    expect((text as { issues: { column?: string }[] }).issues[0].column).toBe('cov_0_1');
    expect(await itemMomentsInWarehouse(answer([good]), spec, { table: 't' })).toMatchObject({
      n: 3,
      skipped: 0,
      covariance: [
        [1, 1],
        [1, 1],
      ],
    });
  });
});
