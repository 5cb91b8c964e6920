import { describe, expect, it } from 'vitest';
import { CustomerValueError } from '../../src/index.js';
import { contracts, nodeContracts, type Contract, contractFunction } from './registry.js';

// Every hint that suggests an option is accepted by the function that gave it (issue 15: before,
// fitSatisfactionIndex's missing-value hint said `missing: 'skip'`, an option it then refused).
// For every registry function taking a table, bad cells are put in the column it reads (a
// missing value, text, a negative number, NaN, a constant column); each hint of the error that
// suggests an option (`name: 'value'`, `name: true`, `name: 3`) is then tried: the function is
// called again with that option in its spec, and must not refuse the spec.

const fnOf = contractFunction;

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

const readers: [string, Contract][] = [...Object.entries(contracts), ...Object.entries(nodeContracts)].filter(
  ([, c]) => c.data !== undefined && c.column !== undefined,
);

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
          const repeated =
            retry instanceof CustomerValueError && retry.issues.some((i) => i.hint === issue.hint && i.column === issue.column && i.row === issue.row);
          expect(repeated, `${name}: ${option}: ${JSON.stringify(value)} did not answer "${issue.hint}"`).toBe(false);
        }
      }
    });
  });
});

// One word for missing values (issue 15): every function with a `missing` option (found by
// trying the option on the registry's valid call, not listed by hand) takes `'error' | 'skip'`,
// its missing-value hint says `missing: 'skip'`, and `'skip'` answers it; a function without
// the option never suggests one. The satisfaction functions also take `'listwise'`, the
// deprecated alias, with the same result as `'skip'`.
const MISSING_HINT = "missing: 'skip'";
const SATISFACTION_ALIAS = [
  'fitSatisfactionIndex',
  'scoreSatisfactionIndex',
  'cronbachAlpha',
  'kmo',
  'bartlettSphericity',
  'expectationGap',
  'importancePerformance',
  'overallMismatch',
  'fitPlsPathModel',
  'scorePlsPathModel',
];

function withOption(name: string, contract: Contract, data: unknown, missing: unknown): unknown[] {
  const args = contract.args();
  args[contract.data as number] = data;
  const at = contract.spec ?? args.length;
  args[at] = { ...(args[at] ?? {}), missing };
  return args;
}

describe('contract: one missing-value vocabulary, and its hint names it', () => {
  const takers: string[] = [];
  describe.each(readers)('%s', (name, contract) => {
    it("takes missing: 'error' | 'skip' (or no missing option), and its missing-value hint says so", async () => {
      const args = contract.args();
      const data = args[contract.data as number] as Record<string, ArrayLike<unknown>>;
      const column = contract.column as string;
      const bad = { ...data, [column]: Array.from(data[column]).map((x, i) => (i === 1 ? null : x)) };
      // the option exists when a wrong word is refused as a spec error naming it
      const wrong = await run(name, withOption(name, contract, data, 'drop'));
      const hasOption =
        wrong instanceof CustomerValueError && wrong.code === 'invalid_spec' && wrong.issues.some((i) => (i.path ?? i.column ?? '').endsWith('missing'));
      const refused = await run(
        name,
        args.map((a, i) => (i === contract.data ? bad : a)),
      );
      expect(refused === null || refused instanceof CustomerValueError, `${name}: ${String(refused)}`).toBe(true);
      const missingIssues = refused instanceof CustomerValueError ? refused.issues.filter((i) => i.expected === 'a value' && i.column === column) : [];
      if (hasOption) {
        takers.push(name);
        for (const word of ['error', 'skip']) {
          const accepted = await run(name, withOption(name, contract, data, word));
          expect(accepted, `${name}: missing: '${word}' on clean data`).toBeNull();
        }
        expect(missingIssues.length, `${name}: a null cell in "${column}" under the default missing: 'error'`).toBeGreaterThan(0);
        for (const issue of missingIssues) expect(issue.hint, name).toContain(MISSING_HINT);
        const skipped = await run(name, withOption(name, contract, bad, 'skip'));
        const again = skipped instanceof CustomerValueError ? skipped.issues.filter((i) => i.expected === 'a value' && i.column === column) : [];
        expect(again, `${name}: missing: 'skip' still refuses the null cell`).toEqual([]);
      } else {
        for (const issue of missingIssues) expect(issue.hint ?? '', `${name} has no missing option`).not.toMatch(/missing: '/);
      }
    });
  });

  it('finds the functions with a missing option, the satisfaction ones among them', () => {
    // filled by the tests above (vitest runs a file's tests in order)
    expect(takers.length).toBeGreaterThan(25);
    for (const name of SATISFACTION_ALIAS.filter((n) => n in contracts)) expect(takers, name).toContain(name);
  });

  it.each(SATISFACTION_ALIAS)("%s reads the deprecated missing: 'listwise' as 'skip'", async (name) => {
    const contract = contracts[name];
    const data = contract.args()[contract.data as number] as Record<string, ArrayLike<unknown>>;
    const column = contract.column as string;
    const bad = { ...data, [column]: Array.from(data[column]).map((x, i) => (i === 1 ? null : x)) };
    const call = (missing: string) => fnOf(name)(...withOption(name, contract, bad, missing));
    const skip = call('skip') as Record<string, unknown>;
    expect(JSON.stringify(call('listwise'))).toBe(JSON.stringify(skip));
    // a fitted model stores the canonical word
    if (name.startsWith('fit')) expect((skip.spec as { missing: string }).missing).toBe('skip');
  });
});
