// Writes the streaming benchmark's CSV: an id column and the scoring benchmark's 6 float64
// columns (same seed, same models), N rows, in benchmarks/.data/scoring-N/stream.csv.
import { existsSync, readFileSync } from 'node:fs';
import { COLUMNS, ensureScoring } from './generate-scoring.mjs';
import { writeCsvLines } from './lib/writeCsvLines.mjs';

export async function ensureStreamCsv(n) {
  const dir = ensureScoring(n);
  const path = `${dir}stream.csv`;
  if (existsSync(path)) return path;
  const cols = COLUMNS.map((c) => {
    const bytes = readFileSync(`${dir}${c}.f64`);
    return new Float64Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 8);
  });
  return writeCsvLines(path, `id,${COLUMNS.join(',')}\n`, n, (i) => `C${String(i).padStart(9, '0')},${cols.map((x) => String(x[i])).join(',')}\n`);
}
