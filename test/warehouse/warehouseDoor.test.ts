import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as api from '../helpers/library.js';
import type { WarehouseEngine, WarehouseProgress } from '../../src/warehouse.js';
import { duckdbTestEngine } from '../helpers/engines.js';

// Every `...InWarehouse` function meets a bad engine, a bad option and a progress listener the
// same way. The list is checked against the package's exports, so a new function fails here
// until it is added. Each call runs for real in DuckDB on a small customer table and log; the
// property witnessed: onProgress hears one event per query the engine ran, in order, with the
// stage names an engine_failed error would give, and the rows each brought out.

type Engine = WarehouseEngine & { run(sql: string): Promise<void>; close(): void };
type Call = (engine: WarehouseEngine, options: Record<string, unknown>) => Promise<unknown>;

const log = { customer: 'customer', date: 'date', amount: 'amount', observationEnd: '2024-06-30', missing: 'skip' } as const;
const CALLS: Record<string, { call: Call; table: string }> = {
  fitClvInWarehouse: {
    table: 'orders',
    call: (e, o) => api.fitClvInWarehouse(e, { ...log, timeUnit: 'week', gammaGamma: { nonPositiveSpend: 'exclude' } }, o as never),
  },
  cohortRetentionInWarehouse: {
    table: 'orders',
    call: (e, o) => api.cohortRetentionInWarehouse(e, { customer: 'customer', date: 'date', period: 'month', missing: 'skip' }, o as never),
  },
  customerFlowsInWarehouse: {
    table: 'orders',
    call: (e, o) => api.customerFlowsInWarehouse(e, { customer: 'customer', date: 'date', period: 'month', missing: 'skip' }, o as never),
  },
  activeLifetimesInWarehouse: { table: 'orders', call: (e, o) => api.activeLifetimesInWarehouse(e, { ...log, timeUnit: 'week', lapseAfter: 4 }, o as never) },
  valuePyramidStatisticsInWarehouse: {
    table: 'customers',
    call: (e, o) =>
      api.valuePyramidStatisticsInWarehouse(
        e,
        { dimensions: [{ column: 'spend', scale: 'none' }], tiers: { method: 'cumulativeShare' }, missing: 'skip' },
        o as never,
      ),
  },
  rfmStatisticsInWarehouse: {
    table: 'customers',
    call: (e, o) =>
      api.rfmStatisticsInWarehouse(
        e,
        { recency: { column: 'recency', better: 'lower' }, frequency: { column: 'visits' }, monetary: { column: 'spend' }, bins: 3, missing: 'skip' },
        o as never,
      ),
  },
  fitSegmentsInWarehouse: {
    table: 'customers',
    call: (e, o) => api.fitSegmentsInWarehouse(e, { features: ['visits', 'spend'], k: 2, seed: 7, missing: 'skip' }, o as never),
  },
  itemMomentsInWarehouse: { table: 'customers', call: (e, o) => api.itemMomentsInWarehouse(e, { items: ['visits', 'spend'], missing: 'skip' }, o as never) },
};
// scoring needs fitted models and a new `into` table per call
let models: { purchaseModel: api.BetaGeoModel; spendModel: api.GammaGammaModel };
let scored = 0;
CALLS.betaGeoScoresInWarehouse = {
  table: 'orders',
  call: (e, o) =>
    api.betaGeoScoresInWarehouse(e, models, { ...log, timeUnit: 'week', horizon: 26, discountRate: 0.001, margin: 0.3 }, {
      ...o,
      into: `scores_${scored++}`,
    } as never),
};
CALLS.fitInWarehouse = {
  table: 'orders',
  call: (e, o) => api.fitInWarehouse(e, { customer: 'customer', date: 'date', amount: 'amount', observationEnd: '2024-06-30', timeUnit: 'week' }, o as never),
};
const PENDING: string[] = [];
// jobs made of the functions above: their stages are steps of several queries (their own tests name each step's failure)
const COMPOSITE = ['fitInWarehouse'];
// stages whose failure is not an error: the result is complete without them
const BEST_EFFORT = ['lookup drop', 'work table drop'];

/** The error a call rejects with (a call that resolves fails the test). */
async function caught(run: () => Promise<unknown>): Promise<api.CustomerValueError> {
  const outcome = await run().then(
    () => undefined,
    (error: unknown) => error,
  );
  if (!(outcome instanceof api.CustomerValueError)) throw new Error(`expected a CustomerValueError, got ${String(outcome)}`);
  return outcome;
}

