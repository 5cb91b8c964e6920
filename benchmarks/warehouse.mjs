// Side-by-side benchmark of the warehouse path against the in-memory path on the same Parquet
// transaction log (generate-log-parquet.mjs, made by DuckDB): summary → BG/NBD + Gamma-Gamma →
// 52-week CLV per customer written to a DuckDB table (ours-warehouse.mjs). Each path runs in its
// own process, alternating (BENCH_REPEATS, default 2 up to 10M, 1 above); medians. Both must agree
// on the parameters (1e-9) and the total CLV (1e-9). Sizes: BENCH_WAREHOUSE_SIZES (default
// 1M,10M); BENCH_WAREHOUSE_MEMORY_MAX is the largest size the in-memory path is run at.
// BENCH_CLV_LIKELIHOOD (auto | engine | histograms) is fitClvInWarehouse's likelihood mode on the
// engine path (passed to ours-warehouse.mjs through the environment).
// Run: `npm run bench:warehouse`.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ensureLogParquet, logParquet } from './generate-log-parquet.mjs';
import { close, runAlternating, summarize } from './lib/sideBySide.mjs';

const here = (file) => fileURLToPath(new URL(file, import.meta.url));
const sizes = (process.env.BENCH_WAREHOUSE_SIZES ?? '1000000,10000000').split(',').map(Number);
const memoryMax = Number(process.env.BENCH_WAREHOUSE_MEMORY_MAX ?? 1e12);
const mb = (bytes) => (bytes / 1e6).toFixed(1);

console.log(
  '| transactions | customers | path | total s | stages (s) | Node peak RSS MB | engine process peak RSS MB | bytes out of the engine | bytes out / input |',
);
console.log('|---:|---:|---|---:|---|---:|---:|---:|---:|');
for (const n of sizes) {
  await ensureLogParquet(n);
  const rows = Number(readFileSync(logParquet(n).replace(/\.parquet$/, '.rows'), 'utf8'));
  const repeats = Number(process.env.BENCH_REPEATS ?? (n > 10_000_000 ? 1 : 2));
  const modes = n <= memoryMax ? ['engine', 'memory'] : ['engine'];
  const results = runAlternating(
    modes.map((mode) => [process.execPath, ['--max-old-space-size=16000', here('./ours-warehouse.mjs'), mode, String(n)]]),
    repeats,
  ).map((runs) => summarize(runs, runs[0].engineRssMB === undefined ? ['seconds', 'peakRssMB'] : ['seconds', 'peakRssMB', 'engineRssMB']));
  if (results.length === 2) {
    const [a, b] = results;
    const agree =
      Object.keys(a.params).every((k) => close(a.params[k], b.params[k], 1e-9)) && close(a.totalClv, b.totalClv, 1e-9) && a.customers === b.customers;
    if (!agree) {
      console.error(`The paths disagree at n = ${n}:`, JSON.stringify(results));
      process.exit(1);
    }
  }
  const input = rows * 3 * 8;
  for (const r of results) {
    const stages = Object.entries(r.stages)
      .map(([k, v]) => `${k} ${v.toFixed(2)}`)
      .join('; ');
    console.log(
      `| ${rows.toLocaleString('en-US')} | ${r.customers.toLocaleString('en-US')} | ${r.mode === 'engine' ? `in DuckDB (likelihood: ${r.likelihood}, ${r.fitQueries} fit queries)` : 'in memory'} | ${r.seconds.toFixed(2)} | ${stages} | ${r.peakRssMB.toFixed(0)} | ${r.engineRssMB === undefined ? '(in the Node process)' : r.engineRssMB.toFixed(0)} | ${mb(r.bytesOut)} MB | ${((100 * r.bytesOut) / input).toFixed(1)}% |`,
    );
  }
  if (results.length === 2)
    console.log(`\nAt ${rows.toLocaleString('en-US')} transactions: engine time / in-memory time = ${(results[0].seconds / results[1].seconds).toFixed(2)}×\n`);
}
