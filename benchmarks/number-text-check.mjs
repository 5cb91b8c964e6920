// Checks the CSV writer's number formatter (src/internal/createNumberWriter.ts) against the engine
// on COUNT seeded random doubles (default 10^8): every value's bytes must equal String(v), and
// in the CSV form (toExponential from 2^53 to 1e21) formatNumberText's. The doubles are drawn in
// equal shares from random bit patterns (NaN, ±Infinity, subnormals among them), subnormals,
// integers to 2^53, integers beyond 2^53, short decimals (digits × 10^±12) and computed values.
// Prints the counts, mismatches (must be 0) and how many values took the String(v) fallback
// (per category; the CSV-form second write of a value is not counted again).
// Run once: `node benchmarks/number-text-check.mjs [COUNT] [SEED]` (bundles the TypeScript
// source with esbuild, so no build is needed).
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';

const COUNT = Number(process.argv[2] ?? 1e8);
const SEED = Number(process.argv[3] ?? 20261130);
const entry = fileURLToPath(new URL('../src/internal/createNumberWriter.ts', import.meta.url));
const bundle = await build({ entryPoints: [entry], bundle: true, write: false, format: 'esm', platform: 'node', logLevel: 'warning' });
const { createNumberWriter } = await import(`data:text/javascript;base64,${Buffer.from(bundle.outputFiles[0].text).toString('base64')}`);

let state = SEED >>> 0;
const uint32 = () => {
  // mulberry32, as src/internal/random.ts
  state = (state + 0x6d2b79f5) >>> 0;
  let t = state;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return (t ^ (t >>> 14)) >>> 0;
};
const uniform = () => uint32() / 4294967296;
const bits = new Float64Array(1);
const words = new Uint32Array(bits.buffer);
const CATEGORIES = [
  ['random bit patterns', () => ((words[0] = uint32()), (words[1] = uint32()), bits[0])],
  ['subnormals', () => ((words[0] = uint32()), (words[1] = uint32() & 0x800fffff), bits[0])],
  ['integers to 2^53', () => Math.floor(uniform() * 2 ** Math.floor(uniform() * 54))],
  ['integers beyond 2^53', () => Math.floor(uniform() * 2 ** 53) * 2 ** Math.floor(uniform() * 31)],
  ['short decimals', () => Number(`${Math.floor(uniform() * 10 ** (1 + Math.floor(uniform() * 8)))}e${Math.floor(uniform() * 24) - 12}`)],
  ['computed values', () => Math.log1p(uniform() * 1000) * (uniform() - 0.5) * 10 ** Math.floor(uniform() * 10 - 4)],
];
const writer = createNumberWriter();
const out = new Uint8Array(64);
const decoder = new TextDecoder();
const checked = CATEGORIES.map(() => 0);
const wrong = CATEGORIES.map(() => 0);
const fellBack = CATEGORIES.map(() => 0);
let csvChecked = 0;
const t0 = performance.now();
for (let i = 0; i < COUNT; i++) {
  const c = i % CATEGORIES.length;
  const v = (uniform() < 0.5 ? -1 : 1) * CATEGORIES[c][1]();
  checked[c]++;
  const before = writer.fallbacks;
  let end = writer.shortest(v, out, 0, false);
  fellBack[c] += writer.fallbacks - before;
  const want = String(v);
  let same = end === want.length;
  for (let k = 0; same && k < end; k++) same = out[k] === want.charCodeAt(k);
  const magnitude = Math.abs(v);
  if (same && magnitude >= 2 ** 53 && magnitude < 1e21) {
    csvChecked++;
    end = writer.shortest(v, out, 0, true);
    same = decoder.decode(out.subarray(0, end)) === v.toExponential();
  }
  if (!same) {
    if (wrong[c]++ < 5) console.log(`mismatch (${CATEGORIES[c][0]}): ${want} written as ${decoder.decode(out.subarray(0, end))}`);
  }
  if ((i + 1) % 1e7 === 0) console.error(`${(i + 1).toExponential(0)} checked, ${((performance.now() - t0) / 1000).toFixed(0)} s`);
}
console.log(
  JSON.stringify({
    count: COUNT,
    seed: SEED,
    perCategory: Object.fromEntries(CATEGORIES.map(([name], c) => [name, { checked: checked[c], mismatches: wrong[c], fallbacks: fellBack[c] }])),
    csvFormChecked: csvChecked,
    mismatches: wrong.reduce((a, b) => a + b),
    fallbacks: fellBack.reduce((a, b) => a + b),
    seconds: Math.round((performance.now() - t0) / 1000),
  }),
);
process.exitCode = wrong.some((w) => w > 0) ? 1 : 0;
