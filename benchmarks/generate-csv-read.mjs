// Writes the CSV-read benchmark's file: a deterministic numeric CSV (seeded), 8 columns as a
// customer table exports them — integer ids and counts, amounts with 2 decimals, rates with up
// to 6, a signed score, an exponent-form value and an empty cell now and then — in
// benchmarks/.data/csv-read-N.csv. About 125 MB at the default 2,600,000 rows.
import { existsSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { rng } from './lib/rng.mjs';
import { writeCsvLines } from './lib/writeCsvLines.mjs';

export const CSV_READ_COLUMNS = ['customer', 'recency', 'frequency', 'monetary', 'average', 'tenure', 'rate', 'score'];

export async function ensureCsvReadFile(n) {
  const dir = fileURLToPath(new URL('./.data/', import.meta.url));
  mkdirSync(dir, { recursive: true });
  const path = `${dir}csv-read-${n}.csv`;
  if (existsSync(path)) return path;
  const random = rng(17).uniform;
  return writeCsvLines(path, `${CSV_READ_COLUMNS.join(',')}\n`, n, (i) => {
    const frequency = 1 + Math.floor(random() * 40);
    const monetary = Math.round(random() * 500000) / 100;
    const average = i % 97 === 0 ? '' : (monetary / frequency).toFixed(2);
    const rate = (random() * 0.2).toFixed(6);
    const score = ((random() - 0.5) * 20).toFixed(3);
    const tiny = `${(1 + random() * 8).toFixed(3)}e-${1 + Math.floor(random() * 9)}`;
    return `${100000 + i},${Math.floor(random() * 365)},${frequency},${monetary},${average},${Math.floor(random() * 3650)},${rate},${i % 5 === 0 ? tiny : score}\n`;
  });
}
