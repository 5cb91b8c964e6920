import { describe, expect, it } from 'vitest';
import { CustomerValueError, fitRfm, scoreRfm, summarizeTransactions, toIsoDate } from '../../src/index.js';
import { caught, readFixtureCsv } from '../helpers/fixtures.js';

// Reference: lifetimes `lifetimes/datasets/cdnow_customers_summary.csv` and
// `cdnow_customers_summary_with_transactions.csv` (copied from ../shared/datasets, see its README),
// built by lifetimes from the CDNOW sample with calibration end 1997-09-30, time in weeks,
// rounded to 2 decimals.
const sample = readFixtureCsv('value/cdnow_sample.csv');
const reference = readFixtureCsv('value/cdnow_customers_summary.csv');
const referenceMonetary = readFixtureCsv('value/cdnow_customers_summary_with_monetary.csv');

const cdnowSpec = {
  customer: 'sample_id',
  date: 'date',
  amount: 'dollar_value',
  observationEnd: '1997-09-30',
  timeUnit: 'week',
} as const;

describe('summarizeTransactions(transactions, spec)', () => {
  const summary = summarizeTransactions(sample.columns, cdnowSpec);
  const position = new Map(summary.customer.map((id, i) => [id, i]));

  it('reproduces lifetimes’ CDNOW summary (frequency exactly, recency and T to 2 decimals)', () => {
    const ids = reference.columns.ID as Float64Array;
    expect(summary.customer.length).toBe(2357);
    let worstRecency = 0;
    let worstT = 0;
    for (let r = 0; r < ids.length; r++) {
      const i = position.get(ids[r])!;
      expect(i).toBeDefined();
      expect(summary.frequency[i]).toBe((reference.columns.frequency as Float64Array)[r]);
      worstRecency = Math.max(worstRecency, Math.abs(summary.recency[i] - (reference.columns.recency as Float64Array)[r]));
      worstT = Math.max(worstT, Math.abs(summary.T[i] - (reference.columns.T as Float64Array)[r]));
    }
    expect(worstRecency).toBeLessThanOrEqual(0.005 + 1e-9);
    expect(worstT).toBeLessThanOrEqual(0.005 + 1e-9);
  });

  it('reproduces lifetimes’ monetary value (mean of repeat purchase days) to the cent', () => {
    const ids = referenceMonetary.columns.ID as Float64Array;
    const zbar = referenceMonetary.columns.zbar as Float64Array;
    let worst = 0;
    for (let r = 0; r < ids.length; r++) {
      const i = position.get(ids[r])!;
      worst = Math.max(worst, Math.abs(summary.monetary[i] - zbar[r]));
    }
    // The file rounds to cents; half-cent cases such as 22.345 → 22.35 differ by 0.005.
    expect(worst).toBeLessThanOrEqual(0.005 + 1e-9);
  });

  it('matches the published totals: Σx = 2,457 repeat purchase days (BTYD cdnowSummary)', () => {
    expect(summary.frequency.reduce((a, b) => a + b, 0)).toBe(2457);
    expect(summary.frequency.filter((x) => x > 0).length).toBe(946);
  });

  it('accounts for every row: rows = used + afterObservationEnd + skipped', () => {
    const { rows, used, afterObservationEnd, skipped } = summary.counts;
    expect(rows).toBe(6919);
    expect(used + afterObservationEnd + skipped).toBe(rows);
    expect(summary.transactions.reduce((a, b) => a + b, 0)).toBe(used);
    // revenue sums every used transaction
    const amounts = sample.columns.dollar_value as Float64Array;
    const dates = sample.columns.date as Float64Array;
    let expected = 0;
    for (let i = 0; i < amounts.length; i++) if (dates[i] <= 19970930) expected += amounts[i];
    expect(summary.revenue.reduce((a, b) => a + b, 0)).toBeCloseTo(expected, 6);
  });

  it('merges same-day purchases and excludes days after the inclusive end (hand-computed)', () => {
    const s = summarizeTransactions(
      [
        { id: 'x', day: '2020-01-01', v: 10, p: 2 },
        { id: 'x', day: '2020-01-01', v: 5, p: 1 },
        { id: 'x', day: '2020-01-08', v: 7, p: 1 },
        { id: 'x', day: '2020-01-08', v: 3, p: 1 },
        { id: 'x', day: '2020-01-31', v: 100, p: 50 }, // the end day itself is included
        { id: 'x', day: '2020-02-01', v: 999, p: 1 }, // after the end: excluded
        { id: 'y', day: new Date(Date.UTC(2020, 0, 15)), v: 4, p: 0 },
        { id: 'z', day: 20200205, v: 1, p: 0 }, // first purchase after the end: no summary row
      ],
      { customer: 'id', date: 'day', amount: 'v', profit: 'p', observationEnd: 20200131, timeUnit: 'day' },
    );
    expect(s.customer).toEqual(['x', 'y']);
    expect(Array.from(s.frequency)).toEqual([2, 0]);
    expect(Array.from(s.recency)).toEqual([30, 0]);
    expect(Array.from(s.T)).toEqual([30, 16]);
    expect(Array.from(s.monetary)).toEqual([(10 + 100) / 2, 0]);
    expect(Array.from(s.revenue)).toEqual([125, 4]);
    expect(Array.from(s.profit!)).toEqual([55, 0]);
    expect(Array.from(s.transactions)).toEqual([5, 1]);
    expect(toIsoDate(s.firstPurchase[0])).toBe('2020-01-01');
    expect(toIsoDate(s.lastPurchase[0])).toBe('2020-01-31');
    expect(s.counts).toEqual({
      rows: 8,
      used: 6,
      afterObservationEnd: 2,
      skipped: 0,
      customers: 2,
      refundDays: 0,
      nonPositiveNet: 0,
      withoutPurchase: 0,
      withoutPurchaseRows: 0,
    });
    expect(s.observationEnd).toBe('2020-01-31');
  });

  it('gives the same summary from rows, columns and an Arrow-like table', () => {
    const columns = {
      c: new Float64Array([7, 7, 9]),
      d: new Float64Array([20200101, 20200115, 20200110]),
      a: new Float64Array([1, 2, 3]),
    };
    const rows = [0, 1, 2].map((i) => ({ c: columns.c[i], d: columns.d[i], a: columns.a[i] }));
    const arrow = { numRows: 3, getChild: (name: string) => ({ toArray: () => columns[name as 'c'] }) };
    const spec = { customer: 'c', date: 'd', amount: 'a', observationEnd: '2020-01-31', timeUnit: 'week' } as const;
    const fromColumns = summarizeTransactions(columns, spec);
    expect(summarizeTransactions(rows, spec)).toEqual(fromColumns);
    expect(summarizeTransactions(arrow, spec)).toEqual(fromColumns);
  });

  it('measures months as 30.4375 days', () => {
    const s = summarizeTransactions(
      { c: [1, 1], d: ['2020-01-01', '2020-03-01'], a: [1, 1] },
      {
        customer: 'c',
        date: 'd',
        amount: 'a',
        observationEnd: '2020-12-31',
        timeUnit: 'month',
      },
    );
    expect(s.recency[0]).toBeCloseTo(60 / 30.4375, 12);
  });

  it('skips rows with missing values only when asked, and counts them', () => {
    const data = { c: [1, 1, null, 2], d: [20200101, 20200102, 20200103, null], a: [1, NaN, 3, 4] };
    const spec = { customer: 'c', date: 'd', amount: 'a', observationEnd: '2020-01-31', timeUnit: 'day' } as const;
    const error = caught(() => summarizeTransactions(data, spec));
    expect(error).toBeInstanceOf(CustomerValueError);
    expect(error.code).toBe('invalid_value');
    expect(error.issues.map((i: { row: number; column: string }) => `${i.row}:${i.column}`)).toEqual(['2:c', '3:d', '1:a']);
    expect(error.message).toContain("missing: 'skip'");
    const s = summarizeTransactions(data, { ...spec, missing: 'skip' });
    expect(s.counts).toMatchObject({ rows: 4, used: 1, skipped: 3 });
  });

  it('names the row, column and value of bad input', () => {
    const spec = { customer: 'c', date: 'd', amount: 'a', observationEnd: '2020-01-31', timeUnit: 'day' } as const;
    const bad = caught(() => summarizeTransactions({ c: [1, 2], d: [20200101, 20201301], a: ['5', 2] }, spec));
    expect(bad.code).toBe('invalid_value');
    expect(bad.message.split('\n')[0]).toBe('summarizeTransactions: 2 of 2 rows have invalid values');
    expect(bad.message).toContain('row 1, column "d": expected a date');
    expect(bad.message).toContain('row 0, column "a": expected a finite number, got "5"');
    expect(bad.message).toContain('numbers must be numbers');

    const missing = caught(() => summarizeTransactions({ c: [1], d: [20200101] }, spec));
    expect(missing.code).toBe('missing_column');
    expect(missing.message).toContain('"a"');

    const noUnit = caught(() => summarizeTransactions({ c: [1], d: [20200101], a: [1] }, { ...spec, timeUnit: undefined } as never));
    expect(noUnit.code).toBe('invalid_spec');
    expect(noUnit.issues[0].path).toBe('spec.timeUnit');

    const typo = caught(() => summarizeTransactions({ c: [1], d: [20200101], a: [1] }, { ...spec, amout: 'a' } as never));
    expect(typo.code).toBe('invalid_spec');
    expect(typo.message).toContain('"amout"');

    const badEnd = caught(() => summarizeTransactions({ c: [1], d: [20200101], a: [1] }, { ...spec, observationEnd: '2020-02-30' }));
    expect(badEnd.code).toBe('invalid_spec');
    expect(badEnd.issues[0].path).toBe('spec.observationEnd');

    const ragged = caught(() => summarizeTransactions({ c: [1, 2], d: [20200101], a: [1, 2] }, spec));
    expect(ragged.code).toBe('invalid_value');
    expect(ragged.message).toContain('different lengths');
  });

  it('lists at most 10 issues and then the total', () => {
    const n = 25;
    const data = { c: Array.from({ length: n }, (_, i) => i), d: Array.from({ length: n }, () => 'soon'), a: Array.from({ length: n }, () => 1) };
    const error = caught(() => summarizeTransactions(data, { customer: 'c', date: 'd', amount: 'a', observationEnd: '2020-01-31', timeUnit: 'day' }));
    expect(error.issues).toHaveLength(10);
    expect(error.totalIssues).toBe(25);
    expect(error.message).toContain('… and 15 more');
  });

  it('does not let __proto__ or constructor keys in rows pollute prototypes', () => {
    const rows = JSON.parse('[{"__proto__": {"polluted": 1}, "constructor": 3, "c": 1, "d": 20200101, "a": 2}]');
    const s = summarizeTransactions(rows, { customer: 'c', date: 'd', amount: 'a', observationEnd: '2020-01-31', timeUnit: 'day' });
    expect(s.revenue[0]).toBe(2);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    const byConstructor = caught(() =>
      summarizeTransactions([{ c: 1, d: 20200101, a: 1 }], { customer: 'constructor', date: 'd', amount: 'a', observationEnd: '2020-01-31', timeUnit: 'day' }),
    );
    expect(byConstructor.code).toBe('missing_column');
  });
});

