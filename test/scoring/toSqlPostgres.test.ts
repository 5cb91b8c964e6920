import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toSql } from '../../src/index.js';
import { probabilityAlive } from '../../src/clv.js';
import { createTableSql, REFUSAL_MODELS } from '../helpers/sqlRefusal.js';
import { postgresBin, startPostgres } from '../helpers/postgres.js';
import { toCsv } from '../helpers/sqlData.js';
import { compareWithScorer, data, models, SQL_CHECKS } from '../helpers/sqlModels.js';

// The generated PostgreSQL is executed in a throwaway PostgreSQL server (Debian's package,
// installed by .ci/run) on the same 100,000 rows as the DuckDB test. In CI a missing server is
// a failure; on a developer machine without one, these tests say so and are skipped.
const bin = postgresBin();
if (!bin && process.env.CI) throw new Error('PostgreSQL is not installed: .ci/run should have installed the postgresql package');

describe.skipIf(!bin)('toSql(model, { dialect: "postgres" }) executed in PostgreSQL', () => {
  let pg: ReturnType<typeof startPostgres>;
  beforeAll(() => {
    pg = startPostgres(bin as string);
    const dir = mkdtempSync(join(tmpdir(), 'cv-pgdata-'));
    chmodSync(dir, 0o755);
    const file = join(dir, 'customers.csv');
    writeFileSync(file, toCsv(data));
    chmodSync(file, 0o644);
    pg.script(
      `CREATE SCHEMA crm; CREATE TABLE crm."Customers ""2026""" (id bigint, frequency integer, recency double precision, "T" integer, spend double precision, q1 integer, q2 integer, q3 integer);\n\\copy crm."Customers ""2026""" FROM '${file}' WITH (FORMAT csv, HEADER true)\n`,
    );
  }, 120_000);
  afterAll(() => pg?.stop());

  for (const name of ['rfm', 'pyramid', 'linear', 'index', 'segments', 'clv'] as const) {
    it(`${name}: every output equals the TypeScript scorer on 100,000 rows`, () => {
      const sql = toSql(models[name], { dialect: 'postgres', table: ['crm', 'Customers "2026"'], keep: ['id'], name });
      // extra_float_digits = 3: print doubles at full precision
      const text = pg.psql(`SET extra_float_digits = 3; SELECT * FROM (${sql}) s ORDER BY id`);
      const [header, ...lines] = text.trim().split('\n');
      const names = header.split(',');
      const rows = lines.map((line) => Object.fromEntries(line.split(',').map((v, j) => [names[j], v])));
      expect(rows.length).toBe(100_000);
      for (const [model, field, output] of SQL_CHECKS)
        if (model === name) compareWithScorer(rows, name, field, output, name === 'pyramid' ? models.pyramid.thresholds : undefined);
    });
  }

  const select = (sql: string) => {
    const [header, ...lines] = pg.psql(`SET extra_float_digits = 3; SELECT * FROM (${sql}) s ORDER BY id`).trim().split('\n');
    const names = header.split(',');
    return lines.map((line) => Object.fromEntries(line.split(',').map((v, j) => [names[j], v])));
  };

  it('P(alive) of heavy buyers: no "value out of range: underflow", 0 as the library gives', () => {
    const histories = [
      { id: 0, frequency: 1e6, recency: 1, T: 1000 },
      { id: 1, frequency: 5000, recency: 0, T: 78 },
      { id: 2, frequency: 1000, recency: 1, T: 78 },
      { id: 3, frequency: 1e15, recency: 0, T: 1e300 },
      { id: 4, frequency: Number.MAX_VALUE, recency: 0, T: Number.MAX_VALUE },
      { id: 5, frequency: 40, recency: 1e-300, T: 30 },
      { id: 6, frequency: 3, recency: 30, T: 30 },
    ];
    pg.script(createTableSql('heavy', ['frequency', 'recency', 'T'], histories, 'DOUBLE PRECISION'));
    const rows = select(toSql(REFUSAL_MODELS.betaGeo, { dialect: 'postgres', table: 'heavy', keep: ['id'], name: 'p' }));
    const want = probabilityAlive(REFUSAL_MODELS.betaGeo as never, {
      frequency: histories.map((h) => h.frequency),
      recency: histories.map((h) => h.recency),
      T: histories.map((h) => h.T),
    }).values;
    expect(rows.length).toBe(histories.length);
    rows.forEach((row, i) => expect(Math.abs(Number(row.p_probability_alive) - want[i]), `history ${i}`).toBeLessThanOrEqual(1e-12));
    expect(Number(rows[0].p_probability_alive)).toBe(0);
  });

  it('NULL and refused inputs give NULL; a kept column is passed through beside renamed outputs', () => {
    pg.script(
      createTableSql(
        'refused',
        ['spend', 'frequency', 'recency', 'T'],
        [
          { id: 0, spend: null, frequency: 2, recency: 5, T: 30 },
          { id: 1, spend: 10, frequency: null, recency: 5, T: 30 },
          { id: 2, spend: 10, frequency: 1.5, recency: 5, T: 30 },
          { id: 3, spend: 10, frequency: 2, recency: 31, T: 30 },
        ],
        'DOUBLE PRECISION',
      ),
    );
    const rfm = select(toSql(models.rfm, { dialect: 'postgres', table: 'refused', keep: ['id'] }));
    expect(rfm.map((r) => r.rfm_monetary)).toEqual(['', '', expect.stringMatching(/^\d$/), expect.stringMatching(/^\d$/)]);
    const clv = select(toSql(models.clv, { dialect: 'postgres', table: 'refused', keep: ['id', 'spend'], name: 'betaGeo' }));
    expect(clv.map((r) => r.betaGeo_probability_alive)).toEqual([expect.stringMatching(/^0\.\d+/), '', '', '']);
    expect(clv.map((r) => r.spend)).toEqual(['', '10', '10', '10']);
  });
});
