import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { summarizeTransactions } from '../../src/index.js';
import { fitBetaGeo, fitGammaGamma } from '../../src/clv.js';
import { fitClvInWarehouse, type ClvInWarehouse, type WarehouseEngine, type WarehouseProgress } from '../../src/warehouse.js';
import { seededRandom } from '../../src/internal/random.js';
import { WAREHOUSE_SCREEN_ROWS } from '../../src/warehouse/clvEngineLikelihood.js';
import { duckdbTestEngine, postgresTestEngine } from '../helpers/engines.js';
import { postgresBin } from '../helpers/postgres.js';

// likelihood: 'engine' keeps both histograms in a work table and evaluates each likelihood with
// one aggregate query. The witnesses: likelihood: 'histograms' (the histograms brought out and
// fitted in memory) and the in-memory fitters on summarizeTransactions' summary of the same log.
// All three must agree to 1e-9 relative: parameters, standard errors, log-likelihoods and n.

type TestEngine = WarehouseEngine & { close(): void; run(sql: string): Promise<void> | void };
type Log = { customer: (string | null)[]; date: (string | null)[]; amount: (number | null)[] };

/** The whole bundled CDNOW log (69,659 transactions, 23,570 customers). */
function cdnowLog(): Log {
  const lines = readFileSync('examples/data/cdnow_master.csv', 'utf8').trim().split('\n');
  const header = lines[0].split(',');
  const [ci, di, ai] = ['customer_id', 'date', 'dollar_value'].map((h) => header.indexOf(h));
  const log: Log = { customer: [], date: [], amount: [] };
  for (const line of lines.slice(1)) {
    const cells = line.split(',');
    const d = cells[di];
    log.customer.push(cells[ci]);
    log.date.push(`${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6, 8)}`);
    log.amount.push(Number(cells[ai]));
  }
  return log;
}

/** 2,000 customers: one-purchase customers, same-day ties, refunds, amounts on a coarse grid (equal means), NULL ids, dates and amounts. */
function generatedLog(): Log {
  const random = seededRandom(16);
  const log: Log = { customer: [], date: [], amount: [] };
  const push = (customer: string | null, date: string | null, amount: number | null) => {
    log.customer.push(customer);
    log.date.push(date);
    log.amount.push(amount);
  };
  const day = (d: number) => new Date(Date.UTC(2024, 0, 1) + d * 86_400_000).toISOString().slice(0, 10);
  for (let c = 0; c < 2000; c++) {
    // BG/NBD-like: a purchase rate per customer (gamma), a dropout chance after each purchase
    const rate = 0.05 * random.gamma(0.8);
    const dropout = 0.4 * random.uniform();
    const scale = 5 * (1 + Math.floor(random.gamma(2) * 3)); // spend heterogeneity, on a grid (ties)
    let d = Math.floor(random.uniform() * 200);
    for (let first = true; d <= 272; first = false) {
      const amount = scale * (1 + Math.floor(random.uniform() * 4));
      log.customer.push(`c${c}`);
      log.date.push(day(d));
      log.amount.push(amount);
      if (random.uniform() < 0.1) push(`c${c}`, day(d), 5); // a second order that day
      if (random.uniform() < 0.05) push(`c${c}`, day(d), -amount); // refunded
      if (!first && random.uniform() < dropout) break;
      d += 1 + Math.floor(-Math.log(random.uniform()) / Math.max(rate, 1e-3));
    }
  }
  for (const [customer, date, amount] of [
    [null, day(3), 10],
    ['c1', null, 10],
    ['c2', day(4), null],
  ] as const) {
    log.customer.push(customer);
    log.date.push(date);
    log.amount.push(amount);
  }
  return log;
}

/** 90,000 customers' summaries, BG/NBD-like, with continuous spend: over 50,000 distinct rows in each histogram. */
function screeningSummary() {
  const random = seededRandom(1616);
  const n = 90_000;
  const summary = { frequency: new Float64Array(n), recency: new Float64Array(n), T: new Float64Array(n), monetary: new Float64Array(n) };
  for (let i = 0; i < n; i++) {
    const T = 100 + Math.floor(random.uniform() * 300);
    const rate = 0.06 * random.gamma(1);
    const dropout = 0.3 * random.uniform();
    const scale = 20 * random.gamma(3);
    let t = 0;
    let x = 0;
    let last = 0;
    for (;;) {
      t += Math.ceil(-Math.log(random.uniform()) / Math.max(rate, 1e-4));
      if (t > T) break;
      x++;
      last = t;
      if (random.uniform() < dropout) break;
    }
    summary.T[i] = T;
    summary.frequency[i] = x;
    summary.recency[i] = last;
    summary.monetary[i] = x === 0 ? 0 : Math.round(scale * random.gamma(5) * 100) / 500;
  }
  return summary;
}

function engines(): [string, () => Promise<TestEngine>][] {
  const bin = postgresBin();
  return [['duckdb', duckdbTestEngine], ...(bin ? [['postgres', async () => Promise.resolve(postgresTestEngine(bin))] as const] : [])] as [
    string,
    () => Promise<TestEngine>,
  ][];
}

