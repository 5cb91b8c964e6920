import type * as z from 'zod';
import { en } from 'zod/locales';
import { safeParse } from 'zod/mini';
import { CustomerValueError, describeValue, type CustomerValueErrorCode, type CustomerValueIssue } from '../errors.js';

/** zod's English messages, passed to every parse: `expectedText` reads them (see below). */
const englishMessages = en().localeError;

/**
 * Validate a spec, options object or model JSON with zod at a public entry point, and turn
 * zod's issues into `CustomerValueError` issues naming the spec path (`path`, never `column`).
 * Takes a schema of zod's classic API or of `zod/mini` (a small metric's door, issue 21): both
 * parse with zod's core and the English messages given here, so their issues read the same.
 * (`zod/mini` loads no locale of its own, and a caller's `z.config` would otherwise change ours.)
 */
export function parseSpec<T extends z.core.$ZodType>(
  schema: T,
  input: unknown,
  fn: string,
  what = 'spec',
  code: CustomerValueErrorCode = 'invalid_spec',
): z.output<T> {
  const result = safeParse(schema, input, { error: englishMessages });
  if (result.success) return result.data;
  const issues: CustomerValueIssue[] = result.error.issues.map((issue) => {
    const path = issue.path.map(String).join('.');
    const at = path === '' ? what : `${what}.${path}`;
    if (issue.code === 'unrecognized_keys') {
      const keys = (issue as { keys: string[] }).keys;
      return {
        function: fn,
        path: at,
        expected: 'only known keys',
        received: keys.map((k) => JSON.stringify(k)).join(', '),
        hint: 'check the spelling against the documented spec',
      };
    }
    if (issue.code === 'invalid_key') {
      // a record's key its key schema refuses (a construct name, a question name): what the key
      // schema says, and the key itself (zod's own text is "Invalid key in record"); the path ends
      // with the key
      const inner = (issue as { issues?: readonly { message: string }[] }).issues?.[0];
      return {
        function: fn,
        path: at,
        expected: inner ? expectedText(inner.message) : 'a valid key',
        received: describeValue(issue.path[issue.path.length - 1]),
      };
    }
    const received = valueAt(input, issue.path);
    return { function: fn, path: at, expected: expectedText(issue.message), received: describeValue(received) };
  });
  const summary =
    code === 'invalid_model'
      ? `${fn}: the model is not valid (${issues.length} ${issues.length === 1 ? 'problem' : 'problems'})`
      : `${fn}: the ${what} ${pluralNoun(what) ? 'have' : 'has'} ${issues.length} ${issues.length === 1 ? 'problem' : 'problems'}`;
  throw new CustomerValueError(code, summary, issues);
}

/** Whether the last word of `what` is a plural noun ("options", "spec.columns", "arguments"; not "analysis"). */
function pluralNoun(what: string): boolean {
  const word = what.slice(what.lastIndexOf('.') + 1);
  return /s$/.test(word) && !/(is|ss)$/.test(word);
}

/** zod's "Invalid input: expected int, received number" → "int". */
function expectedText(message: string): string {
  const match = /expected (.*?)(?:, received .*)?$/.exec(message);
  const text = match ? match[1] : message;
  return text.charAt(0).toLowerCase() + text.slice(1);
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let current = input;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    if (!Object.prototype.hasOwnProperty.call(current, key)) return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}

/** Throw a one-issue `invalid_spec` error for a rule zod cannot express; `path` is the spec path, e.g. `"spec.observationEnd"`. */
export function specError(fn: string, path: string, expected: string, received?: string, hint?: string): CustomerValueError {
  return new CustomerValueError('invalid_spec', `${fn}: the spec has 1 problem`, [
    { function: fn, path, expected, ...(received !== undefined ? { received } : {}), ...(hint !== undefined ? { hint } : {}) },
  ]);
}
