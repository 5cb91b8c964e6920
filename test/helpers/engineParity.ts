import { expect } from 'vitest';
import { CustomerValueError } from '../../src/errors.js';
import { summarizeTransactions, type CustomerSummary } from '../../src/index.js';
import { seededRandom } from '../../src/internal/random.js';
import { betaGeoHistogramSql } from '../../src/warehouse/betaGeoHistogramSql.js';
import { summarizeTransactionsSql, type SummarizeTransactionsSqlSpec } from '../../src/warehouse/summarizeTransactionsSql.js';
import { runWarehouseQuery, warehouseNumber, type WarehouseEngine } from '../../src/warehouse/warehouseEngine.js';

// The shipped engine adapters against the in-memory functions: a seeded transaction log with
// same-day repeats, refunds, NULLs (and NaN, which `load` writes as NULL), one-purchase customers
// and rows after the observation end, loaded through the adapter, summarized and grouped in the
// engine, read back through runWarehouseQuery + warehouseNumber, and compared customer by
// customer with summarizeTransactions (the witness).

/** A log as `load` columns: customer and date as text, amount as a Float64Array (NaN = missing). */
export function engineTestLog() {
  const rng = seededRandom(1616);
  const customer: (string | null)[] = [];
  const date: (string | null)[] = [];
  const amount: number[] = [];
  const iso = (day: number) => new Date(Date.UTC(1997, 0, 1) + day * 86_400_000).toISOString().slice(0, 10);
  const push = (c: string | null, d: string | null, a: number) => {
    customer.push(c);
    date.push(d);
    amount.push(a);
  };
  for (let c = 0; c < 300; c++) {
    const days = rng.uniform() < 0.3 ? 1 : 1 + Math.floor(rng.uniform() * 6);
    for (let k = 0; k < days; k++) {
      const day = Math.floor(rng.uniform() * 330); // some after the observation end (day 272)
      const v = Math.round(rng.uniform() * 10_000) / 100;
      const u = rng.uniform();
      if (u < 0.1)
        push(`c${c}`, iso(day), -v); // a refund
      else if (u < 0.2) {
        push(`c${c}`, iso(day), v);
        push(`c${c}`, iso(day), v); // same-day repeat
      } else push(`c${c}`, iso(day), v);
    }
  }
  push(null, '1997-02-02', 3);
  push('c1', null, 3);
  push('c2', '1997-02-02', Number.NaN);
  push("o'brien", '1997-03-03', 12.5); // an id with a quote
  return { customer, date, amount: Float64Array.from(amount) };
}

export const LOG_SPEC: SummarizeTransactionsSqlSpec = {
  customer: 'customer',
  date: 'date',
  amount: 'amount',
  observationEnd: '1997-09-30',
  timeUnit: 'week',
  missing: 'skip',
};

export function inMemorySummary(log: ReturnType<typeof engineTestLog>): CustomerSummary {
  return summarizeTransactions(log, { ...LOG_SPEC });
}

