// Writes a synthetic survey for the satisfaction-index benchmark: 1,000,000 respondents ×
// 24 items on a 1–10 scale, four correlated factors of six items each, fixed seed, as raw
// little-endian float64 columns in benchmarks/.data/survey/ (read by every implementation).
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';

export const RESPONDENTS = Number(process.env.BENCH_RESPONDENTS ?? 1_000_000);
export const ITEMS = Array.from({ length: 24 }, (_, j) => `q${String(j + 1).padStart(2, '0')}`);
export const SURVEY_DIR = new URL('./.data/survey/', import.meta.url).pathname;

function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function ensureSurvey() {
  const tag = `${SURVEY_DIR}respondents-${RESPONDENTS}`;
  if (existsSync(tag)) return;
  mkdirSync(SURVEY_DIR, { recursive: true });
  const random = rng(1977);
  const normal = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
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
