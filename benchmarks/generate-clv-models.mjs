// Writes synthetic customers for the CLV model-family benchmark (benchmarks/clv-models.mjs), fixed
// seeds, as raw float64 columns:
// - Pareto/NBD (benchmarks/.data/pareto-nbd-N/): purchase rate λ ~ gamma(r = 0.55, α = 10.6) per
//   week, lifetime exponential with rate μ ~ gamma(s = 0.6, β = 11.7) (CDNOW-like), acquired over
//   a year and observed to its end, times on a daily grid: frequency, recency, T in weeks.
// - BG/BB (benchmarks/.data/bgbb-N/): transaction probability p ~ beta(α = 1.2, β = 0.75),
//   dropout probability θ ~ beta(γ = 0.66, δ = 2.8) (the donation study's estimates), cohorts
//   observed over 1–12 opportunities after the first transaction: frequency, recency, periods.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { rng } from './lib/rng.mjs';

export const paretoNbdDir = (n) => new URL(`./.data/pareto-nbd-${n}/`, import.meta.url).pathname;
export const bgbbDir = (n) => new URL(`./.data/bgbb-${n}/`, import.meta.url).pathname;
export const PARETO_NBD_TRUTH = { r: 0.55, alpha: 10.6, s: 0.6, beta: 11.7 };
export const BGBB_TRUTH = { alpha: 1.2, beta: 0.75, gamma: 0.66, delta: 2.8 };

function save(dir, columns) {
  mkdirSync(dir, { recursive: true });
  for (const [name, column] of Object.entries(columns)) writeFileSync(`${dir}${name}.f64`, new Uint8Array(column.buffer));
  writeFileSync(`${dir}done`, '');
}

export function ensureParetoNbd(n) {
  const dir = paretoNbdDir(n);
  if (existsSync(`${dir}done`)) return dir;
  const random = rng(4321 + n);
  const frequency = new Float64Array(n);
  const recency = new Float64Array(n);
  const T = new Float64Array(n);
  const { r, alpha, s, beta } = PARETO_NBD_TRUTH;
  for (let i = 0; i < n; i++) {
    const days = 1 + Math.floor(364 * random.uniform());
    const lambda = random.gamma(r) / alpha / 7; // per day
    const mu = random.gamma(s) / beta / 7;
    const death = -Math.log(1 - random.uniform()) / mu;
    const end = Math.min(days, death);
    let t = 0;
    let x = 0;
    let last = 0;
    for (;;) {
      t += -Math.log(1 - random.uniform()) / lambda;
      if (t > end) break;
      x++;
      last = Math.ceil(t);
    }
    frequency[i] = x;
    recency[i] = Math.min(last, days) / 7;
    T[i] = days / 7;
  }
  save(dir, { frequency, recency, T });
  return dir;
}

export function ensureBetaGeoBetaBinomial(n) {
  const dir = bgbbDir(n);
  if (existsSync(`${dir}done`)) return dir;
  const random = rng(8765 + n);
  const beta = (a, b) => {
    const x = random.gamma(a);
    return x / (x + random.gamma(b));
  };
  const frequency = new Float64Array(n);
  const recency = new Float64Array(n);
  const periods = new Float64Array(n);
  const { alpha, beta: b, gamma, delta } = BGBB_TRUTH;
  for (let i = 0; i < n; i++) {
    const opportunities = 1 + Math.floor(12 * random.uniform());
    const p = beta(alpha, b);
    const theta = beta(gamma, delta);
    let x = 0;
    let last = 0;
    for (let t = 1; t <= opportunities; t++) {
      if (random.uniform() < theta) break; // dropped out before opportunity t
      if (random.uniform() < p) {
        x++;
        last = t;
      }
    }
    frequency[i] = x;
    recency[i] = last;
    periods[i] = opportunities;
  }
  save(dir, { frequency, recency, periods });
  return dir;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const n = Number(process.argv[2] ?? 1_000_000);
  ensureParetoNbd(n);
  ensureBetaGeoBetaBinomial(n);
}
