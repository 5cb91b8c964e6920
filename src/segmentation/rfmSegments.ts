import * as z from 'zod/mini';
import { CustomerValueError, describeValue } from '../errors.js';
import { parseSpec } from '../internal/parseSpec.js';
import type { RfmScores } from '../value/scoreRfm.js';

const FN = 'rfmSegments';

// zod/mini (issue 21): the same messages through parseSpec, without zod's classic API in the bundle
const score = z.number().check(z.int(), z.gte(1), z.lte(9));
const range = z.tuple([score, score]).check(z.refine(([lo, hi]) => lo <= hi, 'a range [low, high]'));
const ruleSchema = z.strictObject({
  name: z.string().check(z.minLength(1)),
  recency: z.optional(range),
  frequency: z.optional(range),
  monetary: z.optional(range),
});
const rulesSchema = z.array(ruleSchema).check(z.minLength(1));

/** One rule: a segment name and the score ranges (inclusive) it takes; omitted dimensions match anything. */
export interface RfmSegmentRule {
  readonly name: string;
  readonly recency?: readonly [number, number];
  readonly frequency?: readonly [number, number];
  readonly monetary?: readonly [number, number];
}

/**
 * The default rules, for 1–5 scores (5 = best), on the recency × frequency grid; the first
 * matching rule wins:
 *
 * | recency \ frequency | 1 | 2 | 3 | 4 | 5 |
 * |---|---|---|---|---|---|
 * | 5 | new | potential loyalists | potential loyalists | champions | champions |
 * | 4 | potential loyalists | potential loyalists | potential loyalists | champions | champions |
 * | 3 | hibernating | hibernating | loyal | loyal | loyal |
 * | 2 | hibernating | hibernating | at risk | at risk | at risk |
 * | 1 | lost | lost | at risk | can't lose | can't lose |
 *
 * @example
 * DEFAULT_RFM_SEGMENT_RULES.map((rule) => rule.name); // => ['champions', 'new', 'potentialLoyalists', 'loyal', 'cantLose', 'atRisk', 'hibernating', 'lost']
 */
export const DEFAULT_RFM_SEGMENT_RULES: readonly RfmSegmentRule[] = [
  { name: 'champions', recency: [4, 5], frequency: [4, 5] },
  { name: 'new', recency: [5, 5], frequency: [1, 1] },
  { name: 'potentialLoyalists', recency: [4, 5], frequency: [1, 3] },
  { name: 'loyal', recency: [3, 3], frequency: [3, 5] },
  { name: 'cantLose', recency: [1, 1], frequency: [4, 5] },
  { name: 'atRisk', recency: [1, 2], frequency: [3, 5] },
  { name: 'hibernating', recency: [2, 3], frequency: [1, 2] },
  { name: 'lost', recency: [1, 1], frequency: [1, 2] },
];

/** A named segment per customer. */
export interface RfmSegmentsResult {
  /** Index into `segments`; 255 for a row with no match (or skipped when scoring). */
  readonly segment: Uint8Array;
  readonly segments: readonly string[];
  readonly counts: Readonly<Record<string, number>>;
  /** Rows no rule matched (always 0 with the default rules on 1–5 scores). */
  readonly unmatched: number;
}

/**
 * Named RFM segments — champions, loyal, potential loyalists, new, at risk, can't lose,
 * hibernating, lost — from `scoreRfm` scores, by the documented default rules
 * (`DEFAULT_RFM_SEGMENT_RULES`, a partition of the 5 × 5 recency × frequency grid) or your own
 * ordered rules. Rows skipped when scoring (scores 0) are unmatched.
 *
 * @param rfmScores A `scoreRfm` result.
 * @param rules Ordered rules; the default rules need 5 bins.
 * @throws {CustomerValueError} `invalid_spec` for bad rules; `invalid_value` for scores that are not a scoreRfm result.
 * @example
 * const scores = { recency: Uint8Array.of(5, 5, 1, 1, 3), frequency: Uint8Array.of(5, 1, 5, 1, 4), monetary: Uint8Array.of(5, 2, 4, 1, 3) };
 * const result = rfmSegments(scores);
 * Array.from(result.segment, (s) => result.segments[s]); // => ['champions', 'new', 'cantLose', 'lost', 'loyal']
 */
export function rfmSegments(
  rfmScores: Pick<RfmScores, 'recency' | 'frequency' | 'monetary'>,
  rules: readonly RfmSegmentRule[] = DEFAULT_RFM_SEGMENT_RULES,
): RfmSegmentsResult {
  const r = parseSpec(rulesSchema, rules, FN, 'rules');
  const { recency, frequency, monetary } = rfmScores ?? ({} as never);
  if (
    !ArrayBuffer.isView(recency) ||
    !ArrayBuffer.isView(frequency) ||
    !ArrayBuffer.isView(monetary) ||
    recency.length !== frequency.length ||
    recency.length !== monetary.length
  ) {
    throw new CustomerValueError('invalid_value', `${FN}: expected the result of scoreRfm`, [
      {
        function: FN,
        path: 'rfmScores',
        expected: 'recency, frequency and monetary score arrays of one length (scoreRfm)',
        received: describeValue(rfmScores),
      },
    ]);
  }
  const names = [...new Set(r.map((rule) => rule.name))];
  const codeOf = new Map(names.map((name, i) => [name, i]));
  const n = recency.length;
  const segment = new Uint8Array(n).fill(255);
  const tally = new Array<number>(names.length).fill(0);
  let unmatched = 0;
  const within = (v: number, bounds?: readonly [number, number]) => bounds === undefined || (v >= bounds[0] && v <= bounds[1]);
  for (let i = 0; i < n; i++) {
    const rule = r.find((x) => within(recency[i], x.recency) && within(frequency[i], x.frequency) && within(monetary[i], x.monetary));
    if (rule === undefined || recency[i] === 0) {
      unmatched++;
      continue;
    }
    const code = codeOf.get(rule.name) as number;
    segment[i] = code;
    tally[code]++;
  }
  return { segment, segments: names, counts: Object.fromEntries(names.map((name, i) => [name, tally[i]])), unmatched };
}
