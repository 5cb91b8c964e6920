// The same fit done the way ml-pca makes one do it: rows as arrays, PCA on the n × p data
// (standardized, SVD), then the weights from its eigenvalues and loadings. Prints a JSON line.
import { readFileSync } from 'node:fs';
import { PCA } from 'ml-pca';
import { ITEMS, SURVEY_DIR } from './generate-survey.mjs';

const columns = ITEMS.map((item) => {
  const bytes = readFileSync(`${SURVEY_DIR}${item}.f64`);
  return new Float64Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 8);
});
const n = columns[0].length;
const t0 = performance.now();
const rows = new Array(n);
for (let i = 0; i < n; i++) rows[i] = columns.map((c) => c[i]);
const pca = new PCA(rows, { scale: true });
const values = pca.getEigenvalues();
const vectors = pca.getEigenvectors().to2DArray();
const m = Math.max(1, values.filter((v) => v > 1).length);
const loadings = vectors.map((row) => row.slice(0, m).map((v, k) => v * Math.sqrt(values[k])));
for (let k = 0; k < m; k++) {
  if (loadings.reduce((s, row) => s + row[k], 0) < 0) for (const row of loadings) row[k] = -row[k];
}
const total = values.slice(0, m).reduce((a, b) => a + b, 0);
const c = loadings.map((row) => row.reduce((s, a, k) => s + (a * Math.sqrt(values[k])) / total, 0));
const sum = c.reduce((a, b) => a + b, 0);
const seconds = (performance.now() - t0) / 1000;
console.log(
  JSON.stringify({
    impl: 'ml-pca 4.1.1',
    seconds,
    peakRssMB: process.resourceUsage().maxRSS / 1024,
    check: { eigenvalues: values, weights: c.map((v) => v / sum), components: m },
  }),
);
