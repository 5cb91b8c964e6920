import { describe, expect, it } from 'vitest';
import { CustomerValueError } from '../../src/index.js';
import { asyncContracts, contracts, entries, nodeContracts, pending, contractFunction } from './registry.js';

// The common contract every public function keeps (issue 9): bad data shapes, bad specs and
// garbage arguments are answered by a CustomerValueError that names what is wrong — never a raw
// TypeError, never a silent NaN — and rows with __proto__ / constructor keys never pollute a
// prototype. Exports are enumerated, so a new function is covered, or listed as pending, or this
// suite fails.

// the runtime-neutral entries: the root and those split out of it (issue 21)
const neutral = { ...entries.root, ...entries.clv, ...entries.pls, ...entries.warehouse };
const exported = [
  ...Object.keys(neutral),
  ...Object.keys(entries.node).map((name) => (name in neutral ? `${name}@node` : name)),
  ...Object.keys(entries.charts),
  ...Object.keys(entries.arrow),
  ...Object.keys(entries.report),
  ...Object.keys(entries.duckdb),
  ...Object.keys(entries.postgres),
];
const fn = contractFunction;

/** Call and classify: 'ok', 'cve' (a CustomerValueError with issues naming something), or the unexpected error. */
function outcome(name: string, args: unknown[]): { kind: 'ok' | 'cve' | 'other'; error?: unknown } {
  try {
    fn(name)(...args);
    return { kind: 'ok' };
  } catch (error) {
    if (error instanceof CustomerValueError && error.message.length > 0) return { kind: 'cve', error };
    return { kind: 'other', error };
  }
}

const firstNumericColumn = (data: Record<string, unknown>) =>
  Object.keys(data).find((k) => {
    const v = data[k] as ArrayLike<unknown>;
    return v && typeof v === 'object' && 'length' in v && v.length > 0 && typeof v[0] === 'number';
  });

const DATA_ATTACKS: [string, (data: Record<string, unknown[]>, column: string) => unknown][] = [
  ['undefined', () => undefined],
  ['null', () => null],
  ['a number', () => 42],
  ['a string', () => 'customers.csv'],
  ['rows that are not objects', () => [1, 2, 3]],
  ['a column that is not an array', (d, k) => ({ ...d, [k]: 'abc' })],
  ['ragged columns', (d, k) => ({ ...d, [k]: Array.from(d[k]).slice(1) })],
  ['numbers as strings', (d, k) => ({ ...d, [k]: Array.from(d[k]).map((v) => (typeof v === 'number' ? String(v) : `x${String(v)}`)) })],
  ['NaN in a column', (d, k) => ({ ...d, [k]: Array.from(d[k]).map((v, i) => (i === 1 ? Number.NaN : v)) })],
  ['Infinity in a column', (d, k) => ({ ...d, [k]: Array.from(d[k]).map((v, i) => (i === 1 ? Number.POSITIVE_INFINITY : v)) })],
];

const GARBAGE: [string, unknown][] = [
  ['undefined', undefined],
  ['null', null],
  ['a string', 'nonsense'],
  ['NaN', Number.NaN],
  ['a function', () => 1],
];

const tried = { calls: 0 };

describe('contract: every public export is covered or listed as pending', () => {
  it('has a contract or a pending reason for each export', () => {
    const uncovered = exported.filter((name) => !(name in contracts) && !(name in nodeContracts) && !(name in asyncContracts) && !(name in pending));
    expect(uncovered).toEqual([]);
  });
});

