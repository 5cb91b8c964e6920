import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CustomerValueError, summarizeTransactions } from '../../src/index.js';
import { conditionalExpectedPurchases, customerLifetimeValue, fitBetaGeo, fitGammaGamma, type BetaGeoModel, type GammaGammaModel } from '../../src/clv.js';
import { seededRandom } from '../../src/internal/random.js';
import { SQL_DIALECTS, type SqlDialect } from '../../src/scoring/toSql.js';
import { betaGeoScoreLookup } from '../../src/warehouse/betaGeoScoreLookup.js';
import { betaGeoScoresInWarehouse } from '../../src/warehouse/betaGeoScoresInWarehouse.js';
import type { WarehouseProgress } from '../../src/warehouse/warehouseProgress.js';
import { betaGeoScoresSql } from '../../src/warehouse/betaGeoScoresSql.js';
import { summarizeTransactionsSql, type SummarizeTransactionsSqlSpec } from '../../src/warehouse/summarizeTransactionsSql.js';
import type { WarehouseEngine, WarehouseRow } from '../../src/warehouse/warehouseEngine.js';
import { duckdbTestEngine, postgresTestEngine } from '../helpers/engines.js';
import { caught } from '../helpers/fixtures.js';
import { postgresBin } from '../helpers/postgres.js';
import reference from '../fixtures/warehouse/betageo_scores_reference.json';
import { cdnowLogRows, type LogRow } from '../helpers/sqlData.js';

// The witnesses: the in-memory path — scores computed in the engine (a lookup table over the
// distinct (frequency, T) joined to the summary; P(alive), the products, the Gamma-Gamma spend
// and CLV in SQL) must equal customerLifetimeValue and conditionalExpectedPurchases run in
// JavaScript on the same summary (the engine's, read back) to 1e-12 relative — the lookup values
// are computed by the same code and the SQL does the remaining IEEE operations in the same order,
// but the engine's LN and EXP may differ from Math.log and Math.exp in the last bit — and equal
// them on summarizeTransactions' in-memory summary to 1e-12 (the engine's SUM rounds monetary
// differently); and an independent evaluation of FHL 2005 eq. 10 with scipy's hyp2f1
// (test/fixtures/warehouse/betageo_scores_reference.json). Executed in DuckDB and in PostgreSQL (skipped without a server), on the CDNOW
// sample and on a generated log with ties, NULLs, refunds, one-purchase customers and a
// customer with an infinite amount (refused: NULL scores).

type Row = LogRow;

function generatedRows(): Row[] {
  const rng = seededRandom(1616);
  const rows: Row[] = [];
  const iso = (day: number) => new Date(Date.UTC(1997, 0, 1) + day * 86_400_000).toISOString().slice(0, 10);
  const cents = () => 1 + Math.round(rng.uniform() * 10_000) / 100;
  for (let c = 0; c < 600; c++) {
    const id = `c${c}`;
    const first = Math.floor(rng.uniform() * 250);
    const days = rng.uniform() < 0.4 ? 1 : 1 + Math.floor(rng.uniform() * 8);
    for (let k = 0; k < days; k++) {
      const day = k === 0 ? first : first + Math.floor(rng.uniform() * 120);
      const u = rng.uniform();
      if (u < 0.08) {
        rows.push({ customer: id, date: iso(day), amount: cents() }, { customer: id, date: iso(day), amount: -3 }); // a partial refund the same day
      } else if (u < 0.12) {
        rows.push({ customer: id, date: iso(day), amount: -cents() }); // a refund alone
      } else if (u < 0.2) {
        const v = cents();
        rows.push({ customer: id, date: iso(day), amount: v }, { customer: id, date: iso(day), amount: v }); // same-day repeat
      } else {
        rows.push({ customer: id, date: iso(day), amount: cents() });
      }
    }
  }
  // ties (customers with identical histories), missing values, an infinite amount
  for (let c = 0; c < 5; c++) rows.push({ customer: `twin${c}`, date: '1997-03-01', amount: 10 }, { customer: `twin${c}`, date: '1997-04-01', amount: 20 });
  rows.push(
    { customer: null, date: '1997-02-02', amount: 3 },
    { customer: 'c1', date: null, amount: 3 },
    { customer: 'c2', date: '1997-02-02', amount: null },
    { customer: 'infinite', date: '1997-02-02', amount: 5 },
    { customer: 'infinite', date: '1997-02-09', amount: Infinity },
  );
  return rows;
}

const LOGS = { cdnow: cdnowLogRows(), generated: generatedRows() } as const;
type LogName = keyof typeof LOGS;
const END = '1997-09-30';
const spec = (timeUnit: 'week' | 'day'): SummarizeTransactionsSqlSpec => ({
  customer: 'customer',
  date: 'date',
  amount: 'amount',
  observationEnd: END,
  timeUnit,
  missing: 'skip',
});

