import { tableFromIPC, tableToIPC } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { toArrowTable } from '../../src/arrow/index.js';
import { compileScorer, fitValuePyramid, scoreColumns } from '../../src/index.js';
import { openTable } from '../../src/internal/openTable.js';
import { caught } from '../helpers/fixtures.js';

describe('Arrow tables in and out (customer-value/arrow)', () => {
  it('round-trips a 1,000,000-row table without copying a numeric column, in and out', () => {
    const n = 1_000_000;
    const revenue = Float64Array.from({ length: n }, (_, i) => (i * 7919) % 1000);
    const visits = Int32Array.from({ length: n }, (_, i) => i % 17);
    const table = toArrowTable({ revenue, visits });
    expect(table.numRows).toBe(n);
    // out: the Arrow vectors sit on our memory
    expect(table.getChild('revenue')!.data[0].values.buffer).toBe(revenue.buffer);
    expect(table.getChild('visits')!.data[0].values.buffer).toBe(visits.buffer);
    // in: the library reads the Arrow columns in place
    const read = openTable(table, 'test', ['revenue', 'visits']);
    expect((read.column('revenue') as Float64Array).buffer).toBe(revenue.buffer);
    expect((read.column('visits') as Int32Array).buffer).toBe(visits.buffer);
    // and computes the same as from plain columns
    const pyramid = fitValuePyramid({ revenue, visits }, { dimensions: [{ column: 'revenue' }, { column: 'visits' }] });
    const fromArrow = scoreColumns(compileScorer({ pyramid }), table).outputs;
    const fromColumns = scoreColumns(compileScorer({ pyramid }), { revenue, visits }).outputs;
    expect(fromArrow['pyramid.tier']).toEqual(fromColumns['pyramid.tier']);
    // the outputs go back out as Arrow, again without a copy
    const out = toArrowTable(fromArrow);
    expect(out.getChild('pyramid.value')!.data[0].values.buffer).toBe(fromArrow['pyramid.value'].buffer);
  });

  it('encodes ids and labels, survives Arrow IPC, and names bad columns', () => {
    const table = toArrowTable({ customer: ['a', null, 'c'], tier: Int32Array.of(0, 1, -1), top: [true, false, true] });
    const back = tableFromIPC(tableToIPC(table));
    expect(back.getChild('customer')!.toArray()).toEqual(['a', null, 'c']);
    expect(Array.from(back.getChild('tier')!.toArray() as Int32Array)).toEqual([0, 1, -1]);
    expect(caught(() => toArrowTable({ a: [1, 2], b: [1] })).issues[0]).toMatchObject({ column: 'b' });
    expect(caught(() => toArrowTable({})).code).toBe('invalid_value');
  });
});
