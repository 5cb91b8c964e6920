import { seededRandom } from '../../src/internal/random.js';
import { readFixtureCsv } from './fixtures.js';
import { loadStatements } from './engines.js';

// Customer tables for the engine-statistics tests (value pyramid, RFM): columns of numbers and
// NULLs, loaded as they are into DuckDB and PostgreSQL and passed as they are to the in-memory
// fitters (null is a missing value there too).

export type ValueTable = Record<string, (number | null)[]>;

/** The CDNOW customer summary (2,357 customers; x = repeat purchases, mostly 0: heavy ties). */
export function cdnowCustomers(): ValueTable {
  const c = readFixtureCsv('value/cdnow_customers_summary_with_monetary.csv').columns as Record<string, Float64Array>;
  return { x: Array.from(c.x), t_x: Array.from(c.t_x), T: Array.from(c.T), zbar: Array.from(c.zbar) };
}

/** The UCI wholesale customers (440 clients, annual spend per category: long tails, some ties). */
export function wholesaleCustomers(): ValueTable {
  const c = readFixtureCsv('segmentation/wholesale_customers.csv').columns as Record<string, Float64Array>;
  return Object.fromEntries(['Fresh', 'Milk', 'Grocery', 'Frozen', 'Detergents_Paper', 'Delicassen'].map((k) => [k, Array.from(c[k])]));
}

/** A seeded table with heavy ties (few distinct values), NULLs in every column, zeros and negatives. */
export function generatedCustomers(n = 600): ValueTable {
  const rng = seededRandom(1616);
  const pick = (values: number[]) => values[Math.floor(rng.uniform() * values.length)];
  const table: ValueTable = { recency: [], frequency: [], spend: [], margin: [] };
  for (let i = 0; i < n; i++) {
    table.recency.push(rng.uniform() < 0.03 ? null : pick([0, 1, 2, 3, 7, 14, 30, 30, 30, 90, 365]));
    table.frequency.push(rng.uniform() < 0.03 ? null : pick([0, 0, 0, 0, 1, 1, 2, 3, 5, 8, 13]));
    table.spend.push(rng.uniform() < 0.03 ? null : Math.round(rng.uniform() ** 3 * 100_000) / 100);
    table.margin.push(rng.uniform() < 0.03 ? null : pick([-5.5, -0.25, 0, 0, 0.1, 0.2, 0.3, 12.75, 40]));
  }
  return table;
}

/** The table with NaN in place of null (what the in-memory fitters see from a NaN cell: a missing value too). */
export function withNaN(table: ValueTable): Record<string, number[]> {
  return Object.fromEntries(Object.entries(table).map(([k, v]) => [k, v.map((x) => (x === null ? Number.NaN : x))]));
}

/**
 * Load a table into a test engine in slices of 200 rows (the psql engine passes each statement
 * as one argument, at most 128 kB on Linux, so `engine.load` cannot take CDNOW in one go).
 */
export async function loadTable(engine: { run(sql: string): unknown }, name: string, table: ValueTable, double: string): Promise<void> {
  const n = Object.values(table)[0].length;
  for (let start = 0; start < n; start += 200) {
    const slice = Object.fromEntries(Object.entries(table).map(([k, v]) => [k, v.slice(start, start + 200)]));
    for (const statement of loadStatements(name, slice, double)) if (start === 0 || statement.startsWith('INSERT')) await engine.run(statement);
  }
}
