// Side-by-side benchmark: k-means (Lloyd, k = 8, 20 iterations from the same 8 starting centers)
// on 1,000,000 × 6 features — ours (one thread), a numpy Lloyd loop (one thread), scikit-learn's
// KMeans (C/OpenMP, two threads; Debian's python3-sklearn under /usr/bin/python3) and ml-kmeans.
// Alternating runs (BENCH_REPEATS, default 3; ml-kmeans once); all must reach the same inertia.
// Run: `npm run bench:kmeans`.
import { fileURLToPath } from 'node:url';
import { ensureFeatures, ROWS } from './generate-features.mjs';
import { close, runAlternating, summarize } from './lib/sideBySide.mjs';

const here = (file) => fileURLToPath(new URL(file, import.meta.url));
const REPEATS = Number(process.env.BENCH_REPEATS ?? 3);
ensureFeatures();
const [ours, numpy, sklearn] = runAlternating(
  [
    [process.execPath, [here('./ours-kmeans.mjs'), 'ours']],
    ['python3', [here('./kmeans_peers.py'), 'numpy']],
    ['/usr/bin/python3', [here('./kmeans_peers.py'), 'sklearn']],
  ],
  REPEATS,
).map((runs) => summarize(runs, ['seconds', 'extraRssMB']));
const [mlkmeans] = runAlternating([[process.execPath, ['--max-old-space-size=8000', here('./ours-kmeans.mjs'), 'ml-kmeans']]], 1).map((runs) =>
  summarize(runs, ['seconds', 'extraRssMB']),
);
// ml-kmeans counts its iterations differently (it stops one update short), so its inertia is
// compared loosely; the others must agree to 1e-9.
for (const [other, tolerance] of [
  [numpy, 1e-9],
  [sklearn, 1e-9],
  [mlkmeans, 1e-5],
]) {
  if (!close(ours.inertia, other.inertia, tolerance)) {
    console.error(`Inertia differs from ${other.impl}: ${ours.inertia} vs ${other.inertia}`);
    process.exit(1);
  }
}
const f = (x, d = 2) => x.toFixed(d);
const inputMB = (ROWS * 6 * 8) / 2 ** 20;
console.log(
  `${ROWS.toLocaleString('en-US')} rows × 6 features (${f(inputMB, 0)} MB), k = 8, 20 Lloyd iterations from the same centers; medians of ${REPEATS} alternating runs (ml-kmeans: 1); inertia agrees to 1e-9 (ml-kmeans: 1e-5).\n`,
);
console.log('| implementation | seconds | extra memory MB | time / ours |');
console.log('|---|---:|---:|---:|');
for (const r of [ours, numpy, sklearn, mlkmeans]) console.log(`| ${r.impl} | ${f(r.seconds)} | ${f(r.extraRssMB, 0)} | ${f(r.seconds / ours.seconds)}× |`);
console.log(
  `\nnumpy / ours: ${f(numpy.seconds / ours.seconds)}× (target > 1); ours / scikit-learn (2 threads): ${f(ours.seconds / sklearn.seconds)}× (target ≤ 1)`,
);