// Standard errors come from the analytic Hessian at the optimum (likelihoodStandardErrors): no
// difference quotient amplifies the sums' rounding, so they agree to 1e-9 like the parameters
// (they agreed only to 5e-7 while they were central differences of the gradient).
const SE_TOLERANCE = 1e-9;

function expectRelative(got: Record<string, number> | null, want: Record<string, number> | null, what: string, tolerance = 1e-9) {
  expect(got === null, what).toBe(want === null);
  for (const [k, v] of Object.entries(want ?? {})) expect(Math.abs(got![k] / v - 1), `${what}.${k}: ${got![k]} vs ${v}`).toBeLessThan(tolerance);
}

/** The models of two fits agree to 1e-9 relative: parameters, standard errors, log-likelihoods, n, diagnostics counts. */
function expectSameFits(got: Pick<ClvInWarehouse, 'betaGeo' | 'gammaGamma'>, want: Pick<ClvInWarehouse, 'betaGeo' | 'gammaGamma'>) {
  const num = (v: unknown) => v as Record<string, number>;
  expectRelative(num(got.betaGeo.params), num(want.betaGeo.params), 'betaGeo.params');
  expectRelative(num(got.betaGeo.standardErrors), num(want.betaGeo.standardErrors), 'betaGeo.standardErrors', SE_TOLERANCE);
  expectRelative(num({ ll: got.betaGeo.fitted.diagnostics.logLikelihood }), num({ ll: want.betaGeo.fitted.diagnostics.logLikelihood }), 'betaGeo ℓ');
  expectRelative(num(got.gammaGamma.params), num(want.gammaGamma.params), 'gammaGamma.params');
  expectRelative(num(got.gammaGamma.standardErrors), num(want.gammaGamma.standardErrors), 'gammaGamma.standardErrors', SE_TOLERANCE);
  const g = got.gammaGamma.fitted.diagnostics;
  const w = want.gammaGamma.fitted.diagnostics;
  expectRelative(
    num({ ll: g.logLikelihood, r: g.frequencyMonetaryCorrelation }),
    num({ ll: w.logLikelihood, r: w.frequencyMonetaryCorrelation }),
    'gammaGamma',
  );
  expect(got.betaGeo.fitted.n).toBe(want.betaGeo.fitted.n);
  expect(got.gammaGamma.fitted.n).toBe(want.gammaGamma.fitted.n);
  expect([g.withoutRepeat, g.nonPositiveExcluded]).toEqual([w.withoutRepeat, w.nonPositiveExcluded]);
}

const CASES = [
  {
    name: 'the whole CDNOW log',
    log: cdnowLog,
    spec: { customer: 'customer', date: 'date', amount: 'amount', observationEnd: '1997-09-30', timeUnit: 'week', missing: 'skip' } as const,
  },
  {
    name: 'a generated log with ties, NULLs, refunds and one-purchase customers',
    log: generatedLog,
    spec: { customer: 'customer', date: 'date', amount: 'amount', observationEnd: '2024-09-30', timeUnit: 'day', missing: 'skip' } as const,
  },
];

