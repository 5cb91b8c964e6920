// `customer-value report` on a synthetic transaction log written as CSV: the log of
// generate-log-parquet.mjs (deterministic, made by DuckDB), copied by DuckDB to
// benchmarks/.data/log-N.csv (customer_id, order_date YYYY-MM-DD, amount), then the report is run
// in its own process (ours-report.mjs, through the built CLI in dist/: run `npx tsup` first),
// BENCH_REPEATS times (default 1), printing the median wall time, peak RSS and the seconds of each
// stage the CLI's progress lines report. Size: BENCH_REPORT_SIZE (default 5000000 transactions;
// 1000000 to iterate). Target of issue 17: ≤ 20 s and ≤ 1 GB at 5M. BENCH_REPORT_BASELINE: the
// dist/ folder of another build (e.g. an older commit's), run alternating with this one, for a
// side-by-side ratio.
// Run: `npm run bench:report`.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DuckDBInstance } from '@duckdb/node-api';
import { ensureLogParquet, logParquet } from './generate-log-parquet.mjs';
import { runAlternating, summarize } from './lib/sideBySide.mjs';

const here = (file) => fileURLToPath(new URL(file, import.meta.url));
const n = Number(process.env.BENCH_REPORT_SIZE ?? 5_000_000);
const repeats = Number(process.env.BENCH_REPEATS ?? 1);

await ensureLogParquet(n);
const csv = logParquet(n).replace(/\.parquet$/, '.csv');
if (!existsSync(csv)) {
  const connection = await (await DuckDBInstance.create(':memory:')).connect();
  await connection.run(`COPY (SELECT * FROM read_parquet('${logParquet(n)}')) TO '${csv}' (FORMAT csv, HEADER true)`);
  connection.closeSync();
}
const rows = Number(readFileSync(logParquet(n).replace(/\.parquet$/, '.rows'), 'utf8'));
const outDir = mkdtempSync(join(tmpdir(), 'bench-report-'));
try {
  const baseline = process.env.BENCH_REPORT_BASELINE;
  const builds = [['this build', {}], ...(baseline ? [[`baseline (${baseline})`, { BENCH_REPORT_NODE_MODULE: join(baseline, 'node.js') }]] : [])];
  const runs = runAlternating(
    builds.map(([, env]) => [process.execPath, ['--max-old-space-size=16000', here('./ours-report.mjs'), csv, outDir], env]),
    repeats,
  );
  console.log('| build | transactions | customers | total s | peak RSS MB | stages (s) |');
  console.log('|---|---:|---:|---:|---:|---|');
  const results = runs.map((list) => summarize(list, ['seconds', 'peakRssMB']));
  results.forEach((r, i) => {
    const stages = Object.entries(r.stages)
      .map(([k, v]) => `${k} ${v.toFixed(1)}`)
      .join('; ');
    console.log(
      `| ${builds[i][0]} | ${rows.toLocaleString('en-US')} | ${r.customers.toLocaleString('en-US')} | ${r.seconds.toFixed(1)} | ${r.peakRssMB.toFixed(0)} | ${stages} |`,
    );
  });
  if (results.length === 2)
    console.log(
      `\nbaseline time / this build's = ${(results[1].seconds / results[0].seconds).toFixed(2)}×; peak RSS ${(results[1].peakRssMB / results[0].peakRssMB).toFixed(2)}×`,
    );
} finally {
  rmSync(outDir, { recursive: true, force: true });
}
