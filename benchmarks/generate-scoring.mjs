// Writes the scoring benchmark data: N rows × 6 float64 columns (recency, frequency, monetary,
// revenue, visits, tenure), fixed seed, in benchmarks/.data/scoring-v2-N/, plus the three models
// the benchmark scores as JSON, fitted on the first 100,000 rows with the built package: issue
// 17's 12-output workload — a 6-dimension value pyramid (value, tier) and two RFM models
// (recency/frequency/monetary and revenue/visits/tenure: 6 quintile scores, 2 cells, 2 totals).
// (v2: the data is the same as the earlier scoring-N, the models are not.)
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { fitRfm, fitValuePyramid } from 'customer-value';
import { rng } from './lib/rng.mjs';

export const COLUMNS = ['recency', 'frequency', 'monetary', 'revenue', 'visits', 'tenure'];
export const scoringDir = (n) => new URL(`./.data/scoring-v2-${n}/`, import.meta.url).pathname;

export function ensureScoring(n) {
  const dir = scoringDir(n);
  if (existsSync(`${dir}done`)) return dir;
  mkdirSync(dir, { recursive: true });
  const random = rng(777);
  const cols = Object.fromEntries(COLUMNS.map((c) => [c, new Float64Array(n)]));
  for (let i = 0; i < n; i++) {
    cols.recency[i] = Math.floor(random.uniform() * 365);
    cols.frequency[i] = Math.floor(random.gamma(0.8) * 4);
    cols.monetary[i] = Math.round(random.gamma(2) * 3000) / 100;
    cols.revenue[i] = Math.round(random.gamma(1.5) * 20000) / 100;
    cols.visits[i] = Math.floor(random.gamma(2) * 5);
    cols.tenure[i] = 1 + Math.floor(random.uniform() * 1000);
  }
  for (const c of COLUMNS) writeFileSync(`${dir}${c}.f64`, new Uint8Array(cols[c].buffer));
  const sample = Object.fromEntries(COLUMNS.map((c) => [c, cols[c].subarray(0, Math.min(n, 100_000))]));
  const rfm = fitRfm(sample, { recency: { column: 'recency', better: 'lower' }, frequency: { column: 'frequency' }, monetary: { column: 'monetary' } });
  const engagement = fitRfm(sample, { recency: { column: 'tenure', better: 'lower' }, frequency: { column: 'visits' }, monetary: { column: 'revenue' } });
  const pyramid = fitValuePyramid(sample, {
    dimensions: [
      { column: 'recency', better: 'lower' },
      { column: 'frequency' },
      { column: 'monetary' },
      { column: 'revenue', weight: 2 },
      { column: 'visits' },
      { column: 'tenure', weight: 0.5 },
    ],
  });
  writeFileSync(`${dir}models.json`, JSON.stringify({ rfm, engagement, pyramid }));
  writeFileSync(`${dir}done`, '');
  return dir;
}

if (import.meta.url === `file://${process.argv[1]}`) ensureScoring(Number(process.argv[2] ?? 1_000_000));
