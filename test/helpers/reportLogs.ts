import { readFileSync } from 'node:fs';
import { seededRandom } from '../../src/internal/random.js';
import type { WarehouseEngine } from '../../src/warehouse/warehouseEngine.js';
import { duckdbTestEngine, postgresTestEngine } from './engines.js';
import { postgresBin } from './postgres.js';

/** A transaction log as columns: ids as text, ISO dates, amounts. */
export interface ReportLog {
  readonly customer: string[];
  readonly date: string[];
  readonly amount: number[];
}

/** The whole CDNOW log (examples/data/cdnow_master.csv, 69,659 rows): ids as text, YYYYMMDD as ISO dates. */
export function cdnowLog(): ReportLog {
  const lines = readFileSync('examples/data/cdnow_master.csv', 'utf8').trim().split('\n').slice(1);
  const log: ReportLog = { customer: [], date: [], amount: [] };
  for (const line of lines) {
    const [id, d, , value] = line.split(',');
    log.customer.push(id);
    log.date.push(`${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6, 8)}`);
    log.amount.push(Number(value));
  }
  return log;
}

/**
 * A generated log, rows grouped by customer in id order (as CDNOW's file): one-purchase
 * customers, several orders on one day (ties), exact duplicate rows, partial refunds, refund
 * days that net to ≤ 0, customers with refunds only, a customer netting exactly 0, rows after
 * the observation end (1997-10-31). Amounts are multiples of 0.25 (exact in binary), so sums
 * are exact in any order and no class depends on rounding.
 */
export function generatedLog(customers = 1500, seed = 16): ReportLog {
  const random = seededRandom(seed);
  const log: ReportLog = { customer: [], date: [], amount: [] };
  const iso = (day: number) => new Date(Date.UTC(1997, 0, 1) + day * 86_400_000).toISOString().slice(0, 10);
  const money = (mean: number) => Math.max(0.25, Math.round(random.gamma(2) * mean * 2) / 4);
  const push = (c: number, day: number, amount: number) => {
    log.customer.push(`c${String(c).padStart(4, '0')}`);
    log.date.push(iso(day));
    log.amount.push(amount);
  };
  for (let c = 0; c < customers; c++) {
    const kind = random.uniform();
    const first = Math.floor(random.uniform() * 330);
    if (kind < 0.02) {
      push(c, first, -money(10)); // refunds only: left out
      continue;
    }
    if (kind < 0.03) {
      push(c, first, 20); // nets to exactly 0 on another day
      push(c, Math.min(first + 5, 360), -20);
      continue;
    }
    // BG/NBD-like: a purchase rate, and after each purchase a chance to drop out
    const dropout = 0.1 + 0.6 * random.uniform();
    const meanGap = 5 + random.gamma(1) * 30;
    const spend = 5 + random.uniform() * 40;
    let day = first;
    for (let j = 0; day <= 364; j++) {
      const amount = money(spend);
      push(c, day, amount);
      const extra = random.uniform();
      if (extra < 0.1)
        push(c, day, amount); // an exact duplicate row
      else if (extra < 0.2)
        push(c, day, money(spend)); // a second order that day
      else if (extra < 0.25) push(c, day, -amount / 2); // a partial refund: still a purchase day
      if (j > 0 && random.uniform() < 0.05) push(c, day + 1, -money(spend) - 1000); // a refund day
      if (kind < 0.3 || random.uniform() < dropout) break; // one-purchase customers, dropouts
      day += 1 + Math.floor(random.gamma(1) * meanGap);
    }
  }
  return log;
}

/** A test engine with setup helpers. */
export type TestEngine = WarehouseEngine & { close(): void; run(sql: string): Promise<void> | void };

/** DuckDB always; PostgreSQL when a server is installed (see test/helpers/postgres.ts). */
export function reportEngines(): [string, () => Promise<TestEngine>][] {
  const bin = postgresBin();
  return [['duckdb', duckdbTestEngine], ...(bin ? [['postgres', async () => Promise.resolve(postgresTestEngine(bin))] as const] : [])] as [
    string,
    () => Promise<TestEngine>,
  ][];
}

/** Compare two results: integers exactly, other numbers to `tolerance` relative, everything else equal; differences listed by path. */
export function differences(got: unknown, want: unknown, tolerance = 1e-9, path = ''): string[] {
  if (typeof want === 'number' && typeof got === 'number') {
    if (Number.isInteger(want) && Number.isInteger(got)) return got === want ? [] : [`${path}: ${got} ≠ ${want}`];
    if (Number.isNaN(want) && Number.isNaN(got)) return [];
    const scale = Math.max(Math.abs(want), 1e-300);
    return Math.abs(got - want) <= tolerance * scale || (want === 0 && Math.abs(got) < 1e-12) ? [] : [`${path}: ${got} ≠ ${want}`];
  }
  if (Array.isArray(want) || ArrayBuffer.isView(want)) {
    const g = got as ArrayLike<unknown>;
    const w = want as ArrayLike<unknown>;
    if (!g || g.length !== w.length) return [`${path}: length ${g?.length} ≠ ${w.length}`];
    return Array.from({ length: w.length }, (_, i) => differences(g[i], w[i], tolerance, `${path}[${i}]`)).flat();
  }
  if (want !== null && typeof want === 'object') {
    if (got === null || typeof got !== 'object') return [`${path}: ${JSON.stringify(got)} ≠ object`];
    const keys = new Set([...Object.keys(want), ...Object.keys(got)]);
    return [...keys].flatMap((k) => differences((got as Record<string, unknown>)[k], (want as Record<string, unknown>)[k], tolerance, `${path}.${k}`));
  }
  return got === want ? [] : [`${path}: ${JSON.stringify(got)} ≠ ${JSON.stringify(want)}`];
}

/** The Markdown with its segments section cut out (from its heading to the next heading of that level). */
export function outsideSegments(markdown: string): string {
  const lines = markdown.split('\n');
  const start = lines.findIndex((line) => /^#+ .*segment/i.test(line) && !/rfm/i.test(line));
  if (start < 0) return markdown;
  const level = /^#+/.exec(lines[start])![0].length;
  let end = lines.findIndex((line, i) => i > start && new RegExp(`^#{1,${level}} `).test(line));
  if (end < 0) end = lines.length;
  return [...lines.slice(0, start), ...lines.slice(end)].join('\n');
}

/** The log as CSV text (customer,date,amount). */
export function logCsv(log: ReportLog): string {
  return `customer,date,amount\n${log.customer.map((c, i) => `${c},${log.date[i]},${log.amount[i]}`).join('\n')}\n`;
}
