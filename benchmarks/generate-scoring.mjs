// Writes the scoring benchmark data: N rows × 6 float64 columns (recency, frequency, monetary,
// revenue, visits, tenure), fixed seed, in benchmarks/.data/scoring-N/, plus the two models the
// benchmark scores (an RFM model and a 3-dimension value pyramid) as JSON, fitted on the first
// 100,000 rows with the built package (used by the streaming benchmark); and, in models-v2.json
// beside them (`ensureScoringWorkload`), issue 17's 12-output workload the scorer benchmark runs —
// a 6-dimension value pyramid (value, tier) and two RFM models (recency/frequency/monetary and
// tenure/visits/revenue: 6 quintile scores, 2 cells, 2 totals), fitted on the same rows.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fitRfm, fitValuePyramid } from 'customer-value';
import { rng } from './lib/rng.mjs';

export const COLUMNS = ['recency', 'frequency', 'monetary', 'revenue', 'visits', 'tenure'];
export const scoringDir = (n) => new URL(`./.data/scoring-${n}/`, import.meta.url).pathname;

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
  const pyramid = fitValuePyramid(sample, {
    dimensions: [{ column: 'revenue', weight: 2 }, { column: 'visits' }, { column: 'tenure', weight: 0.5 }],
  });
  writeFileSync(`${dir}models.json`, JSON.stringify({ rfm, pyramid }));
  writeFileSync(`${dir}done`, '');
  return dir;
}

/** The scorer benchmark's models file (issue 17's workload), next to the columns. */
export const WORKLOAD_MODELS = 'models-v2.json';

export function ensureScoringWorkload(n) {
  const dir = ensureScoring(n);
  if (existsSync(`${dir}${WORKLOAD_MODELS}`)) return dir;
  const sample = Object.fromEntries(
    COLUMNS.map((c) => {
      const bytes = readFileSync(`${dir}${c}.f64`);
      return [c, new Float64Array(bytes.buffer, bytes.byteOffset, Math.min(n, 100_000))];
    }),
  );
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
  writeFileSync(`${dir}${WORKLOAD_MODELS}`, JSON.stringify({ rfm, engagement, pyramid }));
  return dir;
}

if (import.meta.url === `file://${process.argv[1]}`) ensureScoringWorkload(Number(process.argv[2] ?? 1_000_000));
