import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { tableFromArrays } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { arqueroTable, arrowBackedColumn } from '../helpers/arqueroDouble.js';
import { contracts, entries, nodeContracts, type Contract, contractFunction } from './registry.js';

// Every kind of table the library accepts, read to the same result by every public function
// that takes a table (issue 14). The functions are the registry's contracts with a `data`
// argument plus the converters below; a guard reads the sources, so an export whose signature
// takes a `TableInput` and is covered by neither fails here. The kinds:
// - columns: the registry's own object of arrays;
// - rows: the same as an array of row objects;
// - typed arrays: every all-number column as Int32Array (whole numbers) or Float64Array;
// - Arrow table: built by apache-arrow's own tableFromArrays (strings as dictionaries);
// - an Arrow-like table with only getChild(name).toArray() and no numRows (the type allows it);
// - Arquero table, an Arquero view (the rows reversed with junk rows between, then filtered
//   and ordered back: the view must be read through its indices) and an Arquero table with
//   arrow-backed columns (at/toArray, no index access), all through the arquero test double.

type Columns = Record<string, ArrayLike<unknown>>;

const allNumbers = (v: ArrayLike<unknown>) => v.length > 0 && Array.from(v).every((x) => typeof x === 'number' && Number.isFinite(x));

const KINDS: Record<string, (columns: Columns) => unknown> = {
  columns: (c) => c,
  rows: (c) => {
    const names = Object.keys(c);
    const n = c[names[0]].length;
    return Array.from({ length: n }, (_, i) => Object.fromEntries(names.map((k) => [k, c[k][i]])));
  },
  'typed arrays': (c) =>
    Object.fromEntries(
      Object.entries(c).map(([k, v]) => [
        k,
        allNumbers(v)
          ? Array.from(v as ArrayLike<number>).every((x) => Number.isInteger(x) && Math.abs(x) < 2 ** 31)
            ? Int32Array.from(v as ArrayLike<number>)
            : Float64Array.from(v as ArrayLike<number>)
          : v,
      ]),
    ),
  'Arrow table': (c) =>
    tableFromArrays(
      Object.fromEntries(Object.entries(c).map(([k, v]) => [k, allNumbers(v) ? Float64Array.from(v as ArrayLike<number>) : Array.from(v)])) as never,
    ),
  // an Arrow-like table without numRows (the type allows it): the row count comes from its columns
  'Arrow-like table without numRows': (c) => ({
    getChild: (name: string) => (Object.prototype.hasOwnProperty.call(c, name) ? { toArray: () => c[name] } : null),
  }),
  'Arquero table': (c) => arqueroTable(c),
  'Arquero filtered and ordered view': (c) => {
    const names = Object.keys(c);
    const n = c[names[0]].length;
    const backing: Record<string, unknown[]> = Object.fromEntries([...names, '__order', '__keep'].map((k) => [k, []]));
    for (let i = n - 1; i >= 0; i--) {
      for (const k of names) backing[k].push(c[k][i]);
      backing.__order.push(i);
      backing.__keep.push(1);
      if (i % 3 === 0) {
        // a junk row (a copy of a neighbour, so every column keeps its type) the filter drops
        for (const k of names) backing[k].push(c[k][(i + 1) % n]);
        backing.__order.push(-1);
        backing.__keep.push(0);
      }
    }
    return arqueroTable(backing)
      .filter((d) => d.__keep === 1)
      .orderby('__order');
  },
  'Arquero arrow-backed columns': (c) => arqueroTable(Object.fromEntries(Object.entries(c).map(([k, v]) => [k, arrowBackedColumn(v)]))),
};

const json = (value: unknown) =>
  JSON.stringify(value, (_k, v) => (ArrayBuffer.isView(v) ? Array.from(v as unknown as ArrayLike<number>) : typeof v === 'bigint' ? `${v}n` : v));

const call = async (name: string, args: unknown[]) => {
  return await contractFunction(name)(...args);
};

/** The table-taking functions: the registry's data contracts (root and node entries). */
const readers: [string, Contract][] = [...Object.entries(contracts), ...Object.entries(nodeContracts)].filter(([, c]) => c.data !== undefined);

/** Functions that take any table and give its columns back in another form: compared column by column. */
const converters: Record<string, { columns: Columns; read: (result: unknown, name: string) => unknown[] }> = {
  toArrowTable: {
    columns: { customer: ['007', 'b', 'c', 'd'], spend: [1.5, 2, 0, 4], visits: [3, 1, 2, 5] },
    read: (table, name) => Array.from((table as { getChild(n: string): { toArray(): ArrayLike<unknown> } }).getChild(name).toArray()),
  },
  shareColumns: {
    columns: { customer: ['007', 'b', 'c', 'd'], spend: [1.5, 2, 0, 4], visits: [3, 1, 2, 5] },
    read: (shared, name) => Array.from((shared as Columns)[name]),
  },
};
const converterFn = (name: string) =>
  ((entries.arrow as Record<string, unknown>)[name] ?? (entries.node as Record<string, unknown>)[name]) as (t: unknown) => unknown;

