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
    // a record's key its key schema refuses (a construct name, a question name) is named at the
    // record, with what the key schema says and the key itself (zod's text: "Invalid key in record")
    const key = issue.code === 'invalid_key';
    const path = (key ? issue.path.slice(0, -1) : issue.path).map(String).join('.');
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
    const inner = key ? (issue as { issues?: readonly z.core.$ZodIssue[] }).issues?.[0] : undefined;
    return {
      function: fn,
      path: at,
      expected: expectedText((inner ?? issue).message),
      received: describeValue(key ? issue.path[issue.path.length - 1] : valueAt(input, issue.path)),
    };
  });
  const problems = `${issues.length} problem${issues.length === 1 ? '' : 's'}`;
  // "the options have", "the spec.columns have"; "the spec has", "the options.threads has"
  const verb = PLURAL_NOUNS.has(what.slice(what.lastIndexOf('.') + 1)) ? 'have' : 'has';
  const summary = code === 'invalid_model' ? `${fn}: the model is not valid (${problems})` : `${fn}: the ${what} ${verb} ${problems}`;
  throw new CustomerValueError(code, summary, issues);
}

/** The nouns callers name what they parse with that take "have" (`what`'s last word). */
const PLURAL_NOUNS: ReadonlySet<string> = new Set(['options', 'arguments', 'items', 'statistics', 'columns', 'rules', 'rows', 'periods', 'names', 'labels']);

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
