// Side-by-side benchmark: our summarizeTransactions + fitRfm + fitValuePyramid against the same
// computation in numpy, on the same synthetic 10,000,000-transaction log (benchmarks/generate.mjs).
// Each implementation runs in its own process, alternating, REPEATS times; medians are compared
// and both must agree on the results. Run: `npm run bench` (needs python3 with numpy).
import { fileURLToPath } from 'node:url';
import { ROWS, ensureData } from './generate.mjs';
import { close, runAlternating, summarize } from './lib/sideBySide.mjs';

const REPEATS = Number(process.env.BENCH_REPEATS ?? 3);
const here = (file) => fileURLToPath(new URL(file, import.meta.url));

ensureData();
const [oursRuns, numpyRuns] = runAlternating(
  [
    [process.execPath, ['--expose-gc', here('./ours.mjs')]],
    ['python3', [here('./numpy_pipeline.py')]],
  ],
  REPEATS,
);
const fields = ['seconds', 'summarizeSeconds', 'modelSeconds', 'peakRssMB'];
const ours = summarize(oursRuns, fields);
const numpy = summarize(numpyRuns, fields);
const runs = { ours: oursRuns, numpy: numpyRuns };

// Both must compute the same thing.
const a = runs.ours[0].check;
const b = runs.numpy[0].check;
const agree =
  a.customers === b.customers &&
  a.frequencySum === b.frequencySum &&
  close(a.revenueSum, b.revenueSum) &&
  ['recency', 'frequency', 'monetary'].every((d) => a.rfmThresholds[d].every((t, i) => close(t, b.rfmThresholds[d][i]))) &&
  a.tierCounts.every((c, i) => c === b.tierCounts[i]) &&
  a.tierThresholds.every((t, i) => close(t, b.tierThresholds[i]));
if (!agree) {
  console.error('Results differ between implementations:', JSON.stringify({ ours: a, numpy: b }, null, 1));
  process.exit(1);
}

const f = (x, d = 2) => x.toFixed(d);
console.log(
  `${ROWS.toLocaleString('en-US')} transactions, ${a.customers.toLocaleString('en-US')} customers, median of ${REPEATS} alternating runs; results agree.\n`,
);
console.log('| implementation | total s | summarize s | RFM + pyramid s | peak RSS MB | peak RSS / input columns |');
console.log('|---|---:|---:|---:|---:|---:|');
for (const r of [ours, numpy]) {
  console.log(`| ${r.impl} | ${f(r.seconds)} | ${f(r.summarizeSeconds)} | ${f(r.modelSeconds)} | ${f(r.peakRssMB, 0)} | ${f(r.peakRssMB / r.inputMB)}× |`);
}
console.log(`\nnumpy time / our time: ${f(numpy.seconds / ours.seconds)}× (input columns: ${f(ours.inputMB, 0)} MB)`);
