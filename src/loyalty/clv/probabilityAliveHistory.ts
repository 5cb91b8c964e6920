import * as z from 'zod/mini';
import { CustomerValueError, describeValue } from '../../errors.js';
import { IssueList } from '../../internal/issueList.js';
import { parseSpec } from '../../internal/parseSpec.js';
import type { RetentionPeriodUnit } from '../retention/cohortSurvivorsSpec.js';
import { repeatBuyingOf, wholeOpportunities } from './repeatBuyingOf.js';

const FN = 'probabilityAliveHistory';

/** Most points one history may hold. */
const MAX_POINTS = 1_000_000;

// In zod/mini (issue 21); the model is checked against its own kind's schema (repeatBuyingOf).
// (zod's numbers are finite: the classic API's .finite() checked nothing more.)
const specSchema = z.strictObject({ T: z.number().check(z.gte(0)), step: z._default(z.number().check(z.gt(0)), 1) });

/** Where the history ends and how finely it is drawn; times in the model's time unit (BG/BB: whole opportunities). */
export interface ProbabilityAliveHistorySpec {
  /** End of observation, on the same clock as the purchase times (≥ every purchase). */
  readonly T: number;
  /** Spacing of the evaluation times from the first purchase on (default 1: every time unit). */
  readonly step?: number;
}

/** P(alive) of one customer over time, with the history it is conditioned on at each time. */
export interface ProbabilityAliveHistory {
  /** Evaluation times on the purchases' clock: first purchase + k·step, every purchase, and T, in order. */
  readonly time: readonly number[];
  /** Time since the first purchase (the model's T at that moment). */
  readonly age: readonly number[];
  /** Repeat purchases made up to and including the time (x). */
  readonly frequency: readonly number[];
  /** Time from the first to the last purchase up to the time (t_x). */
  readonly recency: readonly number[];
  /** P(alive | x, t_x, age) at each time. */
  readonly alive: readonly number[];
  /** The purchase times, as given (to mark on a chart). */
  readonly purchases: readonly number[];
  readonly T: number;
  /** The model's time unit (BG/BB: the length of one transaction opportunity). */
  readonly timeUnit: RetentionPeriodUnit;
  /** True for a BG/BB model: times count transaction opportunities, and `alive` is P(alive at the next one). */
  readonly opportunities: boolean;
}

/**
 * P(alive) of one customer through their history (lifetimes' `plot_history_alive`): at each time
 * from the first purchase to T, the probability the customer is still active given only the
 * purchases made so far — x and t_x grow at each purchase, the age grows with time. Between
 * purchases it decays (the silence is evidence of dropout); at a purchase it jumps.
 *
 * Each point is the model's own P(alive | x, t_x, age) (the same number, bit for bit, as
 * `probabilityAlive` or `paretoNbdProbabilityAlive` for that history); it works for every kind
 * `repeatBuyingOf` takes. Purchases at the same time count as that many purchases.
 *
 * A BG/BB model (`fitBetaGeoBetaBinomial`) is taken with the opportunities of the customer's
 * transactions: whole numbers (e.g. years), strictly increasing (one transaction per
 * opportunity), T and step whole too (fractions refused, naming the value). At each whole
 * opportunity n after the first transaction the point is P(alive at opportunity n + 1 | x, t_x, n)
 * (Fader, Hardie & Shang 2010, eq. 11, as `betaGeoBetaBinomialPredictions`), so it is below 1
 * even at the first transaction, and `opportunities` is true.
 *
 * @param model A fitted BG/NBD, Pareto/NBD, MBG/NBD or BG/BB model.
 * @param purchaseTimes The customer's purchase times in the model's time unit on any clock with
 *   the first purchase first (e.g. weeks since the start of the data), in non-decreasing order
 *   (BG/BB: the opportunities with a transaction, e.g. years, increasing).
 * @param spec `T` (end of observation on the same clock) and `step`.
 * @throws {CustomerValueError} `invalid_model`; `invalid_value` (no purchases, a negative,
 *   non-finite or decreasing time, a time after T; BG/BB: a fractional or repeated opportunity;
 *   with its index as `row`); `invalid_spec`
 *   (T, step, more than 1,000,000 points); `not_converged` from the model.
 * @example
 * const model = { kind: 'betaGeo', version: 2, spec: { timeUnit: 'week', columns: { frequency: 'frequency', recency: 'recency', T: 'T', monetary: 'monetary' }, missing: 'error', maxIterations: 1000 }, params: { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 }, standardErrors: null, fitted: { n: 2357, skipped: 0, warnings: [], diagnostics: { logLikelihood: -9582.4, groups: 1016, iterations: 0 } } };
 * const h = probabilityAliveHistory(model, [0, 3], { T: 6, step: 2 });
 * h.time; // => [0, 2, 3, 4, 6]
 * h.frequency; // => [0, 0, 1, 1, 1]
 * h.alive.map((p) => +p.toFixed(3)); // => [1, 1, 0.754, 0.723, 0.667]
 */
