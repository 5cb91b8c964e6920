// Side-by-side benchmark of the compiled scorer on issue 17's 12-output workload (two RFM models
// and a 6-dimension value pyramid over 6 float64 columns, fixed seed) at 1M and 10M rows, all run
// by this one script in alternation: customer-value (the JavaScript loop alone, the WebAssembly
// kernel alone; scoreColumns on 1 and 2 threads, copying ordinary arrays and in place over scorerColumns), numpy (searchsorted and summed comparisons), two
// C references (gcc -O3 -march=native: the plain fused loop and a blocked kernel, the latter also on 2 threads with OpenMP) and DuckDB
// running the exported SQL (1 and 2 threads). Every implementation must produce the same
// checksums. Prints a Markdown table.
// Run: `npm run bench:scoring` (BENCH_REPEATS, default 3; BENCH_ROWS, default "1000000,10000000").
import { execFileSync } from 'node:child_process';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import { ensureScoringWorkload } from './generate-scoring.mjs';
import { close, median } from './lib/sideBySide.mjs';

const here = (file) => fileURLToPath(new URL(file, import.meta.url));
const REPEATS = Number(process.env.BENCH_REPEATS ?? 3);
const SIZES = (process.env.BENCH_ROWS ?? '1000000,10000000').split(',').map(Number);

const commands = (n) => [
  [process.execPath, [here('./ours-scoring.mjs'), String(n)]],
  ['python3', [here('./numpy_scoring.py'), String(n)]],
  [process.execPath, [here('./c-scoring.mjs'), String(n)]],
  [process.execPath, [here('./duckdb-scoring.mjs'), String(n), '1']],
  [process.execPath, [here('./duckdb-scoring.mjs'), String(n), '2']],
];

console.log(
  `Machine: ${cpus()[0].model}, ${cpus().length} cores; Node ${process.version}; medians of ${REPEATS} alternating runs, each the best of 5 (DuckDB: 3).\n`,
);
console.log('| rows | implementation | seconds | time / ours 1 thread | numpy searchsorted / this |');
console.log('|---:|---|---:|---:|---:|');
for (const n of SIZES) {
  ensureScoringWorkload(n);
  const byImpl = new Map();
  for (let r = 0; r < REPEATS; r++) {
    for (const [command, args] of commands(n)) {
      const lines = execFileSync(command, args, { encoding: 'utf8', maxBuffer: 1 << 24 })
        .trim()
        .split('\n');
      for (const line of lines) {
        const result = JSON.parse(line);
        if (!byImpl.has(result.impl)) byImpl.set(result.impl, []);
        byImpl.get(result.impl).push(result);
      }
    }
  }
  const results = [...byImpl.values()].map((runs) => ({ ...runs[0], seconds: median(runs.map((x) => x.seconds)) }));
  const reference = results[0].check;
  for (const r of results) {
    const same = ['cellSum', 'totalSum', 'scoreSum', 'tierSum'].every((f) => r.check[f] === reference[f]) && close(r.check.valueSum, reference.valueSum, 1e-6);
    if (!same) {
      console.error(`Checksums differ: ${r.impl} ${JSON.stringify(r.check)} vs ${JSON.stringify(reference)}`);
      process.exit(1);
    }
  }
  const find = (prefix) => results.find((r) => r.impl.startsWith(prefix));
  const ours = find('customer-value scoreColumns (1 thread');
  const searchsorted = results.find((r) => r.impl.endsWith('searchsorted'));
  for (const r of results) {
    console.log(
      `| ${n.toLocaleString('en-US')} | ${r.impl} | ${r.seconds.toFixed(4)} | ${(r.seconds / ours.seconds).toFixed(2)}× | ${(searchsorted.seconds / r.seconds).toFixed(2)}× |`,
    );
  }
  const kernel = find('customer-value, WebAssembly kernel');
  const jsLoop = find('customer-value, generated JavaScript loop');
  const two = find('customer-value scoreColumns (2 threads');
  const fastest = results.find((r) => r.impl.endsWith('summed comparisons'));
  const c = find('C blocked');
  const c2 = results.find((r) => r.impl.startsWith('C blocked') && r.impl.includes('2 threads'));
  const ratio = (a, b) => (a.seconds / b.seconds).toFixed(2);
  const ours1 = find('customer-value scoreColumns in place (1 thread');
  const ours2 = find('customer-value scoreColumns in place (2 threads');
  const oneShared = find('customer-value scoreColumns (1 thread, shareColumns');
  console.log(
    `\n${n.toLocaleString('en-US')} rows — targets: ours (scoreColumns, 1 thread) / C blocked ${ratio(ours, c)}× (target ≤ 2.5; kernel alone ${ratio(kernel, c)}×, JavaScript loop alone ${ratio(jsLoop, c)}×), ` +
      `vs numpy summed comparisons ${ratio(fastest, ours)}× faster (target ≥ 1.5), vs numpy searchsorted ${ratio(searchsorted, ours)}× faster (target ≥ 10), ` +
      `2 threads speed-up ${ratio(ours, two)}× (target ≥ 1.8 at 10M; C blocked on 2 threads with OpenMP ${ratio(c, c2)}×); ` +
      `in place (scorerColumns): / C blocked ${ratio(ours1, c)}×, vs numpy summed comparisons ${ratio(fastest, ours1)}×, vs searchsorted ${ratio(searchsorted, ours1)}×, ` +
      `2 threads ${ratio(ours1, ours2)}× one in place, ${ratio(ours, ours2)}× one copying; ` +
      `copying both ways (shareColumns, 1 and 2 threads) ${ratio(oneShared, two)}×\n`,
  );
}