describe('summarizeTransactions on typed-array dates', () => {
  const spec = { customer: 'c', date: 'd', amount: 'a', observationEnd: '2020-01-31', timeUnit: 'day' } as const;

  it('agrees with the general path, and rejects impossible or fractional YYYYMMDD values', () => {
    const typed = { c: new Float64Array([1, 1, 2]), d: new Float64Array([20200101, 20200110, 20200105]), a: new Float64Array([1, 2, 3]) };
    const plain = { c: [1, 1, 2], d: ['2020-01-01', '2020-01-10', '2020-01-05'], a: [1, 2, 3] };
    expect(summarizeTransactions(typed, spec)).toEqual(summarizeTransactions(plain, spec));
    const bad = caught(() => summarizeTransactions({ ...typed, d: new Float64Array([20200101, 20200230, 20200101.5]) }, spec));
    expect(bad.issues.map((i: { row: number }) => i.row)).toEqual([1, 2]);
    const wide = caught(() => summarizeTransactions({ ...typed, d: new Float64Array([20200101, Infinity, -3]) }, spec));
    expect(wide.issues.map((i: { row: number }) => i.row)).toEqual([1, 2]);
  });

  it('handles a date column that is entirely missing under skip', () => {
    const s = summarizeTransactions(
      { c: new Float64Array([1, 2]), d: new Float64Array([NaN, NaN]), a: new Float64Array([1, 2]) },
      { ...spec, missing: 'skip' },
    );
    expect(s.counts).toEqual({
      rows: 2,
      used: 0,
      afterObservationEnd: 0,
      skipped: 2,
      customers: 0,
      refundDays: 0,
      nonPositiveNet: 0,
      withoutPurchase: 0,
      withoutPurchaseRows: 0,
    });
    expect(s.customer).toEqual([]);
  });
});

