import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toSql } from '../../src/index.js';
import { betaGeoCovariatePredictions } from '../../src/clv.js';
import { EXIT } from '../../src/node/index.js';
import { cdnowSegmentModels } from '../helpers/cdnowFirstSpend.js';
import { runInProcess } from '../helpers/cli.js';
import { createTableSql } from '../helpers/sqlRefusal.js';

// `customer-value sql` with a betaGeoCovariates model saved from fitBetaGeoWithCovariates on CDNOW
// with the first-purchase-spend split as a categorical covariate, with text levels (`segment`:
// 'low', 'high') and with numeric levels (`tier`: 1, 2) (issue 19; the library's toSql is tested in
// test/scoring/compileScorerCovariates.test.ts, this is the CLI path: the model read from its JSON
// file by parseModel). The query is toSql's, and executed in DuckDB it gives every customer's
// P(alive) of betaGeoCovariatePredictions (the model's own, checked against scipy in
// test/loyalty/betaGeoCovariates.test.ts) to 1e-9; a level the model was not fitted with gives NULL.

const { customers, byText, byNumber } = cdnowSegmentModels();
const N = customers.frequency.length;
const dir = mkdtempSync(join(tmpdir(), 'cv-cli-sql-covariates-'));
const path = (name: string) => join(dir, name);
writeFileSync(path('segment.model.json'), JSON.stringify(byText, null, 2));
writeFileSync(path('tier.model.json'), JSON.stringify(byNumber, null, 2));

/** Largest |a − b| / max(1, |b|). */
function largestDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]) / Math.max(1, Math.abs(b[i])));
  return worst;
}

describe('customer-value sql with a betaGeoCovariates model (categorical covariate), executed in DuckDB', () => {
  let connection: Awaited<ReturnType<Awaited<ReturnType<typeof DuckDBInstance.create>>['connect']>>;
  beforeAll(async () => {
    connection = await (await DuckDBInstance.create(':memory:')).connect();
    const rows = Array.from({ length: N }, (_, i) => ({
      id: i,
      frequency: customers.frequency[i],
      recency: customers.recency[i],
      T: customers.T[i],
      segment: customers.segment[i],
      tier: customers.tier[i],
    }));
    await connection.run(createTableSql('cdnow', ['frequency', 'recency', 'T', 'segment', 'tier'], rows, 'DOUBLE'));
  }, 60_000);
  afterAll(() => connection?.closeSync?.());

  it.each([
    ['text levels', 'segment.model.json', byText],
    ['numeric levels', 'tier.model.json', byNumber],
  ] as const)('%s: the query is toSql’s, and gives P(alive) of betaGeoCovariatePredictions to 1e-9', async (_, file, model) => {
    const run = await runInProcess(['sql', '--model', path(file), '--dialect', 'duckdb', '--table', 'cdnow', '--keep', 'id', '--name', 'seg']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(EXIT.ok);
    expect(run.stdout).toBe(`${toSql(model, { dialect: 'duckdb', table: 'cdnow', keep: ['id'], name: 'seg' })};\n`);
    const rows = (await connection.runAndReadAll(`SELECT * FROM (${run.stdout.trimEnd().replace(/;$/, '')}) ORDER BY id`)).getRowObjectsJS();
    expect(Object.keys(rows[0])).toEqual(['id', 'seg_probability_alive']);
    const expected = betaGeoCovariatePredictions(model, customers, { horizon: 0 }).probabilityAlive;
    expect(
      largestDifference(
        Float64Array.from(rows, (r) => Number(r.seg_probability_alive)),
        expected,
      ),
    ).toBeLessThanOrEqual(1e-9);
    // the two levels give different P(alive) for the same history (the covariate is read, not ignored)
    expect(new Set(rows.map((r) => r.seg_probability_alive)).size).toBeGreaterThan(
      new Set(Array.from(expected, (_, i) => `${customers.frequency[i]},${customers.recency[i]},${customers.T[i]}`)).size,
    );
  });

  it('a level the model was not fitted with (and NULL) gives NULL; --output writes the same query', async () => {
    const run = await runInProcess([
      'sql',
      '--model',
      path('segment.model.json'),
      '--dialect',
      'duckdb',
      '--table',
      'cdnow',
      '--keep',
      'id',
      '--output',
      path('q.sql'),
    ]);
    expect(run.code).toBe(EXIT.ok);
    const sql = readFileSync(path('q.sql'), 'utf8').trimEnd().replace(/;$/, '');
    expect(sql).toContain(`CASE WHEN "segment" = 'low' THEN CAST('0.0' AS DOUBLE) WHEN "segment" = 'high' THEN CAST('1.0' AS DOUBLE) END`);
    const odd = `(SELECT * REPLACE (CASE WHEN id = 0 THEN 'medium' WHEN id = 1 THEN NULL ELSE "segment" END AS "segment") FROM cdnow WHERE id < 3)`;
    const rows = (await connection.runAndReadAll(`SELECT * FROM (${sql.replace('FROM "cdnow"', `FROM ${odd}`)}) ORDER BY id`)).getRowObjectsJS();
    expect(rows.map((r) => r.betaGeoCovariates_probability_alive === null)).toEqual([true, true, false]);
  });
});
