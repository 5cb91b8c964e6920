import * as z from 'zod/mini';
import { CustomerValueError, describeValue } from '../../errors.js';
import { parseSpec } from '../../internal/parseSpec.js';
import { missingValuesMiniSchema, type MissingValues } from '../../io/missingValues.js';
import type { TableInput } from '../../io/tableInput.js';
import type { RetentionPeriodUnit } from '../retention/cohortSurvivorsSpec.js';
import { readRepeatBuyingHistories, type RepeatBuyingHistoryColumns } from './repeatBuyingHistories.js';
import { repeatBuyingOf, wholeOpportunities } from './repeatBuyingOf.js';

const FN = 'frequencyRecencyMatrix';

/** Most cells one matrix may hold (a heat map has far fewer pixels). */
export const MAX_MATRIX_CELLS = 1_000_000;

// In zod/mini (issue 21); the model is checked against its own kind's schema (repeatBuyingOf).
// (zod's numbers are finite: the classic API's .finite() checked nothing more.)
const positive = () => z.number().check(z.gt(0));
const specSchema = z.strictObject({
  quantity: z.enum(['alive', 'expected']),
  T: z.optional(positive()),
  t: z.optional(positive()),
  maxFrequency: z.optional(z.number().check(z.int(), z.gte(0), z.lte(100_000))),
  maxRecency: z.optional(z.number().check(z.gte(0))),
  step: z._default(positive(), 1),
  columns: z.optional(z.unknown()),
  missing: z._default(missingValuesMiniSchema, 'error'),
});

/** What to evaluate, on which grid; times in the model's time unit (BG/BB: whole transaction opportunities). */
export interface FrequencyRecencyMatrixSpec {
  /** `'alive'`: P(alive at T | x, t_x, T); `'expected'`: expected purchases in (T, T + t] given (x, t_x, T). */
  readonly quantity: 'alive' | 'expected';
  /** The customers' age (time from first purchase to the end of observation; BG/BB: the opportunities n). Default: the largest T (n) of `customers`. */
  readonly T?: number;
  /** Horizon of `'expected'` (required for it, refused for `'alive'`; BG/BB: the next n* opportunities). */
  readonly t?: number;
  /** Rows x = 0, 1, …, maxFrequency. Default: the largest frequency of `customers`. */
  readonly maxFrequency?: number;
  /** Last recency column, ≤ T (default T). */
  readonly maxRecency?: number;
  /** Spacing of the recency columns (default 1: whole time units). */
  readonly step?: number;
  /** Column names of `customers` (defaults: `summarizeTransactions`' names; BG/BB: `frequency`, `recency`, `periods`). */
  readonly columns?: RepeatBuyingHistoryColumns;
  /** Rows of `customers` with a missing value: `'error'` (default) or `'skip'`. */
  readonly missing?: MissingValues;
}

/** A model's prediction on a grid of histories (x, t_x) at one age T. */
export interface FrequencyRecencyMatrix {
  readonly quantity: 'alive' | 'expected';
  /** The age every cell is evaluated at. */
  readonly T: number;
  /** The horizon of `'expected'`; null for `'alive'`. */
  readonly t: number | null;
  /** The model's time unit (BG/BB: the length of one transaction opportunity). */
  readonly timeUnit: RetentionPeriodUnit;
  /** True for a BG/BB model: T, t and recency count transaction opportunities. */
  readonly opportunities: boolean;
  /** Row values: repeat purchases 0, 1, …, maxFrequency. */
  readonly frequency: readonly number[];
  /** Column values: recency 0, step, 2·step, … and maxRecency last (when it is not on the step). */
  readonly recency: readonly number[];
  /**
   * `values[i][j]`: the quantity at x = frequency[i], t_x = recency[j], T. A customer with no
   * repeat purchase has t_x = 0, so row x = 0 holds a value at recency 0 only and null in
   * every other column (no such history). For BG/BB, at most one transaction per opportunity:
   * a cell with x > t_x is null too.
   */
  readonly values: readonly (readonly (number | null)[])[];
}

function specProblem(path: string, expected: string, received: unknown, hint?: string): CustomerValueError {
  return new CustomerValueError('invalid_spec', `${FN}: ${path.slice('spec.'.length)} is not usable`, [
    { function: FN, path, expected, received: describeValue(received), ...(hint === undefined ? {} : { hint }) },
  ]);
}

