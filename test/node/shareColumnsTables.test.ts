import { describe, expect, it } from 'vitest';
import { compileScorer, fitValuePyramid, parseCsv, summarizeTransactions } from '../../src/index.js';
import { scoreColumns, shareColumns } from '../../src/node/index.js';
import { workerSlices } from '../../src/node/scoringWorkers.js';
import { arqueroTable } from '../helpers/arqueroDouble.js';
import { caught } from '../helpers/fixtures.js';

// shareColumns on tables with an id column (issue 14: `shareColumns` refused a table whose
// customer column held text or bigint ids). Numeric columns are shared; ids and other
// non-numeric columns pass through untouched; a column mixing numbers and other values is
// refused naming each cell and the text option.

const n = 100_000; // above the one-thread cut-off for two threads
const table = {
  customer: Array.from({ length: n }, (_, i) => (i % 3 === 0 ? `00${i}` : `c${i}`)),
  account: BigInt64Array.from({ length: n }, (_, i) => 9_000_000_000_000_000_000n + BigInt(i)),
  profit: Array.from({ length: n }, (_, i) => (i * 37) % 500),
};
const pyramid = fitValuePyramid(
  { profit: [500, 120, 80, 40, 30, 20, 10, 5, 0, 0] },
  { dimensions: [{ column: 'profit', scale: 'none' }], tiers: { method: 'cumulativeShare' } },
);
const scorer = compileScorer({ pyramid });

describe('shareColumns on a table with an id column', () => {
  it('shares the numeric columns and passes text and bigint ids through untouched; threads score it like one thread', () => {
    const shared = shareColumns(table);
    expect(shared.customer).toBe(table.customer);
    expect(shared.account).toBe(table.account);
    expect(shared.profit).toBeInstanceOf(Float64Array);
    expect(shared.profit.buffer).toBeInstanceOf(SharedArrayBuffer);
    const before = workerSlices.scored;
    const two = scoreColumns(scorer, shared, { threads: 2 }).outputs['pyramid.tier'];
    expect(workerSlices.scored, 'scored on the worker from shared memory').toBeGreaterThan(before);
    expect(Array.from(two)).toEqual(Array.from(scoreColumns(scorer, table, { threads: 1 }).outputs['pyramid.tier']));
  });

  it('takes a summary as it is: ids beside shared measures, timeUnit and counts kept', () => {
    const summary = summarizeTransactions(
      { customer: ['007', '7', '007'], date: ['2024-01-01', '2024-01-03', '2024-02-01'], amount: [10, 5, 20] },
      { customer: 'customer', date: 'date', amount: 'amount', observationEnd: '2024-03-01', timeUnit: 'week' },
    );
    const shared = shareColumns(summary);
    expect(shared.customer).toEqual(['007', '7']);
    expect(shared.revenue.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(Array.from(shared.revenue)).toEqual(Array.from(summary.revenue));
    expect([shared.timeUnit, shared.counts]).toEqual([summary.timeUnit, summary.counts]);
  });

  it('reads an id column parsed as text, and rows and an Arquero view as every function does', () => {
    const csv = parseCsv('id,profit\n007,12\n42,30\n', { text: ['id'] }).columns;
    const fromCsv = shareColumns(csv);
    expect(fromCsv.id).toEqual(['007', '42']);
    expect(Array.from(fromCsv.profit as Float64Array)).toEqual([12, 30]);
    const fromRows = shareColumns([
      { id: 'a', profit: 1 },
      { id: 'b', profit: 2 },
    ]);
    expect(fromRows.id).toEqual(['a', 'b']);
    expect((fromRows.profit as Float64Array).buffer).toBeInstanceOf(SharedArrayBuffer);
    const view = shareColumns(
      arqueroTable({ id: ['a', 'b', 'c'], profit: new Int32Array([5, 1, 3]) })
        .filter((d) => d.id !== 'b')
        .orderby('profit') as never,
    );
    expect(view.id).toEqual(['c', 'a']);
    expect(view.profit).toBeInstanceOf(Int32Array);
    expect(Array.from(view.profit as Int32Array)).toEqual([3, 5]);
  });

  it('refuses a column mixing numbers and text, naming each cell and the text option', () => {
    const error = caught(() => shareColumns({ id: [7, '007', 8], profit: [1, 2, 3] }));
    expect(error.issues).toHaveLength(1);
    expect(error.issues[0]).toMatchObject({ column: 'id', row: 1, received: '"007"' });
    expect(error.issues[0].hint).toContain("text: ['id']");
  });

  it('refuses columns of unequal length, and keeps a row key "__proto__" a column', () => {
    expect(caught(() => shareColumns({ id: ['a', 'b'], profit: [1] })).issues[0]).toMatchObject({ column: 'profit' });
    const rows: Record<string, unknown>[] = [JSON.parse('{"__proto__": 1, "profit": 2}')];
    const shared = shareColumns(rows);
    expect(Object.getPrototypeOf(shared)).toBe(Object.prototype);
    expect(Array.from(Object.getOwnPropertyDescriptor(shared, '__proto__')!.value as Float64Array)).toEqual([1]);
  });
});
