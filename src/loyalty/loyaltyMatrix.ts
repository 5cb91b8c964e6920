import * as z from 'zod/mini';
import { ColumnReader, requireRows } from '../internal/columnReader.js';
import { assignQuadrants } from '../internal/assignQuadrants.js';
import { parseSpec } from '../internal/parseSpec.js';
import type { TableInput } from '../io/tableInput.js';
import { missingValuesMiniSchema, type MissingValues } from '../io/missingValues.js';

const FN = 'loyaltyMatrix';

// zod/mini (issue 21): the same messages through parseSpec, without zod's classic API in the bundle
const finite = z.number().check(z.refine(Number.isFinite));
const specSchema = z.strictObject({
  satisfaction: z.string().check(z.minLength(1)),
  repurchase: z.string().check(z.minLength(1)),
  thresholds: z.strictObject({ satisfaction: finite, repurchase: finite }),
  missing: z._default(missingValuesMiniSchema, 'error'),
});

/** Spec for `loyaltyMatrix`. */
export interface LoyaltyMatrixSpec {
  /** Attitude: satisfaction (or intention) column. */
  readonly satisfaction: string;
  /** Behaviour: repurchase column (purchases, P(alive), retention flag...). */
  readonly repurchase: string;
  /** A customer is "high" on a dimension at or above its threshold. Required: the cut is a business decision. */
  readonly thresholds: { readonly satisfaction: number; readonly repurchase: number };
  readonly missing?: MissingValues;
}

/** The four loyalty quadrants (Dick & Basu 1994, after Jones & Sasser 1995). */
/** A quadrant of the satisfaction × loyalty matrix (Jones & Sasser 1995). */
export type LoyaltyQuadrant = 'loyal' | 'satisfiedButLeaving' | 'trapped' | 'lost';
export const LOYALTY_QUADRANTS: readonly LoyaltyQuadrant[] = ['loyal', 'satisfiedButLeaving', 'trapped', 'lost'];

/** Quadrant per customer and the counts. */
export interface LoyaltyMatrixResult {
  /** Index into `quadrants` per row; 255 for a row skipped for a missing value. */
  readonly quadrant: Uint8Array;
  readonly quadrants: readonly LoyaltyQuadrant[];
  readonly counts: Readonly<Record<LoyaltyQuadrant, number>>;
  readonly shares: Readonly<Record<LoyaltyQuadrant, number>>;
  readonly n: number;
  readonly skipped: number;
}

/**
 * Attitudinal vs behavioural loyalty: satisfaction is not loyalty. Each customer lands in one of
 * four quadrants — *loyal* (satisfied and buying again), *satisfied but leaving* (satisfied,
 * not buying: a competitor or a need gone), *trapped* (buying but dissatisfied: high switching
 * costs, at risk the day a rival appears) and *lost* (neither) — after Dick & Basu (1994) and
 * Jones & Sasser (1995), "Why satisfied customers defect".
 *
 * @throws {CustomerValueError} `invalid_spec` (thresholds are required); `missing_column`; `invalid_value`; `too_few_rows`.
 * @example
 * const data = { sat: [9, 9, 3, 2], buys: [4, 0, 5, 0] };
 * const result = loyaltyMatrix(data, { satisfaction: 'sat', repurchase: 'buys', thresholds: { satisfaction: 7, repurchase: 1 } });
 * Array.from(result.quadrant, (q) => result.quadrants[q]); // => ['loyal', 'satisfiedButLeaving', 'trapped', 'lost']
 */
export function loyaltyMatrix(data: TableInput, spec: LoyaltyMatrixSpec): LoyaltyMatrixResult {
  const s = parseSpec(specSchema, spec, FN);
  const reader = new ColumnReader(data, FN, [s.satisfaction, s.repurchase], s.missing);
  const satisfaction = reader.number(s.satisfaction, 'satisfaction');
  const repurchase = reader.number(s.repurchase, 'repurchase');
  const { skipMask, skipped } = reader.finish();
  const n = reader.rowCount - skipped;
  requireRows(FN, n, 1, 'customers');
  // (satisfied, buying) → loyal; (satisfied, not buying) → satisfied but leaving; (dissatisfied, buying) → trapped; neither → lost
  const { quadrant, counts: tally } = assignQuadrants(satisfaction, s.thresholds.satisfaction, repurchase, s.thresholds.repurchase, skipMask, [0, 1, 2, 3]);
  const counts = Object.fromEntries(LOYALTY_QUADRANTS.map((name, q) => [name, tally[q]])) as Record<LoyaltyQuadrant, number>;
  const shares = Object.fromEntries(LOYALTY_QUADRANTS.map((name, q) => [name, tally[q] / n])) as Record<LoyaltyQuadrant, number>;
  return { quadrant, quadrants: LOYALTY_QUADRANTS, counts, shares, n, skipped };
}
