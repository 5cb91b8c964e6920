// BG/NBD and MBG/NBD discounted expected residual transactions (DERT, (0, ∞) at 15 % a year):
// the numerical integral once per distinct (x, t_x, T) of P(alive)·E[X | alive] (the code path
// before session 31) against `discountedExpectedTransactions`, which integrates E[X | alive]
// once per distinct (x, T) and multiplies by P(alive) per customer. Both in one process, on the
// same data, alternating; the internal functions are bundled from src/ with esbuild. Data: the
// CDNOW sample (2,357 customers) and N simulated customers (generate-clv-models.mjs, Pareto/NBD
// histories on a daily grid over a year). Run: `node benchmarks/dert-grouped.mjs [N]`.
import { readFileSync, mkdirSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { ensureParetoNbd, paretoNbdDir } from './generate-clv-models.mjs';

const here = (file) => fileURLToPath(new URL(file, import.meta.url));
const n = Number(process.argv[2] ?? 20000);
const out = here('./.data/dert-grouped-bundle.mjs');
mkdirSync(here('./.data/'), { recursive: true });
await build({
  stdin: {
    contents: `export { discountedExpectedTransactions, fitBetaGeo, fitModifiedBetaGeo } from './src/clv.ts';
export { parseCsv } from './src/index.ts';
export { discountedExpectationIntegral } from './src/loyalty/clv/discountedExpectationIntegral.ts';
export { repeatBuyingOf } from './src/loyalty/clv/repeatBuyingOf.ts';
export { groupRows } from './src/internal/groupRows.ts';`,
    resolveDir: here('..'),
    loader: 'ts',
  },
  bundle: true,
  format: 'esm',
  platform: 'node',
  outfile: out,
  logLevel: 'error',
});
const lib = await import(pathToFileURL(out).href);

const read = (dir, name) => {
  const bytes = readFileSync(`${dir}${name}.f64`);
  return new Float64Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 8);
};
const cdnow = lib.parseCsv(readFileSync(here('../test/fixtures/value/cdnow_customers_summary.csv'), 'utf8')).columns;
ensureParetoNbd(n);
const simulated = { frequency: read(paretoNbdDir(n), 'frequency'), recency: read(paretoNbdDir(n), 'recency'), T: read(paretoNbdDir(n), 'T') };
const models = { 'BG/NBD': lib.fitBetaGeo(cdnow, { timeUnit: 'week' }), 'MBG/NBD': lib.fitModifiedBetaGeo(cdnow, { timeUnit: 'week' }) };
const options = { discountRate: 0.15, timeUnit: 'year' };
const delta = Math.log1p(0.15) * (7 / 365.25);

/** The path before session 31: the integral of P(alive)·E[X | alive] per distinct (x, t_x, T). */
function perHistory(model, data) {
  const buying = lib.repeatBuyingOf(model, 'bench');
  const rows = data.frequency.length;
  const grouped = lib.groupRows([Float64Array.from(data.frequency), Float64Array.from(data.recency), Float64Array.from(data.T)], rows, null);
  const [gx, gtx, gT] = grouped.columns;
  const perGroup = new Float64Array(gx.length);
  for (let g = 0; g < gx.length; g++) perGroup[g] = lib.discountedExpectationIntegral((t) => buying.conditional(gx[g], gtx[g], gT[g], t), delta, 0, Infinity);
  const values = new Float64Array(rows);
  for (let i = 0; i < rows; i++) values[i] = perGroup[grouped.groupOf[i]];
  return { values, histories: gx.length };
}

const time = (f) => {
  const t0 = performance.now();
  const value = f();
  return [value, (performance.now() - t0) / 1000];
};
const repeats = Number(process.env.BENCH_REPEATS ?? 3);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
console.log('| data | model | customers | distinct (x, t_x, T) | distinct (x, T) | before s | after s | before / after | max relative difference |');
console.log('|---|---|---:|---:|---:|---:|---:|---:|---:|');
for (const [dataName, data] of [
  ['CDNOW', cdnow],
  [`simulated ${n.toLocaleString('en-US')}`, simulated],
]) {
  const pairs = new Set(Array.from(data.frequency, (x, i) => `${x},${data.T[i]}`)).size;
  for (const [modelName, model] of Object.entries(models)) {
    const before = [];
    const after = [];
    let old;
    let now;
    for (let k = 0; k < repeats; k++) {
      let s;
      [old, s] = time(() => perHistory(model, data));
      before.push(s);
      [now, s] = time(() => lib.discountedExpectedTransactions(model, data, options).values);
      after.push(s);
    }
    let worst = 0;
    for (let i = 0; i < now.length; i++) worst = Math.max(worst, Math.abs(now[i] - old.values[i]) / Math.abs(old.values[i]));
    const [b, a] = [median(before), median(after)];
    console.log(
      `| ${dataName} | ${modelName} | ${data.frequency.length.toLocaleString('en-US')} | ${old.histories.toLocaleString('en-US')} | ${pairs.toLocaleString('en-US')} | ${b.toFixed(2)} | ${a.toFixed(2)} | ${(b / a).toFixed(1)}× | ${worst.toExponential(1)} |`,
    );
  }
}
console.log(`\nMedians of ${repeats} alternating runs in one process (Node ${process.versions.node}).`);
