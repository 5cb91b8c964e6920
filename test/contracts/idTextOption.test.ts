import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { CustomerValueError, parseCsv, summarizeTransactions } from '../../src/index.js';
import { readCsvBatches, readCsvFile } from '../../src/node/index.js';
import { entries } from './registry.js';

// Explicit id typing (issue 14): every CSV reader has a `text` option naming the columns kept as
// text. Enumerated from the entries (every export that reads CSV), each must: keep a named
// column as written even when every cell is digits (so ids are typed the same whatever a file
// holds); keep `007` and 19-digit ids as text without being asked; type a column as numbers only
// when that is lossless; refuse a `text` name the header lacks (a misspelt id column would
// otherwise be typed silently); refuse a column named both text and numeric.

const A = '1234567890123456789';
const csv = `id,code,amount\n1,007,2.5\n10,7,3\n${A},042,4\n`;

type Read = (text: string, options: { text?: string[]; numbers?: string[] }) => Promise<Record<string, unknown[]>>;
const drain = async (text: string, options: { text?: string[]; numbers?: string[] }) => {
  const out: Record<string, unknown[]> = {};
  for await (const batch of readCsvBatches(Readable.from([text]), {
    numeric: options.numbers ?? [],
    ...(options.text ? { text: options.text } : {}),
    batchSize: 1,
  })) {
    for (const [name, column] of Object.entries(batch.columns)) (out[name] ??= []).push(...Array.from(column as ArrayLike<unknown>));
  }
  return out;
};
const columnsOf = (c: Record<string, unknown>) => Object.fromEntries(Object.entries(c).map(([k, v]) => [k, Array.from(v as ArrayLike<unknown>)]));
const readers: Record<string, { read: Read; infers: boolean }> = {
  parseCsv: { read: async (text, o) => columnsOf(parseCsv(text, o).columns), infers: true },
  readCsvFile: {
    read: async (text, o) => {
      const path = join(mkdtempSync(join(tmpdir(), 'cv-text-option-')), 'ids.csv');
      writeFileSync(path, text);
      return columnsOf((await readCsvFile(path, o)).columns);
    },
    infers: true,
  },
  readCsvBatches: { read: drain, infers: false },
};

describe('contract: every CSV reader types ids as asked by its text option', () => {
  it('covers every CSV reader the entries export', () => {
    const derived = [...Object.keys(entries.node), ...Object.keys(entries.root)].filter((name) => /^(read|parse)\w*Csv/.test(name));
    expect(derived.sort()).toEqual(Object.keys(readers).sort());
  });

  describe.each(Object.keys(readers))('%s', (name) => {
    const { read, infers } = readers[name];

    it('keeps a text column as written even when every cell is digits', async () => {
      const columns = await read('id,amount\n1,2\n10,3\n', { text: ['id'], numbers: ['amount'] });
      expect(columns.id).toEqual(['1', '10']);
      expect(columns.amount).toEqual([2, 3]);
    });

    it('keeps 007 and 19-digit ids as text unasked, and types numbers only when lossless', async () => {
      const columns = await read(csv, { numbers: ['amount'] });
      expect(columns.id).toEqual(['1', '10', A]);
      expect(columns.code).toEqual(['007', '7', '042']);
      expect(columns.amount).toEqual([2.5, 3, 4]);
      // digits-only ids: numbers only where the reader infers, and only because it is lossless
      const plain = await read('id,amount\n1,2\n10,3\n', { numbers: ['amount'] });
      expect(plain.id).toEqual(infers ? [1, 10] : ['1', '10']);
    });

    it('refuses a text column the header lacks, listing the header', async () => {
      const error = await read(csv, { text: ['ID'], numbers: ['amount'] }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(CustomerValueError);
      expect((error as CustomerValueError).code).toBe('missing_column');
      expect((error as CustomerValueError).issues[0]).toMatchObject({ column: 'ID' });
    });

    it('refuses a column named both text and numeric', async () => {
      const error = await read(csv, { text: ['amount'], numbers: ['amount'] }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(CustomerValueError);
      expect((error as CustomerValueError).code).toBe('invalid_spec');
      expect((error as CustomerValueError).message + JSON.stringify((error as CustomerValueError).issues)).toContain('"amount" in');
    });

    it('gives ids that key customers exactly downstream: 1 and 01 stay two customers', async () => {
      const columns = await read('customer,date,amount\n1,2024-01-01,5\n01,2024-01-02,6\n1,2024-02-01,7\n', {
        text: ['customer', 'date'],
        numbers: ['amount'],
      });
      const summary = summarizeTransactions(columns, { customer: 'customer', date: 'date', amount: 'amount', observationEnd: '2024-03-01', timeUnit: 'week' });
      expect(summary.customer).toEqual(['1', '01']);
      expect(Array.from(summary.frequency)).toEqual([1, 0]);
    });
  });
});