/**
 * The frequency/recency matrix of a repeat-buying model (lifetimes'
 * `plot_frequency_recency_matrix` and `plot_probability_alive_matrix`): P(alive) or the expected
 * purchases in the next `t`, for every history (x, t_x) on a grid, all at one age T. It shows
 * where the model puts the customers it has given up on: high frequency with an old last
 * purchase.
 *
 * Each cell is one evaluation of the model's own prediction (the same numbers, bit for bit, as
 * `probabilityAlive` / `conditionalExpectedPurchases` or their Pareto/NBD twins for that
 * history): O(cells) time and memory, no per-customer tensor (PyMC-Marketing #2321 runs out of
 * 30 GB building this for 1,000 customers).
 *
 * The grid: rows x = 0, 1, …, maxFrequency; columns t_x = 0, step, 2·step, … up to maxRecency,
 * with maxRecency itself last when it is not a multiple of the step. Pass a calibration summary
 * as `customers` to default T and maxFrequency to its largest T and frequency (as lifetimes does).
 * Works for every repeat-buying kind, BG/BB included (Fader, Hardie & Shang 2010's P(alive) and
 * conditional expectation, eq. 11 and 13, at n = T opportunities): then T, t, step and
 * maxRecency are whole numbers of opportunities (fractions refused, naming the field and value),
 * cells with x > t_x (more transactions than opportunities) are null, and `opportunities` is true.
 *
 * @param model A fitted BG/NBD, Pareto/NBD, MBG/NBD or BG/BB model.
 * @param spec `quantity`, the grid, and `t` for `'expected'`; times in the model's time unit.
 * @param customers Optional calibration summary supplying defaults for T and maxFrequency.
 * @throws {CustomerValueError} `invalid_model`; `invalid_spec` (no T or maxFrequency and no
 *   customers, `t` missing or misplaced, maxRecency > T, more than 1,000,000 cells); the
 *   summary's `missing_column` / `invalid_value`; `not_converged` from the model.
 * @example
 * const model = { kind: 'betaGeo', version: 2, spec: { timeUnit: 'week', columns: { frequency: 'frequency', recency: 'recency', T: 'T', monetary: 'monetary' }, missing: 'error', maxIterations: 1000 }, params: { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 }, standardErrors: null, fitted: { n: 2357, skipped: 0, warnings: [], diagnostics: { logLikelihood: -9582.4, groups: 1016, iterations: 0 } } };
 * const m = frequencyRecencyMatrix(model, { quantity: 'alive', T: 39, maxFrequency: 3, step: 13 });
 * m.recency; // => [0, 13, 26, 39]
 * m.values[0]; // => [1, null, null, null]
 * m.values[3].map((p) => +p.toFixed(3)); // => [0.003, 0.224, 0.638, 0.848]
 */
export function frequencyRecencyMatrix(model: unknown, spec: FrequencyRecencyMatrixSpec, customers?: TableInput): FrequencyRecencyMatrix {
  const buying = repeatBuyingOf(model, FN, true);
  const s = parseSpec(specSchema, spec, FN);
  if (s.quantity === 'expected' && s.t === undefined) {
    throw specProblem('spec.t', "the horizon of 'expected', in the model's time unit", undefined);
  }
  if (s.quantity === 'alive' && s.t !== undefined) {
    throw specProblem('spec.t', "no horizon for 'alive' (P(alive) is at T)", s.t);
  }
  let T = s.T;
  let maxFrequency = s.maxFrequency;
  if (customers !== undefined && (T === undefined || maxFrequency === undefined)) {
    const read = readRepeatBuyingHistories(buying, customers, FN, s.columns, s.missing, true);
    let largestT = 0;
    let largestX = 0;
    for (let i = 0; i < read.rowCount; i++) {
      if (read.skip !== null && read.skip[i] === 1) continue;
      largestT = Math.max(largestT, read.T[i]);
      largestX = Math.max(largestX, read.x[i]);
    }
    T ??= largestT;
    maxFrequency ??= largestX;
  }
  if (T === undefined || !(T > 0)) {
    throw specProblem('spec.T', "the customers' age T > 0 in the model's time unit (or customers to take the largest from)", T);
  }
  if (maxFrequency === undefined) {
    throw specProblem('spec.maxFrequency', 'the largest repeat purchases of a row (or customers to take the largest from)', undefined);
  }
  if (buying.opportunities) {
    wholeOpportunities(T, FN, { path: 'spec.T' }, 'the opportunities n every cell is observed for');
    if (s.t !== undefined) wholeOpportunities(s.t, FN, { path: 'spec.t' }, "the horizon n* of 'expected'");
    if (s.maxRecency !== undefined) wholeOpportunities(s.maxRecency, FN, { path: 'spec.maxRecency' }, 'the last recency column');
    wholeOpportunities(s.step, FN, { path: 'spec.step' }, 'the spacing of the recency columns');
  }
  const maxRecency = s.maxRecency ?? T;
  if (maxRecency > T) throw specProblem('spec.maxRecency', `a recency ≤ T (${T}): the last purchase comes before the end of observation`, maxRecency);
  const columns = Math.floor(maxRecency / s.step + 1e-9) + 1;
  const recency = Array.from({ length: columns }, (_, j) => j * s.step);
  if (maxRecency - recency[columns - 1] > 1e-9 * Math.max(1, maxRecency)) recency.push(maxRecency);
  const cells = (maxFrequency + 1) * recency.length;
  if (cells > MAX_MATRIX_CELLS) {
    throw specProblem(
      'spec.step',
      `a grid of at most ${MAX_MATRIX_CELLS.toLocaleString('en-US')} cells`,
      s.step,
      `${maxFrequency + 1} rows × ${recency.length} columns: widen the step or lower maxFrequency`,
    );
  }
  const t = s.t ?? null;
  const at = t === null ? (x: number, tx: number) => buying.alive(x, tx, T) : (x: number, tx: number) => buying.conditional(x, tx, T, t);
  const values: (number | null)[][] = [];
  // no such history: recency without a repeat purchase, or (BG/BB) more transactions than opportunities or none at a recency
  const impossible = buying.opportunities ? (x: number, tx: number) => (x === 0 ? tx !== 0 : x > tx) : (x: number, tx: number) => x === 0 && tx !== 0;
  for (let x = 0; x <= maxFrequency; x++) values.push(recency.map((tx) => (impossible(x, tx) ? null : at(x, tx))));
  const frequency = Array.from({ length: maxFrequency + 1 }, (_, x) => x);
  return { quantity: s.quantity, T, t, timeUnit: buying.timeUnit, opportunities: buying.opportunities, frequency, recency, values };
}
