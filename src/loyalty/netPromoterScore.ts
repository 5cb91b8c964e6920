import * as z from 'zod/mini';
import { normalQuantile } from '../internal/normalQuantile.js';
import { parseSpec } from '../internal/parseSpec.js';
import { readScores } from './readScores.js';

const FN = 'netPromoterScore';
// zod/mini, not zod's classic API, at the door of a small metric (issue 21): the classic API
// costs about 21 KB gzipped in a browser bundle as soon as one schema is built (its classes
// attach every method, so none shakes), mini about 5, which keeps this metric with its
// validation under 10 KB. The rule: a function whose door needs only a few plain checks and
// shares no classic schema takes mini; parseSpec gives both the same English messages, so the
// errors do not change (test/contracts checks them).
const optionsSchema = z.strictObject({ confidence: z._default(z.number().check(z.gt(0), z.lt(1)), 0.95) });

/** Net Promoter Score with its counts and a confidence interval. */
export interface NetPromoterScoreResult {
  /** % promoters − % detractors, from −100 to 100. */
  readonly score: number;
  readonly promoters: number;
  readonly passives: number;
  readonly detractors: number;
  /** Answers counted (non-answers excluded). */
  readonly n: number;
  /** Non-answers (NaN, null, undefined). */
  readonly missing: number;
  /** Standard error of the score, in points: 100·√((p_P + p_D − (p_P − p_D)²)/n). */
  readonly standardError: number;
  /** Normal-approximation interval, clipped to [−100, 100]. */
  readonly confidenceInterval: readonly [number, number];
}

/**
 * Net Promoter Score: percent promoters (9–10) minus percent detractors (0–6) among 0–10
 * "how likely are you to recommend" answers (Reichheld 2003), with the counts and a confidence
 * interval from the multinomial variance of a difference of shares.
 *
 * @param scores Whole numbers 0–10; NaN, null or undefined mark a non-answer and are counted in `missing`.
 * @throws {CustomerValueError} `invalid_value` for an answer outside 0–10 or not whole; `too_few_rows` if nobody answered.
 * @example
 * netPromoterScore([10, 9, 8, 6, 0, NaN]).score; // => 0
 * const nps = netPromoterScore([10, 10, 9, 9, 9, 8, 7, 6, 3, 10]);
 * [nps.score, nps.promoters, nps.detractors]; // => [40, 6, 2]
 */
export function netPromoterScore(scores: ArrayLike<number | null | undefined>, options: { confidence?: number } = {}): NetPromoterScoreResult {
  const o = parseSpec(optionsSchema, options, FN, 'options');
  const { values, missing } = readScores(FN, scores, 0, 10, true);
  let promoters = 0;
  let detractors = 0;
  for (const v of values) {
    if (v >= 9) promoters++;
    else if (v <= 6) detractors++;
  }
  const n = values.length;
  const pP = promoters / n;
  const pD = detractors / n;
  const score = 100 * (pP - pD);
  const standardError = 100 * Math.sqrt(Math.max(0, pP + pD - (pP - pD) ** 2) / n);
  const z = normalQuantile(1 - (1 - o.confidence) / 2);
  return {
    score,
    promoters,
    passives: n - promoters - detractors,
    detractors,
    n,
    missing,
    standardError,
    confidenceInterval: [Math.max(-100, score - z * standardError), Math.min(100, score + z * standardError)],
  };
}