describe.each(engines())('fitClvInWarehouse likelihood in %s', (_name, open) => {
  let engine: TestEngine;
  beforeAll(async () => {
    engine = await open();
    for (const [i, c] of CASES.entries()) await engine.load!(`log${i}`, c.log());
  }, 120_000);
  afterAll(() => engine?.close());

  it.each(CASES.map((c, i) => [c.name, i] as const))(
    "likelihood: 'engine' equals 'histograms' and the in-memory fit on %s",
    async (_case, i) => {
      const { spec, log } = CASES[i];
      const gammaGamma = { nonPositiveSpend: 'exclude' } as const;
      const summary = summarizeTransactions(log(), spec);
      const inMemory = { betaGeo: fitBetaGeo(summary, { timeUnit: spec.timeUnit }), gammaGamma: fitGammaGamma(summary, gammaGamma) };
      const progress: WarehouseProgress[] = [];
      const inEngine = await fitClvInWarehouse(
        engine,
        { ...spec, gammaGamma },
        { table: `log${i}`, likelihood: 'engine', onProgress: (e) => progress.push(e) },
      );
      const histograms = await fitClvInWarehouse(engine, { ...spec, gammaGamma }, { table: `log${i}`, likelihood: 'histograms' });
      expect([inEngine.likelihood, histograms.likelihood]).toEqual(['engine', 'histograms']);
      expectSameFits(inEngine, histograms);
      expect([inEngine.betaGeo.spec, inEngine.gammaGamma.spec]).toEqual([histograms.betaGeo.spec, histograms.gammaGamma.spec]);
      expectSameFits(inEngine, inMemory);
      // what crossed: a row of sizes, a row per distinct frequency, one row per evaluation
      const distinctX = new Set(summary.frequency).size + new Set(summary.frequency.filter((x, k) => x > 0 && summary.monetary[k] > 0)).size;
      const evaluations = inEngine.queries - 4 - 1; // drop, create, sizes, statistics; final drop
      // (+ up to 3: an engine may answer a DROP or CREATE with a status row, counted too)
      expect(inEngine.transferred.rows - (1 + distinctX + evaluations)).toBeGreaterThanOrEqual(0);
      expect(inEngine.transferred.rows - (1 + distinctX + evaluations)).toBeLessThanOrEqual(3);
      expect(inEngine.transferred.rows).toBeLessThan(histograms.transferred.rows / 5);
      expect(progress.map((p) => p.stage)).toEqual(['work table', 'work table', 'sizes', 'statistics', 'BG/NBD fit', 'Gamma-Gamma fit', 'work table drop']);
      // the work table is dropped at the end
      const left = await engine.query(`SELECT COUNT(*) AS n FROM information_schema.tables WHERE table_name = 'cv_clv_histograms'`);
      expect(Number((left as { n: unknown }[])[0].n)).toBe(0);
    },
    120_000,
  );

  it('over 50,000 distinct rows per set: screens the starts in JS on ≤ 10,000 rows per set brought out once, finishes with a few Newton queries', async () => {
    const summary = screeningSummary();
    await engine.load!('big_summary', summary);
    const likelihoodQueries: string[] = [];
    const counting: WarehouseEngine = {
      dialect: engine.dialect,
      query: (sql) => {
        if (sql.includes('"lse"') || sql.includes('"dgamma"')) likelihoodQueries.push(sql);
        return engine.query(sql);
      },
    };
    const spec = { timeUnit: 'day', gammaGamma: { nonPositiveSpend: 'exclude' } } as const;
    const inMemory = {
      betaGeo: fitBetaGeo({ frequency: summary.frequency, recency: summary.recency, T: summary.T }, { timeUnit: 'day' }),
      gammaGamma: fitGammaGamma({ frequency: summary.frequency, monetary: summary.monetary }, { nonPositiveSpend: 'exclude' }),
    };
    expect(inMemory.betaGeo.fitted.diagnostics.groups).toBeGreaterThan(50_000);
    expect(inMemory.gammaGamma.fitted.diagnostics.groups).toBeGreaterThan(50_000);
    const progress: string[] = [];
    const auto = await fitClvInWarehouse(counting, spec, { summary: 'big_summary', onProgress: (e) => progress.push(e.stage) });
    expect(progress).toEqual([
      'work table',
      'work table',
      'sizes',
      'statistics',
      'screening sample',
      'BG/NBD fit',
      'screening sample',
      'Gamma-Gamma fit',
      'work table drop',
    ]);
    expect(auto.likelihood).toBe('engine');
    expectSameFits(auto, inMemory);
    // two screening samples of ≤ 10,000 rows, a row per distinct frequency, a row per evaluation
    expect(auto.transferred.rows).toBeGreaterThan(10_000);
    expect(auto.transferred.rows).toBeLessThan(2 * WAREHOUSE_SCREEN_ROWS + 1000);
    // Newton from the screened optimum: each step one query (value, gradient, Hessian), + ℓ at the end
    expect(likelihoodQueries.length).toBeLessThanOrEqual(20);
    expect(likelihoodQueries.every((sql) => sql.includes('"qbb"') || sql.includes('"hgg"'))).toBe(true);
  }, 300_000);

  it("'auto' brings small histograms out of the work table (same rows as 'histograms') and drops it", async () => {
    const { spec } = CASES[1];
    const auto = await fitClvInWarehouse(engine, spec, { table: 'log1', work: 'my_work' });
    const histograms = await fitClvInWarehouse(engine, spec, { table: 'log1', likelihood: 'histograms' });
    expect(auto.likelihood).toBe('histograms');
    expectSameFits(auto, histograms);
    // + the sizes row; DuckDB's parallel SUM may round two equal mean spends apart in one run only
    expect(Math.abs(auto.transferred.rows - (histograms.transferred.rows + 1))).toBeLessThanOrEqual(engine.dialect === 'duckdb' ? 20 : 0);
    const left = await engine.query(`SELECT COUNT(*) AS n FROM information_schema.tables WHERE table_name = 'my_work'`);
    expect(Number((left as { n: unknown }[])[0].n)).toBe(0);
  });

  it('an engine error mid-optimization: engine_failed naming the likelihood stage, no models, the work table dropped', async () => {
    const { spec } = CASES[1];
    let likelihoodQueries = 0;
    const failing: WarehouseEngine = {
      dialect: engine.dialect,
      query: (sql) => {
        if (sql.includes('"lse"') && ++likelihoodQueries === 5) throw new Error('connection reset by peer');
        return engine.query(sql);
      },
    };
    const error = await fitClvInWarehouse(failing, spec, { table: 'log1', likelihood: 'engine' }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'engine_failed' });
    expect((error as Error).message).toContain('the likelihood query failed in the engine: connection reset by peer');
    const left = await engine.query(`SELECT COUNT(*) AS n FROM information_schema.tables WHERE table_name = 'cv_clv_histograms'`);
    expect(Number((left as { n: unknown }[])[0].n)).toBe(0);
  });
});