describe.each(Object.entries(contracts))('contract: %s', (name, contract) => {
  it('accepts its valid call', () => {
    expect(outcome(name, contract.args()).kind).toBe('ok');
  });

  if (contract.data !== undefined) {
    const at = contract.data;
    it.each(DATA_ATTACKS)('answers %s in its data with a CustomerValueError', (_label, attack) => {
      const args = contract.args();
      const data = args[at] as Record<string, unknown[]>;
      args[at] = attack(data, contract.column ?? (firstNumericColumn(data) as string));
      tried.calls++;
      const result = outcome(name, args);
      expect(result.kind, `${name}: ${String((result.error as Error)?.stack ?? 'returned normally')}`).toBe('cve');
    });

    // the rows are built from an object of columns: a contract whose data is rows or an Arrow table is skipped (shown as skipped)
    const given = contract.args()[at];
    const ofColumns = !Array.isArray(given) && typeof (given as { getChild?: unknown }).getChild !== 'function';
    it.skipIf(!ofColumns)('reads rows with __proto__ and constructor keys without polluting a prototype', () => {
      const args = contract.args();
      const columns = args[at] as Record<string, ArrayLike<unknown>>;
      const names = Object.keys(columns);
      const n = columns[names[0]].length;
      args[at] = Array.from({ length: n }, (_, i) => {
        const row = JSON.parse('{"__proto__": {"polluted": true}, "constructor": {"prototype": {"polluted": true}}}');
        for (const k of names) row[k] = columns[k][i];
        return row;
      });
      tried.calls++;
      const result = outcome(name, args);
      // the extra keys are not columns the function reads: the call reads the same rows and succeeds
      expect(result.kind, `${name}: ${String((result.error as Error)?.stack ?? '')}`).toBe('ok');
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      expect((Object.prototype as Record<string, unknown>).polluted).toBeUndefined();
    });
  }

  if (contract.spec !== undefined) {
    const at = contract.spec;
    it('rejects an unknown spec key, naming it', () => {
      const args = contract.args();
      args[at] = { ...(args[at] as object), bogusKey: 1 };
      tried.calls++;
      const result = outcome(name, args);
      expect(result.kind, `${name}: ${String((result.error as Error)?.stack ?? 'returned normally')}`).toBe('cve');
      expect((result.error as Error).message).toContain('bogusKey');
    });
  }

  // a spec argument given as an object with fields (not {} or a string such as a construct name) has fields to attack
  const givenSpec = contract.spec === undefined ? undefined : contract.args()[contract.spec];
  if (givenSpec !== null && typeof givenSpec === 'object' && Object.keys(givenSpec).length > 0) {
    it('answers garbage in each spec field with a CustomerValueError naming the field', () => {
      const at = contract.spec!;
      const spec = contract.args()[at] as object;
      for (const key of Object.keys(spec)) {
        for (const value of [() => 1, Symbol('x'), { nested: { deeper: true } }]) {
          const args = contract.args();
          args[at] = { ...(args[at] as object), [key]: value };
          tried.calls++;
          const result = outcome(name, args);
          expect(result.kind, `${name}: spec.${key} = ${String(value)}: ${String((result.error as Error)?.stack ?? 'returned normally')}`).toBe('cve');
        }
      }
    });
  }

  it.each(GARBAGE)('answers %s in place of each argument with a CustomerValueError', (_label, value) => {
    const n = contract.args().length;
    for (let k = 0; k < n; k++) {
      const args = contract.args();
      if (typeof value === 'string' && typeof args[k] === 'string') continue; // a string is no garbage where a string belongs
      // an optional trailing options object may be omitted: undefined there is a valid call
      if (value === undefined && k === n - 1 && k === contract.spec && outcome(name, args.slice(0, k)).kind === 'ok') continue;
      args[k] = value;
      tried.calls++;
      const result = outcome(name, args);
      expect(result.kind, `${name} argument ${k} = ${_label}: ${String((result.error as Error)?.stack ?? 'returned normally')}`).toBe('cve');
    }
  });
});

/** Call, await, and drain: the node entry's functions (and the engine adapters) are async or return async iterables. */
async function outcomeAsync(name: string, args: unknown[]): Promise<{ kind: 'ok' | 'cve' | 'other'; error?: unknown }> {
  const f = ((entries.node as Record<string, unknown>)[name.replace('@node', '')] ?? contractFunction(name)) as (...a: unknown[]) => unknown;
  try {
    const result = await f(...args);
    if (result && typeof (result as AsyncIterable<unknown>)[Symbol.asyncIterator] === 'function') for await (const _ of result as AsyncIterable<unknown>);
    return { kind: 'ok' };
  } catch (error) {
    if (error instanceof CustomerValueError && error.message.length > 0) return { kind: 'cve', error };
    return { kind: 'other', error };
  }
}

describe.each([...Object.entries(nodeContracts), ...Object.entries(asyncContracts)])('contract (node entry and async functions): %s', (name, contract) => {
  it('accepts its valid call', async () => {
    const result = await outcomeAsync(name, contract.args());
    expect(result.kind, String((result.error as Error)?.stack)).toBe('ok');
  });

  if (contract.spec !== undefined) {
    it('rejects an unknown option key, naming it', async () => {
      const args = contract.args();
      args[contract.spec!] = { ...(args[contract.spec!] as object), bogusKey: 1 };
      const result = await outcomeAsync(name, args);
      expect(result.kind, `${name}: ${String((result.error as Error)?.stack ?? 'returned normally')}`).toBe('cve');
      expect((result.error as Error).message).toContain('bogusKey');
    });
  }

  it.each(GARBAGE)('answers %s in place of each argument with a CustomerValueError', async (_label, value) => {
    const n = contract.args().length;
    for (let k = 0; k < n; k++) {
      const args = contract.args();
      if (value === undefined && args[k] === undefined) continue;
      if (typeof value === 'string' && (typeof args[k] === 'string' || contract.paths?.includes(k))) continue; // a string is a file path there
      if (value === undefined && k === n - 1 && k === contract.spec && (await outcomeAsync(name, args.slice(0, k))).kind === 'ok') continue;
      args[k] = value;
      const result = await outcomeAsync(name, args);
      expect(result.kind, `${name} argument ${k} = ${_label}: ${String((result.error as Error)?.stack ?? 'returned normally')}`).toBe('cve');
    }
  });
});