describe('summarizeTransactions with refunds (negative amounts)', () => {
  const spec = { customer: 'c', date: 'd', amount: 'a', observationEnd: '2020-01-31', timeUnit: 'day' } as const;

  it('nets refunds per day: a refund day is no purchase, monetary stays ≥ 0, revenue is the net spend', () => {
    const s = summarizeTransactions(
      {
        c: ['r', 'r', 'r', 'r', 'k', 'k', 'k', 'k'],
        d: [20200101, 20200105, 20200110, 20200120, 20200101, 20200103, 20200103, 20200107],
        a: [10, 30, -50, -5, 40, 25, -25, 12], // r: refunds exceed purchases; k: a same-day purchase and its refund
      },
      spec,
    );
    expect(s.customer).toEqual(['r', 'k']);
    // r: purchase days 01-01 and 01-05; 01-10 and 01-20 are refund days.
    expect(Array.from(s.frequency)).toEqual([1, 1]);
    expect(Array.from(s.recency)).toEqual([4, 6]);
    expect(Array.from(s.T)).toEqual([30, 30]);
    expect(Array.from(s.monetary)).toEqual([30, 12]);
    expect(Array.from(s.revenue)).toEqual([-15, 52]);
    expect(toIsoDate(s.lastPurchase[0])).toBe('2020-01-05');
    expect(s.counts).toEqual({
      rows: 8,
      used: 8,
      afterObservationEnd: 0,
      skipped: 0,
      customers: 2,
      refundDays: 3,
      nonPositiveNet: 1,
      withoutPurchase: 0,
      withoutPurchaseRows: 0,
    });
  });

  it('keeps a day whose purchase exceeds its refund, and a $0 day without refund (as lifetimes)', () => {
    const s = summarizeTransactions({ c: [1, 1, 1, 1], d: [20200101, 20200102, 20200102, 20200103], a: [5, 20, -5, 0] }, spec);
    expect(Array.from(s.frequency)).toEqual([2]);
    expect(Array.from(s.monetary)).toEqual([7.5]);
    expect(s.counts.refundDays).toBe(0);
  });

  it('dates the customer from the first purchase, not from an earlier refund; leaves out refund-only customers, counted', () => {
    const s = summarizeTransactions({ c: [1, 1, 1, 2, 2], d: [20200101, 20200110, 20200115, 20200102, 20200103], a: [-8, 4, 6, -1, -2] }, spec);
    expect(s.customer).toEqual([1]);
    expect(toIsoDate(s.firstPurchase[0])).toBe('2020-01-10');
    expect(Array.from(s.T)).toEqual([21]);
    expect(Array.from(s.revenue)).toEqual([2]);
    expect(s.counts).toMatchObject({ rows: 5, used: 3, customers: 1, refundDays: 3, withoutPurchase: 1, withoutPurchaseRows: 2 });
    const { rows, used, afterObservationEnd, skipped, withoutPurchaseRows } = s.counts;
    expect(used + afterObservationEnd + skipped + withoutPurchaseRows).toBe(rows);
  });

  it('leaves the CDNOW sample untouched: no refund days, $0 days stay purchases', () => {
    const s = summarizeTransactions(sample.columns, cdnowSpec);
    expect(s.counts).toMatchObject({ refundDays: 0, withoutPurchase: 0, withoutPurchaseRows: 0 });
    expect(Math.min(...s.monetary)).toBeGreaterThanOrEqual(0);
  });
});

