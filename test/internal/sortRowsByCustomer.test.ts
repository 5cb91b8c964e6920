import { describe, expect, it } from 'vitest';
import { BUCKETED_SORT_CUSTOMERS, sortRowsByCustomer } from '../../src/internal/sortRowsByCustomer.js';

/** A seeded xorshift generator (reproducible inputs without a dependency). */
function random(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 2 ** 32;
  };
}

/** The oracle: each customer's kept rows in input order, gathered by one scan per customer's list. */
function byCustomer(codes: Int32Array, day: Int32Array, amount: Float64Array, profit: Float64Array | null, skip: Uint8Array | null, endDay: number, k: number) {
  const rows: number[][] = Array.from({ length: k }, () => []);
  for (let i = 0; i < codes.length; i++) if (!(skip !== null && skip[i] === 1) && day[i] <= endDay) rows[codes[i]].push(i);
  const order = rows.flat();
  const start = new Int32Array(k + 1);
  rows.forEach((r, c) => (start[c + 1] = start[c] + r.length));
  return {
    sortedDay: Int32Array.from(order, (i) => day[i]),
    sortedAmount: Float64Array.from(order, (i) => amount[i]),
    sortedProfit: profit === null ? null : Float64Array.from(order, (i) => profit[i]),
    start,
  };
}

describe('sortRowsByCustomer', () => {
  const cases = [
    { k: 1, n: 10, skew: 1 },
    { k: 17, n: 500, skew: 2 },
    { k: BUCKETED_SORT_CUSTOMERS + 1, n: 60_000, skew: 2 },
    { k: 70_001, n: 200_000, skew: 3 },
    { k: 300, n: 0, skew: 1 },
  ];
  for (const { k, n, skew } of cases) {
    for (const withProfit of [false, true]) {
      it(`${k} customers, ${n} rows${withProfit ? ', with profit' : ''}: both ways equal the oracle (stable, skip marks and end day honoured)`, () => {
        const next = random(k * 31 + n + (withProfit ? 7 : 0));
        const codes = Int32Array.from({ length: n }, () => Math.min(k - 1, Math.floor(k * next() ** skew)));
        const day = Int32Array.from({ length: n }, () => Math.floor(next() * 400));
        const amount = Float64Array.from({ length: n }, () => Math.round(next() * 1e4) / 100 - 10);
        const profit = withProfit ? Float64Array.from(amount, (a) => a * 0.3) : null;
        const skip = Uint8Array.from({ length: n }, () => (next() < 0.05 ? 1 : 0));
        const endDay = 380;
        const expected = byCustomer(codes, day, amount, profit, skip, endDay, k);
        // start as summarizeTransactions builds it: prefix sums of kept rows per customer
        const start = new Int32Array(k + 1);
        for (let i = 0; i < n; i++) if (skip[i] !== 1 && day[i] <= endDay) start[codes[i] + 1]++;
        for (let c = 0; c < k; c++) start[c + 1] += start[c];
        expect(start).toEqual(expected.start);
        for (const bucketed of [false, true, undefined]) {
          const got = sortRowsByCustomer(codes, day, amount, profit, skip, endDay, start, bucketed);
          expect(got.sortedDay).toEqual(expected.sortedDay);
          expect(got.sortedAmount).toEqual(expected.sortedAmount);
          expect(got.sortedProfit).toEqual(expected.sortedProfit);
        }
        expect(start).toEqual(expected.start); // not modified
      });
    }
  }
});