function createTable(name: string, rows: Row[], double: string): string {
  const amount = (v: number | null) => (v === null ? 'NULL' : `CAST('${String(v)}' AS ${double})`);
  const values = rows.map(
    (r) => `(${r.customer === null ? 'NULL' : `'${r.customer}'`}, ${r.date === null ? 'NULL' : `DATE '${r.date}'`}, ${amount(r.amount)})`,
  );
  return `CREATE TABLE ${name} (customer VARCHAR, date DATE, amount ${double}); INSERT INTO ${name} VALUES ${values.join(', ')};`;
}

/** The in-memory summary (the infinite customer's rows left out: summarizeTransactions refuses them). */
function inMemory(log: LogName, timeUnit: 'week' | 'day') {
  const rows = LOGS[log].filter((r) => r.customer !== 'infinite');
  return summarizeTransactions(
    { customer: rows.map((r) => r.customer), date: rows.map((r) => r.date), amount: rows.map((r) => r.amount) },
    { ...spec(timeUnit) },
  );
}

const CASES = [
  ['cdnow', 'week'],
  ['generated', 'day'],
] as const;

const models = new Map<string, { purchaseModel: BetaGeoModel; spendModel: GammaGammaModel }>();
/** CDNOW: fitted on the in-memory summary. The generated log: CDNOW's published parameters in days (the simulated log has too little dropout to identify a and b). */
function modelsFor(log: LogName, timeUnit: 'week' | 'day') {
  const key = `${log}/${timeUnit}`;
  if (!models.has(key)) {
    const cdnow = inMemory('cdnow', 'week');
    const fitted = { purchaseModel: fitBetaGeo(cdnow, { timeUnit: 'week' }), spendModel: fitGammaGamma(cdnow, { nonPositiveSpend: 'exclude' }) };
    if (log === 'cdnow') models.set(key, fitted);
    else {
      const p = fitted.purchaseModel;
      const purchaseModel = { ...p, spec: { ...p.spec, timeUnit }, params: { r: 0.243, alpha: 4.414 * 7, a: 0.793, b: 2.426 } };
      models.set(key, { purchaseModel, spendModel: { ...fitted.spendModel, params: { p: 6.25, q: 3.74, gamma: 15.44 } } });
    }
  }
  return models.get(key)!;
}

const CLV = { horizon: 12, timeUnit: 'month', discountRate: 0.01, margin: 0.3 } as const;
/** The same settings for the warehouse scoring spec (the horizon's unit is `horizonUnit`: `timeUnit` is the summary's). */
const SCORING = { horizon: 12, horizonUnit: 'month', discountRate: 0.01, margin: 0.3 } as const;

type Engine = WarehouseEngine & { run(sql: string): Promise<void> | void; close(): void };

async function rowsOf(engine: Engine, sql: string): Promise<WarehouseRow[]> {
  return (await engine.query(sql)) as WarehouseRow[];
}
const num = (v: unknown) => (v === null ? null : Number(v));

/** Equal to 1e-12 relative, element by element (and the same length). */
function expectClose(got: Float64Array, want: Float64Array, tolerance = 1e-12) {
  expect(got.length).toBe(want.length);
  let worst = 0;
  let at = -1;
  got.forEach((v, i) => {
    const error = v === want[i] ? 0 : Math.abs(v - want[i]) / Math.abs(want[i]);
    if (!(error <= worst)) [worst, at] = [error, i];
  });
  expect(worst, `worst at ${at}: ${got[at]} vs ${want[at]}`).toBeLessThanOrEqual(tolerance);
}

async function rejection(promise: Promise<unknown>): Promise<CustomerValueError> {
  try {
    await promise;
  } catch (error) {
    return error as CustomerValueError;
  }
  throw new Error('expected a rejection');
}

/** The summary as the engine holds it, with the scores written to `scores`, by customer. */
async function scoredSummary(engine: Engine, scores: string) {
  const rows = await rowsOf(engine, `SELECT s.*, c.* FROM summary_t s JOIN ${scores} c ON s.customer = c.customer ORDER BY s.customer`);
  const total = Number((await rowsOf(engine, `SELECT COUNT(*) AS n FROM ${scores}`))[0].n);
  return { rows, total };
}