describe('contract: every table kind reads to the same result in every function taking a table', () => {
  it('covers every export whose signature takes a table (read from the sources)', () => {
    const SRC = join(__dirname, '../../src');
    const files = (dir: string): string[] =>
      readdirSync(dir).flatMap((e) => (statSync(join(dir, e)).isDirectory() ? files(join(dir, e)) : e.endsWith('.ts') ? [join(dir, e)] : []));
    const exported = new Set([
      ...Object.keys(entries.root),
      ...Object.keys(entries.clv),
      ...Object.keys(entries.pls),
      ...Object.keys(entries.warehouse),
      ...Object.keys(entries.node),
      ...Object.keys(entries.arrow),
      ...Object.keys(entries.report),
    ]);
    const takingTables = new Set<string>();
    for (const file of files(SRC)) {
      for (const m of readFileSync(file, 'utf8').matchAll(/export (?:async )?function (\w+)(?:<[^>]*>)?\(([^)]*)\)/g)) {
        if (exported.has(m[1]) && /\b(TableInput|ArrowColumnsInput)\b/.test(m[2])) takingTables.add(m[1]);
      }
    }
    const covered = new Set([...readers.map(([name]) => name.replace('@node', '')), ...Object.keys(converters)]);
    expect([...takingTables].filter((name) => !covered.has(name)).sort()).toEqual([]);
    expect(takingTables.size).toBeGreaterThan(30);
  });

  describe.each(readers.map(([name, c]) => [name, c] as const))('%s', (name, contract) => {
    const expected = (async () => json(await call(name, contract.args())))();
    it.each(Object.keys(KINDS).filter((k) => k !== 'columns'))('reads %s as the columns', async (kind) => {
      const args = contract.args();
      args[contract.data as number] = KINDS[kind](args[contract.data as number] as Columns);
      expect(json(await call(name, args))).toBe(await expected);
    });
  });

  // tables inside a spec (customerLifetimeValue's `customers`...): any spec property that is an
  // object of equally long arrays is a table, read like the data argument
  const isColumns = (v: unknown) => {
    if (v === null || typeof v !== 'object' || Array.isArray(v) || ArrayBuffer.isView(v)) return false;
    const columns = Object.values(v);
    return (
      columns.length > 0 &&
      columns.every((c) => (Array.isArray(c) || ArrayBuffer.isView(c)) && (c as ArrayLike<unknown>).length === (columns[0] as ArrayLike<unknown>).length)
    );
  };
  const nested = [...Object.entries(contracts), ...Object.entries(nodeContracts)].flatMap(([name, c]) => {
    if (c.spec === undefined) return [];
    const spec = c.args()[c.spec] as Record<string, unknown> | undefined;
    if (spec === null || typeof spec !== 'object') return [];
    return Object.keys(spec)
      .filter((key) => isColumns(spec[key]))
      .map((key) => [`${name} (spec.${key})`, name, c, key] as const);
  });
  it('finds the tables inside specs', () => {
    expect(nested.map(([label]) => label)).toContain('customerLifetimeValue (spec.customers)');
  });
  describe.each(nested.map(([label, name, c, key]) => [label, name, c, key]))('%s', (_label, name, contract, key) => {
    const expected = (async () => json(await call(name, contract.args())))();
    it.each(Object.keys(KINDS).filter((k) => k !== 'columns'))('reads %s as the columns', async (kind) => {
      const c = contract;
      const args = c.args();
      const spec = args[c.spec as number] as Record<string, unknown>;
      args[c.spec as number] = { ...spec, [key]: KINDS[kind](spec[key] as Columns) };
      expect(json(await call(name, args))).toBe(await expected);
    });
  });

  describe.each(Object.keys(converters))('%s', (name) => {
    const { columns, read } = converters[name];
    const reference = converterFn(name)(columns);
    // a converter reads every column: an Arrow-like table without numRows or schema cannot list them, and is refused
    it('refuses an Arrow-like table without numRows or schema (its columns cannot be listed)', () => {
      expect(() => converterFn(name)(KINDS['Arrow-like table without numRows'](columns))).toThrow(/no numRows and no schema\.fields/);
    });
    it.each(Object.keys(KINDS).filter((k) => k !== 'columns' && k !== 'Arrow-like table without numRows'))('gives %s the same columns', (kind) => {
      const result = converterFn(name)(KINDS[kind](columns));
      for (const column of Object.keys(columns)) expect(read(result, column), column).toEqual(read(reference, column));
    });
  });
});
