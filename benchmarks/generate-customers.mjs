// Writes synthetic customer summaries for the CLV benchmark: N customers simulated from the
// BG/NBD and Gamma-Gamma models (r = 0.25, α = 4, a = 0.8, b = 2.5 per week; p = 6, q = 4,
// γ = 15), acquired over a year and observed to its end, with times on a daily grid as a
// warehouse summary has them. Columns frequency, recency, T (weeks), monetary as raw float64
// in benchmarks/.data/customers-N/. Fixed seed.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { rng } from './lib/rng.mjs';

export const customersDir = (n) => new URL(`./.data/customers-${n}/`, import.meta.url).pathname;
export const TRUTH = { r: 0.25, alpha: 4, a: 0.8, b: 2.5, p: 6, q: 4, gamma: 15 };

export function ensureCustomers(n) {
  const dir = customersDir(n);
  if (existsSync(`${dir}done`)) return dir;
  mkdirSync(dir, { recursive: true });
  const random = rng(1234 + n);
  const frequency = new Float64Array(n);
  const recency = new Float64Array(n);
  const T = new Float64Array(n);
  const monetary = new Float64Array(n);
  const { r, alpha, a, b, p, q, gamma } = TRUTH;
  for (let i = 0; i < n; i++) {
    const days = 1 + Math.floor(364 * random.uniform());
    const lambda = random.gamma(r) / alpha / 7; // per day
    const ga = random.gamma(a);
    const drop = ga / (ga + random.gamma(b));
    let t = 0;
    let x = 0;
    let last = 0;
    for (;;) {
      t += -Math.log(1 - random.uniform()) / lambda;
      if (t > days) break;
      x++;
      last = Math.ceil(t);
      if (random.uniform() < drop) break;
    }
    frequency[i] = x;
    recency[i] = Math.min(last, days) / 7;
    T[i] = days / 7;
    if (x > 0) {
      const nu = random.gamma(q) / gamma;
      monetary[i] = random.gamma(p * x) / nu / x;
    }
  }
  for (const [name, column] of Object.entries({ frequency, recency, T, monetary })) {
    writeFileSync(`${dir}${name}.f64`, new Uint8Array(column.buffer));
  }
  writeFileSync(`${dir}done`, '');
  return dir;
}

if (import.meta.url === `file://${process.argv[1]}`) ensureCustomers(Number(process.argv[2] ?? 1_000_000));
