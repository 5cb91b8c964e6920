import { z } from 'zod';
import { CustomerValueError, describeValue } from '../errors.js';
import { IssueList } from '../internal/issueList.js';
import { normalQuantile } from '../internal/normalQuantile.js';
import { parseSpec } from '../internal/parseSpec.js';

const FN = 'kaplanMeier';
const optionsSchema = z.strictObject({
  confidence: z.number().gt(0).lt(1).default(0.95),
  confidenceType: z.enum(['log', 'log-log', 'plain']).default('log'),
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
  const z = normalQuantile(1 - (1 - o.confidence) / 2);
  const out = {
    time: [] as number[],
    atRisk: [] as number[],
    events: [] as number[],
    censored: [] as number[],
    survival: [] as number[],
    standardError: [] as number[],
    lower: [] as number[],
    upper: [] as number[],
  };
  let atRisk = n;
  let survival = 1;
  let greenwood = 0;
  let totalEvents = 0;
  for (let i = 0; i < n;) {
    const t = durations[order[i]];
    let d = 0;
    let c = 0;
    while (i < n && durations[order[i]] === t) {
      if (Number(events[order[i]]) === 1) d++;
      else c++;
      i++;
    }
    if (d > 0) {
      survival *= 1 - d / atRisk;
      greenwood += atRisk > d ? d / (atRisk * (atRisk - d)) : Infinity;
    }
    totalEvents += d;
    const se = survival * Math.sqrt(greenwood);
    const [lower, upper] = band(survival, greenwood, z, o.confidenceType);
    out.time.push(t);
    out.atRisk.push(atRisk);
    out.events.push(d);
    out.censored.push(c);
    out.survival.push(survival);
    out.standardError.push(Number.isFinite(se) ? se : 0);
    out.lower.push(lower);
    out.upper.push(upper);
    atRisk -= d + c;
  }
  return { ...out, median: medianOf(out.time, out.survival), n, totalEvents };
}

function band(s: number, greenwood: number, z: number, type: 'log' | 'log-log' | 'plain'): [number, number] {
  if (s === 0 || !Number.isFinite(greenwood)) return [0, s === 0 ? 0 : 1];
  const seLog = Math.sqrt(greenwood);
  if (greenwood === 0) return [s, s];
  if (type === 'plain') return [Math.max(0, s - z * s * seLog), Math.min(1, s + z * s * seLog)];
  if (type === 'log') return [s * Math.exp(-z * seLog), Math.min(1, s * Math.exp(z * seLog))];
  // log-log: on log(−log S), se = seLog / |log S|
  const logS = Math.log(s);
  const width = (z * seLog) / Math.abs(logS);
  return [Math.pow(s, Math.exp(width)), Math.pow(s, Math.exp(-width))];
}

function medianOf(time: number[], survival: number[]): number | null {
  for (let k = 0; k < time.length; k++) {
    if (Math.abs(survival[k] - 0.5) < 1e-12) {
      // flat at exactly 0.5: R takes the midpoint to the next time the curve drops
      for (let j = k + 1; j < time.length; j++) if (survival[j] < survival[k] - 1e-12) return (time[k] + time[j]) / 2;
      return null;
    }
    if (survival[k] < 0.5) return time[k];
  }
  return null;
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
