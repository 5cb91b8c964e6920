import { Readable } from 'node:stream';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileScorer, parseModel, scoreColumns, toSql } from '../../src/index.js';
import { readCsvBatches, scoreColumns as scoreColumnsThreaded, scoreStream } from '../../src/node/index.js';
import { betaGeoCovariatePredictions } from '../../src/loyalty/clv/betaGeoCovariatePredictions.js';
import { fitBetaGeoWithCovariates, type BetaGeoCovariatesModel } from '../../src/loyalty/clv/fitBetaGeoWithCovariates.js';
import { cdnowWithFirstSpend } from '../helpers/cdnowFirstSpend.js';
import { caught, readFixtureJson } from '../helpers/fixtures.js';
import { postgresBin, startPostgres } from '../helpers/postgres.js';
import { createTableSql, type RefusalRow } from '../helpers/sqlRefusal.js';

// The BG/NBD with covariates compiled (compileScorer) and exported (toSql), against the model's
// own predictions (betaGeoCovariatePredictions: CLVTools' parameterization, itself checked against
// scipy in test/loyalty/betaGeoCovariates.test.ts): P(alive) per customer on CDNOW with the
// first-purchase-spend split (a categorical covariate with text levels) and with the log of the
// first spend (a numeric covariate), in TypeScript (1e-12) and in DuckDB and PostgreSQL (1e-9).

const { split, firstSpend } = cdnowWithFirstSpend();
const median = [...firstSpend].sort((p, q) => p - q)[Math.floor(firstSpend.length / 2)];
const customers = {
  frequency: split.frequency,
  recency: split.recency,
  T: split.T,
  firstSpend: firstSpend.map((v) => (v > median ? 'high' : 'low')),
  // whole tenths of ln(spend): a numeric covariate with few distinct values (a fast fit)
  logSpend: firstSpend.map((v) => Math.round(10 * Math.log(Math.max(v, 1))) / 10),
};
const categorical = fitBetaGeoWithCovariates(customers, {
  timeUnit: 'week',
  covariates: { columns: [{ column: 'firstSpend', categorical: true, reference: 'low' }] },
});
const numeric = fitBetaGeoWithCovariates(customers, { timeUnit: 'week', covariates: { columns: [{ column: 'logSpend' }], shared: true } });
const MODELS: Record<string, BetaGeoCovariatesModel> = { categorical, numeric };

/** Largest |a − b| / max(1, |b|). */
function largestDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]) / Math.max(1, Math.abs(b[i])));
  return worst;
}

