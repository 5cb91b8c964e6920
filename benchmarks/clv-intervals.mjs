// Side-by-side benchmark of CLV confidence intervals (issue 19): for N synthetic customers given
// as a histogram with a count column (ours-clv-intervals.mjs), one plain fit (BG/NBD +
// Gamma-Gamma) against the same fit plus BENCH_INTERVALS_DRAWS (default 1,000) bootstrap refits of
// each model on the histogram and the confidence intervals of every row's P(alive), expected
// purchases, spend and 12-month CLV with the base totals. Each in its own process, alternating;
// time and peak RSS side by side, and their ratios. The histogram is simulated in the child (not
// timed; both modes build the same one, so its memory is in both peaks).
// The bootstrap and the intervals run on BENCH_INTERVALS_THREADS threads (default 'auto': all
// cores; the draws and the intervals are the same, bit for bit, on any number); their CPU seconds
// (all threads) are printed beside the wall-clock ones.
// Run: `npm run build && node benchmarks/clv-intervals.mjs` (10M customers: a quiet machine, several
// GB). A small check: `BENCH_INTERVALS_SIZES=20000 BENCH_INTERVALS_DRAWS=50 node benchmarks/clv-intervals.mjs`.
import { fileURLToPath } from 'node:url';
import { runAlternating, summarize } from './lib/sideBySide.mjs';

const here = (file) => fileURLToPath(new URL(file, import.meta.url));
const sizes = (process.env.BENCH_INTERVALS_SIZES ?? '10000000').split(',').map(Number);
const draws = Number(process.env.BENCH_INTERVALS_DRAWS ?? 1000);
const threads = process.env.BENCH_INTERVALS_THREADS ?? 'auto';
const repeats = Number(process.env.BENCH_REPEATS ?? 1);
const f = (x, d = 2) => x.toFixed(d);
const fields = ['fitSeconds', 'totalSeconds', 'totalCpuSeconds', 'peakRssMB'];

console.log(
  `| customers | histogram rows | run | fit s | ${draws} bootstrap refits × 2 s (CPU s, threads: ${threads}) | intervals s (CPU s) | total s | total CPU s | peak RSS MB |`,
);
console.log('|---:|---:|---|---:|---:|---:|---:|---:|---:|');
const ratios = [];
for (const n of sizes) {
  const node = (mode) => [process.execPath, ['--max-old-space-size=16000', here('./ours-clv-intervals.mjs'), mode, String(n), String(draws), threads]];
  const [plain, intervals] = runAlternating([node('fit'), node('intervals')], repeats).map((runs) => summarize(runs, fields));
  const rows = plain.rows.toLocaleString('en-US');
  console.log(
    `| ${n.toLocaleString('en-US')} | ${rows} | one plain fit | ${f(plain.fitSeconds)} | | | ${f(plain.totalSeconds)} | ${f(plain.totalCpuSeconds)} | ${f(plain.peakRssMB, 0)} |`,
  );
  console.log(
    `| ${n.toLocaleString('en-US')} | ${rows} | fit + intervals | ${f(intervals.fitSeconds)} | ${f(intervals.drawsSeconds)} (${f(intervals.drawsCpuSeconds)}) | ${f(intervals.intervalsSeconds)} (${f(intervals.intervalsCpuSeconds)}) | ${f(intervals.totalSeconds)} | ${f(intervals.totalCpuSeconds)} | ${f(intervals.peakRssMB, 0)} |`,
  );
  ratios.push(
    `${n.toLocaleString('en-US')} customers, ${intervals.distinctHistories.toLocaleString('en-US')} distinct histories (refitted on ${intervals.groups.map((g) => g.toLocaleString('en-US')).join(' and ')} groups), refit failures ${intervals.failures.join(' + ')}: ` +
      `fit + intervals / plain fit = ${f(intervals.totalSeconds / plain.totalSeconds)}× the time, ${f(intervals.peakRssMB / plain.peakRssMB)}× the peak RSS; ` +
      `base value ${f(intervals.totalValue.estimate, 0)} (p05 ${f(intervals.totalValue.percentiles.p05, 0)}, p95 ${f(intervals.totalValue.percentiles.p95, 0)})`,
  );
}
console.log(`\n${ratios.join('\n')}`);
