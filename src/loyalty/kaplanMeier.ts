import * as z from 'zod/mini';
import { CustomerValueError, describeValue } from '../errors.js';
import { IssueList } from '../internal/issueList.js';
import { kaplanMeierCurve } from '../internal/kaplanMeierCurve.js';
import { parseSpec } from '../internal/parseSpec.js';

const FN = 'kaplanMeier';
// zod/mini (issue 21): the same messages through parseSpec, without zod's classic API in the bundle
const optionsSchema = z.strictObject({
  confidence: z._default(z.number().check(z.gt(0), z.lt(1)), 0.95),
  confidenceType: z._default(z.enum(['log', 'log-log', 'plain']), 'log'),
});

/** A Kaplan–Meier survival curve, one entry per distinct event or censoring time. */
export interface KaplanMeierResult {
  readonly time: readonly number[];
  readonly atRisk: readonly number[];
  readonly events: readonly number[];
  readonly censored: readonly number[];
  readonly survival: readonly number[];
  /** Standard error of the survival estimate, S·√(Σ d/(n(n−d))) (Greenwood 1926). */
  readonly standardError: readonly number[];
  readonly lower: readonly number[];
  readonly upper: readonly number[];
  /** Median lifetime: first time the curve drops below 0.5 (midpoint where it sits at 0.5); null if never reached. */
  readonly median: number | null;
  readonly n: number;
  readonly totalEvents: number;
}

/**
 * Kaplan–Meier estimate of a survival curve (Kaplan & Meier 1958) for customer lifetimes with
 * censoring (customers still active at the end of observation), with Greenwood standard errors
 * and pointwise confidence bands — on the log scale by default, as R's `survival::survfit`
 * (`conf.type = "log"`), or `'log-log'` or `'plain'` — and the median lifetime.
 *
 * @param durations Time to churn, or to the end of observation when censored (≥ 0).
 * @param events 1 (or true) when churn was observed, 0 (false) when censored.
 * @throws {CustomerValueError} `invalid_value` (negative or non-finite durations, events not 0/1, lengths differ); `too_few_rows`.
 * @example
 * const curve = kaplanMeier([2, 3, 3, 5, 8, 8, 9], [1, 1, 0, 1, 0, 1, 1]);
 * curve.time; // => [2, 3, 5, 8, 9]
 * curve.survival.map((s) => Math.round(s * 1000) / 1000); // => [0.857, 0.714, 0.536, 0.357, 0]
 * curve.median; // => 8
 */
export function kaplanMeier(
  durations: ArrayLike<number>,
  events: ArrayLike<number | boolean>,
  options: { confidence?: number; confidenceType?: 'log' | 'log-log' | 'plain' } = {},
): KaplanMeierResult {
  const o = parseSpec(optionsSchema, options, FN, 'options');
  const n = checkInputs(durations, events);
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => durations[a] - durations[b]);
  // distinct times, ascending, with their events and censorings
  const time: number[] = [];
  const died: number[] = [];
  const censored: number[] = [];
  for (let i = 0; i < n;) {
    const t = durations[order[i]];
    let d = 0;
    let c = 0;
    while (i < n && durations[order[i]] === t) {
      if (Number(events[order[i]]) === 1) d++;
      else c++;
      i++;
    }
    time.push(t);
    died.push(d);
    censored.push(c);
  }
  return kaplanMeierCurve(time, died, censored, o);
}

function checkInputs(durations: ArrayLike<number>, events: ArrayLike<number | boolean>): number {
  if (!durations || !events || typeof durations.length !== 'number' || typeof events.length !== 'number') {
    throw new CustomerValueError('invalid_value', `${FN}: expected two arrays`, [
      { function: FN, path: 'durations', expected: 'arrays of durations and of event flags', received: describeValue(durations) },
    ]);
  }
  if (durations.length !== events.length) {
    throw new CustomerValueError('invalid_value', `${FN}: durations and events have different lengths`, [
      { function: FN, path: 'events', expected: `${durations.length} event flags, one per duration`, received: `${events.length}` },
    ]);
  }
  const issues = new IssueList();
  for (let i = 0; i < durations.length; i++) {
    const t = durations[i];
    if (typeof t !== 'number' || !Number.isFinite(t) || t < 0)
      issues.add({ function: FN, path: 'durations', row: i, expected: 'a finite duration ≥ 0', received: describeValue(t) });
    const e = events[i];
    if (!(e === 0 || e === 1 || e === true || e === false))
      issues.add({ function: FN, path: 'events', row: i, expected: '1 or true (churned), 0 or false (censored)', received: describeValue(e) });
  }
  issues.throwIfAny('invalid_value', FN, durations.length);
  if (durations.length === 0) {
    throw new CustomerValueError('too_few_rows', `${FN}: needs at least 1 duration`, [
      { function: FN, path: 'durations', expected: 'at least 1 duration', received: '0' },
    ]);
  }
  return durations.length;
}