function enginesSuite(name: string, make: () => Promise<Engine> | Engine, skip = false) {
  describe.skipIf(skip)(`betaGeoScoresInWarehouse in ${name}`, () => {
    let engine: Engine;
    beforeAll(async () => {
      engine = await make();
      const double = engine.dialect === 'postgres' ? 'DOUBLE PRECISION' : 'DOUBLE';
      for (const [log, rows] of Object.entries(LOGS)) await engine.run(createTable(log, rows, double));
    }, 120_000);
    afterAll(() => engine?.close());

    /** The scores in `into` equal customerLifetimeValue on the engine's summary (summary_t) bit for bit, and on the in-memory summary to 1e-12. */
    async function expectInMemoryValues(log: LogName, unit: 'week' | 'day', into: string, kept = false) {
      const m = modelsFor(log, unit);
      // kept: the scores carry the summary the query computed (DuckDB's parallel SUM can round
      // a monetary value differently from one run of the summary to the next)
      const { rows, total } = kept ? { rows: await rowsOf(engine, `SELECT * FROM ${into} ORDER BY customer`), total: NaN } : await scoredSummary(engine, into);
      if (kept) expect(rows.length).toBe(Number((await rowsOf(engine, `SELECT COUNT(*) AS n FROM summary_t`))[0].n));
      else expect(total).toBe(rows.length); // one score row per summary row, none lost
      const memory = inMemory(log, unit);
      expect(rows.length).toBe(memory.customer.length + (log === 'generated' ? 1 : 0));
      const accepted = rows.filter((r) => r.frequency !== null);
      expect(accepted.length).toBe(memory.customer.length);
      for (const r of rows.filter((r) => r.frequency === null))
        expect([r.probability_alive, r.expected_purchases, r.expected_spend, r.clv]).toEqual([null, null, null, null]);
      const customers = Object.fromEntries(['frequency', 'recency', 'T', 'monetary'].map((c) => [c, Float64Array.from(accepted, (r) => Number(r[c]))]));
      const expected = customerLifetimeValue({ ...m, customers, ...CLV });
      const got = (c: string) => Float64Array.from(accepted, (r) => Number(r[c]));
      // to 1e-12 relative (the engine's LN/EXP against Math.log/Math.exp); the spend is the same IEEE operations, bit for bit
      expectClose(got('clv'), expected.clv);
      expectClose(got('expected_purchases'), expected.expectedPurchases);
      expect(got('expected_spend')).toEqual(expected.expectedSpend);
      expectClose(got('probability_alive'), expected.probabilityAlive);
      expect(expected.clv.every((v) => v > 0)).toBe(true);
      // and the in-memory path from the log, to the rounding of the engine's sums
      const reference = customerLifetimeValue({ ...m, customers: memory, ...CLV });
      const at = new Map(memory.customer.map((id, i) => [String(id), i]));
      let worst = 0;
      accepted.forEach((r, k) => {
        const i = at.get(String(r.customer))!;
        worst = Math.max(worst, Math.abs(Number(r.clv) / reference.clv[i] - 1));
        expect(expected.expectedPurchases[k]).toBe(reference.expectedPurchases[i]);
      });
      expect(worst).toBeLessThanOrEqual(1e-12);
    }

    it.each(CASES)(
      '%s log in %ss: CLV equals customerLifetimeValue on the engine summary and on the in-memory summary to 1e-12; only distinct (frequency, T) cross',
      async (log, unit) => {
        await engine.run(`DROP TABLE IF EXISTS summary_t; DROP TABLE IF EXISTS scores_${log}`);
        await engine.run(`CREATE TABLE summary_t AS ${summarizeTransactionsSql(spec(unit), { dialect: engine.dialect, table: log })}`);
        const stages: WarehouseProgress[] = [];
        const result = await betaGeoScoresInWarehouse(
          engine,
          modelsFor(log, unit),
          { timeUnit: unit, ...SCORING },
          { summary: 'summary_t', into: `scores_${log}`, onProgress: (event) => stages.push(event) },
        );
        const memory = inMemory(log, unit);
        expect([result.customers, result.refused, result.lookupDropped]).toEqual([memory.customer.length, log === 'generated' ? 1 : 0, true]);
        expect(result.lookupRows).toBeLessThan(memory.customer.length);
        expect(stages.map((e) => e.stage)).toEqual(['histories', 'lookup load', 'scores', 'counts', 'lookup drop']);
        expect(stages[0].rows + stages[2].rows + 1).toBe(result.transferred.rows);
        expect(stages[1].rows).toBe(result.lookupRows);
        // what crosses out: one row per distinct (frequency, T) (and the refused customers' NULL row), 2 values each, and the counts
        const pairs = new Set(Array.from(memory.frequency, (x, i) => `${x}|${memory.T[i]}`)).size;
        expect(result.lookupRows).toBe(pairs);
        expect(stages[0].rows).toBe(pairs + (log === 'generated' ? 1 : 0));
        expect(result.transferred.values).toBe(2 * stages[0].rows + stages[2].rows + 2); // (a CREATE TABLE AS may answer one count)
        expect(stages.every((e) => e.seconds >= 0)).toBe(true);
        await expectInMemoryValues(log, unit, `scores_${log}`);
      },
    );

    it.each(CASES)('%s log in %ss: from the transaction log directly, the same values', async (log, unit) => {
      await engine.run(`DROP TABLE IF EXISTS summary_t; DROP TABLE IF EXISTS direct_${log}`);
      await engine.run(`CREATE TABLE summary_t AS ${summarizeTransactionsSql(spec(unit), { dialect: engine.dialect, table: log })}`);
      const keep = ['customer', 'frequency', 'recency', 'T', 'monetary'];
      await betaGeoScoresInWarehouse(
        engine,
        modelsFor(log, unit),
        { ...spec(unit), ...SCORING },
        { table: log, into: `direct_${log}`, lookup: 'other_lookup', keep },
      );
      await expectInMemoryValues(log, unit, `direct_${log}`, true);
    });

    it('expected purchases alone (no spend model): conditionalExpectedPurchases to 1e-12', async () => {
      const m = modelsFor('cdnow', 'week');
      await engine.run('DROP TABLE IF EXISTS summary_t; DROP TABLE IF EXISTS purchases_only');
      await engine.run(`CREATE TABLE summary_t AS ${summarizeTransactionsSql(spec('week'), { dialect: engine.dialect, table: 'cdnow' })}`);
      await betaGeoScoresInWarehouse(
        engine,
        { purchaseModel: m.purchaseModel },
        { timeUnit: 'week', horizon: 39 },
        { summary: 'summary_t', into: 'purchases_only' },
      );
      const { rows } = await scoredSummary(engine, 'purchases_only');
      expect(Object.keys(rows[0])).not.toContain('clv');
      const customers = Object.fromEntries(['frequency', 'recency', 'T'].map((c) => [c, Float64Array.from(rows, (r) => Number(r[c]))]));
      expectClose(
        Float64Array.from(rows, (r) => Number(r.expected_purchases)),
        conditionalExpectedPurchases(m.purchaseModel, customers, 39).values,
      );
    });

    it('P(alive) and expected purchases equal an independent evaluation (FHL 2005 eq. 10, scipy hyp2f1) to 1e-10', async () => {
      const base = modelsFor('cdnow', 'week').purchaseModel;
      const purchaseModel = { ...base, params: reference.params };
      const histories = [...new Map(reference.cases.map((c) => [`${c.frequency}|${c.recency}|${c.T}`, c])).values()];
      const cast = (v: number) => `CAST('${v}' AS ${engine.dialect === 'postgres' ? 'DOUBLE PRECISION' : 'DOUBLE'})`;
      await engine.run(`DROP TABLE IF EXISTS witness_summary`);
      await engine.run(
        `CREATE TABLE witness_summary AS SELECT * FROM (VALUES ${histories.map((c, i) => `(${i}, ${cast(c.frequency)}, ${cast(c.recency)}, ${cast(c.T)})`).join(', ')}) AS v(customer, frequency, recency, "T")`,
      );
      const horizons = [
        { horizon: 4, horizonUnit: 'week' },
        { horizon: 39, horizonUnit: 'week' },
        { horizon: 12, horizonUnit: 'month' },
      ] as const;
      for (const [k, h] of horizons.entries()) {
        await engine.run(`DROP TABLE IF EXISTS witness_scores`);
        await betaGeoScoresInWarehouse(engine, { purchaseModel }, { timeUnit: 'week', ...h }, { summary: 'witness_summary', into: 'witness_scores' });
        const rows = await rowsOf(engine, 'SELECT * FROM witness_scores ORDER BY customer');
        const want = histories.map((c) =>
          reference.cases.find((d) => d.frequency === c.frequency && d.recency === c.recency && d.T === c.T && d.t === reference.cases[k].t)!,
        );
        expectClose(
          Float64Array.from(rows, (r) => Number(r.probability_alive)),
          Float64Array.from(want, (c) => c.probabilityAlive),
          1e-10,
        );
        expectClose(
          Float64Array.from(rows, (r) => Number(r.expected_purchases)),
          Float64Array.from(want, (c) => c.expectedPurchases),
          1e-10,
        );
      }
    });

    it('a summary row whose recency is not a history (above T, negative, or not 0 without repeat purchases) fails the query, as customerLifetimeValue refuses it', async () => {
      const m = modelsFor('cdnow', 'week');
      for (const [bad, words] of [
        ['recency + 100', 'a history that is not one'],
        ['-1', 'a history that is not one'],
      ] as const) {
        await engine.run('DROP TABLE IF EXISTS bad_summary; DROP TABLE IF EXISTS bad_scores');
        await engine.run(
          `CREATE TABLE bad_summary AS SELECT customer, frequency, CASE WHEN customer = '1' THEN ${bad} ELSE recency END AS recency, "T", monetary FROM summary_t`,
        );
        const error = await rejection(betaGeoScoresInWarehouse(engine, m, { timeUnit: 'week', ...SCORING }, { summary: 'bad_summary', into: 'bad_scores' }));
        expect([error.code, error.message]).toEqual(['engine_failed', expect.stringContaining(words)]);
      }
    });

    it('a history missing from the lookup table fails the query in the engine, naming the history (never NULL, never 0)', async () => {
      const m = modelsFor('cdnow', 'week');
      await engine.run('DROP TABLE IF EXISTS summary_t');
      await engine.run(`CREATE TABLE summary_t AS ${summarizeTransactionsSql(spec('week'), { dialect: engine.dialect, table: 'cdnow' })}`);
      const histories = await rowsOf(engine, 'SELECT DISTINCT frequency, "T" FROM summary_t');
      const lookup = betaGeoScoreLookup({
        purchaseModel: m.purchaseModel,
        histories: histories.map((r) => ({ frequency: num(r.frequency), T: num(r.T) })),
        horizon: 12,
        timeUnit: 'month',
        discountRate: 0.01,
      });
      // drop the history of a repeat customer
      const drop = lookup.columns.frequency.findIndex((x) => x === 3);
      const columns = Object.fromEntries(Object.entries(lookup.columns).map(([k, v]) => [k, (v as Float64Array).filter((_, i) => i !== drop)]));
      await engine.load!('partial_lookup', columns);
      for (const withSpend of [false, true]) {
        const sql = betaGeoScoresSql(
          { purchaseModel: m.purchaseModel, ...(withSpend ? { spendModel: m.spendModel } : {}) },
          { timeUnit: 'week', ...(withSpend ? { margin: 0.3 } : {}) },
          { dialect: engine.dialect, summary: 'summary_t', lookup: 'partial_lookup' },
        );
        // reading any one score column, or summing it, still fails
        for (const query of [sql, `SELECT SUM(expected_purchases) AS s FROM (${sql}) t`, `SELECT COUNT(probability_alive) AS s FROM (${sql}) t`]) {
          const error = await rejection(Promise.resolve().then(() => engine.query(query)));
          expect(String((error as Error).message)).toContain('no row in the lookup table for (frequency, T) = (3');
        }
      }
      // with the full lookup the same query runs
      await engine.load!('full_lookup', lookup.columns as never);
      const ok = await rowsOf(
        engine,
        `SELECT COUNT(*) AS n FROM (${betaGeoScoresSql({ purchaseModel: m.purchaseModel }, { timeUnit: 'week' }, { dialect: engine.dialect, summary: 'summary_t', lookup: 'full_lookup' })}) t`,
      );
      expect(Number(ok[0].n)).toBe(2357);
    });

    it('a negative monetary value of a repeat customer fails the CLV query, as customerLifetimeValue refuses it', async () => {
      const m = modelsFor('cdnow', 'week');
      await engine.run('DROP TABLE IF EXISTS odd_summary');
      await engine.run(
        `CREATE TABLE odd_summary AS SELECT customer, frequency, recency, "T", CASE WHEN customer = '1' THEN -5 ELSE monetary END AS monetary FROM summary_t`,
      );
      const odd = await rowsOf(engine, `SELECT frequency FROM odd_summary WHERE customer = '1'`);
      expect(Number(odd[0].frequency)).toBeGreaterThan(0);
      const error = await rejection(betaGeoScoresInWarehouse(engine, m, { timeUnit: 'week', ...SCORING }, { summary: 'odd_summary', into: 'odd_scores' }));
      expect(error.code).toBe('engine_failed');
      expect(error.message).toContain('the scores query failed');
      expect(error.message).toContain('monetary value that is missing, not finite, or negative');
      await expect(Promise.resolve().then(() => engine.query('SELECT COUNT(*) FROM odd_scores'))).rejects.toThrow(); // no table written
    });

    it('an engine error mid-way: engine_failed naming the stage, no scores table, the lookup dropped', async () => {
      const m = modelsFor('cdnow', 'week');
      const settings = { timeUnit: 'week', ...SCORING } as const;
      const options = { summary: 'summary_t', into: 'never_written', lookup: 'mid_lookup' };
      // the load fails
      const failingLoad: WarehouseEngine = {
        dialect: engine.dialect,
        query: (sql) => engine.query(sql),
        load: () => {
          throw new Error('disk full');
        },
      };
      let error = await rejection(betaGeoScoresInWarehouse(failingLoad, m, settings, options));
      expect([error.code, error.message.split('\n')[0]]).toEqual([
        'engine_failed',
        'betaGeoScoresInWarehouse: the lookup load query failed in the engine: disk full',
      ]);
      // the scoring query fails (a history vanished between the histogram and the scores: the log changed)
      const tampering: WarehouseEngine = {
        dialect: engine.dialect,
        query: async (sql) => {
          const rows = (await engine.query(sql)) as WarehouseRow[];
          return sql.startsWith('SELECT') && sql.includes('GROUP BY') ? rows.filter((r) => Number(r.frequency) !== 3) : rows;
        },
        load: (name, columns) => engine.load!(name, columns),
      };
      error = await rejection(betaGeoScoresInWarehouse(tampering, m, settings, options));
      expect(error.code).toBe('engine_failed');
      expect(error.issues[0].function).toBe('betaGeoScoresInWarehouse');
      expect(error.message).toContain('the scores query failed in the engine');
      expect(error.message).toContain('no row in the lookup table');
      await expect(Promise.resolve().then(() => engine.query('SELECT COUNT(*) FROM never_written'))).rejects.toThrow();
      await expect(Promise.resolve().then(() => engine.query('SELECT COUNT(*) FROM mid_lookup'))).rejects.toThrow();
      // the counts fail after the scores were written: the scores table is dropped too (never a table the job did not vouch for)
      const failingCounts: WarehouseEngine = {
        dialect: engine.dialect,
        query: (sql) => {
          if (sql.startsWith('SELECT COUNT')) throw new Error('connection lost');
          return engine.query(sql);
        },
        load: (name, columns) => engine.load!(name, columns),
      };
      error = await rejection(betaGeoScoresInWarehouse(failingCounts, m, settings, options));
      expect(error.message.split('\n')[0]).toBe('betaGeoScoresInWarehouse: the counts query failed in the engine: connection lost');
      await expect(Promise.resolve().then(() => engine.query('SELECT COUNT(*) FROM never_written'))).rejects.toThrow();
      await expect(Promise.resolve().then(() => engine.query('SELECT COUNT(*) FROM mid_lookup'))).rejects.toThrow();
      // a table that does not exist: the histogram stage
      error = await rejection(betaGeoScoresInWarehouse(engine, m, settings, { ...options, summary: 'no_such_table' }));
      expect([error.code, error.message.startsWith('betaGeoScoresInWarehouse: the histories query failed in the engine:')]).toEqual(['engine_failed', true]);
    });
  });
}

