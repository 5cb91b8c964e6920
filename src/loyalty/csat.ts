import * as z from 'zod/mini';
import { normalQuantile } from '../internal/normalQuantile.js';
import { parseSpec } from '../internal/parseSpec.js';
import { scaleSchema } from '../satisfaction/surveyItems.js';
import { readScores } from './readScores.js';

const FN = 'csat';
const optionsSchema = z
  .strictObject({
    scale: scaleSchema,
    topBox: z._default(z.number().check(z.int(), z.gte(1)), 2),
    confidence: z._default(z.number().check(z.gt(0), z.lt(1)), 0.95),
  })
  .check(z.refine((o) => o.topBox <= o.scale[1] - o.scale[0] + 1, { message: 'a top box no wider than the scale', path: ['topBox'] }));

/** Customer satisfaction (CSAT) as a top-box share. */
export interface CsatResult {
  /** Percent of answers in the top `topBox` scale points (0–100). */
  readonly score: number;
  readonly topBoxCount: number;
  readonly n: number;
  readonly missing: number;
  /** Mean answer on the scale. */
  readonly mean: number;
  /** Wilson score interval for the top-box percentage. */
  readonly confidenceInterval: readonly [number, number];
}

/**
 * CSAT: the share of answers in the top boxes of a rating scale (by default top-2-box: 4–5 on
 * 1–5), with the mean answer and a Wilson score interval (Wilson 1927) for the share.
 *
 * @param scores Whole-number answers on the scale; NaN, null or undefined are non-answers (counted in `missing`).
 * @param options `scale` `[min, max]` (required), `topBox` (default 2), `confidence` (default 0.95).
 * @throws {CustomerValueError} `invalid_spec` (no scale, top box wider than the scale); `invalid_value`; `too_few_rows`.
 * @example
 * const result = csat([5, 4, 4, 3, 2, 5, null], { scale: [1, 5] });
 * [Math.round(result.score * 100) / 100, result.topBoxCount, result.n, result.missing]; // => [66.67, 4, 6, 1]
 */
export function csat(
  scores: ArrayLike<number | null | undefined>,
  options: { scale: readonly [number, number]; topBox?: number; confidence?: number },
): CsatResult {
  const o = parseSpec(optionsSchema, options, FN, 'options');
  const [min, max] = o.scale;
  const { values, missing } = readScores(FN, scores, min, max, true);
  const n = values.length;
  const cut = max - o.topBox + 1;
  let top = 0;
  let sum = 0;
  for (const v of values) {
    if (v >= cut) top++;
    sum += v;
  }
  const p = top / n;
  const z = normalQuantile(1 - (1 - o.confidence) / 2);
  const denominator = 1 + (z * z) / n;
  const centre = (p + (z * z) / (2 * n)) / denominator;
  const half = (z * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n))) / denominator;
  return {
    score: 100 * p,
    topBoxCount: top,
    n,
    missing,
    mean: sum / n,
    confidenceInterval: [100 * Math.max(0, centre - half), 100 * Math.min(1, centre + half)],
  };
}
