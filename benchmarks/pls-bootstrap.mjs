// Side-by-side benchmark: a 5,000-resample bootstrap of the full ECSI PLS path model (7
// constructs, 24 items, 250 respondents) — customer-value on 1 and 2 threads against the same
// computation in numpy (one thread; seminr, the R reference, cannot be installed here: it is not
// in Debian and CRAN is not reachable). Alternating runs (BENCH_REPEATS, default 3), medians.
// The resampling streams differ, so the check is loose: the mean path SD must agree within 5%.
// Run: `npm run bench:pls`.
import { fileURLToPath } from 'node:url';
import { close, runAlternating, summarize } from './lib/sideBySide.mjs';

const here = (file) => fileURLToPath(new URL(file, import.meta.url));
const REPEATS = Number(process.env.BENCH_REPEATS ?? 3);
const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 5000);
const [one, two, numpy] = runAlternating(
  [
    [process.execPath, [here('./ours-pls-bootstrap.mjs'), String(SAMPLES), '1']],
    [process.execPath, [here('./ours-pls-bootstrap.mjs'), String(SAMPLES), '2']],
    ['python3', [here('./numpy_pls_bootstrap.py'), String(SAMPLES)]],
  ],
  REPEATS,
).map((runs) => summarize(runs, ['seconds', 'warmSeconds']));
const meanSd = (r) => r.pathSds.reduce((a, b) => a + b, 0) / r.pathSds.length;
if (!close(meanSd(one), meanSd(numpy), 0.05) || JSON.stringify(one.pathSds) !== JSON.stringify(two.pathSds)) {
  console.error(
    `Results disagree: mean SD ours ${meanSd(one)}, numpy ${meanSd(numpy)}; 1 vs 2 threads identical: ${JSON.stringify(one.pathSds) === JSON.stringify(two.pathSds)}`,
  );
  process.exit(1);
}
console.log(
  `${SAMPLES.toLocaleString('en-US')} resamples of the full ECSI model; medians of ${REPEATS} alternating runs; mean path SD ours ${meanSd(one).toFixed(4)}, numpy ${meanSd(numpy).toFixed(4)}.\n`,
);
console.log('| implementation | seconds, first call | seconds, second call (warm) | first call / ours (1 thread) |');
console.log('|---|---:|---:|---:|');
for (const r of [one, two, numpy])
  console.log(
    `| ${r.impl} | ${r.seconds.toFixed(2)} | ${r.warmSeconds === undefined ? '—' : r.warmSeconds.toFixed(2)} | ${(r.seconds / one.seconds).toFixed(2)}× |`,
  );
console.log(
  `\nnumpy / ours: ${(numpy.seconds / one.seconds).toFixed(1)}× on one thread, ${(numpy.seconds / two.seconds).toFixed(1)}× with two; 2 threads vs 1: ${(one.seconds / two.seconds).toFixed(2)}× on a first call, ${(one.warmSeconds / two.warmSeconds).toFixed(2)}× warm`,
);
