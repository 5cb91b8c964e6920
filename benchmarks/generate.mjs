// Writes the benchmark's synthetic transaction log as raw little-endian float64 columns, so
// both implementations read the very same numbers: benchmarks/.data/{customer,date,amount}.f64.
// 10,000,000 transactions by 1,000,000 customers over 1997-01-01..1998-12-31, fixed seed.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { rng } from './lib/rng.mjs';

export const ROWS = Number(process.env.BENCH_ROWS ?? 10_000_000);
export const CUSTOMERS = Math.max(1, Math.round(ROWS / 10));
export const DATA_DIR = new URL('./.data/', import.meta.url).pathname;

export function ensureData() {
  const tag = `${DATA_DIR}rows-${ROWS}`;
  if (existsSync(tag)) return;
  mkdirSync(DATA_DIR, { recursive: true });
  const { uniform: random } = rng(20261122);
  const customer = new Float64Array(ROWS);
  const date = new Float64Array(ROWS);
  const amount = new Float64Array(ROWS);
  const start = Date.UTC(1997, 0, 1);
  for (let i = 0; i < ROWS; i++) {
    // skewed activity: a few customers buy much more often
    customer[i] = 1 + Math.floor(CUSTOMERS * random() ** 2);
    const d = new Date(start + Math.floor(random() * 730) * 86_400_000);
    date[i] = d.getUTCFullYear() * 10000 + (d.getUTCMonth() + 1) * 100 + d.getUTCDate();
    amount[i] = Math.round(100 * 5 * Math.exp(2 * random())) / 100;
  }
  for (const [name, column] of Object.entries({ customer, date, amount })) {
    writeFileSync(`${DATA_DIR}${name}.f64`, new Uint8Array(column.buffer));
  }
  writeFileSync(tag, '');
}

if (import.meta.url === `file://${process.argv[1]}`) ensureData();
