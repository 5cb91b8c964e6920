import * as z from 'zod/mini';
import { CustomerValueError } from '../../errors.js';
import { IssueList } from '../../internal/issueList.js';
import { parseSpec } from '../../internal/parseSpec.js';
import { scaleSchema } from '../surveyItems.js';
import { missingAnswersSchema, type MissingAnswers } from '../../io/missingValues.js';

/** A construct's measurement: its items and how its weights are estimated. */
export interface PlsConstructSpec {
  readonly items: readonly string[];
  /** `'A'` (reflective: weights from item–proxy covariances, the default) or `'B'` (formative: regression weights). */
  readonly mode?: 'A' | 'B';
}

/** What `fitPlsPathModel` estimates. */
export interface PlsPathModelSpec {
  /** Constructs by name, each with its items (every item in one construct only). */
  readonly constructs: Readonly<Record<string, PlsConstructSpec>>;
  /** Structural paths `[from, to]`; the model must be recursive (no cycles). */
  readonly paths: readonly (readonly [string, string])[];
  /** Inner weighting scheme (default `'path'`, as seminr). */
  readonly scheme?: 'path' | 'centroid' | 'factorial';
  /** Iteration cap (default 300). */
  readonly maxIter?: number;
  /** Stop when the summed absolute change of the outer weights is below this (default 1e-7). */
  readonly tolerance?: number;
  /** Missing answers: `'error'` (default) or drop the respondent (`'skip'`, counted); `'listwise'` is a deprecated alias of `'skip'`. */
  readonly missing?: MissingAnswers;
  /** The answer scale `[min, max]`: answers outside it are errors; 0–100 indices use it. */
  readonly scale?: readonly [number, number];
}

const NAME = /^[A-Za-z_][A-Za-z0-9_ .-]*$/;

// zod/mini (issue 21): fitPlsPathModel with scorePlsPathModel bundles without zod's classic API;
// the refusals read as before (test/satisfaction/plsDoorIssues.test.ts).
export const plsSpecSchema = z.strictObject({
  constructs: z.record(
    z.string().check(z.regex(NAME, 'a construct name of letters, digits, spaces, _ . -')),
    z.strictObject({
      items: z.array(z.string().check(z.minLength(1))).check(
        z.minLength(1),
        z.refine((items) => new Set(items).size === items.length, 'distinct items'),
      ),
      mode: z._default(z.enum(['A', 'B']), 'A'),
    }),
  ),
  paths: z.array(z.tuple([z.string(), z.string()])).check(z.minLength(1)),
  scheme: z._default(z.enum(['path', 'centroid', 'factorial']), 'path'),
  maxIter: z._default(z.int().check(z.gte(1), z.lte(100_000)), 300),
  tolerance: z._default(z.number().check(z.positive(), z.lte(1)), 1e-7),
  missing: z._default(missingAnswersSchema, 'error'),
  scale: z.optional(scaleSchema),
});

export type ParsedPlsSpec = z.output<typeof plsSpecSchema>;

/**
 * Parse and check a PLS path model spec: known keys and types (zod), then the structure — at
 * least two constructs, every item in one construct only, paths between known constructs
 * without self-loops or duplicates, every construct on some path, and no cycle.
 */
export function parsePlsSpec(spec: unknown, fn: string): ParsedPlsSpec {
  const s = parseSpec(plsSpecSchema, spec, fn, 'spec');
  const names = Object.keys(s.constructs);
  const issues = new IssueList();
  if (names.length < 2) issues.add({ function: fn, path: 'spec.constructs', expected: 'at least two constructs', received: `${names.length}` });
  const owner = new Map<string, string>();
  for (const name of names) {
    for (const item of s.constructs[name].items) {
      const other = owner.get(item);
      if (other !== undefined)
        issues.add({
          function: fn,
          path: `spec.constructs.${name}.items`,
          expected: 'each item in one construct only',
          received: `"${item}" also in "${other}"`,
        });
      owner.set(item, name);
    }
  }
  const seen = new Set<string>();
  s.paths.forEach(([from, to], k) => {
    for (const end of [from, to]) {
      if (!names.includes(end))
        issues.add({
          function: fn,
          path: `spec.paths.${k}`,
          expected: `a construct named in spec.constructs (${names.join(', ')})`,
          received: JSON.stringify(end),
        });
    }
    if (from === to)
      issues.add({ function: fn, path: `spec.paths.${k}`, expected: 'a path between two different constructs', received: `"${from}" → "${to}"` });
    const key = `${from}\u0000${to}`;
    if (seen.has(key)) issues.add({ function: fn, path: `spec.paths.${k}`, expected: 'each path once', received: `"${from}" → "${to}" again` });
    seen.add(key);
  });
  for (const name of names) {
    if (!s.paths.some(([from, to]) => from === name || to === name)) {
      issues.add({
        function: fn,
        path: `spec.constructs.${name}`,
        expected: 'a construct on at least one path',
        received: 'a construct on no path',
        hint: 'remove it or add its paths',
      });
    }
  }
  issues.throwIfAny('invalid_spec', fn);
  const cycle = findCycle(names, s.paths);
  if (cycle !== null) {
    throw new CustomerValueError('invalid_spec', `${fn}: the structural model has a cycle`, [
      { function: fn, path: 'spec.paths', expected: 'a recursive model (no construct reachable from itself)', received: cycle.join(' → ') },
    ]);
  }
  return s;
}

function findCycle(names: readonly string[], paths: readonly (readonly [string, string])[]): string[] | null {
  const state = new Map<string, 0 | 1 | 2>(names.map((n) => [n, 0]));
  const stack: string[] = [];
  const visit = (node: string): string[] | null => {
    state.set(node, 1);
    stack.push(node);
    for (const [from, to] of paths) {
      if (from !== node) continue;
      if (state.get(to) === 1) return [...stack.slice(stack.indexOf(to)), to];
      if (state.get(to) === 0) {
        const found = visit(to);
        if (found) return found;
      }
    }
    stack.pop();
    state.set(node, 2);
    return null;
  };
  for (const name of names) {
    if (state.get(name) === 0) {
      const found = visit(name);
      if (found) return found;
    }
  }
  return null;
}
