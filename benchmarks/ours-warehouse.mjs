// One timed run of the CLV fit on a Parquet transaction log, in one of two ways, printing a JSON
// line (time per stage, the Node process's peak RSS, bytes that left the engine):
//   engine: fitClvInWarehouse on DuckDB — the summary and the histograms are computed by DuckDB
//           from the file, only the histograms come to Node;
//   memory: today's in-memory path — DuckDB reads the file and hands every row to Node (three
//           float64 columns), then summarizeTransactions, fitBetaGeo and fitGammaGamma.
// Usage: node ours-warehouse.mjs engine|memory N
import { DuckDBInstance } from '@duckdb/node-api';
import { fitBetaGeo, fitClvInWarehouse, fitGammaGamma, summarizeTransactions } from 'customer-value';
import { logParquet } from './generate-log-parquet.mjs';

const [mode, size] = process.argv.slice(2);
const n = Number(size);
const file = logParquet(n);
const spec = { customer: 'customer_id', date: 'order_date', amount: 'amount', observationEnd: '1998-06-30', timeUnit: 'week', missing: 'skip' };
const connection = await (await DuckDBInstance.create(':memory:')).connect();
await connection.run(`CREATE VIEW orders AS SELECT * FROM read_parquet('${file}')`);
const t0 = performance.now();
const stages = {};
let result;
if (mode === 'engine') {
  const engine = { dialect: 'duckdb', query: async (sql) => (await connection.runAndReadAll(sql)).getRowObjects() };
  const fitted = await fitClvInWarehouse(
    engine,
    { ...spec, gammaGamma: { nonPositiveSpend: 'exclude' } },
    {
      table: 'orders',
      onProgress: ({ stage, seconds }) => (stages[stage] = seconds),
    },
  );
  result = { betaGeo: fitted.betaGeo, gammaGamma: fitted.gammaGamma, bytesOut: fitted.transferred.values * 8, rowsOut: fitted.transferred.rows };
} else {
  // every row out of the engine, chunk by chunk, into three float64 columns
  const reader = await connection.streamAndReadUntil(
    `SELECT CAST(customer_id AS DOUBLE) AS c, CAST(year(order_date) * 10000 + month(order_date) * 100 + day(order_date) AS DOUBLE) AS d, CAST(amount AS DOUBLE) AS a FROM orders`,
    Number.MAX_SAFE_INTEGER,
  );
  const rows = reader.currentRowCount;
  const columns = { customer: new Float64Array(rows), date: new Float64Array(rows), amount: new Float64Array(rows) };
  let at = 0;
  for (const chunk of reader.chunks) {
    const m = chunk.rowCount;
    const [c, d, a] = [0, 1, 2].map((k) => chunk.getColumnVector(k));
    for (let i = 0; i < m; i++) {
      columns.customer[at + i] = c.getItem(i);
      columns.date[at + i] = d.getItem(i);
      columns.amount[at + i] = a.getItem(i);
    }
    at += m;
  }
  stages['read rows'] = (performance.now() - t0) / 1000;
  let t = performance.now();
  const summary = summarizeTransactions(columns, { ...spec, customer: 'customer', date: 'date', amount: 'amount' });
  stages.summary = (performance.now() - t) / 1000;
  t = performance.now();
  const betaGeo = fitBetaGeo(summary, { timeUnit: 'week' });
  stages['BG/NBD fit'] = (performance.now() - t) / 1000;
  t = performance.now();
  const gammaGamma = fitGammaGamma(summary, { nonPositiveSpend: 'exclude' });
  stages['Gamma-Gamma fit'] = (performance.now() - t) / 1000;
  result = { betaGeo, gammaGamma, bytesOut: rows * 3 * 8, rowsOut: rows };
}
const seconds = (performance.now() - t0) / 1000;
connection.closeSync();
console.log(
  JSON.stringify({
    mode,
    n,
    seconds,
    stages,
    peakRssMB: process.resourceUsage().maxRSS / 1024,
    bytesOut: result.bytesOut,
    rowsOut: result.rowsOut,
    customers: result.betaGeo.fitted.n,
    check: { betaGeo: result.betaGeo.params, gammaGamma: result.gammaGamma.params },
  }),
);