let engine: Engine;
beforeAll(async () => {
  engine = await duckdbTestEngine();
  const orders: string[] = [];
  // 120 customers: a third buy in a burst and stop (dropouts), the rest keep buying
  for (let c = 0; c < 120; c++) {
    for (let k = 0; k <= c % 6; k++) {
      const day = ((c * 11) % 60) + k * (c % 3 === 0 ? 4 : 19 + (c % 7));
      if (day > 180) break;
      orders.push(`(${c}, DATE '2024-01-01' + INTERVAL ${day} DAY, ${10 + ((c * 13 + k * 5) % 90)})`);
    }
  }
  await engine.run(`CREATE TABLE orders (customer INTEGER, date DATE, amount DOUBLE); INSERT INTO orders VALUES ${orders.join(', ')}`);
  const fitted = await api.fitClvInWarehouse(engine, { ...log, timeUnit: 'week', gammaGamma: { nonPositiveSpend: 'exclude' } }, { table: 'orders' });
  models = { purchaseModel: fitted.betaGeo, spendModel: fitted.gammaGamma };
  const customers = Array.from({ length: 60 }, (_, i) => `(${i}, ${i % 11}, ${(i * 37) % 53}, ${1 + ((i * 17) % 29) * 3.5})`);
  await engine.run(
    `CREATE TABLE customers (customer INTEGER, recency DOUBLE, visits DOUBLE, spend DOUBLE); INSERT INTO customers VALUES ${customers.join(', ')}`,
  );
});
afterAll(() => engine?.close());

describe('every ...InWarehouse function at its door', () => {
  it('the list covers every exported ...InWarehouse function', () => {
    const exported = Object.keys(api)
      .filter((name) => name.endsWith('InWarehouse'))
      .sort();
    expect([...Object.keys(CALLS), ...PENDING].sort()).toEqual(exported);
  });

  describe.each(Object.entries(CALLS))('%s', (name, { call, table }) => {
    it('a bad engine is invalid_spec at engine.dialect / engine.query, before any query', async () => {
      const queried: string[] = [];
      const query = (sql: string) => {
        queried.push(sql);
        return [];
      };
      const noDialect = await caught(() => call({ dialect: 'oracle', query } as never, { table }));
      expect(noDialect.code).toBe('invalid_spec');
      expect(noDialect.issues[0]).toMatchObject({ function: name, path: 'engine.dialect' });
      const noQuery = await caught(() => call({ dialect: 'duckdb' } as never, { table }));
      expect(noQuery.issues[0]).toMatchObject({ function: name, path: 'engine.query' });
      const notAnObject = await caught(() => call(null as never, { table }));
      expect(notAnObject.issues[0]).toMatchObject({ function: name, path: 'engine' });
      expect(queried).toEqual([]);
    });

    it('an unknown option is refused by name; a non-function onProgress too', async () => {
      const unknown = await caught(() => call(engine, { table, tabel: table }));
      expect(unknown.code).toBe('invalid_spec');
      expect(unknown.message).toContain('tabel');
      const notAFunction = await caught(() => call(engine, { table, onProgress: 'log' }));
      expect(notAFunction.issues[0]).toMatchObject({ function: name, path: 'options.onProgress' });
    });

    it('onProgress hears each query, in order, with its stage and rows', async () => {
      // every call into the engine: a query (rows out) or a load (rows in)
      const ran: { sql: string; rows: number }[] = [];
      const counting: WarehouseEngine = {
        dialect: 'duckdb',
        async query(sql) {
          const rows = (await engine.query(sql)) as unknown[];
          ran.push({ sql, rows: rows.length });
          return rows as never;
        },
        async load(name, columns) {
          await engine.load!(name, columns);
          ran.push({ sql: `load ${String(name)}`, rows: Object.values(columns)[0].length });
        },
      };
      const heard: WarehouseProgress[] = [];
      await call(counting, { table, onProgress: (event: WarehouseProgress) => heard.push(event) });
      for (const event of heard) {
        expect(event.stage).toMatch(/^[a-z][a-z0-9/ -]*$/i);
        expect(event.seconds).toBeGreaterThanOrEqual(0);
      }
      if (COMPOSITE.includes(name)) {
        // a job of jobs reports a stage per step (a step may run several queries): every row out is heard once
        const out = (rows: number[]) => rows.reduce((a, b) => a + b, 0);
        expect(out(heard.map((event) => event.rows))).toBe(out(ran.filter((r) => !r.sql.startsWith('load ')).map((r) => r.rows)));
        return;
      }
      const queries = heard.filter((event) => !event.stage.endsWith(' fit'));
      expect(queries.map((event) => event.rows)).toEqual(ran.map((r) => r.rows));
      // the stage names are the ones an engine failure names
      // the last query whose failure fails the call (dropping a work table is best effort)
      const failAt = ran.map((r, i) => !r.sql.startsWith('load ') && !BEST_EFFORT.includes(queries[i].stage)).lastIndexOf(true);
      let n = 0;
      const failing: WarehouseEngine = {
        dialect: 'duckdb',
        query: (sql) => (n++ === failAt ? Promise.reject(new Error('gone')) : engine.query(sql)),
        load: async (name, columns) => {
          n++;
          await engine.load!(name, columns);
        },
      };
      const error = await caught(() => call(failing, { table }));
      expect(error.code).toBe('engine_failed');
      expect(error.message.split('\n')[0]).toBe(`${name}: the ${queries[failAt].stage} query failed in the engine: gone`);
    });
  });
});
