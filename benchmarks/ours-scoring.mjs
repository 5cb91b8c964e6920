// Times the compiled scorer (issue 17's 12-output workload: two RFM models and a 6-dimension
// value pyramid, fused) on N rows: the generated JavaScript loop alone and the WebAssembly SIMD
// kernel alone (`scorer.run`, no checks) on one thread, and scoreColumns (input checks
// included) on 1 and on 2 threads, writing into preallocated outputs; best of 5 each. The
// 2-thread run reads the columns from shared memory (copied there once, untimed, as a loader
// would allocate them), and so does a 1-thread run, so the copying path's speed-up compares like
// with like. The in-place forms score columns allocated by `scorerColumns` (in the
// scoring memory the kernels import: no copy of a block into the kernel's memory or out of it),
// filled once, untimed, as a loader writing into them would. Prints one JSON line per form with
// checksums of the outputs.
// Usage: node ours-scoring.mjs N
import { readFileSync } from 'node:fs';
import { compileScorer, scorerColumns } from 'customer-value';
import { scoreColumns, shareColumns } from 'customer-value/node';
import { COLUMNS, scoringDir, WORKLOAD_MODELS } from './generate-scoring.mjs';
import { scoringChecks } from './lib/scoringChecks.mjs';

const n = Number(process.argv[2]);
const dir = scoringDir(n);
const columns = {};
for (const c of COLUMNS) {
  const bytes = readFileSync(`${dir}${c}.f64`);
  columns[c] = new Float64Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 8);
}
const scorer = compileScorer(JSON.parse(readFileSync(`${dir}${WORKLOAD_MODELS}`, 'utf8')));
if (scorer.wasm === null) throw new Error('no WebAssembly kernel in this runtime');
const TYPES = { float64: Float64Array, int32: Int32Array, uint16: Uint16Array, uint8: Uint8Array };
const allocate = (shared) =>
  Object.fromEntries(
    scorer.outputs.map((o) => {
      const Type = TYPES[o.type];
      return [o.name, shared ? new Type(new SharedArrayBuffer(n * Type.BYTES_PER_ELEMENT)) : new Type(n)];
    }),
  );

function best(run) {
  let seconds = Infinity;
  for (let r = 0; r < 5; r++) {
    const t0 = performance.now();
    run();
    seconds = Math.min(seconds, (performance.now() - t0) / 1000);
  }
  return seconds;
}

const report = (impl, seconds, outputs) => console.log(JSON.stringify({ impl, n, seconds, check: scoringChecks(outputs, n) }));

const inputs = scorer.inputs.map((name) => columns[name]);

const jsLoop = new Function('inputs', 'outputs', 'start', 'end', scorer.source);
const jsOut = allocate(false);
const jsArrays = scorer.outputs.map((o) => jsOut[o.name]);
report(
  'customer-value, generated JavaScript loop alone (1 thread)',
  best(() => jsLoop(inputs, jsArrays, 0, n)),
  jsOut,
);
const kernelOut = allocate(false);
const kernelArrays = scorer.outputs.map((o) => kernelOut[o.name]);
report(
  'customer-value, WebAssembly kernel alone (1 thread)',
  best(() => scorer.run(inputs, kernelArrays, 0, n)),
  kernelOut,
);
const one = allocate(false);
report(
  'customer-value scoreColumns (1 thread, checks included)',
  best(() => scoreColumns(scorer, columns, { into: one })),
  one,
);
const shared = shareColumns(columns);
const oneShared = allocate(true);
report(
  'customer-value scoreColumns (1 thread, shareColumns, checks included)',
  best(() => scoreColumns(scorer, shared, { into: oneShared })),
  oneShared,
);
const two = allocate(true);
report(
  'customer-value scoreColumns (2 threads, checks included)',
  best(() => scoreColumns(scorer, shared, { threads: 2, into: two })),
  two,
);
const place = (rows) => {
  const columns = scorerColumns(scorer, rows);
  for (const name of scorer.inputs) columns.inputs[name].set(inputs[scorer.inputs.indexOf(name)]);
  return columns;
};
const inPlace = place(n);
report(
  'customer-value scoreColumns in place (1 thread, scorerColumns, checks included)',
  best(() => scoreColumns(scorer, inPlace.inputs, { into: inPlace.outputs })),
  inPlace.outputs,
);
const inPlace2 = place(n);
report(
  'customer-value scoreColumns in place (2 threads, scorerColumns, checks included)',
  best(() => scoreColumns(scorer, inPlace2.inputs, { threads: 2, into: inPlace2.outputs })),
  inPlace2.outputs,
);
