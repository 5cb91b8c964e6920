// One timed run of the CLV job on a Parquet transaction log — summary, BG/NBD and Gamma-Gamma
// fits, 52-week CLV per customer written back to a DuckDB table — in one of two ways, printing a
// JSON line (seconds per stage, peak RSS, what left the engine):
//   engine: the summary is materialized in DuckDB (one pass over the log), fitClvInWarehouse fits
//           from that summary table (likelihood mode BENCH_CLV_LIKELIHOOD: 'auto' by default,
//           'engine' keeps the histograms in DuckDB and evaluates each likelihood there,
//           'histograms' brings them out), betaGeoScoresInWarehouse scores in DuckDB through a
//           lookup over the distinct (frequency, T) (CREATE TABLE clv AS ...). DuckDB runs in its
//           own process (lib/engineProcess.mjs), as a warehouse server would: the line reports
//           this Node process's peak RSS and the engine process's apart.
//   memory: today's in-memory path — DuckDB (in this process) hands every row to Node (three
//           float64 columns), summarizeTransactions, the two fits, customerLifetimeValue, and the
//           scores loaded back; the peak RSS covers both.
// DuckDB runs with memory_limit = DUCKDB_MEMORY (default 500MB; it spills to disk beyond where its
// operators can) and preserve_insertion_order = false.
// Usage: [BENCH_CLV_LIKELIHOOD=engine] node ours-warehouse.mjs engine|memory N
import { summarizeTransactions } from 'customer-value';
import { customerLifetimeValue, fitBetaGeo, fitGammaGamma } from 'customer-value/clv';
import { fitClvInWarehouse, summarizeTransactionsSql } from 'customer-value/warehouse';
import { betaGeoScoresInWarehouse } from 'customer-value/warehouse';
import { duckdbEngine } from 'customer-value/duckdb';
import { DuckDBInstance } from '@duckdb/node-api';
import { logParquet } from './generate-log-parquet.mjs';
import { engineProcess } from './lib/engineProcess.mjs';

const [mode, size] = process.argv.slice(2);
const n = Number(size);
const spec = { customer: 'customer_id', date: 'order_date', amount: 'amount', observationEnd: '1998-06-30', timeUnit: 'week', missing: 'skip' };
const horizon = { horizon: 52, timeUnit: 'week', discountRate: 0.002, margin: 0.3 };
const likelihood = process.env.BENCH_CLV_LIKELIHOOD ?? 'auto';
const settings = [
  `SET memory_limit = '${process.env.DUCKDB_MEMORY ?? '500MB'}'`,
  'SET preserve_insertion_order = false', // the summary's row order does not matter; lets DuckDB spill
];
const engine =
  mode === 'engine' ? await engineProcess({ file: logParquet(n), table: 'orders', settings }) : await duckdbEngine({ file: logParquet(n), table: 'orders' });
if (mode !== 'engine') for (const sql of settings) await engine.query(sql);
const stages = {};
const timed = async (name, work) => {
  const t = performance.now();
  const result = await work();
  stages[name] = (performance.now() - t) / 1000;
  return result;
};
const t0 = performance.now();
let out;
if (mode === 'engine') {
  await timed('summary (in DuckDB)', () =>
    engine.query(`CREATE TABLE cv_summary AS ${summarizeTransactionsSql(spec, { dialect: 'duckdb', table: 'orders' })}`),
  );
  const fitted = await timed('fits (on the summary)', () =>
    fitClvInWarehouse(engine, { timeUnit: spec.timeUnit, gammaGamma: { nonPositiveSpend: 'exclude' } }, { summary: 'cv_summary', likelihood }),
  );
  const scored = await timed('lookup + scores (in DuckDB)', () =>
    betaGeoScoresInWarehouse(
      engine,
      { purchaseModel: fitted.betaGeo, spendModel: fitted.gammaGamma },
      { ...horizon, timeUnit: spec.timeUnit, horizonUnit: horizon.timeUnit },
      { summary: 'cv_summary', into: 'clv' },
    ),
  );
  // what crossed: the histograms, then the lookup going in (not out); the summary and scores stay
  out = {
    betaGeo: fitted.betaGeo,
    gammaGamma: fitted.gammaGamma,
    valuesOut: fitted.transferred.values + scored.transferred.values,
    lookupRows: scored.lookupRows,
    likelihood: fitted.likelihood,
    fitQueries: fitted.queries,
    fitValuesOut: fitted.transferred.values,
  };
} else {
  // every row out of the engine, chunk by chunk, straight into three float64 columns (no row objects)
  const columns = await timed('read rows', async () => {
    const connection = await (await DuckDBInstance.create(':memory:')).connect();
    const reader = await connection.streamAndReadUntil(
      `SELECT CAST(customer_id AS DOUBLE) AS c, CAST(year(order_date) * 10000 + month(order_date) * 100 + day(order_date) AS DOUBLE) AS d, CAST(amount AS DOUBLE) AS a FROM read_parquet('${logParquet(n)}')`,
      Number.MAX_SAFE_INTEGER,
    );
    const m = reader.currentRowCount;
    const c = { customer: new Float64Array(m), date: new Float64Array(m), amount: new Float64Array(m) };
    let at = 0;
    for (const chunk of reader.chunks) {
      const [customer, date, amount] = [0, 1, 2].map((k) => chunk.getColumnVector(k));
      for (let i = 0; i < chunk.rowCount; i++) {
        c.customer[at + i] = customer.getItem(i);
        c.date[at + i] = date.getItem(i);
        c.amount[at + i] = amount.getItem(i);
      }
      at += chunk.rowCount;
    }
    connection.closeSync();
    return c;
  });
  const summary = await timed('summary', () => summarizeTransactions(columns, { ...spec, customer: 'customer', date: 'date', amount: 'amount' }));
  const betaGeo = await timed('BG/NBD fit', () => fitBetaGeo(summary, { timeUnit: 'week' }));
  const gammaGamma = await timed('Gamma-Gamma fit', () => fitGammaGamma(summary, { nonPositiveSpend: 'exclude' }));
  const scores = await timed('CLV', () => customerLifetimeValue({ purchaseModel: betaGeo, spendModel: gammaGamma, customers: summary, ...horizon }));
  await timed('load scores back', () =>
    engine.load('clv', { customer: Float64Array.from(summary.customer, Number), expected_purchases: scores.expectedPurchases, clv: scores.clv }),
  );
  out = { betaGeo, gammaGamma, valuesOut: columns.customer.length * 3 };
}
const seconds = (performance.now() - t0) / 1000;
const check = (await engine.query('SELECT COUNT(*) AS customers, SUM(clv) AS clv FROM clv'))[0];
const engineRssMB = mode === 'engine' ? await engine.close() : undefined; // the engine process's peak RSS
if (mode !== 'engine') await engine.close();
console.log(
  JSON.stringify({
    mode,
    n,
    seconds,
    stages,
    peakRssMB: process.resourceUsage().maxRSS / 1024,
    engineRssMB,
    bytesOut: out.valuesOut * 8,
    lookupRows: out.lookupRows,
    likelihood: out.likelihood,
    fitQueries: out.fitQueries,
    fitValuesOut: out.fitValuesOut,
    customers: Number(check.customers),
    totalClv: Number(check.clv),
    params: { ...out.betaGeo.params, ...out.gammaGamma.params },
  }),
);
