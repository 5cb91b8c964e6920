// Side-by-side benchmark of reading a numeric CSV into columns: customer-value's readCsvFile
// against DuckDB's read_csv into an in-memory table (CREATE TABLE t AS SELECT * FROM read_csv)
// at 1 and 2 threads (ours with threads: 1 and 2, and readCsvBatches kept as chunked columns), each in its own process, alternating, in one run. Both must give the same
// column checksums. Reports seconds (and CPU seconds, user + system, all threads: steadier than
// wall time on a shared machine), peak RSS and, for ours, peak RSS over the columns returned.
// Run: `npm run bench:csv-read` (BENCH_CSV_ROWS, default 2,600,000 rows ≈ 125 MB; BENCH_REPEATS,
// default 3; BENCH_CSV_BEFORE=/path/to/an/older/dist/node.js adds that build as a fifth process).
import { execFileSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import { ensureCsvReadFile } from './generate-csv-read.mjs';
import { median } from './lib/sideBySide.mjs';

const here = (file) => fileURLToPath(new URL(file, import.meta.url));
const REPEATS = Number(process.env.BENCH_REPEATS ?? 3);
const ROWS = Number(process.env.BENCH_CSV_ROWS ?? 2_600_000);
const path = await ensureCsvReadFile(ROWS);
const mb = statSync(path).size / 2 ** 20;
const commands = [
  [process.execPath, [here('./ours-csv-read.mjs'), path, 'customer-value/node', '1']],
  [process.execPath, [here('./duckdb-csv-read.mjs'), path, '1']],
  [process.execPath, [here('./duckdb-csv-read.mjs'), path, '2']],
  [process.execPath, [here('./ours-csv-read.mjs'), path, 'batches']],
  [process.execPath, [here('./ours-csv-read.mjs'), path, 'customer-value/node', '2']],
];
if (process.env.BENCH_CSV_BEFORE) commands.push([process.execPath, [here('./ours-csv-read.mjs'), path, process.env.BENCH_CSV_BEFORE]]);
const runs = commands.map(() => []);
for (let r = 0; r < REPEATS; r++) {
  commands.forEach(([command, args], i) => runs[i].push(JSON.parse(execFileSync(command, args, { encoding: 'utf8', maxBuffer: 1 << 24 }))));
}
const results = runs.map((list) => ({
  ...list[0],
  seconds: median(list.map((x) => x.seconds)),
  cpuSeconds: median(list.map((x) => x.cpuSeconds)),
  peakRssMB: Math.max(...list.map((x) => x.peakRssMB)),
}));
const close = (x, y) => Math.abs(x - y) <= 1e-9 * Math.max(1, Math.abs(x), Math.abs(y));
for (const r of results) {
  for (const [name, [sum, missing]] of Object.entries(results[0].check)) {
    const other = r.check[name];
    if (r.rows !== ROWS || other === undefined || !close(other[0], sum) || other[1] !== missing) {
      console.error(`Results differ: ${r.impl} ${name} ${JSON.stringify(other)} vs ${JSON.stringify([sum, missing])} (rows ${r.rows})`);
      process.exit(1);
    }
  }
}
console.log(
  `Machine: ${cpus()[0].model}, ${cpus().length} cores; Node ${process.version}; ${ROWS.toLocaleString('en-US')} rows, ${mb.toFixed(0)} MB; medians of ${REPEATS} alternating runs.\n`,
);
console.log('| implementation | seconds | CPU seconds | MB/s | DuckDB 1 thread / this (speed) | peak RSS MB | RSS before the read MB |');
console.log('|---|---:|---:|---:|---:|---:|---:|');
for (const r of results) {
  console.log(
    `| ${r.impl} | ${r.seconds.toFixed(2)} | ${r.cpuSeconds.toFixed(2)} | ${(mb / r.seconds).toFixed(0)} | ${(results[1].seconds / r.seconds).toFixed(2)}× | ${r.peakRssMB.toFixed(0)} | ${r.baseRssMB.toFixed(0)} |`,
  );
}
const [ours, duck1, duck2, gathered, ours2] = results;
console.log('');
console.log(
  `speed / DuckDB at the same thread count (target ≥ 1): readCsvFile ${(duck1.seconds / ours.seconds).toFixed(2)}× at 1 thread, ${(duck2.seconds / ours2.seconds).toFixed(2)}× at 2; readCsvBatches (1 thread) ${(duck1.seconds / gathered.seconds).toFixed(2)}×`,
);
console.log(
  `readCsvBatches memory: chunked columns ${gathered.columnMB.toFixed(0)} MB; peak RSS over the RSS before the read ${(gathered.peakRssMB - gathered.baseRssMB).toFixed(0)} MB = ${((gathered.peakRssMB - gathered.baseRssMB) / gathered.columnMB).toFixed(2)}× the columns (target ≤ 1.5)`,
);
console.log(
  `ours 2 threads memory: peak RSS over the RSS before the read ${(ours2.peakRssMB - ours2.baseRssMB).toFixed(0)} MB = ${((ours2.peakRssMB - ours2.baseRssMB) / ours2.columnMB).toFixed(2)}× the columns`,
);
console.log(
  `ours memory: columns returned ${ours.columnMB.toFixed(0)} MB; peak RSS ${ours.peakRssMB.toFixed(0)} MB = ${(ours.peakRssMB / ours.columnMB).toFixed(2)}× the columns; peak RSS over the RSS before the read ${(ours.peakRssMB - ours.baseRssMB).toFixed(0)} MB = ${((ours.peakRssMB - ours.baseRssMB) / ours.columnMB).toFixed(2)}× (target ≤ 1.5)`,
);
if (results[5])
  console.log(
    `after (1 thread) / before (the BENCH_CSV_BEFORE build), speed ${(results[5].seconds / ours.seconds).toFixed(2)}×, peak RSS ${(ours.peakRssMB / results[5].peakRssMB).toFixed(2)}×`,
  );
