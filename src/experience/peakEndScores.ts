import * as z from 'zod/mini';
import { ExactSum } from '../internal/exactSum.js';
import { parseSpec } from '../internal/parseSpec.js';
import type { TableInput } from '../io/tableInput.js';
import { journeySpecShape, orderRefinement, readJourneys, type Journeys } from './journeyEvents.js';
import { type MissingValues } from '../io/missingValues.js';

const FN = 'peakEndScores';

export const peakEndSpecSchema = z
  .strictObject({
    ...journeySpecShape,
    peak: z._default(z.enum(['extreme', 'best', 'worst']), 'extreme'),
    weights: z._default(
      z
        .strictObject({ peak: z.number().check(z.gte(0)), end: z.number().check(z.gte(0)) })
        .check(z.refine((w) => w.peak + w.end > 0, 'weights with a positive sum')),
      () => ({ peak: 0.5, end: 0.5 }),
    ),
  })
  .check(z.superRefine(orderRefinement));

/** Spec for `peakEndScores` and `touchpointSummary`. */
export interface PeakEndSpec {
  /** Customer id column. */
  readonly customer: string;
  /** Optional journey id column (a customer may have several journeys); default: one journey per customer. */
  readonly journey?: string;
  /** Order of moments: a number column (sequence or epoch ms) — or give `time`. */
  readonly order?: string;
  /** Order of moments as timestamps: Date objects, or ISO 8601 or PostgreSQL timestamp text (`2024-01-05 10:00:00+00`; without an offset, local time). */
  readonly time?: string;
  /** Touchpoint column (e.g. 'checkout', 'delivery'). */
  readonly touchpoint?: string;
  /** Stage column (e.g. 'marketing', 'product', 'service', 'brand'). */
  readonly stage?: string;
  /** Rating column. */
  readonly rating: string;
  /** Rating scale `[min, max]`: required; ratings outside it are errors. */
  readonly scale: readonly [number, number];
  /** Which moment is the peak: the most `extreme` (farthest from the scale midpoint; default), the `best` or the `worst`. */
  readonly peak?: 'extreme' | 'best' | 'worst';
  /** Weights of peak and end in the score (default 0.5 each; normalized). */
  readonly weights?: { readonly peak: number; readonly end: number };
  readonly missing?: MissingValues;
}

/** Peak-end figures per journey, in columns (journeys in order of first appearance). */
export interface PeakEndResult {
  readonly customer: (string | number)[];
  readonly journey: (string | number)[] | null;
  /** Rated moments per journey (reported, not used: duration neglect). */
  readonly moments: Float64Array;
  readonly mean: Float64Array;
  /** Best and worst moments (positive and negative peaks). */
  readonly best: Float64Array;
  readonly worst: Float64Array;
  /** The peak by the spec's rule. */
  readonly peak: Float64Array;
  /** The last moment. */
  readonly end: Float64Array;
  /** weight_peak·peak + weight_end·end (weights normalized). */
  readonly peakEnd: Float64Array;
  /** peakEnd − mean: how far memory departs from the average. */
  readonly peakEndMinusMean: Float64Array;
  /** Index of the peak and end events within the input rows. */
  readonly peakRow: Int32Array;
  readonly endRow: Int32Array;
  readonly rows: number;
  readonly skipped: number;
}

/**
 * Score what customers remember of each journey: the peak-end rule (Kahneman, Fredrickson,
 * Schreiber & Redelmeier 1993; Redelmeier & Kahneman 1996) says remembered experience follows
 * the most intense moment and the last one, not the average, and neglects duration.
 *
 * Per journey: the mean rating, the best and worst moments, the peak — by default the moment
 * farthest from the scale midpoint (ties go to the worse moment, as bad weighs more than good —
 * Baumeister et al. 2001 — then to the later one) — the end, the peak-end score
 * `(w_p·peak + w_e·end)/(w_p + w_e)` (default equal weights), the number of moments (reported,
 * not used), and peak-end minus mean. Ties stay exact: the mean is an exact sum divided once
 * (equal ratings in any order give identical means) and the peak-end score is computed as
 * `end + w·(peak − end)`, so a journey whose peak equals its end scores exactly that rating and a
 * flat journey's peak-end minus mean is exactly 0.
 *
 * @throws {CustomerValueError} `invalid_spec` (no scale; both or neither of order/time); `missing_column`; `invalid_value` (ratings off the scale).
 * @example
 * const events = {
 *   customer: ['ann', 'ann', 'ann', 'ann', 'bob', 'bob'],
 *   step: [1, 2, 3, 4, 1, 2],
 *   rating: [6, 2, 7, 9, 5, 6],
 * };
 * const scores = peakEndScores(events, { customer: 'customer', order: 'step', rating: 'rating', scale: [1, 10] });
 * // ann's 2 and 9 are equally far from the midpoint 5.5: the bad moment is the peak
 * Array.from(scores.peak); // => [2, 5]
 * Array.from(scores.end); // => [9, 6]
 * Array.from(scores.peakEnd); // => [5.5, 5.5]
 * Array.from(scores.mean); // => [6, 5.5]
 */
