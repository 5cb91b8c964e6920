// Times the compiled scorer (RFM + value pyramid fused) on N rows, one thread: the loop alone
// (preallocated outputs, best of 5) and scoreColumns with its input checks. Prints a JSON line
// with a checksum of the outputs. Usage: node ours-scoring.mjs N
import { readFileSync } from 'node:fs';
import { compileScorer, scoreColumns } from 'customer-value';
import { COLUMNS, scoringDir } from './generate-scoring.mjs';

const n = Number(process.argv[2]);
const dir = scoringDir(n);
const columns = {};
for (const c of COLUMNS) {
  const bytes = readFileSync(`${dir}${c}.f64`);
  columns[c] = new Float64Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 8);
}
const models = JSON.parse(readFileSync(`${dir}models.json`, 'utf8'));
const scorer = compileScorer(models);
const inputs = scorer.inputs.map((name) => columns[name]);
const outputs = scorer.outputs.map((o) => (o.type === 'float64' ? new Float64Array(n) : o.type === 'int32' ? new Int32Array(n) : o.type === 'uint16' ? new Uint16Array(n) : new Uint8Array(n)));
let best = Infinity;
for (let r = 0; r < 5; r++) {
  const t0 = performance.now();
  scorer.run(inputs, outputs, 0, n);
  best = Math.min(best, performance.now() - t0);
}
const t1 = performance.now();
scoreColumns(scorer, columns);
const checked = performance.now() - t1;
const byName = Object.fromEntries(scorer.outputs.map((o, k) => [o.name, outputs[k]]));
let cellSum = 0;
let tierSum = 0;
let valueSum = 0;
for (let i = 0; i < n; i++) {
  cellSum += byName['rfm.cell'][i];
  tierSum += byName['pyramid.tier'][i];
  valueSum += byName['pyramid.value'][i];
}
console.log(JSON.stringify({ impl: 'customer-value compiled scorer (1 thread)', n, seconds: best / 1000, checkedSeconds: checked / 1000, check: { cellSum, tierSum, valueSum } }));
