// Side-by-side benchmark of CSV → score → CSV streaming at 1M and 10M rows (an id column and 6
// float64 columns; RFM + value pyramid): customer-value (readCsvBatches → scoreStream →
// writeCsvBatches, on 1 thread and with output formatting on a second) against DuckDB's COPY (SELECT exported SQL) TO on 1 and 2
// threads, alternating, in one run. Both outputs must give the same checksums. Reports rows/s
// and peak RSS (flat as the file grows 10× means constant memory).
// Run: `npm run bench:streaming` (BENCH_REPEATS, default 3; BENCH_ROWS, default "1000000,10000000").
import { execFileSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import { ensureStreamCsv } from './generate-stream.mjs';
import { median } from './lib/sideBySide.mjs';

const here = (file) => fileURLToPath(new URL(file, import.meta.url));
const REPEATS = Number(process.env.BENCH_REPEATS ?? 3);
const SIZES = (process.env.BENCH_ROWS ?? '1000000,10000000').split(',').map(Number);

console.log(`Machine: ${cpus()[0].model}, ${cpus().length} cores; Node ${process.version}; medians of ${REPEATS} alternating runs.\n`);
console.log('| rows | file MB | implementation | seconds | rows/s | ours / this (speed) | peak RSS MB |');
console.log('|---:|---:|---|---:|---:|---:|---:|');
const summary = [];
for (const n of SIZES) {
  const path = await ensureStreamCsv(n);
  const mb = statSync(path).size / 2 ** 20;
  const commands = [
    [process.execPath, [here('./ours-streaming.mjs'), String(n), '1']],
    [process.execPath, [here('./ours-streaming.mjs'), String(n), '2']],
    [process.execPath, [here('./duckdb-streaming.mjs'), String(n), '1']],
    [process.execPath, [here('./duckdb-streaming.mjs'), String(n), '2']],
  ];
  const runs = commands.map(() => []);
  for (let r = 0; r < REPEATS; r++) commands.forEach(([command, args], i) => runs[i].push(JSON.parse(execFileSync(command, args, { encoding: 'utf8' }))));
  const results = runs.map((list) => ({ ...list[0], seconds: median(list.map((x) => x.seconds)), peakRssMB: Math.max(...list.map((x) => x.peakRssMB)) }));
  for (const r of results) {
    const c = r.check;
    if (c.rows !== n || c.cellSum !== results[0].check.cellSum || c.tierSum !== results[0].check.tierSum) {
      console.error(`Outputs differ: ${r.impl} ${JSON.stringify(c)} vs ${JSON.stringify(results[0].check)}`);
      process.exit(1);
    }
  }
  for (const r of results) {
    console.log(
      `| ${n.toLocaleString('en-US')} | ${mb.toFixed(0)} | ${r.impl} | ${r.seconds.toFixed(2)} | ${Math.round(n / r.seconds).toLocaleString('en-US')} | ${(r.seconds / results[0].seconds).toFixed(2)}× | ${r.peakRssMB.toFixed(0)} |`,
    );
  }
  summary.push({ n, ours: results[0], ours2: results[1], duck1: results[2], duck2: results[3] });
}
console.log('');
for (const { n, ours, ours2, duck1, duck2 } of summary) {
  console.log(
    `${n.toLocaleString('en-US')} rows: throughput ours / DuckDB, 1 thread each ${(duck1.seconds / ours.seconds).toFixed(2)}×, 2 threads each ${(duck2.seconds / ours2.seconds).toFixed(2)}× (target ≥ 1); ours peak RSS ${ours.peakRssMB.toFixed(0)} MB (1 thread), ${ours2.peakRssMB.toFixed(0)} MB (2 threads)`,
  );
}
if (summary.length > 1) {
  const [a, b] = [summary[0], summary[summary.length - 1]];
  console.log(
    `Peak RSS as the file grows ${(b.n / a.n).toFixed(0)}×: ours ${a.ours.peakRssMB.toFixed(0)} → ${b.ours.peakRssMB.toFixed(0)} MB (${(b.ours.peakRssMB / a.ours.peakRssMB).toFixed(2)}×) on 1 thread, ${a.ours2.peakRssMB.toFixed(0)} → ${b.ours2.peakRssMB.toFixed(0)} MB on 2; DuckDB ${a.duck1.peakRssMB.toFixed(0)} → ${b.duck1.peakRssMB.toFixed(0)} MB`,
  );
}
