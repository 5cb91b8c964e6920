// One timed run of our pipeline on the benchmark data; prints a JSON line.
// summarizeTransactions → fitRfm → fitValuePyramid, columnar input, YYYYMMDD integer dates.
import { readFileSync } from 'node:fs';
import { fitRfm, fitValuePyramid, summarizeTransactions } from 'customer-value';
import { DATA_DIR } from './generate.mjs';

const read = (name) => {
  const bytes = readFileSync(`${DATA_DIR}${name}.f64`);
  return new Float64Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 8);
};
const columns = { customer: read('customer'), date: read('date'), amount: read('amount') };
const inputBytes = columns.customer.byteLength * 3;
globalThis.gc?.();
const rssBefore = process.memoryUsage().rss;

const t0 = performance.now();
const summary = summarizeTransactions(columns, {
  customer: 'customer',
  date: 'date',
  amount: 'amount',
  observationEnd: '1998-06-30',
  timeUnit: 'week',
});
const t1 = performance.now();
const weeksSinceLast = new Float64Array(summary.T.length);
for (let i = 0; i < weeksSinceLast.length; i++) weeksSinceLast[i] = summary.T[i] - summary.recency[i];
const customers = { frequency: summary.frequency, revenue: summary.revenue, weeksSinceLast };
const rfm = fitRfm(customers, {
  recency: { column: 'weeksSinceLast', better: 'lower' },
  frequency: { column: 'frequency' },
  monetary: { column: 'revenue' },
});
const pyramid = fitValuePyramid(customers, {
  dimensions: [
    { column: 'revenue', transform: 'log1p', weight: 2 },
    { column: 'frequency', weight: 1 },
    { column: 'weeksSinceLast', better: 'lower', weight: 1 },
  ],
});
const t2 = performance.now();

let frequencySum = 0;
let revenueSum = 0;
for (let i = 0; i < summary.frequency.length; i++) {
  frequencySum += summary.frequency[i];
  revenueSum += summary.revenue[i];
}
console.log(
  JSON.stringify({
    impl: 'customer-value',
    seconds: (t2 - t0) / 1000,
    summarizeSeconds: (t1 - t0) / 1000,
    modelSeconds: (t2 - t1) / 1000,
    inputMB: inputBytes / 2 ** 20,
    rssAtStartMB: rssBefore / 2 ** 20,
    peakRssMB: process.resourceUsage().maxRSS / 1024,
    check: {
      customers: summary.customer.length,
      frequencySum,
      revenueSum,
      rfmThresholds: rfm.thresholds,
      tierCounts: pyramid.fitted.diagnostics.customersPerTier,
      tierThresholds: pyramid.thresholds,
    },
  }),
);
