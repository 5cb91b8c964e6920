import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { CustomerValueError, parseCsv } from '../../src/index.js';
import { readCsvBatches, readCsvFile, readNdjsonBatches } from '../../src/node/index.js';
import { contracts, entries, contractFunction } from './registry.js';

// Ids and column typing (issue 13): no two customers merge and no number is silently rounded.
// Every function that groups by a customer column — derived from the registry: each contract
// whose spec names a `customer` column — must key ids exactly ('007' ≠ '7', two 19-digit ids
// differing in the last digit stay two customers), from a plain array and through parseCsv, and
// refuse a number id beyond 2^53 (already rounded) naming the row. Every reader (the node
// entry's read* functions and parseCsv) keeps such ids exact and applies one number policy.

type Columns = Record<string, ArrayLike<unknown>>;
const BIG = 1234567890123456000n; // 19 digits; BIG + j and BIG + j + 1 differ in the last digit only
const TRICKY = ['7', '007', '42', '042'];
const plain = (j: number) => `c${j}`;
const tricky = (j: number) => (j < TRICKY.length ? TRICKY[j] : String(BIG + BigInt(j)));
const big = (j: number) => String(BIG + BigInt(j));

const groupers = Object.entries(contracts)
  .filter(([, c]) => c.data !== undefined && c.spec !== undefined && typeof (c.args()[c.spec] as { customer?: unknown })?.customer === 'string')
  .map(([name, c]) => ({ name, contract: c, customer: (c.args()[c.spec as number] as { customer: string }).customer }));
const call = (name: string, args: unknown[]) => contractFunction(name)(...args);

/** The contract's arguments with its customer column relabelled: the j-th distinct id becomes label(j). */
function relabel(name: string, label: (j: number) => unknown, at?: (i: number, value: unknown) => unknown) {
  const g = groupers.find((x) => x.name === name)!;
  const args = g.contract.args();
  const data = { ...(args[g.contract.data as number] as Columns) };
  const ids = Array.from(data[g.customer]);
  const index = new Map<unknown, number>();
  for (const id of ids) if (!index.has(id)) index.set(id, index.size);
  data[g.customer] = ids.map((id, i) => (at ? at(i, label(index.get(id)!)) : label(index.get(id)!)));
  args[g.contract.data as number] = data;
  return { args, distinct: index.size, g };
}

/** A result as JSON, with the labels of `from` mapped back to the labels of `to` (ids are the only strings that differ). */
function normalized(result: unknown, from: (j: number) => string, to: (j: number) => string, count: number): string {
  const back = new Map<string, string>();
  for (let j = 0; j < count; j++) back.set(JSON.stringify(from(j)), JSON.stringify(to(j)));
  const json = JSON.stringify(result, (_k, v) => (ArrayBuffer.isView(v) ? Array.from(v as unknown as ArrayLike<number>) : v));
  return json.replace(/"(?:[^"\\]|\\.)*"/g, (s) => back.get(s) ?? s);
}

