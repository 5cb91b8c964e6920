import * as z from 'zod/mini';
import { ColumnReader, requireRows } from '../internal/columnReader.js';
import { assignQuadrants } from '../internal/assignQuadrants.js';
import { parseSpec } from '../internal/parseSpec.js';
import type { TableInput } from '../io/tableInput.js';
import { missingValuesMiniSchema, type MissingValues } from '../io/missingValues.js';

const FN = 'valueSatisfactionMap';

// zod/mini (issue 21): the same messages through parseSpec, without zod's classic API in the bundle
const cut = z.optional(z.number().check(z.refine(Number.isFinite)));
const specSchema = z.strictObject({
  value: z.string().check(z.minLength(1)),
  satisfaction: z.string().check(z.minLength(1)),
  cuts: z._default(z.strictObject({ value: cut, satisfaction: cut }), {}),
  missing: z._default(missingValuesMiniSchema, 'error'),
});

/** Spec for `valueSatisfactionMap`. */
export interface ValueSatisfactionMapSpec {
  /** Customer value column (CLV, value score...). */
  readonly value: string;
  /** Satisfaction column (index, CSAT...). */
  readonly satisfaction: string;
  /** "High" from this value on; each defaults to the median. */
  readonly cuts?: { readonly value?: number; readonly satisfaction?: number };
  readonly missing?: MissingValues;
}

/** Value × satisfaction quadrants, in the order service resources should go. */
/** A quadrant of the value × satisfaction map. */
export type ValueSatisfactionQuadrant = 'protect' | 'maintain' | 'develop' | 'reconsider';
export const VALUE_SATISFACTION_QUADRANTS: readonly ValueSatisfactionQuadrant[] = ['protect', 'maintain', 'develop', 'reconsider'];

/** Quadrant per customer, counts and the cuts used. */
export interface ValueSatisfactionMapResult {
  /** Index into `quadrants`; 255 for skipped rows. */
  readonly quadrant: Uint8Array;
  readonly quadrants: readonly ValueSatisfactionQuadrant[];
  readonly counts: Readonly<Record<ValueSatisfactionQuadrant, number>>;
  /** Total value held in each quadrant. */
  readonly value: Readonly<Record<ValueSatisfactionQuadrant, number>>;
  readonly cuts: { readonly value: number; readonly satisfaction: number };
  readonly n: number;
  readonly skipped: number;
}

/**
 * Where service resources go first: customers by value × satisfaction. **Protect** — high value,
 * low satisfaction: the valuable customers at risk, first in line; **maintain** — high value,
 * high satisfaction: keep doing what works; **develop** — low value, high satisfaction: happy
 * customers to grow; **reconsider** — low value, low satisfaction: review the cost to serve.
 * Cuts default to the medians.
 *
 * @throws {CustomerValueError} `invalid_spec`, `missing_column`, `invalid_value`, `too_few_rows`.
 * @example
 * const data = { clv: [900, 850, 40, 30], csat: [3, 9, 9, 2] };
 * const map = valueSatisfactionMap(data, { value: 'clv', satisfaction: 'csat', cuts: { value: 100, satisfaction: 7 } });
 * Array.from(map.quadrant, (q) => map.quadrants[q]); // => ['protect', 'maintain', 'develop', 'reconsider']
 */
export function valueSatisfactionMap(data: TableInput, spec: ValueSatisfactionMapSpec): ValueSatisfactionMapResult {
  const s = parseSpec(specSchema, spec, FN);
  const reader = new ColumnReader(data, FN, [s.value, s.satisfaction], s.missing);
  const value = reader.number(s.value, 'customer value');
  const satisfaction = reader.number(s.satisfaction, 'satisfaction');
  const { skipMask, skipped } = reader.finish();
  const rows = reader.rowCount;
  const n = rows - skipped;
  requireRows(FN, n, 1, 'customers');
  const median = (x: ArrayLike<number>) => {
    const kept = Float64Array.from({ length: rows }, (_, i) => x[i])
      .filter((_, i) => skipMask === null || skipMask[i] === 0)
      .sort();
    return kept.length % 2 ? kept[(kept.length - 1) / 2] : (kept[kept.length / 2 - 1] + kept[kept.length / 2]) / 2;
  };
  const cuts = { value: s.cuts.value ?? median(value), satisfaction: s.cuts.satisfaction ?? median(satisfaction) };
  // (valuable, satisfied) → maintain; (valuable, dissatisfied) → protect; (low value, satisfied) → develop; neither → reconsider
  const { quadrant, counts: tally, sums: held } = assignQuadrants(value, cuts.value, satisfaction, cuts.satisfaction, skipMask, [1, 0, 2, 3], value);
  const record = (values: number[]) =>
    Object.fromEntries(VALUE_SATISFACTION_QUADRANTS.map((name, q) => [name, values[q]])) as Record<ValueSatisfactionQuadrant, number>;
  return { quadrant, quadrants: VALUE_SATISFACTION_QUADRANTS, counts: record(tally), value: record(held), cuts, n, skipped };
}
