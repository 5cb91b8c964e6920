import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toSql } from '../../src/index.js';
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
    pg.script(`CREATE SCHEMA crm; CREATE TABLE crm."Customers ""2026""" (id bigint, frequency integer, recency double precision, "T" integer, spend double precision, q1 integer, q2 integer, q3 integer);\n\\copy crm."Customers ""2026""" FROM '${file}' WITH (FORMAT csv, HEADER true)\n`);
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
      for (const [model, field, output] of SQL_CHECKS) if (model === name) compareWithScorer(rows, name, field, output, name === 'pyramid' ? models.pyramid.thresholds : undefined);
    });
  }
});
