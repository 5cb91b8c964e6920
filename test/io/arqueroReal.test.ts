import { pathToFileURL } from 'node:url';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { summarizeTransactions, toColumns } from '../../src/index.js';
import { arqueroTable, arrowBackedColumn, type ArqueroDouble } from '../helpers/arqueroDouble.js';

// The Arquero test double held to the real package. arquero is not a dependency of the project
// (nor a devDependency: the library reads Arquero tables by shape), so this file runs only where
// arquero can be imported: installed in the project, or in a throwaway folder named by
// ARQUERO_DIR, e.g.
//   mkdir /tmp/aq && cd /tmp/aq && npm init -y && npm install arquero
//   ARQUERO_DIR=/tmp/aq/node_modules/arquero npx vitest run test/io/arqueroReal.test.ts
// (arquero 8.0.3 with @uwdata/flechette 2.6.0 was checked this way.) Elsewhere it is skipped.

type Aq = {
  table(columns: Record<string, unknown>): ArqueroDouble & { toArrowIPC(): Uint8Array };
  fromArrow(ipc: Uint8Array): ArqueroDouble;
  desc(name: string): unknown;
};

async function loadArquero(): Promise<Aq | null> {
  const where = process.env.ARQUERO_DIR;
  const specifiers = where ? [pathToFileURL(join(where, 'src/index.js')).href] : ['arquero'];
  for (const specifier of specifiers) {
    try {
      return (await import(/* @vite-ignore */ specifier)) as Aq;
    } catch {
      // not installed
    }
  }
  return null;
}

const aq = await loadArquero();
if (process.env.ARQUERO_DIR && !aq) throw new Error(`ARQUERO_DIR=${process.env.ARQUERO_DIR} names no importable arquero`);

const log = {
  customer: ['a', 'b', 'a', 'c', 'b', 'a'],
  date: ['2024-01-02', '2024-01-05', '2024-02-01', '2024-02-10', '2024-03-01', '2024-03-15'],
  amount: [10, 20, 30, 5, 25, 40],
};
const spec = { customer: 'customer', date: 'date', amount: 'amount', observationEnd: '2024-04-01', timeUnit: 'week' } as const;
const json = (value: unknown) =>
  JSON.stringify(value, (_k, v) => (ArrayBuffer.isView(v) ? Array.from(v as unknown as ArrayLike<number>) : typeof v === 'bigint' ? `${v}n` : v));

/** The same view built with real arquero and with the double. */
const scenarios: Record<string, (real: Aq) => [ArqueroDouble, ArqueroDouble]> = {
  plain: (real) => [real.table(log), arqueroTable(log)],
  filtered: (real) => [real.table(log).filter(((d: { customer: string }) => d.customer !== 'b') as never), arqueroTable(log).filter((d) => d.customer !== 'b')],
  ordered: (real) => [
    (real.table(log) as unknown as { orderby(k: unknown): ArqueroDouble }).orderby(real.desc('amount')),
    arqueroTable(log).orderby('amount', 'desc'),
  ],
  'filtered then ordered': (real) => [
    (real.table(log).filter(((d: { amount: number }) => d.amount >= 20) as never) as unknown as { orderby(k: unknown): ArqueroDouble }).orderby('date'),
    arqueroTable(log)
      .filter((d) => (d.amount as number) >= 20)
      .orderby('date'),
  ],
  'ordered then sliced': (real) => [
    (real.table(log) as unknown as { orderby(k: unknown): ArqueroDouble }).orderby('amount').slice(1, 4),
    arqueroTable(log).orderby('amount').slice(1, 4),
  ],
  'typed column, filtered': (real) => [
    real.table({ spend: new Float64Array([3, 1, 4, 1.5]) }).filter(((d: { spend: number }) => d.spend > 1) as never),
    arqueroTable({ spend: new Float64Array([3, 1, 4, 1.5]) }).filter((d) => (d.spend as number) > 1),
  ],
  'fromArrow, filtered': (real) => [
    real.fromArrow(real.table(log).toArrowIPC()).filter(((d: { customer: string }) => d.customer !== 'c') as never),
    arqueroTable(Object.fromEntries(Object.entries(log).map(([k, v]) => [k, arrowBackedColumn(v)]))).filter((d) => d.customer !== 'c'),
  ],
};

const values = (column: unknown) => {
  const c = column as { toArray?: () => ArrayLike<unknown> } & ArrayLike<unknown>;
  return Array.from(typeof c.toArray === 'function' ? c.toArray() : c);
};

describe.skipIf(aq === null)('the Arquero double behaves as arquero itself', () => {
  describe.each(Object.keys(scenarios))('%s', (name) => {
    it('exposes the same rows, indices, backing columns and view flags', () => {
      const [real, double] = scenarios[name](aq as Aq);
      expect(double.columnNames()).toEqual(real.columnNames());
      expect([double.numRows(), double.isFiltered(), double.isOrdered()]).toEqual([real.numRows(), real.isFiltered(), real.isOrdered()]);
      expect(Array.from(double.indices())).toEqual(Array.from(real.indices()));
      for (const column of real.columnNames()) {
        expect(double.array(column)).toEqual(real.array(column));
        expect(values(double.column(column))).toEqual(values(real.column(column)));
        expect(Array.isArray(double.column(column))).toBe(Array.isArray(real.column(column)));
        expect(ArrayBuffer.isView(double.column(column))).toBe(ArrayBuffer.isView(real.column(column)));
      }
    });

    it('is read by the library to the same columns and results', () => {
      const [real, double] = scenarios[name](aq as Aq);
      const names = real.columnNames();
      expect(
        json(
          toColumns(
            real as never,
            names.filter((n) => n === 'amount' || n === 'spend'),
          ).columns,
        ),
      ).toBe(
        json(
          toColumns(
            double as never,
            names.filter((n) => n === 'amount' || n === 'spend'),
          ).columns,
        ),
      );
      if (names.includes('customer')) expect(json(summarizeTransactions(real as never, spec))).toBe(json(summarizeTransactions(double as never, spec)));
    });
  });
});