function toCsv(data: Columns): string {
  const names = Object.keys(data);
  const cell = (v: unknown) =>
    v === null || v === undefined || (typeof v === 'number' && Number.isNaN(v))
      ? ''
      : /[",\n]/.test(String(v))
        ? `"${String(v).replace(/"/g, '""')}"`
        : String(v);
  const n = data[names[0]].length;
  const lines = [names.join(',')];
  for (let i = 0; i < n; i++) lines.push(names.map((name) => cell(data[name][i])).join(','));
  return `${lines.join('\n')}\n`;
}

describe('contract: every function grouping by customer keys ids exactly', () => {
  it('finds the groupers in the registry', () => {
    const names = groupers.map((g) => g.name);
    for (const known of [
      'summarizeTransactions',
      'costToServe',
      'realizedProfit',
      'cohortRetention',
      'customerFlows',
      'retentionRate',
      'churnRate',
      'lifecycleStages',
      'peakEndScores',
      'touchpointSummary',
      'customerValueReport',
    ]) {
      expect(names).toContain(known);
    }
  });

  describe.each(groupers.map((g) => [g.name]))('%s', (name) => {
    it("keeps '007' / '7' and 19-digit ids differing in the last digit apart, from arrays and through parseCsv", () => {
      const reference = relabel(name, plain);
      const hard = relabel(name, tricky);
      expect(hard.distinct).toBeGreaterThanOrEqual(2);
      const expected = normalized(call(name, reference.args), plain, plain, reference.distinct);
      const direct = call(name, hard.args);
      expect(normalized(direct, tricky, plain, hard.distinct)).toBe(expected);
      // the same table written as CSV and read back: parseCsv must keep the ids as text
      const viaCsv = [...hard.args];
      viaCsv[hard.g.contract.data as number] = parseCsv(toCsv(hard.args[hard.g.contract.data as number] as Columns)).columns;
      expect(normalized(call(name, viaCsv), tricky, plain, hard.distinct)).toBe(expected);
    });

    it('refuses a number id beyond 2^53 with its row and a hint to pass strings; keys bigint ids exactly', () => {
      const unsafe = relabel(name, plain, (i, v) => (i === 1 ? 2 ** 53 + 2 : v));
      let error: unknown;
      try {
        call(name, unsafe.args);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(CustomerValueError);
      const issue = (error as CustomerValueError).issues.find((x) => x.row === 1 && x.column === unsafe.g.customer);
      expect(issue, (error as Error).message).toBeDefined();
      expect(issue!.received).toBe(String(2 ** 53 + 2));
      expect(issue!.hint).toContain('pass ids as strings');
      // bigint ids: the same result as the same digits in strings
      const asBigint = relabel(name, (j) => BIG + BigInt(j));
      const asText = relabel(name, big);
      expect(normalized(call(name, asBigint.args), big, plain, asBigint.distinct)).toBe(normalized(call(name, asText.args), big, plain, asText.distinct));
    });
  });
});

// Every reader, with what it must do to the same content.
const A = '1234567890123456789';
const B = '1234567890123456788';
const csvText = `id,amount\n007,1\n7,2\n${A},3\n${B},4\n`;
const ndjsonText = `{"id":"007","amount":"1"}\n{"id":7,"amount":2}\n{"id":${A},"amount":"3"}\n{"id":"${B}","amount":4}\n{"id":"x","amount":${A}}\n{"id":"y","amount":"0x1F"}\n`;

async function drain(batches: AsyncIterable<{ names: string[]; columns: Record<string, unknown>; rowCount: number; rejects: readonly { line: number }[] }>) {
  const ids: unknown[] = [];
  const amounts: number[] = [];
  const rejected: number[] = [];
  for await (const b of batches) {
    const idColumn = b.columns.id as ArrayLike<unknown>;
    for (let i = 0; i < b.rowCount; i++) ids.push(idColumn[i]);
    amounts.push(...Array.from(b.columns.amount as Float64Array));
    rejected.push(...b.rejects.map((r) => r.line));
  }
  return { ids, amounts, rejected };
}

const readers: Record<string, () => Promise<void>> = {
  parseCsv: async () => {
    const { columns } = parseCsv(csvText);
    expect(columns.id).toEqual(['007', '7', A, B]);
    expect(() => parseCsv(`amount\n${A}\n`, { numbers: ['amount'] })).toThrow(/line 2, column "amount"/);
    expect(parseCsv(`amount\n${A}\n`).columns.amount).toEqual([A]);
  },
  readCsvFile: async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'cv-ids-contract-')), 'ids.csv');
    writeFileSync(path, csvText);
    expect((await readCsvFile(path)).columns.id).toEqual(['007', '7', A, B]);
  },
  readCsvBatches: async () => {
    const { ids, amounts } = await drain(readCsvBatches(Readable.from([csvText]), { numeric: ['amount'], batchSize: 2 }) as never);
    expect(ids).toEqual(['007', '7', A, B]);
    expect(amounts).toEqual([1, 2, 3, 4]);
  },
  readNdjsonBatches: async () => {
    const { ids, amounts, rejected } = await drain(readNdjsonBatches(Readable.from([ndjsonText]), { numeric: ['amount'], batchSize: 2 }) as never);
    // ids pass through exactly (a big JSON integer as its digits); numeric strings are numbers;
    // a big integer or a string outside the grammar in a numeric field is rejected with its line
    expect(ids).toEqual(['007', 7, A, B]);
    expect(amounts).toEqual([1, 2, 3, 4]);
    expect(rejected).toEqual([5, 6]);
  },
};

describe('contract: every reader keeps ids exact and reads numbers by one policy', () => {
  const derived = [...Object.keys(entries.node).filter((name) => /^read/.test(name)), ...Object.keys(entries.root).filter((name) => /^parseCsv/.test(name))];
  it('covers every reader the entries export', () => {
    expect(derived.filter((name) => !(name in readers))).toEqual([]);
  });
  it.each(Object.keys(readers))('%s', async (name) => {
    await readers[name]();
  });
});
