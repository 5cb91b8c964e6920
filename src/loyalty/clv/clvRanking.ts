import * as z from 'zod';
import { CustomerValueError, describeValue, MAX_LISTED_ISSUES, type CustomerValueIssue } from '../../errors.js';
import { parseSpec } from '../../internal/parseSpec.js';

const FN = 'clvRanking';

const optionsSchema = z.strictObject({
  groups: z.number().int().min(2).max(1000).default(10),
});

/** How finely to bin the customers. */
export interface ClvRankingOptions {
  /** Groups of equal size by predicted value (default 10: deciles). */
  readonly groups?: number;
}

/** How well a prediction orders customers by what they went on to be worth. */
export interface ClvRanking {
  /**
   * Normalized Gini: `giniPredicted / giniPerfect`, 1 when the prediction orders customers as
   * their actual values do, 0 for an ordering no better than chance (a constant prediction),
   * −1 for the reverse order.
   */
  readonly gini: number;
  /** Gini of the actual values in the predicted order (customers from highest prediction down). */
  readonly giniPredicted: number;
  /** Gini of the actual values in their own order: the most any ordering reaches. */
  readonly giniPerfect: number;
  /** Customers ranked. */
  readonly customers: number;
  /** Calibration by group of predicted value, the highest predictions in group 1. */
  readonly deciles: {
    /** Group numbers 1, 2, …, `groups` (1 = highest predicted value). */
    readonly decile: readonly number[];
    /** Customers in each group (equal but for ties, which stay in one group). */
    readonly customers: Float64Array;
    /** Mean predicted value in each group (null for a group left empty by ties). */
    readonly predicted: readonly (number | null)[];
    /** Mean actual value in each group (null for a group left empty by ties). */
    readonly actual: readonly (number | null)[];
  };
}

/**
 * Ranking metrics of a customer-value prediction against what customers actually did in a
 * holdout: the normalized Gini coefficient (the Gini of actual value with customers ordered by
 * prediction, divided by the Gini of the perfect ordering, as in insurance and CLV model
 * validation) and decile calibration (customers in groups of equal size by predicted value:
 * mean predicted beside mean actual, with the count per group).
 *
 * Gini of an ordering: with customers ranked 1…n from the highest prediction,
 * G = (Σ aᵢ (n + 1 − rankᵢ) / Σ a − (n + 1) / 2) / n, the area between the cumulative share of
 * actual value and the diagonal. Ties in the prediction take their average rank: the same as
 * averaging G over every order of the tied customers (G is linear in the ranks), so the result
 * never depends on the input order, and a constant prediction gives exactly 0. Groups: customer
 * i goes to group ⌊(rankᵢ − 1) · groups / n⌋ + 1 with its average rank, so tied customers share
 * a group. Checked against numpy/scipy (`rankdata(method='average')`) on CDNOW.
 *
 * @param predicted Each customer's predicted value (finite), e.g. expected holdout purchases or CLV.
 * @param actual The same customers' actual holdout value (finite, ≥ 0, not all equal).
 * @throws {CustomerValueError} `invalid_value` (lengths differ, a value not finite, an actual
 *   below 0, with the row; actual values all equal: nothing to order); `too_few_rows` under 2
 *   customers; `invalid_spec` for bad options.
 * @example
 * const actual = [0, 1, 2, 3, 10];
 * clvRanking([0.1, 0.5, 1, 2, 6], actual).gini; // => 1
 * clvRanking([6, 2, 1, 0.5, 0.1], actual).gini; // => -1
 * clvRanking([1, 1, 1, 1, 1], actual).gini; // => 0
 * const ranking = clvRanking([0.1, 0.5, 1, 2, 6], actual, { groups: 5 });
 * [ranking.deciles.predicted[0], ranking.deciles.actual[0]]; // => [6, 10]
 */
