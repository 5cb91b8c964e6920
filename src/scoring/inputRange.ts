// The input domain of a scorable model as `compileScorer` reports it (`CompiledScorer.ranges`,
// `.relations`); computed by src/internal/inputDomain.ts.

/** The values one input column may take: finite, `min ≤ x ≤ max`, `x > above`, whole when `integer`. */
export interface InputRange {
  readonly min: number;
  readonly max: number;
  readonly above: number;
  readonly integer: boolean;
}

/**
 * A rule between two inputs of one row:
 * - `atMost`: refused when `x[column] > x[bound] · factor + offset` (a product that overflows to
 *   Infinity refuses nothing, as in JavaScript);
 * - `zeroWhenZero`: refused when `x[when] = 0` and `x[column] ≠ 0`.
 */
export type InputRelation =
  | { readonly kind: 'atMost'; readonly column: string; readonly bound: string; readonly factor: number; readonly offset: number; readonly expected: string }
  | { readonly kind: 'zeroWhenZero'; readonly column: string; readonly when: string; readonly expected: string };
