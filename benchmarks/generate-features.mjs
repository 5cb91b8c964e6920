// Writes the k-means benchmark data: 1,000,000 rows × 6 features from a mixture of 8 Gaussian
// blobs, plus 8 fixed starting centers (rows drawn with a fixed seed), as raw float64 in
// benchmarks/.data/features/ (x0..x5.f64 and init.json). Every implementation starts from the
// same centers and runs the same number of Lloyd iterations.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { rng } from './lib/rng.mjs';

export const ROWS = Number(process.env.BENCH_FEATURE_ROWS ?? 1_000_000);
export const P = 6;
export const K = 8;
export const FEATURES_DIR = new URL('./.data/features/', import.meta.url).pathname;

export function ensureFeatures() {
  const tag = `${FEATURES_DIR}rows-${ROWS}`;
  if (existsSync(tag)) return;
  mkdirSync(FEATURES_DIR, { recursive: true });
  const random = rng(31337);
  const blobs = Array.from({ length: K }, () => Array.from({ length: P }, () => 10 * random.uniform()));
  const columns = Array.from({ length: P }, () => new Float64Array(ROWS));
  for (let i = 0; i < ROWS; i++) {
    const b = blobs[Math.floor(random.uniform() * K)];
    for (let j = 0; j < P; j++) columns[j][i] = b[j] + random.normal();
  }
  const init = Array.from({ length: K }, () => {
    const i = Math.floor(random.uniform() * ROWS);
    return columns.map((x) => x[i]);
  });
  columns.forEach((x, j) => writeFileSync(`${FEATURES_DIR}x${j}.f64`, new Uint8Array(x.buffer)));
  writeFileSync(`${FEATURES_DIR}init.json`, JSON.stringify(init));
  writeFileSync(tag, '');
}

if (import.meta.url === `file://${process.argv[1]}`) ensureFeatures();
