import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CustomerValueError, summarizeTransactions } from '../../src/index.js';
import { fitBetaGeo, fitGammaGamma } from '../../src/clv.js';
import { fitClvInWarehouse, summarizeTransactionsSql, type WarehouseEngine, type WarehouseProgress } from '../../src/warehouse.js';
import { duckdbTestEngine, postgresTestEngine } from '../helpers/engines.js';
import { readFixtureCsv } from '../helpers/fixtures.js';
import { postgresBin } from '../helpers/postgres.js';

// The witness is the in-memory path on the same log: summarizeTransactions, then fitBetaGeo and
// fitGammaGamma on one row per customer. fitClvInWarehouse, with only the two histograms leaving
// the engine, must give the same parameters to 1e-9 relative, in DuckDB and in PostgreSQL.

const c = readFixtureCsv('value/cdnow_sample.csv').columns as Record<string, Float64Array>;
const customer = Array.from(c.sample_id, String);
const date = Array.from(c.date, (d) => `${String(d).slice(0, 4)}-${String(d).slice(4, 6)}-${String(d).slice(6, 8)}`);
const amount = Array.from(c.dollar_value);
const LOG = { customer, date, amount };
const SPEC = { customer: 'customer', date: 'date', amount: 'amount', observationEnd: '1997-09-30', timeUnit: 'week', missing: 'skip' } as const;

const summary = summarizeTransactions(LOG, SPEC);
const expected = { betaGeo: fitBetaGeo(summary, { timeUnit: 'week' }), gammaGamma: fitGammaGamma(summary) };

function expectClose(got: Record<string, number>, want: Record<string, number>) {
  for (const [k, v] of Object.entries(want)) expect(Math.abs(got[k] / v - 1), k).toBeLessThan(1e-9);
}

type TestEngine = WarehouseEngine & { close(): void; run(sql: string): Promise<void> | void };

function engines(): [string, () => Promise<TestEngine>][] {
  const bin = postgresBin();
  return [['duckdb', duckdbTestEngine], ...(bin ? [['postgres', async () => Promise.resolve(postgresTestEngine(bin))] as const] : [])] as [
    string,
    () => Promise<TestEngine>,
  ][];
}

describe.each(engines())('fitClvInWarehouse in %s', (_name, open) => {
  let engine: TestEngine;
  beforeAll(async () => {
    engine = await open();
    await engine.load!('orders', LOG);
  }, 60_000);
  afterAll(() => engine?.close());

  it('fits the same models as the in-memory path on the CDNOW sample, from the histograms alone', async () => {
    const progress: WarehouseProgress[] = [];
    const result = await fitClvInWarehouse(engine, SPEC, { table: 'orders', likelihood: 'histograms', onProgress: (e) => progress.push(e) });
    expectClose(result.betaGeo.params as unknown as Record<string, number>, expected.betaGeo.params as unknown as Record<string, number>);
    expectClose(result.gammaGamma.params as unknown as Record<string, number>, expected.gammaGamma.params as unknown as Record<string, number>);
    expect(result.betaGeo.fitted.n).toBe(expected.betaGeo.fitted.n);
    expect(result.gammaGamma.fitted.n).toBe(expected.gammaGamma.fitted.n);
    expect(result.gammaGamma.fitted.diagnostics.withoutRepeat).toBe(expected.gammaGamma.fitted.diagnostics.withoutRepeat);
    expect(result.betaGeo.spec.timeUnit).toBe('week');
    expect(progress.map((p) => p.stage)).toEqual(['histograms', 'BG/NBD fit', 'Gamma-Gamma fit']);
    // only the histograms crossed: one row per distinct history, one per distinct repeat (x, m̄)
    const distinct = (keys: string[], keep: (i: number) => boolean) =>
      new Set(summary.customer.flatMap((_, i) => (keep(i) ? [keys.map((k) => (summary as any)[k][i]).join('|')] : []))).size;
    // the GG set also has the frequency-0 row (its customers counted in withoutRepeat)
    const rows = distinct(['frequency', 'recency', 'T'], () => true) + distinct(['frequency', 'monetary'], () => true);
    expect(progress[0].rows).toBe(rows);
    expect(result.transferred).toEqual({ rows, values: rows * 6 });
  });

  it('fits the same models from a summary table already in the engine (options.summary: one pass over customers)', async () => {
    await engine.run(`CREATE TABLE customer_summary AS ${summarizeTransactionsSql(SPEC, { dialect: engine.dialect, table: 'orders' })}`);
    const progress: WarehouseProgress[] = [];
    const fromLog = await fitClvInWarehouse(engine, SPEC, { table: 'orders', likelihood: 'histograms' });
    const result = await fitClvInWarehouse(
      engine,
      { timeUnit: 'week' },
      { summary: 'customer_summary', likelihood: 'histograms', onProgress: (e) => progress.push(e) },
    );
    expectClose(result.betaGeo.params as unknown as Record<string, number>, expected.betaGeo.params as unknown as Record<string, number>);
    expectClose(result.gammaGamma.params as unknown as Record<string, number>, expected.gammaGamma.params as unknown as Record<string, number>);
    expect(result.betaGeo.fitted.n).toBe(expected.betaGeo.fitted.n);
    // the same histograms left the engine (counted without a progress listener too); GG rows may
    // differ by a few in DuckDB, whose parallel SUM can round two equal means apart
    expect(Math.abs(result.transferred.rows - fromLog.transferred.rows)).toBeLessThanOrEqual(engine.dialect === 'duckdb' ? 20 : 0);
    expect(fromLog.transferred.rows).toBeGreaterThan(1000);
    expect(fromLog.transferred.values).toBe(fromLog.transferred.rows * 6);
    expect(progress.map((p) => p.stage)).toEqual(['histograms', 'BG/NBD fit', 'Gamma-Gamma fit']);
  });

  it('refuses customers with an infinite amount by count, never drops them', async () => {
    const double = engine.dialect === 'postgres' ? 'DOUBLE PRECISION' : 'DOUBLE';
    await engine.run(
      `CREATE TABLE orders_infinite AS SELECT * FROM orders UNION ALL SELECT 'x', '1997-02-01', CAST('Infinity' AS ${double}) UNION ALL SELECT 'x', '1997-03-01', 5`,
    );
    const error = await fitClvInWarehouse(engine, SPEC, { table: 'orders_infinite' }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'invalid_value' });
    expect((error as Error).message).toContain('fitClvInWarehouse: 1 customer(s) have an infinite amount or profit');
  });

  it('names the stage and the engine message when the table does not exist', async () => {
    const error = await fitClvInWarehouse(engine, SPEC, { table: 'no_such_orders', likelihood: 'histograms' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CustomerValueError);
    expect(error).toMatchObject({ code: 'engine_failed' });
    expect((error as Error).message).toMatch(/fitClvInWarehouse: the histograms query failed in the engine: .*no_such_orders/);
  });

  it('names the column the engine does not know', async () => {
    const error = await fitClvInWarehouse(engine, { ...SPEC, amount: 'amount_usd' }, { table: 'orders' }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'engine_failed' });
    expect((error as Error).message).toMatch(/amount_usd/);
  });
});

