import { describe, expect, it } from 'vitest';
import { CustomerValueError, parseModel } from '../../src/index.js';
import { asyncContracts, contractFunction, contracts, modelCases, nodeContracts } from './registry.js';

// Every function that takes a fitted model scores it as its schema parses it, never as given: a
// saved model that leaves out a field the schema fills with a default (a spec without its
// `missing` policy or `columns`, written by hand or by an older release) must behave exactly as
// the same model loaded with parseModel, and a model missing a required field must be refused
// with a CustomerValueError, never a TypeError from deep inside the arithmetic.
//
// The functions are found, not listed: every contract of the registry whose valid call holds a
// model of `modelCases` (as an argument or one level down, e.g. { purchaseModel }) is called with
// each key of that model deleted in turn, against the same call with parseModel's reading. Where
// parseModel refuses the model, a function may still take it if it does not read that field (a
// chart takes any object with the fields it draws; a covariate prediction takes a model written
// from published parameters, without standard errors or fit diagnostics): then its result must
// be exactly that of the whole model (for a function that returns the model, clvModelAtDraw, that
// result without the field).

type Outcome = { threw: false; value: unknown } | { threw: true; error: unknown };

/** Every key path of a JSON value: object keys recursively, arrays through their first element. */
function keyPaths(value: unknown, prefix: string[] = []): string[][] {
  if (Array.isArray(value)) return value.length > 0 ? keyPaths(value[0], [...prefix, '0']) : [];
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, v]) => [[...prefix, key], ...keyPaths(v, [...prefix, key])]);
}

/** A JSON copy of `model` without the key at `path`. */
function without(model: unknown, path: string[]): unknown {
  const copy = JSON.parse(JSON.stringify(model));
  let node = copy;
  for (const key of path.slice(0, -1)) node = node[key];
  delete node[path[path.length - 1]];
  return copy;
}

/** True when `value` is an object with a `kind` holding the key at `path` (a model returned by the function). */
function isModelShaped(value: unknown, path: string[]): boolean {
  let node = value as Record<string, unknown> | undefined;
  if (node === null || typeof node !== 'object' || typeof node.kind !== 'string') return false;
  for (const key of path) {
    if (node === null || typeof node !== 'object' || !(key in node)) return false;
    node = node[key] as Record<string, unknown>;
  }
  return true;
}

/** A copy of `value` without the key at `path`. */
function withoutKey(value: unknown, path: string[]): unknown {
  const copy = structuredClone(value) as Record<string, unknown>;
  let node = copy;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string, unknown>;
  delete node[path[path.length - 1]];
  return copy;
}

/** `args` with every occurrence of `target` (as an argument, or a field of an object argument) replaced by `by`. */
function substitute(args: unknown[], target: unknown, by: unknown): { args: unknown[]; found: boolean } {
  let found = false;
  const swapped = args.map((arg) => {
    if (arg === target) {
      found = true;
      return by;
    }
    if (arg !== null && typeof arg === 'object' && !Array.isArray(arg) && Object.getPrototypeOf(arg) === Object.prototype) {
      const entries = Object.entries(arg).map(([k, v]) => {
        if (v !== target) return [k, v];
        found = true;
        return [k, by];
      });
      return Object.fromEntries(entries);
    }
    return arg;
  });
  return { args: swapped, found };
}

/** A comparable form of a result: typed arrays as arrays, functions called with 0 when they take a customer index. */
function comparable(value: unknown, depth = 0): unknown {
  if (depth > 8) return value;
  if (ArrayBuffer.isView(value)) return Array.from(value as unknown as ArrayLike<number>);
  if (typeof value === 'function') return `[function ${value.length}]`;
  if (Array.isArray(value)) return value.map((v) => comparable(v, depth + 1));
  if (value instanceof Map) return [...value.entries()].map(([k, v]) => [k, comparable(v, depth + 1)]);
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, comparable(v, depth + 1)]));
  return value;
}

async function outcome(call: () => unknown): Promise<Outcome> {
  try {
    return { threw: false, value: comparable(await call()) };
  } catch (error) {
    return { threw: true, error };
  }
}

const describeError = (error: unknown) =>
  error instanceof CustomerValueError
    ? { code: error.code, message: error.message, issues: error.issues }
    : `${(error as Error)?.name}: ${(error as Error)?.message}`;

const allContracts = { ...contracts, ...asyncContracts, ...nodeContracts };

describe.each(Object.entries(modelCases))('%s: a model as parsed, never as given', (kind, { model, score }) => {
  const callers: [string, { fn: (...args: unknown[]) => unknown; args: () => unknown[] }][] = [
    [`the model case's scorer`, { fn: (m) => score(m as never), args: () => [model] }],
    ...Object.entries(allContracts)
      .filter(([, contract]) => substitute(contract.args(), model, null).found)
      .map(
        ([name, contract]) =>
          [name, { fn: contractFunction(name), args: contract.args }] as [string, { fn: (...args: unknown[]) => unknown; args: () => unknown[] }],
      ),
  ];
  const paths = keyPaths(JSON.parse(JSON.stringify(model)));

  it.each(callers.map(([name]) => name))('%s', async (name) => {
    const contract = Object.fromEntries(callers)[name];
    const fn = contract.fn;
    const whole = await outcome(() => fn(...contract.args()));
    expect(whole.threw ? describeError((whole as { error: unknown }).error) : 'no error', `${name} on the whole ${kind} model`).toBe('no error');
    for (const path of paths) {
      const given = without(model, path);
      let loaded: unknown;
      try {
        loaded = parseModel(given);
      } catch (error) {
        expect(error, `parseModel without ${path.join('.')}`).toBeInstanceOf(CustomerValueError);
      }
      const asGiven = await outcome(() => fn(...substitute(contract.args(), model, given).args));
      const at = `${name} with ${kind} model without ${path.join('.')}`;
      if (loaded === undefined) {
        // parseModel refuses it: so does the function, with our error, or it does not read that
        // field and answers exactly as with the whole model
        if (asGiven.threw) {
          const error = (asGiven as { error: unknown }).error;
          expect(error instanceof CustomerValueError, `${at}: ${describeError(error)}`).toBe(true);
        } else {
          // a function that returns the model (clvModelAtDraw) passes the unread field through absent
          const value = (whole as { value: unknown }).value;
          const expected = isModelShaped(value, path) ? withoutKey(value, path) : value;
          expect((asGiven as { value: unknown }).value, `${at}: accepted a model parseModel refuses, with another result`).toEqual(expected);
        }
        continue;
      }
      const asLoaded = await outcome(() => fn(...substitute(contract.args(), model, loaded).args));
      if (asLoaded.threw || asGiven.threw) {
        expect(asGiven.threw && describeError((asGiven as { error: unknown }).error), `${at}: as given`).toEqual(
          asLoaded.threw && describeError((asLoaded as { error: unknown }).error),
        );
      } else {
        expect((asGiven as { value: unknown }).value, at).toEqual((asLoaded as { value: unknown }).value);
      }
    }
  });
});
