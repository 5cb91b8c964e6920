import * as z from 'zod/mini';
import { retentionSchema } from './componentWeights.js';
import { itemListSchema, scaleSchema } from './surveyItems.js';
import { missingAnswersSchema, type MissingAnswers } from '../io/missingValues.js';

// zod/mini (issue 21): fitSatisfactionIndex's browser bundle holds no part of zod's classic API;
// the refusals read as before (test/satisfaction/surveyDoorIssues.test.ts).

const nonEmpty = () => z.string().check(z.minLength(1));
const dimensionListSchema = z.array(z.strictObject({ name: nonEmpty(), items: z.array(nonEmpty()).check(z.minLength(1)) })).check(z.minLength(2));

/** `{ name: items[] }` read by own keys only (a `__proto__` key is a dimension name, nothing more). */
const dimensionRecordSchema = z.custom<Record<string, string[]>>(
  (value) =>
    value !== null &&
    typeof value === 'object' &&
    !Array.isArray(value) &&
    Object.keys(value).length >= 2 &&
    Object.keys(value).every((key) => {
      const items = (value as Record<string, unknown>)[key];
      return key !== '' && Array.isArray(items) && items.length > 0 && items.every((item) => typeof item === 'string' && item !== '');
    }),
  'an object of at least 2 dimensions, each a non-empty list of item names',
);

const dimensionsSchema = z.pipe(
  z.union([dimensionListSchema, dimensionRecordSchema], { error: 'dimensions: a list of { name, items }, or an object of dimension name → items' }),
  z.transform((dimensions) => (Array.isArray(dimensions) ? dimensions : Object.keys(dimensions).map((name) => ({ name, items: [...dimensions[name]] })))),
);

export const satisfactionIndexSpecSchema = z
  .strictObject({
    items: z.optional(itemListSchema),
    dimensions: z.optional(dimensionsSchema),
    scale: scaleSchema,
    // a fresh default per parse: the parsed spec is kept in the model (model.spec)
    retention: z._default(retentionSchema, () => ({ rule: 'kaiser' as const })),
    rotation: z._default(z.enum(['none', 'varimax']), 'none'),
    missing: z._default(missingAnswersSchema, 'error'),
  })
  .check(
    z.superRefine((spec, ctx) => {
      if ((spec.items === undefined) === (spec.dimensions === undefined)) {
        ctx.addIssue({ code: 'custom', path: ['items'], message: 'either items or dimensions (not both)' });
      }
      if (spec.dimensions) {
        const all = spec.dimensions.flatMap((d) => d.items);
        if (new Set(all).size !== all.length) ctx.addIssue({ code: 'custom', path: ['dimensions'], message: 'each item in one dimension only' });
        const names = spec.dimensions.map((d) => d.name);
        if (new Set(names).size !== names.length) ctx.addIssue({ code: 'custom', path: ['dimensions'], message: 'distinct dimension names' });
      }
    }),
  );

/** Spec for `fitSatisfactionIndex`. */
export interface SatisfactionIndexSpec {
  /** Item columns of a one-level index (at least 2). Give `items` or `dimensions`. */
  readonly items?: readonly string[];
  /**
   * A three-level indicator system (index → dimensions → items): `{ quality: ['q1', 'q2'], value: ['v1', 'v2'] }`
   * or `[{ name, items }]`, at least 2 dimensions.
   */
  readonly dimensions?: Readonly<Record<string, readonly string[]>> | readonly { readonly name: string; readonly items: readonly string[] }[];
  /** Answer scale `[min, max]`, e.g. `[1, 10]`. Required: answers outside it are errors. */
  readonly scale: readonly [number, number];
  /** Components kept: eigenvalue > 1 (`kaiser`, default), a cumulative `variance` target (0–1], or a `fixed` k. */
  readonly retention?: { readonly rule: 'kaiser' } | { readonly rule: 'variance'; readonly target: number } | { readonly rule: 'fixed'; readonly k: number };
  /** `'none'` (default) or Kaiser-normalized `'varimax'`. */
  readonly rotation?: 'none' | 'varimax';
  /** Missing answers: `'error'` (default) or `'skip'` (respondent dropped, counted); `'listwise'` is a deprecated alias of `'skip'`. */
  readonly missing?: MissingAnswers;
}