export function clvRanking(predicted: ArrayLike<number>, actual: ArrayLike<number>, options: ClvRankingOptions = {}): ClvRanking {
  const { groups } = parseSpec(optionsSchema, options, FN, 'options');
  for (const [name, values] of [
    ['predicted', predicted],
    ['actual', actual],
  ] as const) {
    if (values === null || typeof values !== 'object' || typeof values.length !== 'number') {
      throw new CustomerValueError('invalid_value', `${FN}: ${name} is not an array of numbers`, [
        { function: FN, path: name, expected: 'an array of numbers, one per customer', received: describeValue(values) },
      ]);
    }
  }
  const n = predicted.length;
  if (actual.length !== n) {
    throw new CustomerValueError('invalid_value', `${FN}: predicted and actual hold different numbers of customers`, [
      { function: FN, path: 'actual', expected: `${n} values, one per predicted customer`, received: `${actual.length} values` },
    ]);
  }
  const issues: CustomerValueIssue[] = [];
  let total = 0;
  for (let i = 0; i < n; i++) {
    const p = predicted[i];
    const a = actual[i];
    if (typeof p !== 'number' || !Number.isFinite(p)) {
      total++;
      if (issues.length < MAX_LISTED_ISSUES) issues.push({ function: FN, path: 'predicted', row: i, expected: 'a finite number', received: describeValue(p) });
    }
    if (typeof a !== 'number' || !Number.isFinite(a) || a < 0) {
      total++;
      if (issues.length < MAX_LISTED_ISSUES) issues.push({ function: FN, path: 'actual', row: i, expected: 'a finite number ≥ 0', received: describeValue(a) });
    }
  }
  if (total > 0) throw new CustomerValueError('invalid_value', `${FN}: ${total} values are not usable`, issues, total);
  if (n < 2) {
    throw new CustomerValueError('too_few_rows', `${FN}: needs at least 2 customers, got ${n}`, [
      { function: FN, path: 'predicted', expected: 'at least 2 customers', received: String(n) },
    ]);
  }
  const a = Float64Array.from(actual);
  const p = Float64Array.from(predicted);
  const perfect = ranked(a, a, n, 0);
  if (!(perfect.gini > 0)) {
    throw new CustomerValueError('invalid_value', `${FN}: every actual value is the same: there is no order to measure`, [
      { function: FN, path: 'actual', expected: 'actual values that differ between customers', received: `${n} values equal to ${a[0]}` },
    ]);
  }
  const byPrediction = ranked(p, a, n, groups);
  const count = byPrediction.count!;
  const mean = (sums: Float64Array) => Array.from(sums, (v, g) => (count[g] > 0 ? v / count[g] : null));
  return {
    gini: byPrediction.gini / perfect.gini,
    giniPredicted: byPrediction.gini,
    giniPerfect: perfect.gini,
    customers: n,
    deciles: {
      decile: Array.from({ length: groups }, (_, g) => g + 1),
      customers: count,
      predicted: mean(byPrediction.predictedSum!),
      actual: mean(byPrediction.actualSum!),
    },
  };
}

/**
 * Gini of `actual` with customers ranked by `key` (highest first, ties at their average rank),
 * and with `groups` > 0 the per-group count and sums of `key` and `actual`.
 */
function ranked(key: Float64Array, actual: Float64Array, n: number, groups: number) {
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  order.sort((i, j) => key[j] - key[i] || i - j);
  const count = groups > 0 ? new Float64Array(groups) : null;
  const predictedSum = groups > 0 ? new Float64Array(groups) : null;
  const actualSum = groups > 0 ? new Float64Array(groups) : null;
  let weighted = 0;
  let sum = 0;
  for (let start = 0; start < n;) {
    let end = start + 1;
    while (end < n && key[order[end]] === key[order[start]]) end++;
    const rank = (start + 1 + end) / 2; // the tied customers' average of ranks start + 1 … end
    const group = Math.floor(((rank - 1) * groups) / n);
    for (let q = start; q < end; q++) {
      const i = order[q];
      weighted += actual[i] * (n + 1 - rank);
      sum += actual[i];
      if (count !== null) {
        count[group]++;
        predictedSum![group] += key[i];
        actualSum![group] += actual[i];
      }
    }
    start = end;
  }
  return { gini: (weighted / sum - (n + 1) / 2) / n, count, predictedSum, actualSum };
}
