import { describe, expect, it } from 'vitest';
import { CustomerValueError } from '../../src/index.js';
import { contracts, entries, nodeContracts, type Contract } from './registry.js';

// Every hint that suggests an option is accepted by the function that gave it (issue 15: before,
// fitSatisfactionIndex's missing-value hint said `missing: 'skip'`, an option it then refused).
// For every registry function taking a table, bad cells are put in the column it reads (a
// missing value, text, a negative number, NaN, a constant column); each hint of the error that
// suggests an option (`name: 'value'`, `name: true`, `name: 3`) is then tried: the function is
// called again with that option in its spec, and must not refuse the spec.

const fnOf = (name: string) =>
  (name.endsWith('@node') ? (entries.node as Record<string, unknown>)[name.replace('@node', '')] : (entries.root as Record<string, unknown>)[name] ?? (entries.node as Record<string, unknown>)[name] ?? (entries.report as Record<string, unknown>)[name]) as (...a: unknown[]) => unknown;

async function run(name: string, args: unknown[]): Promise<unknown> {
  try {
    const result = await fnOf(name)(...args);
    if (result !== null && typeof result === 'object' && Symbol.asyncIterator in result) for await (const _ of result as AsyncIterable<unknown>);
    return null;
  } catch (error) {
    return error;
  }
}

const BAD_CELLS: [string, (values: unknown[]) => unknown[]][] = [
  ['a missing value', (v) => v.map((x, i) => (i === 1 ? null : x))],
  ['text', (v) => v.map((x, i) => (i === 1 ? 'abc' : x))],
  ['a negative number', (v) => v.map((x, i) => (i === 1 ? -5 : x))],
  ['NaN', (v) => v.map((x, i) => (i === 1 ? Number.NaN : x))],
  ['a constant column', (v) => v.map(() => v[0])],
  ['zeros', (v) => v.map(() => 0)],
];

/** `name: 'value'`, `name: "value"`, `name: true|false` or `name: 12` in a hint (name may be a path, `dimensions[0].scale`): an option to try. */
const SUGGESTION = /(?<![\w.\]])([a-zA-Z][\w.[\]]*): ('([^']*)'|"([^"]*)"|true|false|-?\d+(?:\.\d+)?)(?=[\s,;)]|$)/g;
function suggestions(hint: string): [string, unknown][] {
  return [...hint.matchAll(SUGGESTION)].map((m) => [m[1], m[3] ?? m[4] ?? JSON.parse(m[2])] as [string, unknown]);
}

/** `object` with `value` set at `path` (`a.b`, `a[0].b`), copying what it passes through. */
function setPath(object: Record<string, unknown>, path: string, value: unknown): Record<string, unknown> {
  const keys = path.replace(/\[(\d+)\]/g, '.$1').split('.');
  let at: Record<string, unknown> = object;
  for (const key of keys.slice(0, -1)) {
    const next = at[key];
    at[key] = Array.isArray(next) ? [...next] : { ...(next as object) };
    at = at[key] as Record<string, unknown>;
  }
  at[keys[keys.length - 1]] = value;
  return object;
}

const readers: [string, Contract][] = [...Object.entries(contracts), ...Object.entries(nodeContracts)].filter(([, c]) => c.data !== undefined && c.column !== undefined);

describe('contract: every hint suggesting an option names one the function accepts', () => {
  it('finds the table-taking functions and the missing-value hint', () => {
    expect(readers.length).toBeGreaterThan(30);
    expect(suggestions("pass missing: 'skip' to skip rows")).toEqual([['missing', 'skip']]);
  });

  describe.each(readers)('%s', (name, contract) => {
    it.each(BAD_CELLS.map(([label]) => label))('with %s, every suggested option is accepted', async (label) => {
      const attack = BAD_CELLS.find(([l]) => l === label)![1];
      const args = contract.args();
      const data = args[contract.data as number] as Record<string, ArrayLike<unknown>>;
      const column = contract.column as string;
      const bad = { ...data, [column]: attack(Array.from(data[column])) };
      args[contract.data as number] = bad;
      const error = await run(name, args);
      // accepted (null), or refused with a CustomerValueError: never a raw error
      expect(error === null || error instanceof CustomerValueError, `${name} with ${label}: ${String(error)}`).toBe(true);
      const issues = error instanceof CustomerValueError ? error.issues : [];
      for (const issue of issues) {
        for (const [option, value] of suggestions(issue.hint ?? '')) {
          // the options go in the spec argument, or (scorers) in a trailing options argument
          const again = contract.args();
          again[contract.data as number] = bad;
          const at = contract.spec ?? again.length;
          again[at] = setPath({ ...((again[at] as object | undefined) ?? {}) }, option, value);
          const retry = await run(name, again);
          const refusedSpec = retry instanceof CustomerValueError && retry.code === 'invalid_spec' ? retry.message : null;
          expect(refusedSpec, `${name}: its hint suggests ${option}: ${JSON.stringify(value)}`).toBeNull();
          // and the option answers the problem: the same hint does not come back for the same cell
          const repeated = retry instanceof CustomerValueError && retry.issues.some((i) => i.hint === issue.hint && i.column === issue.column && i.row === issue.row);
          expect(repeated, `${name}: ${option}: ${JSON.stringify(value)} did not answer "${issue.hint}"`).toBe(false);
        }
      }
    });
  });
});
