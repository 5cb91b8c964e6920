// Side-by-side benchmark: fitSatisfactionIndex on 1,000,000 respondents × 24 items against
// numpy (corrcoef on OpenBLAS + eigh; at OpenBLAS's default threads and at one) and ml-pca (row arrays + n × p SVD), on the same columns.
// Ours and numpy alternate BENCH_REPEATS times; ml-pca, at ~10 s a run, runs once.
// All must agree on eigenvalues and weights. Run: `npm run bench:satisfaction`.
import { fileURLToPath } from 'node:url';
import { ITEMS, RESPONDENTS, ensureSurvey } from './generate-survey.mjs';
import { close, runAlternating, summarize } from './lib/sideBySide.mjs';

const REPEATS = Number(process.env.BENCH_REPEATS ?? 3);
const here = (file) => fileURLToPath(new URL(file, import.meta.url));
ensureSurvey();

const [ours, oursVarimax, numpy, numpyOne] = runAlternating(
  [
    [process.execPath, [here('./ours-survey.mjs'), 'none']],
    [process.execPath, [here('./ours-survey.mjs'), 'varimax']],
    // OpenBLAS at its default (a thread per core) and at one thread, like ours
    ['python3', [here('./numpy_survey.py')]],
    ['python3', [here('./numpy_survey.py')], { OPENBLAS_NUM_THREADS: '1' }],
  ],
  REPEATS,
).map((runs) => summarize(runs, ['seconds', 'peakRssMB']));
const [mlpca] = runAlternating([[process.execPath, ['--max-old-space-size=8000', here('./mlpca-survey.mjs')]]], 1).map((runs) =>
  summarize(runs, ['seconds', 'peakRssMB']),
);

for (const other of [numpy, numpyOne, mlpca]) {
  const agree =
    other.check.components === ours.check.components &&
    ours.check.eigenvalues.every((v, k) => close(v, other.check.eigenvalues[k], 1e-8)) &&
    ours.check.weights.every((v, j) => close(v, other.check.weights[j], 1e-8));
  if (!agree) {
    console.error(`Results differ from ${other.impl}:`, JSON.stringify({ ours: ours.check, other: other.check }));
    process.exit(1);
  }
}

const inputMB = (RESPONDENTS * ITEMS.length * 8) / 2 ** 20;
const f = (x, d = 2) => x.toFixed(d);
console.log(
  `${RESPONDENTS.toLocaleString('en-US')} respondents × ${ITEMS.length} items (${f(inputMB, 0)} MB of columns); medians of ${REPEATS} alternating runs (ml-pca: 1 run); eigenvalues and weights agree to 1e-8.\n`,
);
console.log('| implementation | fit s | peak RSS MB | time / ours |');
console.log('|---|---:|---:|---:|');
for (const r of [ours, oursVarimax, numpy, numpyOne, mlpca]) {
  console.log(`| ${r.impl} | ${f(r.seconds, 3)} | ${f(r.peakRssMB, 0)} | ${f(r.seconds / ours.seconds)}× |`);
}
console.log(
  `\nours (1 thread) / numpy (OpenBLAS, default threads): ${f(ours.seconds / numpy.seconds)}× (target ≤ 1.5×); / numpy (1 thread): ${f(ours.seconds / numpyOne.seconds)}×; ml-pca / ours: ${f(mlpca.seconds / ours.seconds, 1)}× (target ≥ 25×)`,
);
