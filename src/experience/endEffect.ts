import { CustomerValueError, describeValue } from '../errors.js';
import { cholesky, solveInPlace } from '../internal/cholesky.js';
import { IssueList } from '../internal/issueList.js';
import { momentMatrix } from '../internal/momentMatrix.js';
import type { PeakEndResult } from './peakEndScores.js';

/** How remembered overall satisfaction follows the end, the peak and the mean of a journey. */
export interface EndEffectResult {
  /** Standardized coefficients of overall ~ end + peak + mean. */
  readonly coefficients: { readonly end: number; readonly peak: number; readonly mean: number };
  readonly r2: number;
  /** Simple correlations of the overall rating with each. */
  readonly correlations: { readonly end: number; readonly peak: number; readonly mean: number; readonly peakEnd: number };
  readonly n: number;
}

/**
 * Test the peak-end rule on your own data: the standardized regression of each journey's
 * remembered overall rating on its end, peak and mean moments, with R² and the simple
 * correlations (including with the peak-end score). If the rule holds, end and peak carry
 * the weight and the mean adds little (Kahneman et al. 1993).
 *
 * @param journeys A `peakEndScores` result.
 * @param overall Overall rating per journey, aligned with `journeys` (finite numbers).
 * @throws {CustomerValueError} `invalid_value` (length mismatch, non-finite ratings, a constant column, end/peak/mean collinear); `too_few_rows` (fewer than 5 journeys).
 * @example
 * const events = {
 *   customer: [1, 1, 1, 2, 2, 2, 3, 3, 3, 4, 4, 4, 5, 5, 5, 6, 6, 6],
 *   step: [1, 2, 3, 1, 2, 3, 1, 2, 3, 1, 2, 3, 1, 2, 3, 1, 2, 3],
 *   rating: [5, 9, 4, 6, 6, 8, 2, 5, 5, 7, 3, 6, 5, 5, 9, 4, 8, 2],
 * };
 * const journeys = peakEndScores(events, { customer: 'customer', order: 'step', rating: 'rating', scale: [1, 10] });
 * const overall = Array.from(journeys.peakEnd, (v) => v + 0.1); // memory = peak-end
 * const effect = endEffect(journeys, overall);
 * Math.round(effect.correlations.peakEnd * 1e9) / 1e9; // => 1
 */
export function endEffect(journeys: PeakEndResult, overall: ArrayLike<number>): EndEffectResult {
  const fn = 'endEffect';
  if (!journeys || !(journeys.end instanceof Float64Array)) {
    throw new CustomerValueError('invalid_value', `${fn}: expected a peakEndScores result`, [
      { function: fn, path: 'journeys', expected: 'the result of peakEndScores', received: describeValue(journeys) },
    ]);
  }
  const n = journeys.end.length;
  if (!overall || overall.length !== n) {
    throw new CustomerValueError('invalid_value', `${fn}: one overall rating per journey is needed`, [
      { function: fn, path: 'overall', expected: `${n} ratings, aligned with the journeys`, received: `${overall?.length}` },
    ]);
  }
  const issues = new IssueList();
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const v = overall[i];
    if (typeof v !== 'number' || !Number.isFinite(v))
      issues.add({ function: fn, path: 'overall', row: i, expected: 'a finite rating', received: describeValue(v) });
    else y[i] = v;
  }
  issues.throwIfAny('invalid_value', fn, n);
  if (n < 5) {
    throw new CustomerValueError('too_few_rows', `${fn}: needs at least 5 journeys, got ${n}`, [
      { function: fn, expected: 'at least 5 journeys', received: String(n) },
    ]);
  }
  const names = ['end', 'peak', 'mean', 'overall', 'peakEnd'];
  const moments = momentMatrix([journeys.end, journeys.peak, journeys.mean, y, journeys.peakEnd], null);
  const constant = names.filter((_, j) => !(moments.sds[j] > 0));
  if (constant.length > 0) {
    throw new CustomerValueError(
      'invalid_value',
      `${fn}: ${constant.join(', ')} does not vary across journeys`,
      constant.map((name) => ({
        function: fn,
        path: name === 'overall' ? 'overall' : `journeys.${name}`,
        expected: 'values that vary across journeys',
        received: 'a constant',
      })),
    );
  }
  const R = moments.correlation;
  const q = 5;
  const rxx = new Float64Array([R[0], R[1], R[2], R[q], R[q + 1], R[q + 2], R[2 * q], R[2 * q + 1], R[2 * q + 2]]);
  const rxy = new Float64Array([R[3], R[q + 3], R[2 * q + 3]]);
  const L = cholesky(rxx, 3);
  if (L === null) {
    throw new CustomerValueError('invalid_value', `${fn}: end, peak and mean are collinear in these journeys`, [
      {
        function: fn,
        path: 'journeys',
        expected: 'journeys whose end, peak and mean are not linear combinations of each other',
        received: 'a singular correlation matrix',
        hint: 'e.g. one-moment journeys only: peak, end and mean coincide',
      },
    ]);
  }
  const beta = Float64Array.from(rxy);
  solveInPlace(L, 3, beta);
  return {
    coefficients: { end: beta[0], peak: beta[1], mean: beta[2] },
    r2: beta[0] * rxy[0] + beta[1] * rxy[1] + beta[2] * rxy[2],
    correlations: { end: R[3], peak: R[q + 3], mean: R[2 * q + 3], peakEnd: R[4 * q + 3] },
    n,
  };
}
