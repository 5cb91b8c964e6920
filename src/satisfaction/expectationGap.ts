import * as z from 'zod/mini';
import { ExactSum } from '../internal/exactSum.js';
import { parseSpec } from '../internal/parseSpec.js';
import { studentTTwoSided } from '../internal/specialFunctions.js';
import type { TableInput } from '../io/tableInput.js';
import { readSurvey, scaleSchema } from './surveyItems.js';
import { missingAnswersSchema, type MissingAnswers } from '../io/missingValues.js';

const FN = 'expectationGap';

const specSchema = z
  .strictObject({
    pairs: z
      .array(
        z.strictObject({
          perceived: z.string().check(z.minLength(1)),
          expected: z.string().check(z.minLength(1)),
          name: z.optional(z.string().check(z.minLength(1))),
        }),
      )
      .check(z.minLength(1)),
    scale: z.optional(scaleSchema),
    missing: z._default(missingAnswersSchema, 'error'),
  })
  .check(
    z.superRefine((spec, ctx) => {
      const names = spec.pairs.map((pair) => pair.name ?? pair.perceived);
      if (new Set(names).size !== names.length) ctx.addIssue({ code: 'custom', path: ['pairs'], message: 'distinct pair names' });
    }),
  );

/** Spec for `expectationGap`. */
export interface ExpectationGapSpec {
  /** Perceived (experienced) and expected columns of each attribute; `name` defaults to `perceived`. */
  readonly pairs: readonly { readonly perceived: string; readonly expected: string; readonly name?: string }[];
  /** Optional answer scale `[min, max]`: answers outside it are errors. */
  readonly scale?: readonly [number, number];
  /** Missing answers: `'error'` (default) or `'skip'` (respondent dropped, counted); `'listwise'` is a deprecated alias of `'skip'`. */
  readonly missing?: MissingAnswers;
}

/** One attribute's gap. */
export interface ExpectationGapPair {
  readonly name: string;
  readonly meanPerceived: number;
  readonly meanExpected: number;
  /** Mean of perceived − expected: negative means expectations were not met. */
  readonly meanGap: number;
  readonly sdGap: number;
  /** Share of respondents whose gap is negative. */
  readonly negativeShare: number;
  /** Paired t test of mean gap = 0; null when every gap is the same (no variance). */
  readonly t: number | null;
  readonly df: number;
  readonly p: number | null;
}

/** Gaps per attribute, overall and per respondent. */
export interface ExpectationGapResult {
  readonly pairs: readonly ExpectationGapPair[];
  /** Over all attributes: mean gap, and the share of respondents whose mean gap is negative. */
  readonly overall: { readonly meanGap: number; readonly negativeShare: number };
  /** Per pair name, each respondent's gap (NaN only for respondents dropped listwise). */
  readonly gap: Readonly<Record<string, Float64Array>>;
  /** Each respondent's mean gap over the attributes: exact sum divided once, so cancelling gaps give exactly 0. */
  readonly respondentGap: Float64Array;
  readonly n: number;
  readonly skipped: number;
}

/**
 * Satisfaction as experience minus expectation (the disconfirmation paradigm, Oliver 1980;
 * SERVQUAL's perception − expectation gaps, Parasuraman, Zeithaml & Berry 1988): per
 * attribute the mean gap perceived − expected with a paired t test, the share of respondents
 * let down (gap < 0), and each respondent's gaps. A respondent's mean gap is the exact sum of
 * their gaps divided once by the number of attributes: gaps that cancel give exactly 0, so such a
 * respondent is not counted as let down.
 *
 * @throws {CustomerValueError} `invalid_spec`, `missing_column`, `invalid_value`, `too_few_rows` (fewer than 2 respondents).
 * @example
 * const survey = { gotSpeed: [6, 4, 5, 7], wantSpeed: [5, 6, 6, 6], gotCare: [7, 6, 6, 5], wantCare: [6, 6, 5, 5] };
 * const gaps = expectationGap(survey, {
 *   pairs: [{ perceived: 'gotSpeed', expected: 'wantSpeed', name: 'speed' }, { perceived: 'gotCare', expected: 'wantCare', name: 'care' }],
 *   scale: [1, 7],
 * });
 * gaps.pairs.map((p) => [p.name, p.meanGap, p.negativeShare]); // => [['speed', -0.25, 0.5], ['care', 0.5, 0]]
 * Array.from(gaps.respondentGap); // => [1, -1, 0, 0.5]
 */
export function expectationGap(data: TableInput, spec: ExpectationGapSpec): ExpectationGapResult {
  const s = parseSpec(specSchema, spec, FN);
  const columns = s.pairs.flatMap((pair) => [pair.perceived, pair.expected]);
  const survey = readSurvey(data, FN, columns, s.scale ?? null, s.missing, [], 2);
  const rows = survey.rowCount;
  const skip = survey.skip;
  const n = survey.n;
  const gap = Object.create(null) as Record<string, Float64Array>;
  const respondentGap = new Float64Array(rows);
  const pairs = s.pairs.map((pair, q) => {
    const perceived = survey.items[2 * q];
    const expected = survey.items[2 * q + 1];
    const g = new Float64Array(rows);
    let sumP = 0;
    let sumE = 0;
    let sum = 0;
    let negative = 0;
    for (let i = 0; i < rows; i++) {
      if (skip !== null && skip[i] === 1) {
        g[i] = Number.NaN;
        continue;
      }
      const d = perceived[i] - expected[i];
      g[i] = d;
      sumP += perceived[i];
      sumE += expected[i];
      sum += d;
      if (d < 0) negative++;
    }
    const mean = sum / n;
    let squares = 0;
    for (let i = 0; i < rows; i++) if (skip === null || skip[i] === 0) squares += (g[i] - mean) ** 2;
    const sd = Math.sqrt(squares / (n - 1));
    const name = pair.name ?? pair.perceived;
    gap[name] = g;
    const t = sd > 0 ? mean / (sd / Math.sqrt(n)) : null;
    return {
      name,
      meanPerceived: sumP / n,
      meanExpected: sumE / n,
      meanGap: mean,
      sdGap: sd,
      negativeShare: negative / n,
      t,
      df: n - 1,
      p: t === null ? null : studentTTwoSided(t, n - 1),
    };
  });
  // Each respondent's mean gap: the exact sum of the gaps divided once, so gaps that cancel
  // give exactly 0 (not ±1e-16 counted as "let down").
  const sum = new ExactSum();
  const gaps = Object.values(gap);
  let negative = 0;
  for (let i = 0; i < rows; i++) {
    if (skip !== null && skip[i] === 1) {
      respondentGap[i] = Number.NaN;
      continue;
    }
    sum.reset();
    for (const g of gaps) sum.add(g[i]);
    respondentGap[i] = sum.value() / gaps.length;
    if (respondentGap[i] < 0) negative++;
  }
  return {
    pairs,
    overall: { meanGap: pairs.reduce((a, p) => a + p.meanGap, 0) / pairs.length, negativeShare: negative / n },
    gap: { ...gap },
    respondentGap,
    n,
    skipped: survey.skipped,
  };
}