describe('compileScorer with a betaGeoCovariates model, against betaGeoCovariatePredictions', () => {
  it('the fits carry information (the scores differ from the covariate-free P(alive))', () => {
    expect(categorical.coefficients.purchase[0]).not.toBe(0);
    expect(numeric.coefficients.purchase[0]).not.toBe(0);
  });

  it.each(Object.keys(MODELS))('%s covariate on CDNOW (23,570 customers): P(alive) equal to 1e-12, a parsed model scored the same', (which) => {
    const model = MODELS[which];
    // horizon 0: P(alive) is what is compared (the expectation over 39 weeks does not converge for
    // the numeric fit's x = 0 customers, whose c = a_i + b_i − 1 < 0: a limit of the series, not of P(alive))
    const expected = betaGeoCovariatePredictions(model, customers, { horizon: 0 }).probabilityAlive;
    const scorer = compileScorer({ cov: model });
    expect(scorer.outputs.map((o) => o.name)).toEqual(['cov.probabilityAlive']);
    const got = scoreColumns(scorer, customers).outputs['cov.probabilityAlive'];
    expect(got.length).toBe(23_570);
    expect(largestDifference(got, expected)).toBeLessThanOrEqual(1e-12);
    const loaded = compileScorer({ cov: parseModel(JSON.stringify(model)) });
    expect(scoreColumns(loaded, customers).outputs['cov.probabilityAlive']).toEqual(got);
    // the threaded scoreColumns reads the levels the same way (on workers: 3 × 23,570 rows, above 32,768 per thread)
    // (typed history columns, text levels: the levels are encoded into a typed column the workers read)
    const tripled = Object.fromEntries(
      Object.entries(customers).map(([name, column]) => {
        const rows = [...column, ...column, ...column];
        return [name, typeof rows[0] === 'string' ? rows : Float64Array.from(rows as number[])];
      }),
    );
    const threaded = scoreColumnsThreaded(scorer, tripled, { threads: 2 }).outputs['cov.probabilityAlive'];
    expect(threaded.length).toBe(3 * 23_570);
    expect(threaded.subarray(2 * 23_570)).toEqual(got);
    expect(threaded).toEqual(scoreColumns(scorer, tripled).outputs['cov.probabilityAlive']);
  });

  it('reads a categorical covariate as its level: the scorer input holds the level index, the levels are listed', () => {
    const scorer = compileScorer(categorical);
    const k = scorer.inputs.indexOf('firstSpend');
    expect(scorer.levels[k]).toEqual(['low', 'high']);
    expect(scorer.ranges[k]).toEqual({ min: 0, max: 1, above: -Infinity, integer: true });
    expect(scorer.levels[scorer.inputs.indexOf('frequency')]).toBeNull();
  });

  it('refuses an unknown level (naming row, column, value and levels) and a missing covariate, as the predictions do', () => {
    const rows = { frequency: [2, 2, 2], recency: [10, 10, 10], T: [30, 30, 30], firstSpend: ['high', 'medium', null] };
    const scorer = compileScorer({ cov: categorical });
    const error = caught(() => scoreColumns(scorer, rows));
    expect(error.code).toBe('invalid_value');
    expect(error.issues[0]).toMatchObject({ function: 'scoreColumns', column: 'firstSpend', row: 1, received: '"medium"' });
    expect(error.issues[0].expected).toContain('"low", "high"');
    expect(caught(() => betaGeoCovariatePredictions(categorical, rows, { horizon: 1 })).code).toBe('invalid_value');
    const skipped = scoreColumns(scorer, { ...rows, firstSpend: ['high', null, 'low'] }, { missing: 'skip' });
    expect(skipped.skipped).toBe(1);
    expect(Number.isNaN(skipped.outputs['cov.probabilityAlive'][1])).toBe(true);
    expect(caught(() => scoreColumns(scorer, { ...rows, firstSpend: ['high', null, 'low'] })).code).toBe('invalid_value');
  });

  it('refuses a numeric covariate beyond the domain that keeps the parameters finite, as the predictions do', () => {
    const scorer = compileScorer({ cov: numeric });
    const reach = scorer.ranges[scorer.inputs.indexOf('logSpend')].max;
    expect(reach).toBeCloseTo(400 / Math.abs(numeric.coefficients.purchase[0]), 6);
    const rows = (v: number) => ({ frequency: [2], recency: [10], T: [30], logSpend: [v] });
    expect(Number.isFinite(scoreColumns(scorer, rows(reach)).outputs['cov.probabilityAlive'][0])).toBe(true);
    expect(caught(() => scoreColumns(scorer, rows(reach * 1.01))).code).toBe('invalid_value');
    expect(caught(() => betaGeoCovariatePredictions(numeric, rows(reach * 1.01), { horizon: 0 })).code).toBe('invalid_value');
    expect(betaGeoCovariatePredictions(numeric, rows(reach), { horizon: 0 }).probabilityAlive[0]).toBe(
      scoreColumns(scorer, rows(reach)).outputs['cov.probabilityAlive'][0],
    );
  });

  it('refuses two models that read one column differently; scoreStream reads the levels from text', async () => {
    const other = { ...categorical, covariates: [{ ...categorical.covariates[0], levels: ['low', 'high', 'top'] }] } as BetaGeoCovariatesModel;
    expect(
      caught(() =>
        compileScorer({
          one: categorical,
          two: { ...other, terms: ['firstSpend=high', 'firstSpend=top'], coefficients: { purchase: [0.1, 0.2], dropout: [0, 0] } },
        }),
      ).code,
    ).toBe('invalid_model');
    expect(
      caught(() =>
        compileScorer({
          one: categorical,
          two: numeric,
          three: { ...numeric, covariates: [{ column: 'firstSpend', type: 'numeric' }], terms: ['firstSpend'] } as never,
        }),
      ).code,
    ).toBe('invalid_model');
    // scoreStream reads the levels from the batches' text (test/node/scoreStreamCovariates.test.ts)
    const batches = readCsvBatches(Readable.from(['frequency,recency,T,firstSpend\n2,10,30,high\n2,10,30,top\n']), {
      numeric: ['frequency', 'recency', 'T'],
      text: ['firstSpend'],
    });
    const streamed: number[] = [];
    const rejects: string[] = [];
    for await (const batch of scoreStream(batches, compileScorer({ cov: categorical }))) {
      streamed.push(...(batch.columns['cov.probabilityAlive'] as Float64Array));
      rejects.push(...batch.rejects.map((r) => `${r.line}: ${r.reason}`));
    }
    const row = { frequency: [2], recency: [10], T: [30], firstSpend: ['high'] };
    expect(streamed).toEqual(Array.from(scoreColumns(compileScorer({ cov: categorical }), row).outputs['cov.probabilityAlive']));
    expect(rejects).toEqual(['3: column "firstSpend": "top" is not a level the model was fitted with ("low", "high")']);
  });
});

/** CDNOW as a SQL table: the history as doubles, the split as text, the numeric covariate as a double. */
const table = (): { columns: string[]; rows: RefusalRow[] } => ({
  columns: ['frequency', 'recency', 'T', 'firstSpend', 'logSpend'],
  rows: Array.from(customers.frequency, (_, i) => ({
    id: i,
    frequency: customers.frequency[i],
    recency: customers.recency[i],
    T: customers.T[i],
    firstSpend: customers.firstSpend[i],
    logSpend: customers.logSpend[i],
  })),
});

