// What warehouse CLV scoring moves across the engine boundary, before and after issue 16's
// change. betaGeoScoresInWarehouse used to bring out one row per distinct history (x, t_x, T)
// with its count (4 values) and load a lookup row per history; it now brings out the distinct
// (x, T) (2 values a row) and one row of counts, and loads a lookup row per (x, T). On the whole
// CDNOW log (in memory: distinct counts) and on a Parquet log from generate-log-parquet.mjs
// (the real betaGeoScoresInWarehouse on DuckDB: its `transferred`). One run each; JSON lines.
// Usage: node benchmarks/clv-lookup.mjs [N [file.parquet]]   (N ≤ 1000000 here; default file
// benchmarks/.data/log-N.parquet; needs the build: npx tsup)
import { summarizeTransactions } from 'customer-value';
import { fitBetaGeo } from 'customer-value/clv';
import { betaGeoScoreLookup, betaGeoScoresInWarehouse, fitClvInWarehouse, summarizeTransactionsSql } from 'customer-value/warehouse';
import { readCsvFile } from 'customer-value/node';
import { duckdbEngine } from 'customer-value/duckdb';
import { existsSync } from 'node:fs';
import { logParquet } from './generate-log-parquet.mjs';

const SCORING = { horizon: 52, horizonUnit: 'week', discountRate: 0.002, margin: 0.3 };
const ratio = (a, b) => Number((a / b).toPrecision(2));

/** Distinct rows of some columns. */
function distinctCount(columns) {
  const seen = new Set();
  for (let i = 0; i < columns[0].length; i++) seen.add(columns.map((c) => c[i]).join('|'));
  return seen.size;
}

// CDNOW: the lookup computed in memory over the distinct (x, T)
const log = await readCsvFile('examples/data/cdnow_master.csv');
const cdnow = summarizeTransactions(log.columns, {
  customer: 'customer_id',
  date: 'date',
  amount: 'dollar_value',
  observationEnd: '1997-09-30',
  timeUnit: 'week',
});
{
  const histories = distinctCount([cdnow.frequency, cdnow.recency, cdnow.T]);
  const t0 = performance.now();
  const table = betaGeoScoreLookup({
    purchaseModel: fitBetaGeo(cdnow, { timeUnit: 'week' }),
    histories: cdnow,
    horizon: 52,
    timeUnit: 'week',
    discountRate: 0.002,
  });
  const seconds = (performance.now() - t0) / 1000;
  const inputValues = 3 * log.rowCount;
  console.log(
    JSON.stringify({
      data: 'CDNOW to 1997-09-30, weeks',
      transactions: log.rowCount,
      customers: cdnow.frequency.length,
      before: { rowsOut: histories, valuesOut: 4 * histories, shareOfInputValues: ratio(4 * histories, inputValues), lookupRows: histories },
      after: { rowsOut: table.rows + 1, valuesOut: 2 * table.rows + 2, shareOfInputValues: ratio(2 * table.rows + 2, inputValues), lookupRows: table.rows },
      lookupSeconds: Number(seconds.toFixed(2)),
    }),
  );
}

// a generated Parquet log: the engine path end to end on DuckDB
const n = Number(process.argv[2] ?? 1_000_000);
if (n > 1_000_000) throw new Error('run sizes above 1M on a quiet machine only (benchmarks/README.md)');
const file = process.argv[3] ?? logParquet(n);
if (!existsSync(file)) throw new Error(`${file} is missing: node benchmarks/generate-log-parquet.mjs ${n}`);
const spec = { customer: 'customer_id', date: 'order_date', amount: 'amount', observationEnd: '1998-06-30', timeUnit: 'week', missing: 'skip' };
const engine = await duckdbEngine({ file, table: 'orders' });
const [{ rows }] = await engine.query('SELECT COUNT(*) AS rows FROM orders');
await engine.query(`CREATE TABLE cv_summary AS ${summarizeTransactionsSql(spec, { dialect: 'duckdb', table: 'orders' })}`);
const [{ histories, customers }] = await engine.query(
  'SELECT COUNT(DISTINCT (frequency, recency, "T")) AS histories, COUNT(*) AS customers FROM cv_summary WHERE frequency IS NOT NULL',
);
const fitted = await fitClvInWarehouse(engine, { timeUnit: 'week', gammaGamma: { nonPositiveSpend: 'exclude' } }, { summary: 'cv_summary' });
const stages = {};
const result = await betaGeoScoresInWarehouse(
  engine,
  { purchaseModel: fitted.betaGeo, spendModel: fitted.gammaGamma },
  { timeUnit: 'week', ...SCORING },
  { summary: 'cv_summary', into: 'clv', onProgress: (e) => (stages[e.stage] = Number(e.seconds.toFixed(2))) },
);
const inputValues = 3 * Number(rows);
const before = 4 * Number(histories);
console.log(
  JSON.stringify({
    data: `${n} transactions (generate-log-parquet.mjs), weeks`,
    transactions: Number(rows),
    customers: Number(customers),
    before: { rowsOut: Number(histories), valuesOut: before, shareOfInputValues: ratio(before, inputValues), lookupRows: Number(histories) },
    after: { ...result.transferred, shareOfInputValues: ratio(result.transferred.values, inputValues), lookupRows: result.lookupRows },
    seconds: stages,
  }),
);
engine.close();
