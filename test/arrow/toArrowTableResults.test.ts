import { tableFromIPC, tableToIPC } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { toArrowTable } from '../../src/arrow/index.js';
import { CustomerValueError, parseCsv, summarizeTransactions } from '../../src/index.js';
import { arqueroTable } from '../helpers/arqueroDouble.js';
import { caught } from '../helpers/fixtures.js';
import { contracts, entries } from '../contracts/registry.js';

// toArrowTable on what the library returns (issue 14: `toArrowTable(summary)` failed on the
// summary's `timeUnit`, `observationEnd` and `counts`). Enumerated from the contract registry:
// every result of a public function either becomes a table that loses nothing (each property is
// a column or in the schema metadata; every typed-array column comes out with its values), or is
// refused with a CustomerValueError whose hint says what to pass — and passing that works.

// every runtime-neutral entry (the root and those split out of it, issue 21) and the report
const functions = { ...entries.root, ...entries.clv, ...entries.pls, ...entries.warehouse, ...entries.report } as Record<string, unknown>;
const results = Object.entries(contracts)
  .filter(([name]) => typeof functions[name] === 'function')
  .map(([name, c]) => [name, (functions[name] as (...a: unknown[]) => unknown)(...c.args())] as const)
  .filter(([, r]) => r !== null && typeof r === 'object');

const values = (v: unknown) => Array.from(v as ArrayLike<unknown>);

describe('toArrowTable(result) for every result of the library', () => {
  it('covers the columnar results the issue names', () => {
    const names = results.map(([name]) => name);
    for (const known of [
      'summarizeTransactions',
      'scoreRfm',
      'scoreValuePyramid',
      'customerLifetimeValue',
      'lifecycleStages',
      'peakEndScores',
      'realizedProfit',
      'scoreColumns',
    ])
      expect(names).toContain(known);
  });

  it.each(results.map(([name, r]) => [name, r]))('%s: a lossless table, or an error saying what to pass', (_name, result) => {
    let table;
    try {
      table = toArrowTable(result as never);
    } catch (error) {
      expect(error).toBeInstanceOf(CustomerValueError);
      const hint = (error as CustomerValueError).issues.map((i) => `${i.expected} ${i.hint ?? ''}`).join(' ');
      expect(hint).toMatch(/pass|score/);
      // every property the hint names converts
      for (const [, key] of hint.matchAll(/toArrowTable\(result\.(\w+)\)/g)) {
        const part = toArrowTable((result as Record<string, unknown>)[key] as never);
        expect(part.numRows).toBeGreaterThan(0);
      }
      return;
    }
    if (Array.isArray(result)) {
      // rows: one table row per row object, every key a column
      expect(table.numRows).toBe(result.length);
      for (const key of Object.keys(result[0])) expect(values(table.getChild(key)!.toArray())).toEqual(result.map((row) => row[key]));
      return;
    }
    const object = result as Record<string, unknown>;
    const columns = table.schema.fields.map((f) => f.name);
    const metadata = [...table.schema.metadata.keys()];
    for (const key of Object.keys(object)) if (object[key] !== undefined) expect([...columns, ...metadata], key).toContain(key);
    for (const key of columns) {
      const source = object[key] as ArrayLike<unknown>;
      expect(source.length).toBe(table.numRows);
      // a column holding nulls (an empty bin's mean) is compared through the vector's iterator, which yields them (toArray gives the raw values)
      const vector = table.getChild(key)!;
      const hasNull = values(source).some((v) => v === null);
      expect(hasNull ? [...vector] : values(vector.toArray())).toEqual(values(source));
      if (hasNull) expect(vector.nullCount).toBe(values(source).filter((v) => v === null).length);
    }
    // typed-array columns of a result are per-row columns, never metadata
    for (const key of Object.keys(object)) if (ArrayBuffer.isView(object[key])) expect(columns).toContain(key);
    // and the table survives Arrow IPC with its metadata
    expect(tableFromIPC(tableToIPC(table)).schema.metadata).toEqual(table.schema.metadata);
  });
});

describe('toArrowTable on a transaction summary', () => {
  const log = { customer: ['a', 'b', 'a'], date: ['2024-01-01', '2024-01-03', '2024-02-01'], amount: [10, 5, 20] };
  const spec = { customer: 'customer', date: 'date', amount: 'amount', observationEnd: '2024-03-01', timeUnit: 'week' } as const;

  it('gives one row per customer over the same memory, and keeps timeUnit, observationEnd and counts in the schema metadata', () => {
    const summary = summarizeTransactions(log, spec);
    const table = toArrowTable(summary);
    expect(table.numRows).toBe(2);
    expect(table.getChild('customer')!.toArray()).toEqual(['a', 'b']);
    expect(table.getChild('frequency')!.data[0].values.buffer).toBe(summary.frequency.buffer);
    expect(table.schema.metadata.get('timeUnit')).toBe('week');
    expect(table.schema.metadata.get('observationEnd')).toBe('2024-03-01');
    expect(JSON.parse(table.schema.metadata.get('counts')!)).toEqual(summary.counts);
  });

  it('refuses ids mixing numbers and text, saying to read ids as text', () => {
    const summary = summarizeTransactions({ ...log, customer: [7, '007', 7] }, spec);
    const error = caught(() => toArrowTable(summary));
    expect(error.issues[0]).toMatchObject({ column: 'customer', received: 'numbers and text mixed' });
    expect(error.issues[0].hint).toContain('text: ["customer"]');
    // read as text, the same ids convert
    const csv = parseCsv('customer,date,amount\n7,2024-01-01,10\n007,2024-01-03,5\n7,2024-02-01,20\n', { text: ['customer'] }).columns;
    expect(toArrowTable(summarizeTransactions(csv, spec)).getChild('customer')!.toArray()).toEqual(['7', '007']);
  });

  it('reads rows and Arquero tables as every other function does', () => {
    const rows = log.customer.map((customer, i) => ({ customer, date: log.date[i], amount: log.amount[i] }));
    const fromRows = toArrowTable(rows);
    const fromArquero = toArrowTable(arqueroTable(log).filter((d) => d.customer === 'a'));
    expect(fromRows.numRows).toBe(3);
    expect(fromRows.getChild('amount')!.toArray()).toEqual(Float64Array.from([10, 5, 20]));
    expect(values(fromArquero.getChild('amount')!.toArray())).toEqual([10, 20]);
    expect(toArrowTable(fromRows)).toBe(fromRows); // an Arrow table is returned as it is
  });

  it('names a model, a scorer and a nested result with what to pass instead', () => {
    expect(caught(() => toArrowTable({ kind: 'rfm', version: 1 })).message).toContain('a fitted model is not a table');
    expect(caught(() => toArrowTable({ outputs: { 'p.tier': Int32Array.of(1) }, rows: 1, skipped: 0 })).issues[0].hint).toBe(
      'pass toArrowTable(result.outputs) (its columns)',
    );
  });
});
