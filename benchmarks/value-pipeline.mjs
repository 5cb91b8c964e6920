// Side-by-side benchmark: our summarizeTransactions + fitRfm + fitValuePyramid against the same
// computation in numpy, on the same synthetic 10,000,000-transaction log (benchmarks/generate.mjs).
// Each implementation runs in its own process, alternating, REPEATS times; medians are compared
// and both must agree on the results. Run: `npm run bench` (needs python3 with numpy).
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { ROWS, ensureData } from './generate.mjs';

const REPEATS = Number(process.env.BENCH_REPEATS ?? 3);
const here = (file) => fileURLToPath(new URL(file, import.meta.url));

ensureData();
const runs = { ours: [], numpy: [] };
for (let r = 0; r < REPEATS; r++) {
  runs.ours.push(JSON.parse(execFileSync(process.execPath, ['--expose-gc', here('./ours.mjs')], { encoding: 'utf8' })));
  runs.numpy.push(JSON.parse(execFileSync('python3', [here('./numpy_pipeline.py')], { encoding: 'utf8' })));
}

const median = (values) => values.slice().sort((a, b) => a - b)[Math.floor(values.length / 2)];
const summary = (list) => ({
  impl: list[0].impl,
  seconds: median(list.map((r) => r.seconds)),
  summarizeSeconds: median(list.map((r) => r.summarizeSeconds)),
  modelSeconds: median(list.map((r) => r.modelSeconds)),
  peakRssMB: median(list.map((r) => r.peakRssMB)),
  inputMB: list[0].inputMB,
});
const ours = summary(runs.ours);
const numpy = summary(runs.numpy);

// Both must compute the same thing.
const a = runs.ours[0].check;
const b = runs.numpy[0].check;
const close = (x, y) => Math.abs(x - y) <= 1e-9 * Math.max(1, Math.abs(x), Math.abs(y));
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
console.log(`${ROWS.toLocaleString('en-US')} transactions, ${a.customers.toLocaleString('en-US')} customers, median of ${REPEATS} alternating runs; results agree.\n`);
console.log('| implementation | total s | summarize s | RFM + pyramid s | peak RSS MB | peak RSS / input columns |');
console.log('|---|---:|---:|---:|---:|---:|');
for (const r of [ours, numpy]) {
  console.log(`| ${r.impl} | ${f(r.seconds)} | ${f(r.summarizeSeconds)} | ${f(r.modelSeconds)} | ${f(r.peakRssMB, 0)} | ${f(r.peakRssMB / r.inputMB)}× |`);
}
console.log(`\nnumpy time / our time: ${f(numpy.seconds / ours.seconds)}× (input columns: ${f(ours.inputMB, 0)} MB)`);