enginesSuite('DuckDB', () => duckdbTestEngine());
const bin = postgresBin();
if (!bin && process.env.CI) throw new Error('PostgreSQL is not installed: .ci/run should have installed the postgresql package');
enginesSuite('PostgreSQL', () => postgresTestEngine(bin as string), !bin);

describe('betaGeoScoreLookup(args)', () => {
  const m = modelsFor('cdnow', 'week');
  it('one row per distinct (frequency, T); the refused row (all NULL) skipped and counted; recency not read', () => {
    const s = inMemory('cdnow', 'week');
    const histories = [...Array.from(s.frequency, (x, i) => ({ frequency: x, recency: s.recency[i], T: s.T[i] })), { frequency: null, recency: null, T: null }];
    const table = betaGeoScoreLookup({ purchaseModel: m.purchaseModel, histories, horizon: 12, timeUnit: 'month', discountRate: 0.01 });
    const pairs = new Set(Array.from(s.frequency, (x, i) => `${x}|${s.T[i]}`)).size;
    expect(pairs).toBeLessThan(1016); // fewer than the distinct (x, t_x, T)
    expect([table.rows, table.skipped, table.discountRate]).toEqual([pairs, 1, 0.01]);
    expect(Object.keys(table.columns)).toEqual(['frequency', 'T', 'log_odds', 'log_age', 'expected_if_alive', 'discounted_if_alive']);
    const plain = betaGeoScoreLookup({ purchaseModel: m.purchaseModel, histories, horizon: 12, timeUnit: 'month' });
    expect(plain.columns.discounted_if_alive).toBeUndefined();
    expect(plain.columns.expected_if_alive).toEqual(table.columns.expected_if_alive);
    // the factorization: P(alive) from the table's logarithms times expected_if_alive is customerLifetimeValue's, bit for bit in JavaScript
    const { r, alpha } = m.purchaseModel.params;
    const at = new Map(Array.from(table.columns.frequency, (x, g) => [`${x}|${table.columns.T[g]}`, g]));
    const reference = customerLifetimeValue({ ...m, customers: s, ...CLV });
    const c = table.columns;
    s.frequency.forEach((x, i) => {
      const g = at.get(`${x}|${s.T[i]}`)!;
      const lo = c.log_odds[g] + (r + x) * (c.log_age[g] - Math.log(alpha + s.recency[i]));
      const alive = x === 0 ? 1 : lo > 0 ? Math.exp(-lo) / (1 + Math.exp(-lo)) : 1 / (1 + Math.exp(lo));
      expect([alive, alive * c.expected_if_alive[g]]).toEqual([reference.probabilityAlive[i], reference.expectedPurchases[i]]);
    });
  });
  it('refuses a history that is not one, naming the row', () => {
    const error = caught(() =>
      betaGeoScoreLookup({
        purchaseModel: m.purchaseModel,
        histories: [
          { frequency: 1, T: 10 },
          { frequency: 1.5, T: 10 },
        ],
        horizon: 4,
        timeUnit: 'week',
      }),
    );
    expect([error.code, error.issues[0].row, error.issues[0].column, error.issues[0].function]).toEqual([
      'invalid_value',
      1,
      'frequency',
      'betaGeoScoreLookup',
    ]);
  });
});

