// One timed fit of our satisfaction index on the benchmark survey; prints a JSON line.
import { readFileSync } from 'node:fs';
import { fitSatisfactionIndex } from 'customer-value';
import { ITEMS, SURVEY_DIR } from './generate-survey.mjs';

const columns = {};
for (const item of ITEMS) {
  const bytes = readFileSync(`${SURVEY_DIR}${item}.f64`);
  columns[item] = new Float64Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 8);
}
const rotation = process.argv[2] ?? 'none';
const t0 = performance.now();
const model = fitSatisfactionIndex(columns, { items: ITEMS, scale: [1, 10], rotation });
const seconds = (performance.now() - t0) / 1000;
console.log(
  JSON.stringify({
    impl: `customer-value (${rotation})`,
    seconds,
    peakRssMB: process.resourceUsage().maxRSS / 1024,
    check: { eigenvalues: model.components.eigenvalues, weights: model.weights, components: model.components.components },
  }),
);
