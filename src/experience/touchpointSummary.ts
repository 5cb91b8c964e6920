import * as z from 'zod/mini';
import { ColumnReader } from '../internal/columnReader.js';
import { parseSpec } from '../internal/parseSpec.js';
import type { TableInput } from '../io/tableInput.js';
import { CustomerValueError } from '../errors.js';
import { readJourneys } from './journeyEvents.js';
import { peakEndSpecSchema, scoreJourneys, type PeakEndSpec } from './peakEndScores.js';

const FN = 'touchpointSummary';

const optionsSchema = z.strictObject({
  overall: z.optional(z.string().check(z.minLength(1))),
  badAtOrBelow: z.optional(z.number()),
});

/** One touchpoint's (or stage's) line. */
export interface TouchpointLine {
  readonly name: string | number;
  /** Ratings given at it. */
  readonly ratings: number;
  readonly meanRating: number;
  /** Journeys in which it was the peak moment, and the end. */
  readonly peakCount: number;
  readonly endCount: number;
  /** Share of its ratings that were bad (≤ `badAtOrBelow`). */
  readonly badShare: number;
  /**
   * Mean overall rating of journeys with a bad experience here minus journeys where it went
   * well: negative = what a bad moment here costs. Null when either group is empty.
   */
  readonly overallDrop: number | null;
}

/** Touchpoints and stages, worst overall drop first. */
export interface TouchpointSummaryResult {
  readonly touchpoints: readonly TouchpointLine[];
  readonly stages: readonly TouchpointLine[];
  /** Where the overall rating came from: the `overall` column, or the peak-end score. */
  readonly overallSource: 'column' | 'peakEnd';
  readonly badAtOrBelow: number;
  readonly journeys: number;
}

/**
 * The touchpoints to improve first: per touchpoint and per stage (marketing, product, service,
 * brand...), the mean rating, how many ratings, how often it is the journey's peak or its end,
 * the share of bad ratings, and the drop in the journey's overall rating associated with a bad
 * experience there (mean overall when bad minus mean overall when not). Lines are sorted by that
 * drop, worst first. The overall rating is the `overall` column (one value per journey, repeated
 * on its events) or, without one, the journey's peak-end score.
 *
 * @param spec As `peakEndScores` (a `touchpoint` column is required).
 * @param options `overall` column; `badAtOrBelow` (default: below the scale midpoint).
 * @throws {CustomerValueError} `invalid_spec` (no touchpoint column); `missing_column`; `invalid_value` (an overall rating that differs within a journey).
 * @example
 * const events = {
 *   customer: [1, 1, 1, 2, 2, 2, 3, 3, 3],
 *   step: [1, 2, 3, 1, 2, 3, 1, 2, 3],
 *   touchpoint: ['web', 'delivery', 'support', 'web', 'delivery', 'support', 'web', 'delivery', 'support'],
 *   rating: [8, 2, 7, 9, 8, 8, 7, 9, 8],
 * };
 * const summary = touchpointSummary(events, { customer: 'customer', order: 'step', touchpoint: 'touchpoint', rating: 'rating', scale: [1, 10] });
 * summary.touchpoints[0].name; // => 'delivery'
 * summary.touchpoints[0].overallDrop; // => -4
 */
export function touchpointSummary(events: TableInput, spec: PeakEndSpec, options: { overall?: string; badAtOrBelow?: number } = {}): TouchpointSummaryResult {
  const s = parseSpec(peakEndSpecSchema, spec, FN);
  const o = parseSpec(optionsSchema, options, FN, 'options');
  if (!s.touchpoint) {
    throw new CustomerValueError('invalid_spec', `${FN}: a touchpoint column is needed`, [
      { function: FN, path: 'spec.touchpoint', expected: 'the name of the touchpoint column', received: 'undefined' },
    ]);
  }
  const journeys = readJourneys(events, FN, s);
  const scores = scoreJourneys(journeys, s);
  const m = journeys.customer.length;
  const bad = o.badAtOrBelow ?? Math.ceil((s.scale[0] + s.scale[1]) / 2) - 1;
  // Overall per journey.
  let overall: Float64Array = scores.peakEnd;
  if (o.overall) {
    const reader = new ColumnReader(events, FN, [o.overall], s.missing);
    const column = reader.number(o.overall, 'overall rating');
    reader.finish();
    overall = new Float64Array(m);
    for (let q = 0; q < m; q++) {
      const first = column[journeys.eventIndex[journeys.start[q]]];
      for (let a = journeys.start[q]; a < journeys.start[q + 1]; a++) {
        const row = journeys.eventIndex[a];
        if (column[row] !== first) {
          throw new CustomerValueError('invalid_value', `${FN}: the overall rating differs within a journey`, [
            { function: FN, column: o.overall, row, expected: `the journey's overall rating (${first}) on each of its events`, received: String(column[row]) },
          ]);
        }
      }
      overall[q] = first;
    }
  }
  const summarize = (codes: Int32Array | null, names: (string | number)[]): TouchpointLine[] => {
    if (codes === null) return [];
    const g = names.length;
    const ratings = new Float64Array(g);
    const sum = new Float64Array(g);
    const peakCount = new Float64Array(g);
    const endCount = new Float64Array(g);
    const badRatings = new Float64Array(g);
    const badOverall = new Float64Array(g);
    const badJourneys = new Float64Array(g);
    const goodOverall = new Float64Array(g);
    const goodJourneys = new Float64Array(g);
    const seenBad = new Int32Array(g).fill(-1);
    const seenAny = new Int32Array(g).fill(-1);
    for (let q = 0; q < m; q++) {
      // a journey is "bad here" if any rating at this touchpoint was bad
      for (let a = journeys.start[q]; a < journeys.start[q + 1]; a++) {
        const row = journeys.eventIndex[a];
        const c = codes[row];
        const r = journeys.rating[row];
        ratings[c]++;
        sum[c] += r;
        if (r <= bad) {
          badRatings[c]++;
          seenBad[c] = q;
        }
        seenAny[c] = q;
      }
      for (let a = journeys.start[q]; a < journeys.start[q + 1]; a++) {
        const c = codes[journeys.eventIndex[a]];
        if (seenAny[c] !== q) continue;
        seenAny[c] = -2 - q; // count each journey once per touchpoint
        if (seenBad[c] === q) {
          badOverall[c] += overall[q];
          badJourneys[c]++;
        } else {
          goodOverall[c] += overall[q];
          goodJourneys[c]++;
        }
      }
      peakCount[codes[scores.peakRow[q]]]++;
      endCount[codes[scores.endRow[q]]]++;
    }
    return names
      .map((name, c) => ({
        name,
        ratings: ratings[c],
        meanRating: sum[c] / ratings[c],
        peakCount: peakCount[c],
        endCount: endCount[c],
        badShare: badRatings[c] / ratings[c],
        overallDrop: badJourneys[c] > 0 && goodJourneys[c] > 0 ? badOverall[c] / badJourneys[c] - goodOverall[c] / goodJourneys[c] : null,
      }))
      .filter((line) => line.ratings > 0)
      .sort((x, y) => (x.overallDrop ?? Infinity) - (y.overallDrop ?? Infinity));
  };
  return {
    touchpoints: summarize(journeys.touchpointCodes, journeys.touchpoints),
    stages: summarize(journeys.stageCodes, journeys.stages),
    overallSource: o.overall ? 'column' : 'peakEnd',
    badAtOrBelow: bad,
    journeys: m,
  };
}