describe('betaGeoScoresInWarehouse(engine, models, spec, options): refusals before any query', () => {
  const m = modelsFor('cdnow', 'week');
  const queries: string[] = [];
  const base = { dialect: 'duckdb' as const, query: (sql: string) => (queries.push(sql), []) };
  const loads = { ...base, load: () => {} };
  const week = { timeUnit: 'week', ...SCORING } as const;
  it.each([
    ['an engine without load', base, m, week, { summary: 's', into: 'x' }, 'engine.load'],
    ['an engine with an unknown dialect', { ...loads, dialect: 'mysql' }, m, week, { summary: 's', into: 'x' }, 'engine.dialect'],
    ['neither table nor summary', loads, m, week, { into: 'x' }, 'options'],
    ['both table and summary', loads, m, { ...spec('week'), ...SCORING }, { summary: 's', table: 't', into: 'x' }, 'options'],
    ['a summary in days for a model in weeks', loads, m, { ...week, timeUnit: 'day' }, { summary: 's', into: 'x' }, 'spec.timeUnit'],
    ['a log in days for a model in weeks', loads, m, { ...spec('day'), ...SCORING }, { table: 't', into: 'x' }, 'spec.timeUnit'],
    [
      'a spend model without a discount rate',
      loads,
      m,
      { timeUnit: 'week', horizon: 12, horizonUnit: 'month', margin: 0.3 },
      { summary: 's', into: 'x' },
      'spec.discountRate',
    ],
    [
      'a spend model without a margin',
      loads,
      m,
      { timeUnit: 'week', horizon: 12, horizonUnit: 'month', discountRate: 0.01 },
      { summary: 's', into: 'x' },
      'spec.margin',
    ],
    ['a log spec without missing: skip', loads, m, { ...spec('week'), missing: 'error', ...SCORING }, { table: 't', into: 'x' }, 'spec.missing'],
    ['an unknown spec key', loads, m, { ...week, horizonUnits: 'month' }, { summary: 's', into: 'x' }, 'spec'],
    ['an into name that cannot be quoted', { ...loads, dialect: 'spark' as const }, m, week, { summary: 's', into: 'a`b' }, 'options.into'],
    [
      'a lookup name that cannot be quoted',
      { ...loads, dialect: 'spark' as const },
      m,
      week,
      { summary: 's', into: 'x', lookup: ['ds', 'a`b'] },
      'options.lookup',
    ],
  ])('%s: invalid_spec naming the path', async (_, engine, models, spec, options, path) => {
    queries.length = 0;
    const error = await rejection(betaGeoScoresInWarehouse(engine as WarehouseEngine, models, spec as never, options as never));
    expect(error).toBeInstanceOf(CustomerValueError);
    expect([error.code, error.issues[0].path]).toEqual(['invalid_spec', path]);
    expect(queries).toEqual([]);
  });
  it('an engine without load: the message says what load is for and where to find one', async () => {
    const error = await rejection(betaGeoScoresInWarehouse(base, m, week, { summary: 's', into: 'x' }));
    expect(error.message).toContain('expected a load(name, columns) function: the lookup table computed in JavaScript is loaded into the engine');
    expect(error.issues[0].hint).toContain('betaGeoScoreLookup');
  });
  it('a purchase model that is not one: invalid_model', async () => {
    const error = await rejection(
      betaGeoScoresInWarehouse(loads, { purchaseModel: m.spendModel as never }, { timeUnit: 'week', horizon: 1 }, { summary: 's', into: 'x' }),
    );
    expect(error.code).toBe('invalid_model');
    // named where the models argument holds it
    expect(error.issues[0]).toMatchObject({ path: 'models.purchaseModel.kind', received: '"gammaGamma"' });
  });
  it("a summary's history that cannot be scored: refused in this function's name, without a row number of the distinct histories", async () => {
    const engine: WarehouseEngine = {
      dialect: 'duckdb',
      query: (text) =>
        text.startsWith('SELECT')
          ? [
              { frequency: 2, T: 6 },
              { frequency: 1.5, T: 5 },
            ]
          : [],
      load: () => undefined,
    };
    const error = await rejection(
      betaGeoScoresInWarehouse(engine, { purchaseModel: m.purchaseModel }, { timeUnit: 'week', horizon: 4 }, { summary: 's', into: 'x' }),
    );
    expect(error.code).toBe('invalid_value');
    expect(error.message.split('\n')[0]).toBe('betaGeoScoresInWarehouse: the summary holds histories that cannot be scored');
    expect(error.issues).toHaveLength(1);
    expect(error.issues[0]).toMatchObject({ function: 'betaGeoScoresInWarehouse', column: 'frequency', received: '1.5' });
    expect(error.issues[0].row).toBeUndefined();
  });
  it('a lookup name in parts (a BigQuery dataset): quoted in the SQL, given to load as its parts', async () => {
    const names: (string | readonly string[])[] = [];
    const sql: string[] = [];
    const engine: WarehouseEngine = {
      dialect: 'bigquery',
      query: (text) => (
        sql.push(text),
        text.startsWith('SELECT COUNT') ? [{ customers: 1, scored: 1 }] : text.startsWith('SELECT') ? [{ frequency: 1, T: 5 }] : []
      ),
      load: (name) => void names.push(name),
    };
    await betaGeoScoresInWarehouse(
      engine,
      { purchaseModel: m.purchaseModel },
      { timeUnit: 'week', horizon: 4 },
      { summary: ['ds', 's'], into: ['ds', 'x'], lookup: ['ds', 'lk'] },
    );
    expect(names).toEqual([['ds', 'lk']]);
    expect(sql[1]).toContain('LEFT JOIN `ds`.`lk`');
    expect(sql[3]).toBe('DROP TABLE IF EXISTS `ds`.`lk`');
  });
});