/** Summary and BG/NBD histogram through the engine equal the in-memory summary (exact; sums to 1e-12). */
export async function expectEngineParity(engine: WarehouseEngine, table: string, log: ReturnType<typeof engineTestLog>) {
  const expected = inMemorySummary(log);
  expect(expected.counts.skipped).toBe(3);
  const where = { function: 'test', stage: 'summary' };
  const rows = await runWarehouseQuery(engine, where, summarizeTransactionsSql(LOG_SPEC, { dialect: engine.dialect, table }));
  expect(rows.length).toBe(expected.customer.length);
  const at = new Map(expected.customer.map((id, i) => [String(id), i]));
  rows.forEach((row, r) => {
    const i = at.get(String(row.customer));
    expect(i, `customer ${String(row.customer)}`).toBeDefined();
    expect(warehouseNumber(row.frequency, where, 'frequency', r)).toBe(expected.frequency[i!]);
    expect(warehouseNumber(row.recency, where, 'recency', r)).toBe(expected.recency[i!]);
    expect(warehouseNumber(row.T, where, 'T', r)).toBe(expected.T[i!]);
    expect(warehouseNumber(row.transactions, where, 'transactions', r)).toBe(expected.transactions[i!]);
    const scale = Math.max(1, Math.abs(expected.revenue[i!]));
    expect(Math.abs(warehouseNumber(row.revenue, where, 'revenue', r) - expected.revenue[i!]) / scale).toBeLessThanOrEqual(1e-12);
    expect(Math.abs(warehouseNumber(row.monetary, where, 'monetary', r) - expected.monetary[i!]) / scale).toBeLessThanOrEqual(1e-12);
  });
  const histogram = await runWarehouseQuery(
    engine,
    { function: 'test', stage: 'histogram' },
    betaGeoHistogramSql(LOG_SPEC, { dialect: engine.dialect, table }),
  );
  const counts = new Map<string, number>();
  expected.customer.forEach((_, i) => {
    const key = `${expected.frequency[i]}|${expected.recency[i]}|${expected.T[i]}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  });
  const got = histogram.map((row, r) => {
    const n = (c: string) => warehouseNumber(row[c], where, c, r);
    return `${n('frequency')}|${n('recency')}|${n('T')}|${n('customers')}`;
  });
  expect(got.sort()).toEqual([...counts].map(([k, n]) => `${k}|${n}`).sort());
  expect(histogram.length).toBeLessThan(expected.customer.length);
}

/** Columns that must survive `load` and a read back exactly: the awkward doubles and texts. */
export function roundTripColumns() {
  const rng = seededRandom(7);
  const special = [
    0,
    -0,
    5e-324,
    -5e-324,
    2.2250738585072014e-308,
    1.7976931348623157e308,
    -1.7976931348623157e308,
    0.1 + 0.2,
    1 / 3,
    Math.PI,
    2 ** 53,
    -(2 ** 53) - 2,
  ];
  const n = 5000; // crosses DuckDB's 2,048-row chunks
  const x = new Float64Array(n);
  const texts: (string | null)[] = [];
  const nums: (number | null)[] = [];
  const textCases = ["it's", 'say "hi"', 'back\\slash', '', 'ünïcødé ✓', 'NULL', 'a,b;c', '$1', 'line\nbreak', '  padded  '];
  for (let i = 0; i < n; i++) {
    x[i] = i < special.length ? special[i] : i % 97 === 0 ? Number.NaN : (rng.uniform() - 0.5) * 10 ** Math.floor(rng.uniform() * 40 - 20);
    texts.push(i % 13 === 0 ? null : textCases[i % textCases.length]);
    nums.push(i % 11 === 0 ? null : i - 2500.5);
  }
  return { i: Float64Array.from({ length: n }, (_, k) => k), x, label: texts, y: nums };
}

/** Read back the round-trip table (ordered by i) and compare value by value: doubles with Object.is (bit for bit, -0 kept), NaN as NULL. */
export async function expectRoundTrip(engine: WarehouseEngine, table: string, columns: ReturnType<typeof roundTripColumns>) {
  const rows = await runWarehouseQuery(engine, { function: 'test', stage: 'read back' }, `SELECT * FROM ${table} ORDER BY i`);
  expect(rows.length).toBe(columns.i.length);
  const where = { function: 'test', stage: 'read back' };
  const mismatches: string[] = [];
  rows.forEach((row, r) => {
    const x = warehouseNumber(row.x, where, 'x', r, true);
    const want = Number.isNaN(columns.x[r]) ? null : columns.x[r];
    const show = (v: number | null) => (Object.is(v, -0) ? '-0' : String(v));
    if (!Object.is(x, want)) mismatches.push(`row ${r} x: ${show(x)} ≠ ${show(want)}`);
    if (row.label !== columns.label[r]) mismatches.push(`row ${r} label: ${JSON.stringify(row.label)} ≠ ${JSON.stringify(columns.label[r])}`);
    const y = warehouseNumber(row.y, where, 'y', r, true);
    if (!Object.is(y, columns.y[r])) mismatches.push(`row ${r} y: ${String(y)} ≠ ${String(columns.y[r])}`);
  });
  expect(mismatches.slice(0, 10)).toEqual([]);
}

/** The error a promise rejects with (a CustomerValueError unless the test says otherwise); fails when it resolves. */
export async function rejection(promise: Promise<unknown>): Promise<CustomerValueError> {
  const outcome = await promise.then(
    () => undefined,
    (error: unknown) => ({ error }),
  );
  if (outcome === undefined) throw new Error('expected the promise to reject, it resolved');
  return outcome.error as CustomerValueError;
}
