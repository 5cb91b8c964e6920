// How big the warehouse scoring lookup table gets (betaGeoScoreLookup: one row per distinct
// history (x, t_x, T)) and how long it takes to compute, on the whole CDNOW log and on
// 10,000,000 simulated customers (generate-customers.mjs). One run each; prints JSON lines.
// Usage: node benchmarks/clv-lookup.mjs [N]   (needs the build: npx tsup)
import { betaGeoScoreLookup, fitBetaGeo, summarizeTransactions } from 'customer-value';
import { readCsvFile } from 'customer-value/node';
import { readFileSync } from 'node:fs';
import { customersDir, ensureCustomers, TRUTH } from './generate-customers.mjs';

const CLV = { horizon: 12, timeUnit: 'month', discountRate: 0.01 };

/** The distinct histories of the columns, as the histogram query would return them. */
function distinct(frequency, recency, T) {
  const seen = new Map();
  for (let i = 0; i < frequency.length; i++) {
    const key = `${frequency[i]}|${recency[i]}|${T[i]}`;
    if (!seen.has(key)) seen.set(key, i);
  }
  const rows = [...seen.values()];
  const pairs = new Set(rows.map((i) => `${frequency[i]}|${T[i]}`)).size;
  const pick = (column) => Float64Array.from(rows, (i) => column[i]);
  return { histories: { frequency: pick(frequency), recency: pick(recency), T: pick(T) }, pairs };
}

function measure(name, customers, purchaseModel) {
  const { histories, pairs } = distinct(customers.frequency, customers.recency, customers.T);
  const t0 = performance.now();
  const table = betaGeoScoreLookup({ purchaseModel, histories, ...CLV });
  const seconds = (performance.now() - t0) / 1000;
  const bytes = Object.values(table.columns).reduce((n, column) => n + column.byteLength, 0);
  console.log(
    JSON.stringify({
      data: name,
      customers: customers.frequency.length,
      histories: table.histories,
      pairsXT: pairs,
      lookupSeconds: Number(seconds.toFixed(2)),
      lookupMB: Number((bytes / 1e6).toFixed(1)),
      peakRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
    }),
  );
}

const log = await readCsvFile('examples/data/cdnow_master.csv');
const cdnow = summarizeTransactions(log.columns, {
  customer: 'customer_id',
  date: 'date',
  amount: 'dollar_value',
  observationEnd: '1997-09-30',
  timeUnit: 'week',
});
measure('CDNOW to 1997-09-30, weeks', cdnow, fitBetaGeo(cdnow, { timeUnit: 'week' }));

const n = Number(process.argv[2] ?? 10_000_000);
ensureCustomers(n);
const dir = customersDir(n);
const read = (name) => {
  const bytes = readFileSync(`${dir}${name}.f64`);
  return new Float64Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 8);
};
const { r, alpha, a, b } = TRUTH;
const purchaseModel = { ...fitBetaGeo(cdnow, { timeUnit: 'week' }), params: { r, alpha, a, b } };
measure(`${n} simulated customers (generate-customers.mjs), weeks`, { frequency: read('frequency'), recency: read('recency'), T: read('T') }, purchaseModel);