export function probabilityAliveHistory(model: unknown, purchaseTimes: ArrayLike<number>, spec: ProbabilityAliveHistorySpec): ProbabilityAliveHistory {
  const buying = repeatBuyingOf(model, FN, true);
  const s = parseSpec(specSchema, spec, FN);
  if (buying.opportunities) {
    wholeOpportunities(s.T, FN, { path: 'spec.T' }, 'the last opportunity observed');
    wholeOpportunities(s.step, FN, { path: 'spec.step' }, 'the spacing of the evaluation points');
  }
  const isArray = Array.isArray(purchaseTimes) || (ArrayBuffer.isView(purchaseTimes) && !(purchaseTimes instanceof DataView));
  if (!isArray || (purchaseTimes as ArrayLike<unknown>).length === 0) {
    throw new CustomerValueError('invalid_value', `${FN}: expected the customer's purchase times`, [
      {
        function: FN,
        path: 'purchaseTimes',
        expected: "an array of one or more purchase times in the model's time unit",
        received: describeValue(purchaseTimes),
      },
    ]);
  }
  const times = Array.from(purchaseTimes as ArrayLike<unknown>);
  const issues = new IssueList();
  times.forEach((v, i) => {
    const problem =
      typeof v !== 'number' || !Number.isFinite(v)
        ? 'a finite number'
        : v < 0
          ? 'a time ≥ 0'
          : i > 0 && v < (times[i - 1] as number)
            ? `a time ≥ the one before (${String(times[i - 1])}): purchase times in order`
            : v > s.T
              ? `a time ≤ T (${s.T}): purchases end at the end of observation`
              : buying.opportunities && !Number.isInteger(v)
                ? 'a whole number of transaction opportunities (the BG/BB counts opportunities)'
                : buying.opportunities && i > 0 && v === times[i - 1]
                  ? `an opportunity after the one before (${String(times[i - 1])}): the BG/BB has at most one transaction per opportunity`
                  : null;
    if (problem !== null) issues.add({ function: FN, path: `purchaseTimes.${i}`, row: i, expected: problem, received: describeValue(v) });
  });
  issues.throwIfAny('invalid_value', FN, times.length);
  const purchases = times as number[];
  const first = purchases[0];
  const steps = Math.floor((s.T - first) / s.step + 1e-9);
  if (steps + purchases.length + 2 > MAX_POINTS) {
    throw new CustomerValueError('invalid_spec', `${FN}: too many points`, [
      {
        function: FN,
        path: 'spec.step',
        expected: `at most ${MAX_POINTS.toLocaleString('en-US')} points`,
        received: describeValue(s.step),
        hint: 'widen the step',
      },
    ]);
  }
  const grid = Array.from({ length: steps + 1 }, (_, k) => first + k * s.step).filter((u) => u <= s.T);
  const all = [...new Set([...grid, ...purchases, s.T])].sort((a, b) => a - b);
  const out = { time: all, age: [] as number[], frequency: [] as number[], recency: [] as number[], alive: [] as number[] };
  let made = 0; // purchases at or before the time
  for (const u of all) {
    while (made < purchases.length && purchases[made] <= u) made++;
    const x = made - 1;
    const tx = purchases[made - 1] - first;
    const age = u - first;
    out.age.push(age);
    out.frequency.push(x);
    out.recency.push(tx);
    out.alive.push(buying.alive(x, tx, age));
  }
  return { ...out, purchases: [...purchases], T: s.T, timeUnit: buying.timeUnit, opportunities: buying.opportunities };
}