describe('toSql with a betaGeoCovariates model, executed in DuckDB', () => {
  let connection: Awaited<ReturnType<Awaited<ReturnType<typeof DuckDBInstance.create>>['connect']>>;
  beforeAll(async () => {
    connection = await (await DuckDBInstance.create(':memory:')).connect();
    const { columns, rows } = table();
    await connection.run(createTableSql('cdnow', columns, rows, 'DOUBLE'));
  });
  afterAll(() => connection?.closeSync?.());

  it.each(Object.keys(MODELS))('%s covariate: P(alive) of every CDNOW customer equals the TypeScript scorer to 1e-9', async (which) => {
    const model = MODELS[which];
    const sql = toSql(model, { dialect: 'duckdb', table: 'cdnow', keep: ['id'], name: 'cov' });
    const rows = (await connection.runAndReadAll(`SELECT * FROM (${sql}) ORDER BY id`)).getRowObjectsJS() as Record<string, unknown>[];
    const expected = scoreColumns(compileScorer({ cov: model }), customers).outputs['cov.probabilityAlive'];
    expect(
      largestDifference(
        Float64Array.from(rows, (r) => Number(r.cov_probability_alive)),
        expected,
      ),
    ).toBeLessThanOrEqual(1e-9);
  });

  it('a categorical covariate is a CASE over the fitted levels: an unknown level and NULL give NULL', async () => {
    const sql = toSql(categorical, { dialect: 'duckdb', table: 'cdnow', keep: ['id'], name: 'cov' });
    expect(sql).toContain(`CASE WHEN "firstSpend" = 'low' THEN CAST('0.0' AS DOUBLE) WHEN "firstSpend" = 'high' THEN CAST('1.0' AS DOUBLE) END`);
    const odd = `(SELECT * REPLACE (CASE WHEN id = 0 THEN 'medium' WHEN id = 1 THEN NULL ELSE "firstSpend" END AS "firstSpend") FROM cdnow WHERE id < 3)`;
    const rows = (await connection.runAndReadAll(`SELECT * FROM (${sql.replace('FROM "cdnow"', `FROM ${odd}`)}) ORDER BY id`)).getRowObjectsJS();
    expect(rows.map((r) => r.cov_probability_alive === null)).toEqual([true, true, false]);
  });

  it('refuses a covariate whose levels mix text and numbers (a SQL column has one type)', () => {
    const mixed = { ...categorical, covariates: [{ ...categorical.covariates[0], reference: 'low', levels: ['low', 7] }], terms: ['firstSpend=7'] };
    expect(caught(() => toSql(mixed as BetaGeoCovariatesModel, { dialect: 'duckdb', table: 'cdnow' })).code).toBe('invalid_model');
  });
});

const bin = postgresBin();
if (!bin && process.env.CI) throw new Error('PostgreSQL is not installed: .ci/run should have installed the postgresql package');

describe.skipIf(!bin)('toSql with a betaGeoCovariates model, executed in PostgreSQL', () => {
  let pg: ReturnType<typeof startPostgres>;
  beforeAll(() => {
    pg = startPostgres(bin as string);
    const { columns, rows } = table();
    pg.script(createTableSql('cdnow', columns, rows, 'DOUBLE PRECISION'));
  }, 120_000);
  afterAll(() => pg?.stop());

  it.each(Object.keys(MODELS))('%s covariate: P(alive) of every CDNOW customer equals the TypeScript scorer to 1e-9', (which) => {
    const model = MODELS[which];
    const sql = toSql(model, { dialect: 'postgres', table: 'cdnow', keep: ['id'], name: 'cov' });
    const [header, ...lines] = pg.psql(`SET extra_float_digits = 3; SELECT * FROM (${sql}) s ORDER BY id`).trim().split('\n');
    const at = header.split(',').indexOf('cov_probability_alive');
    const expected = scoreColumns(compileScorer({ cov: model }), customers).outputs['cov.probabilityAlive'];
    expect(
      largestDifference(
        Float64Array.from(lines, (line) => Number(line.split(',')[at])),
        expected,
      ),
    ).toBeLessThanOrEqual(1e-9);
  });
});

// the witness the fit is checked against (median first spend and the split's size)
const reference = readFixtureJson<{ cdnow: { medianFirstSpend: number; high: number } }>('loyalty/bgnbd_covariates_reference.json').cdnow;
it('the split is the witness script’s (make_bgnbd_covariates_reference.py): its median and its count of high spenders', () => {
  expect(median).toBe(reference.medianFirstSpend);
  expect(customers.firstSpend.filter((v) => v === 'high').length).toBe(reference.high);
});