describe('summarizeTransactions: exact ties stay exact', () => {
  const spec = { customer: 'c', date: 'd', amount: 'a', observationEnd: '2020-01-31', timeUnit: 'day' } as const;

  it('gives bit-identical monetary and revenue for equal amounts in any order, whatever the first day', () => {
    // a and b made the same repeat purchases (0.1, 0.2, 0.3 on three days, split differently
    // within days); the old (total − first day) / frequency gave values one ulp apart.
    const s = summarizeTransactions(
      {
        c: ['a', 'a', 'a', 'a', 'b', 'b', 'b', 'b', 'b', 'c', 'c', 'c', 'c'],
        d: [20200101, 20200102, 20200103, 20200104, 20200104, 20200103, 20200103, 20200102, 20200101, 20200101, 20200102, 20200103, 20200104],
        a: [1000.7, 0.1, 0.2, 0.3, 0.3, 0.15, 0.05, 0.1, 3.3, 7, 0.3, 0.1, 0.2],
      },
      spec,
    );
    expect(s.monetary[0]).toBe(s.monetary[1]);
    expect(s.monetary[1]).toBe(s.monetary[2]);
    expect(s.monetary[0]).toBe(0.19999999999999998); // Python: math.fsum([0.1, 0.2, 0.3]) / 3
  });

  it('gives a customer whose repeat days are all equal exactly that mean', () => {
    const s = summarizeTransactions(
      { c: [1, 1, 1, 1, 2, 2], d: [20200101, 20200102, 20200103, 20200104, 20200101, 20200102], a: [5, 0.1, 0.1, 0.1, 9, 0.1] },
      spec,
    );
    expect(Array.from(s.monetary)).toEqual([0.1, 0.1]);
  });

  it('puts customers with equal spend in the same RFM score', () => {
    // Customers 0–19 made the same six repeat purchases in different orders after first days
    // of different values; customers 20–39 spent less (10) or more (10) per repeat purchase.
    const amounts = [0.1, 0.7, 0.2, 1.3, 0.3, 2.9];
    const c: number[] = [];
    const d: number[] = [];
    const a: number[] = [];
    const push = (k: number, day: number, value: number) => {
      c.push(k);
      d.push(day);
      a.push(value);
    };
    for (let k = 0; k < 40; k++) {
      push(k, 20200101, 0.01 + k * 0.37);
      if (k < 20) {
        const rotated = amounts.map((_, j) => amounts[(j + k) % amounts.length]);
        const order = k % 2 === 0 ? rotated : rotated.reverse();
        order.forEach((value, j) => push(k, 20200102 + j, value));
      } else {
        for (let j = 0; j < 6; j++) push(k, 20200102 + j, k < 30 ? 0.5 + k / 1000 : 1.5 + k / 1000);
      }
    }
    const s = summarizeTransactions({ c, d, a }, spec);
    const tied = s.monetary.subarray(0, 20);
    expect(new Set(tied).size).toBe(1);
    const model = fitRfm(
      { r: s.recency, f: s.frequency, m: s.monetary },
      { recency: { column: 'r', better: 'higher' }, frequency: { column: 'f' }, monetary: { column: 'm' } },
    );
    const scores = scoreRfm(model, { r: s.recency, f: s.frequency, m: s.monetary }).monetary;
    expect(new Set(scores.subarray(0, 20)).size).toBe(1);
  });
});