describe('fitClvInWarehouse without a live engine', () => {
  const histograms = [
    ...[
      [0, 0, 30, 60],
      [1, 10, 30, 20],
      [2, 25, 30, 15],
      [3, 12, 28, 5],
    ].map(([frequency, recency, T, customers]) => ({ frequency, recency, T, monetary: null, betageo: 1n, customers: BigInt(customers) })),
    ...[
      [0, 0, 60],
      [1, 20, 20],
      [2, 35, 15],
      [3, 28, 5],
    ].map(([frequency, monetary, customers]) => ({ frequency, recency: null, T: null, monetary, betageo: '0', customers: String(customers) })),
  ];
  const answer = () => histograms;

  it('an engine that fails: engine_failed naming the stage and the engine message, no partial models', async () => {
    const engine: WarehouseEngine = {
      dialect: 'duckdb',
      query: () => Promise.reject(new Error('Connection lost')),
    };
    const error = await fitClvInWarehouse(engine, SPEC, { table: 'orders', likelihood: 'histograms' }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'engine_failed' });
    expect((error as Error).message).toContain('the histograms query failed in the engine: Connection lost');
  });

  it('customers the summary refuses (NULL keys) are an invalid_value error with their count', async () => {
    const engine: WarehouseEngine = {
      dialect: 'duckdb',
      query: () => [
        ...answer(),
        { frequency: null, recency: null, T: null, monetary: null, betageo: 1, customers: 3n },
        { frequency: null, recency: null, T: null, monetary: null, betageo: 0, customers: 3n },
      ],
    };
    const error = await fitClvInWarehouse(engine, SPEC, { table: 'orders', likelihood: 'histograms' }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'invalid_value' });
    expect((error as Error).message).toContain('3 customer(s) have an infinite amount or profit');
  });

  it('a count the engine sends as non-numeric text is refused by column and row', async () => {
    const engine: WarehouseEngine = { dialect: 'duckdb', query: () => answer().map((r, i) => (i === 1 ? { ...r, customers: 'many' } : r)) };
    const error = await fitClvInWarehouse(engine, SPEC, { table: 'orders', likelihood: 'histograms' }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'engine_failed' });
    expect((error as CustomerValueError).issues[0]).toMatchObject({ column: 'customers', row: 1 });
  });

  it('checks the whole spec before any query runs, placing problems in the fits’ settings', async () => {
    let calls = 0;
    const engine: WarehouseEngine = { dialect: 'duckdb', query: () => (calls++, []) };
    for (const [spec, path] of [
      [{ ...SPEC, missing: 'error' }, 'spec.missing'],
      [{ ...SPEC, betaGeo: { maxIterations: 3 } }, 'spec.betaGeo.maxIterations'],
      [{ ...SPEC, gammaGamma: { nonPositiveSpend: 'drop' } }, 'spec.gammaGamma.nonPositiveSpend'],
      [{ ...SPEC, observationEnd: 'soon' }, 'spec.observationEnd'],
    ] as const) {
      const error = await fitClvInWarehouse(engine, spec as never, { table: 'orders' }).catch((e: unknown) => e);
      expect(error, path).toMatchObject({ code: 'invalid_spec' });
      expect((error as CustomerValueError).issues[0].path).toBe(path);
    }
    for (const [spec, options, path] of [
      [SPEC, { table: 'orders', summary: 'customer_summary' }, 'options'],
      [SPEC, {}, 'options'],
      [SPEC, { summary: 'customer_summary' }, 'spec'],
      [{ timeUnit: 'fortnight' }, { summary: 'customer_summary' }, 'spec.timeUnit'],
      [{ timeUnit: 'week', gammaGamma: { maxIterations: 0 } }, { summary: 'customer_summary' }, 'spec.gammaGamma.maxIterations'],
    ] as const) {
      const error = await fitClvInWarehouse(engine, spec as never, options as never).catch((e: unknown) => e);
      expect(error, path).toMatchObject({ code: 'invalid_spec' });
      expect((error as CustomerValueError).issues[0].path, JSON.stringify(options)).toBe(path);
    }
    const error = await fitClvInWarehouse(engine, SPEC, { table: '' }).catch((e: unknown) => e);
    expect((error as CustomerValueError).issues[0].path).toBe('options.table');
    expect(calls).toBe(0);
  });
});
