// Writes a synthetic survey for the satisfaction-index benchmark: 1,000,000 respondents ×
// 24 items on a 1–10 scale, four correlated factors of six items each, fixed seed, as raw
// little-endian float64 columns in benchmarks/.data/survey/ (read by every implementation).
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { rng } from './lib/rng.mjs';

export const RESPONDENTS = Number(process.env.BENCH_RESPONDENTS ?? 1_000_000);
export const ITEMS = Array.from({ length: 24 }, (_, j) => `q${String(j + 1).padStart(2, '0')}`);
export const SURVEY_DIR = new URL('./.data/survey/', import.meta.url).pathname;

export function ensureSurvey() {
  const tag = `${SURVEY_DIR}respondents-${RESPONDENTS}`;
  if (existsSync(tag)) return;
  mkdirSync(SURVEY_DIR, { recursive: true });
  const { normal } = rng(1977);
  const columns = ITEMS.map(() => new Float64Array(RESPONDENTS));
  const factors = new Float64Array(4);
  for (let i = 0; i < RESPONDENTS; i++) {
    const general = normal();
    for (let f = 0; f < 4; f++) factors[f] = 0.6 * general + 0.8 * normal();
    for (let j = 0; j < ITEMS.length; j++) {
      const loading = 0.55 + 0.05 * (j % 6);
      const v = 6 + 1.6 * (loading * factors[Math.floor(j / 6)] + Math.sqrt(1 - loading * loading) * normal());
      columns[j][i] = Math.min(10, Math.max(1, Math.round(v)));
    }
  }
  ITEMS.forEach((item, j) => writeFileSync(`${SURVEY_DIR}${item}.f64`, new Uint8Array(columns[j].buffer)));
  writeFileSync(tag, '');
}

if (import.meta.url === `file://${process.argv[1]}`) ensureSurvey();