describe('betaGeoScoresSql(models, spec, options)', () => {
  const m = modelsFor('cdnow', 'week');
  const both = { purchaseModel: m.purchaseModel, spendModel: m.spendModel };
  it('refuses a kept column named like an output, a spend model without margin, a dialect it does not speak, another time unit', () => {
    expect(
      caught(() => betaGeoScoresSql(both, { timeUnit: 'week', margin: 0.3 }, { dialect: 'duckdb', summary: 's', lookup: 'l', keep: ['customer', 'CLV'] }))
        .issues[0].path,
    ).toBe('options.keep');
    expect(caught(() => betaGeoScoresSql(both, { timeUnit: 'week' }, { dialect: 'duckdb', summary: 's', lookup: 'l' })).issues[0].path).toBe('spec.margin');
    expect(
      caught(() => betaGeoScoresSql(both, { timeUnit: 'week', margin: 0.3 }, { dialect: 'mysql' as never, summary: 's', lookup: 'l' })).issues[0].path,
    ).toBe('options.dialect');
    const days = caught(() => betaGeoScoresSql(both, { ...spec('day'), margin: 0.3 }, { dialect: 'duckdb', table: 't', lookup: 'l' }));
    expect([days.code, days.issues[0].path, days.message.split('\n')[0]]).toEqual([
      'invalid_spec',
      'spec.timeUnit',
      'betaGeoScoresSql: the purchase model is in weeks but the spec says days',
    ]);
    expect(
      caught(() =>
        betaGeoScoresSql(
          { ...both, spendModel: { ...m.spendModel, params: { ...m.spendModel.params, q: 0.9 } } },
          { timeUnit: 'week', margin: 0.3 },
          { dialect: 'duckdb', summary: 's', lookup: 'l' },
        ),
      ).code,
    ).toBe('invalid_model');
    // a broken model is named where the models argument holds it
    const broken = caught(() =>
      betaGeoScoresSql(
        { ...both, purchaseModel: { ...m.purchaseModel, params: { ...m.purchaseModel.params, alpha: -2 } } },
        { timeUnit: 'week', margin: 0.3 },
        { dialect: 'duckdb', summary: 's', lookup: 'l' },
      ),
    );
    expect([broken.code, broken.issues[0].path]).toEqual(['invalid_model', 'models.purchaseModel.params.alpha']);
    const spendKey = caught(() =>
      betaGeoScoresSql(
        { ...both, spendModel: { ...m.spendModel, kind: 'betaGeo' } as never },
        { timeUnit: 'week', margin: 0.3 },
        { dialect: 'duckdb', summary: 's', lookup: 'l' },
      ),
    );
    expect(spendKey.issues[0].path).toBe('models.spendModel.kind');
    const lookup = caught(() =>
      betaGeoScoreLookup({
        purchaseModel: { ...m.purchaseModel, params: { ...m.purchaseModel.params, r: 0 } },
        histories: { frequency: [1], T: [5] },
        horizon: 4,
        timeUnit: 'week',
      }),
    );
    expect([lookup.code, lookup.issues[0].path]).toEqual(['invalid_model', 'arguments.purchaseModel.params.r']);
  });
  const unexecuted = SQL_DIALECTS.filter((d): d is Exclude<SqlDialect, 'duckdb' | 'postgres'> => d !== 'duckdb' && d !== 'postgres');
  it.each(unexecuted)('%s text (snapshot)', (dialect) => {
    expect(
      betaGeoScoresSql(both, { timeUnit: 'week', margin: 0.3 }, { dialect, summary: ['shop', 'customer_summary'], lookup: 'clv_lookup', keep: ['customer'] }),
    ).toMatchSnapshot();
    expect(
      betaGeoScoresSql({ purchaseModel: m.purchaseModel }, spec('week'), { dialect, table: ['shop', 'orders'], lookup: ['shop', 'clv_lookup'] }),
    ).toMatchSnapshot();
  });
});
