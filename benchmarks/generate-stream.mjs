// Writes the streaming benchmark's CSV: an id column and the scoring benchmark's 6 float64
// columns (same seed, same models), N rows, in benchmarks/.data/scoring-N/stream.csv.
import { createWriteStream, existsSync, readFileSync, renameSync } from 'node:fs';
import { once } from 'node:events';
import { COLUMNS, ensureScoring } from './generate-scoring.mjs';

export async function ensureStreamCsv(n) {
  const dir = ensureScoring(n);
  const path = `${dir}stream.csv`;
  if (existsSync(path)) return path;
  const cols = COLUMNS.map((c) => {
    const bytes = readFileSync(`${dir}${c}.f64`);
    return new Float64Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 8);
  });
  const out = createWriteStream(`${path}.part`);
  out.write(`id,${COLUMNS.join(',')}\n`);
  let text = '';
  for (let i = 0; i < n; i++) {
    text += `C${String(i).padStart(9, '0')},${cols.map((x) => String(x[i])).join(',')}\n`;
    if (text.length > 1 << 20) {
      if (!out.write(text)) await once(out, 'drain');
      text = '';
    }
  }
  out.end(text);
  await once(out, 'finish');
  renameSync(`${path}.part`, path);
  return path;
}
