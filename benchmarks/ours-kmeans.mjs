// One timed k-means fit (Lloyd from the fixed centers, ITERATIONS iterations, no scaling) with
// fitSegments, and the same with ml-kmeans for reference. Prints a JSON line per implementation.
import { readFileSync } from 'node:fs';
import { fitSegments } from 'customer-value';
import { FEATURES_DIR, K, P } from './generate-features.mjs';

const ITERATIONS = Number(process.env.BENCH_KMEANS_ITERATIONS ?? 20);
const which = process.argv[2] ?? 'ours';
const columns = {};
for (let j = 0; j < P; j++) {
  const bytes = readFileSync(`${FEATURES_DIR}x${j}.f64`);
  columns[`x${j}`] = new Float64Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 8);
}
const init = JSON.parse(readFileSync(`${FEATURES_DIR}init.json`, 'utf8'));
const rssBefore = process.memoryUsage().rss;
if (which === 'ours') {
  const t0 = performance.now();
  const model = fitSegments(columns, { features: Object.keys(columns), k: K, standardize: 'none', init, maxIterations: ITERATIONS, tolerance: 0 });
  const seconds = (performance.now() - t0) / 1000;
  console.log(
    JSON.stringify({
      impl: 'customer-value (1 thread)',
      seconds,
      iterations: model.fitted.diagnostics.iterations,
      inertia: model.fitted.diagnostics.inertia,
      extraRssMB: (process.resourceUsage().maxRSS * 1024 - rssBefore) / 2 ** 20,
    }),
  );
} else {
  const { kmeans } = await import('ml-kmeans');
  const n = columns.x0.length;
  const t0 = performance.now();
  const rows = new Array(n);
  for (let i = 0; i < n; i++) rows[i] = Object.values(columns).map((x) => x[i]);
  const result = kmeans(rows, K, { initialization: init, maxIterations: ITERATIONS, tolerance: 0 });
  const seconds = (performance.now() - t0) / 1000;
  let inertia = 0;
  for (let i = 0; i < n; i++) {
    const c = result.centroids[result.clusters[i]];
    for (let j = 0; j < P; j++) inertia += (rows[i][j] - c[j]) ** 2;
  }
  console.log(
    JSON.stringify({
      impl: 'ml-kmeans 7.0.1',
      seconds,
      iterations: result.iterations,
      inertia,
      extraRssMB: (process.resourceUsage().maxRSS * 1024 - rssBefore) / 2 ** 20,
    }),
  );
}