export function peakEndScores(events: TableInput, spec: PeakEndSpec): PeakEndResult {
  const s = parseSpec(peakEndSpecSchema, spec, FN);
  const journeys = readJourneys(events, FN, s);
  return scoreJourneys(journeys, s);
}

/**
 * Whether a later moment `r` takes the peak from the current one. Ties go to the later moment,
 * except that for 'extreme' a negative moment keeps the peak against a positive one at the same
 * distance from the midpoint.
 */
function beatsPeak(r: number, current: number, rule: 'extreme' | 'best' | 'worst', mid: number): boolean {
  if (rule === 'best') return r >= current;
  if (rule === 'worst') return r <= current;
  const distance = Math.abs(r - mid);
  const currentDistance = Math.abs(current - mid);
  if (distance !== currentDistance) return distance > currentDistance;
  return !(r > mid && current < mid);
}

/** The per-journey kernel, shared with `touchpointSummary`. */
export function scoreJourneys(j: Journeys, s: z.output<typeof peakEndSpecSchema>): PeakEndResult {
  const m = j.customer.length;
  const out = {
    moments: new Float64Array(m),
    mean: new Float64Array(m),
    best: new Float64Array(m),
    worst: new Float64Array(m),
    peak: new Float64Array(m),
    end: new Float64Array(m),
    peakEnd: new Float64Array(m),
    peakEndMinusMean: new Float64Array(m),
    peakRow: new Int32Array(m),
    endRow: new Int32Array(m),
  };
  const mid = (s.scale[0] + s.scale[1]) / 2;
  const wp = s.weights.peak / (s.weights.peak + s.weights.end);
  const sum = new ExactSum();
  for (let q = 0; q < m; q++) {
    sum.reset();
    let best = -Infinity;
    let worst = Infinity;
    let peakRow = -1;
    for (let a = j.start[q]; a < j.start[q + 1]; a++) {
      const row = j.eventIndex[a];
      const r = j.rating[row];
      sum.add(r);
      if (r > best) best = r;
      if (r < worst) worst = r;
      if (peakRow < 0 || beatsPeak(r, j.rating[peakRow], s.peak, mid)) peakRow = row;
    }
    const count = j.start[q + 1] - j.start[q];
    const endRow = j.eventIndex[j.start[q + 1] - 1];
    // Exact sum divided once: equal ratings in any order give identical means, and a flat
    // journey's mean is exactly its rating (three 0.1s sum to 0.30000000000000004).
    const mean = best === worst ? best : sum.value() / count;
    const peak = j.rating[peakRow];
    const end = j.rating[endRow];
    out.moments[q] = count;
    out.mean[q] = mean;
    out.best[q] = best;
    out.worst[q] = worst;
    out.peak[q] = peak;
    out.end[q] = end;
    // end + w·(peak − end), not w·peak + (1 − w)·end: equal peak and end give exactly that
    // rating (0.3·3 + 0.7·3 is 2.9999999999999996), so a flat journey's peakEndMinusMean is 0.
    out.peakEnd[q] = end + wp * (peak - end);
    out.peakEndMinusMean[q] = out.peakEnd[q] - mean;
    out.peakRow[q] = peakRow;
    out.endRow[q] = endRow;
  }
  return { customer: j.customer, journey: j.journey, ...out, rows: j.rows, skipped: j.skipped };
}
