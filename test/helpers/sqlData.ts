import { seededRandom } from '../../src/internal/random.js';
import { readFixtureCsv } from './fixtures.js';

/** 100,000 synthetic customers with the columns every model in the SQL tests reads. */
export function sqlTestData(n = 100_000) {
  const random = seededRandom(4242);
  const cols = {
    id: new Float64Array(n),
    frequency: new Float64Array(n),
    recency: new Float64Array(n),
    T: new Float64Array(n),
    spend: new Float64Array(n),
    q1: new Float64Array(n),
    q2: new Float64Array(n),
    q3: new Float64Array(n),
  };
  for (let i = 0; i < n; i++) {
    cols.id[i] = i;
    const T = 1 + Math.floor(random.uniform() * 52);
    const x = random.uniform() < 0.55 ? 0 : 1 + Math.floor(random.gamma(1.2) * 3);
    cols.T[i] = T;
    cols.frequency[i] = x;
    cols.recency[i] = x === 0 ? 0 : Math.floor(random.uniform() * T * 100) / 100;
    cols.spend[i] = Math.round(100 * random.gamma(2) * 20) / 100;
    const mood = random.normal();
    for (const q of ['q1', 'q2', 'q3'] as const) cols[q][i] = Math.max(1, Math.min(10, Math.round(6 + 1.5 * mood + random.normal())));
  }
  return cols;
}

/** The same data as CSV text (header + rows), numbers at round-trip precision. */
export function toCsv(cols: Record<string, Float64Array>): string {
  const names = Object.keys(cols);
  const n = cols[names[0]].length;
  const lines = [names.join(',')];
  for (let i = 0; i < n; i++) lines.push(names.map((name) => String(cols[name][i])).join(','));
  return `${lines.join('\n')}\n`;
}

/** A transaction log row as the warehouse tests load it (ids as text, ISO dates). */
export type LogRow = { customer: string | null; date: string | null; amount: number | null };

/** The CDNOW sample (test/fixtures/value/cdnow_sample.csv) as log rows: ids as text, YYYYMMDD as ISO dates. */
export function cdnowLogRows(): LogRow[] {
  const c = readFixtureCsv('value/cdnow_sample.csv').columns as Record<string, Float64Array>;
  return Array.from(c.sample_id, (id, i) => {
    const d = String(c.date[i]);
    return { customer: String(id), date: `${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6, 8)}`, amount: c.dollar_value[i] };
  });
}
