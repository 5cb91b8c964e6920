import { describe, expect, it } from 'vitest';
import { CustomerValueError, fitValuePyramid, summarizeTransactions, toColumns } from '../../src/index.js';
import { arqueroTable, arrowBackedColumn } from '../helpers/arqueroDouble.js';

// Arquero tables passed directly (issue 14): read by shape (columnNames / numRows / column /
// array), arquero is not a dependency. A filtered or ordered view is read as it stands: its rows,
// in its order. The double mimics arquero 8; test/io/arqueroReal.test.ts holds it to the real
// package when arquero is installed.

const log = {
  customer: ['a', 'b', 'a', 'c', 'b', 'a'],
  date: ['2024-01-02', '2024-01-05', '2024-02-01', '2024-02-10', '2024-03-01', '2024-03-15'],
  amount: [10, 20, 30, 5, 25, 40],
};
const spec = { customer: 'customer', date: 'date', amount: 'amount', observationEnd: '2024-04-01', timeUnit: 'week' } as const;
const json = (value: unknown) => JSON.stringify(value, (_k, v) => (ArrayBuffer.isView(v) ? Array.from(v as unknown as ArrayLike<number>) : v));

describe('Arquero tables as input', () => {
  it('summarizeTransactions(aq.table(...), spec) reads it as the same columns', () => {
    expect(json(summarizeTransactions(arqueroTable(log) as never, spec))).toBe(json(summarizeTransactions(log, spec)));
  });

  it('fitValuePyramid(table, spec) reads it as the same columns', () => {
    const customers = { revenue: [500, 120, 80, 40, 30, 20, 10, 5, 0, 0] };
    const pyramidSpec = { dimensions: [{ column: 'revenue', scale: 'none' as const }], tiers: { method: 'cumulativeShare' as const } };
    expect(json(fitValuePyramid(arqueroTable(customers) as never, pyramidSpec))).toBe(json(fitValuePyramid(customers, pyramidSpec)));
  });

  it('a filtered view is read through its row indices: only the rows that pass', () => {
    const view = arqueroTable(log).filter((d) => d.customer !== 'b');
    expect(view.column('amount')!.length).toBe(6); // the backing column still holds every row
    const rows = log.customer.map((_, i) => i).filter((i) => log.customer[i] !== 'b');
    const kept = { customer: rows.map((i) => log.customer[i]), date: rows.map((i) => log.date[i]), amount: rows.map((i) => log.amount[i]) };
    expect(json(summarizeTransactions(view as never, spec))).toBe(json(summarizeTransactions(kept, spec)));
  });

  it('an ordered view is read in its order, and a filter plus an order both hold', () => {
    const table = arqueroTable({ spend: new Float64Array([3, 1, 4, 1.5, 9, 2.6]) });
    expect(Array.from(toColumns(table.orderby('spend', 'desc') as never, ['spend']).columns.spend)).toEqual([9, 4, 3, 2.6, 1.5, 1]);
    const both = table.filter((d) => (d.spend as number) > 2).orderby('spend');
    const read = toColumns(both, ['spend']).columns.spend;
    expect(Array.from(read)).toEqual([2.6, 3, 4, 9]);
    expect(read).toBeInstanceOf(Float64Array); // a typed column gathered stays typed
  });

  it('a sliced (materialized) table and an unfiltered one read their rows; typed columns of a plain table are not copied', () => {
    const spend = new Float64Array([3, 1, 4, 1.5]);
    const table = arqueroTable({ spend });
    expect(toColumns(table as never, ['spend']).columns.spend).toBe(spend);
    expect(Array.from(toColumns(table.orderby('spend').slice(1, 3) as never, ['spend']).columns.spend)).toEqual([1.5, 3]);
  });

  it('arrow-backed columns (aq.fromArrow: at/toArray, no index access) are read, filtered views too', () => {
    const backed = Object.fromEntries(Object.entries(log).map(([k, v]) => [k, arrowBackedColumn(v)]));
    const table = arqueroTable(backed);
    expect(json(summarizeTransactions(table as never, spec))).toBe(json(summarizeTransactions(log, spec)));
    const firstThree = table.orderby('date').filter((d) => (d.amount as number) >= 20);
    expect(Array.from(toColumns(firstThree as never, ['amount']).columns.amount)).toEqual([20, 30, 25, 40]);
  });

  it('a table offering only columnNames/numRows/array(name) is read through array(name)', () => {
    const base = arqueroTable(log).filter((d) => d.customer === 'a');
    const minimal = { columnNames: () => base.columnNames(), numRows: () => base.numRows(), array: (name: string) => base.array(name) };
    expect(Array.from(toColumns(minimal as never, ['amount']).columns.amount)).toEqual([10, 30, 40]);
  });

  it('a missing column is named; a bad value is named by its row in the view', () => {
    const table = arqueroTable({ spend: [1, 2, 'x', 4] });
    expect(() => toColumns(table as never, ['revenue'])).toThrow(/"revenue".*no such column/s);
    let error: unknown;
    try {
      toColumns(table.orderby('spend', 'desc'), ['spend']);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(CustomerValueError);
    expect((error as CustomerValueError).issues[0]).toMatchObject({ column: 'spend', received: '"x"' });
  });

  it('keys bigint and text ids exactly, as from columns', () => {
    const ids = {
      customer: [12345678901234567891n, 12345678901234567890n, 12345678901234567891n],
      date: ['2024-01-01', '2024-01-02', '2024-02-01'],
      amount: [1, 2, 3],
    };
    const result = summarizeTransactions(arqueroTable(ids), spec);
    expect(result.customer).toEqual(['12345678901234567891', '12345678901234567890']);
    expect(Array.from(result.frequency)).toEqual([1, 0]);
  });

  it('refuses a numRows() that is not a row count, naming the table', () => {
    const broken = { columnNames: () => ['spend'], numRows: () => -1, column: () => [1] };
    expect(() => toColumns(broken as never, ['spend'])).toThrow(CustomerValueError);
    expect(() => toColumns(broken as never, ['spend'])).toThrow(/numRows\(\) is not a row count/);
  });
});
