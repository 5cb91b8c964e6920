import { normalQuantile } from './normalQuantile.js';
import type { KaplanMeierResult } from '../loyalty/kaplanMeier.js';

// The Kaplan–Meier curve from distinct times with their event and censoring counts, shared by
// kaplanMeier (counts from per-customer arrays) and activeLifetimesInWarehouse (counts grouped in
// the engine): the same arithmetic in the same order, so both give the same curve bit for bit.
// Internal.

/** `time` ascending and distinct; `events[k]`, `censoredCounts[k]` the customers ending at `time[k]`. */
export function kaplanMeierCurve(
  time: readonly number[],
  events: readonly number[],
  censoredCounts: readonly number[],
  o: { readonly confidence: number; readonly confidenceType: 'log' | 'log-log' | 'plain' },
): KaplanMeierResult {
  let n = 0;
  for (let k = 0; k < time.length; k++) n += events[k] + censoredCounts[k];
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
  for (let k = 0; k < time.length; k++) {
    const t = time[k];
    const d = events[k];
    const c = censoredCounts[k];
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
