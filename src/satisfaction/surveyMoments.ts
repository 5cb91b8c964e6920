import * as z from 'zod/mini';
import { CustomerValueError } from '../errors.js';
import { requireRows } from '../internal/columnReader.js';
import type { Moments } from '../internal/momentMatrix.js';
import { momentsFromCovariance } from '../internal/momentsFromCovariance.js';
import { parseSpec } from '../internal/parseSpec.js';
import { symmetricEigen } from '../internal/symmetricEigen.js';
import type { MissingAnswers } from '../io/missingValues.js';
import type { TableInput } from '../io/tableInput.js';
import type { ItemMoments } from './itemMoments.js';
import { assertVarying, isItemMoments, itemListSchema, readSurveyAnswers, readSurveyUnchecked, type SurveyRead } from './surveyItems.js';
import { rangeCheckedMoments, varyingMoments } from './varyingMoments.js';

// The one door of the moment-based satisfaction functions (fitSatisfactionIndex, cronbachAlpha,
// kmo, bartlettSphericity): a table is read row by row, an ItemMoments object is checked with zod
// and the items are picked from it; both give the same Moments. Internal.

const finite = () => z.number().check(z.refine(Number.isFinite, 'a finite number'));

/** The zod schema of an `ItemMoments` object: shapes, finite numbers, symmetry, variances ≥ 0, min ≤ mean ≤ max. */
export const itemMomentsSchema = z
  .strictObject({
    summary: z.literal('itemMoments'),
    items: itemListSchema,
    n: z.number().check(z.int(), z.gte(2)),
    skipped: z.optional(z.number().check(z.int(), z.gte(0))),
    mean: z.array(finite()),
    covariance: z.array(z.array(finite())),
    min: z.optional(z.array(finite())),
    max: z.optional(z.array(finite())),
  })
  .check(
    z.superRefine((m, ctx) => {
      const p = m.items.length;
      for (const key of ['mean', 'covariance', 'min', 'max'] as const) {
        const value = m[key];
        if (value !== undefined && value.length !== p) ctx.addIssue({ code: 'custom', path: [key], message: `${p} entries, one per item` });
      }
      if (m.covariance.length !== p) return;
      m.covariance.forEach((row, j) => {
        if (row.length !== p) ctx.addIssue({ code: 'custom', path: ['covariance', j], message: `a row of ${p} covariances` });
      });
      if (m.covariance.some((row) => row.length !== p)) return;
      for (let j = 0; j < p; j++) {
        if (!(m.covariance[j][j] >= 0)) ctx.addIssue({ code: 'custom', path: ['covariance', j, j], message: 'a variance ≥ 0' });
        for (let k = j + 1; k < p; k++) {
          if (m.covariance[j][k] !== m.covariance[k][j]) {
            ctx.addIssue({
              code: 'custom',
              path: ['covariance', k, j],
              message: `a symmetric matrix: covariance[${k}][${j}] equal to covariance[${j}][${k}] (${m.covariance[j][k]})`,
            });
          }
        }
      }
      if (m.min && m.max && m.min.length === p && m.max.length === p && m.mean.length === p) {
        for (let j = 0; j < p; j++) {
          if (!(m.min[j] <= m.mean[j] && m.mean[j] <= m.max[j]))
            ctx.addIssue({ code: 'custom', path: ['mean', j], message: `a mean between min (${m.min[j]}) and max (${m.max[j]})` });
        }
      }
    }),
  );

/** The moments of the chosen items, whoever computed them. */
export interface SurveyMoments {
  readonly moments: Moments;
  /** Respondents used and left out. */
  readonly n: number;
  readonly skipped: number;
  /** The answers row by row, or null when the data were item moments. */
  readonly survey: SurveyRead | null;
}

/**
 * The moments of `items` from a table (read and checked row by row, as before; items that are
 * all `Float64Array` columns are read once, the scale — or finiteness — proved in the moments'
 * first pass, and read again the checking way only when that fails, so errors name the same
 * rows and columns: 1.2–1.3× on 1M × 24, benchmarks/README.md session 29) or from an
 * `ItemMoments` object: validated with zod (path `data.…`, code `invalid_value`), the items
 * picked by name (`missing_column` for one it lacks), at least 3 complete answers
 * (`too_few_rows`, as rows), a `missing: 'error'` call refused when the moments left
 * respondents out, answers checked against `scale` through `min`/`max` (or, without them,
 * the means), constant items refused, and a covariance that is not positive semi-definite
 * (smallest eigenvalue of the correlation matrix below −1e-9: not the moments of any data)
 * refused as `invalid_value`.
 */
export function surveyMoments(
  data: TableInput | ItemMoments,
  fn: string,
  items: readonly string[],
  scale: readonly [number, number] | null,
  missing: MissingAnswers,
): SurveyMoments {
  if (!isItemMoments(data)) {
    // Float64Array columns: read once, the range proved in the moments' first pass; anything
    // else, or a value off the scale, not finite or missing: read and checked as always
    const unchecked = readSurveyUnchecked(data, fn, items, scale, missing);
    const moments = unchecked === null ? null : rangeCheckedMoments(fn, items, unchecked.items, unchecked.range);
    if (unchecked !== null && moments !== null) {
      const n = unchecked.rowCount;
      return { moments, n, skipped: 0, survey: { items: unchecked.items, extra: [], skip: null, n, skipped: 0, rowCount: n } };
    }
    const survey = readSurveyAnswers(data, fn, items, scale, missing);
    return { moments: varyingMoments(fn, items, survey.items, survey.skip), n: survey.n, skipped: survey.skipped, survey };
  }
  const m = parseSpec(itemMomentsSchema, data, fn, 'data', 'invalid_value');
  const absent = items.filter((item) => !m.items.includes(item));
  if (absent.length > 0) {
    throw new CustomerValueError(
      'missing_column',
      `${fn}: the item moments lack ${absent.length === 1 ? 'an item' : `${absent.length} items`}`,
      absent.map((item) => ({
        function: fn,
        column: item,
        expected: `an item of the moments (${m.items.map((name) => JSON.stringify(name)).join(', ')})`,
        received: 'no such item',
        hint: 'compute the moments over every item the call names',
      })),
    );
  }
  const skipped = m.skipped ?? 0;
  requireRows(fn, m.n, 3, 'respondents with complete answers');
  if (missing === 'error' && skipped > 0) {
    throw new CustomerValueError('invalid_value', `${fn}: the item moments left out ${skipped} respondents with a missing answer`, [
      {
        function: fn,
        path: 'data.skipped',
        expected: "no respondent left out, or missing: 'skip'",
        received: String(skipped),
        hint: "pass missing: 'skip' to fit on the complete answers, as the same call on the rows would",
      },
    ]);
  }
  const idx = items.map((item) => m.items.indexOf(item));
  if (scale !== null) checkScale(fn, items, idx, m, scale);
  const moments = selectMoments(m, idx);
  assertVarying(fn, items, moments);
  assertSemiDefinite(fn, items, moments);
  return { moments, n: m.n, skipped, survey: null };
}

function checkScale(
  fn: string,
  items: readonly string[],
  idx: readonly number[],
  m: z.output<typeof itemMomentsSchema>,
  [min, max]: readonly [number, number],
) {
  const expected = `an answer on the ${min}–${max} scale`;
  const issues = idx.flatMap((j, a) => {
    if (m.min && m.max) {
      const out = [];
      if (m.min[j] < min) out.push({ function: fn, column: items[a], expected, received: `a smallest answer of ${m.min[j]}` });
      if (m.max[j] > max) out.push({ function: fn, column: items[a], expected, received: `a largest answer of ${m.max[j]}` });
      return out;
    }
    return m.mean[j] < min || m.mean[j] > max
      ? [
          {
            function: fn,
            column: items[a],
            expected: `${expected} (a mean within it)`,
            received: `a mean of ${m.mean[j]}`,
            hint: 'the moments carry no min and max, so only the mean can be checked',
          },
        ]
      : [];
  });
  if (issues.length > 0) throw new CustomerValueError('invalid_value', `${fn}: ${issues.length} of ${idx.length} items have answers off the scale`, issues);
}

/** Moments of the items at `idx` (means, SDs, covariance and correlation as `momentMatrix` computes them from the covariances). */
function selectMoments(m: z.output<typeof itemMomentsSchema>, idx: readonly number[]): Moments {
  const p = idx.length;
  const covariance = new Float64Array(p * p);
  idx.forEach((j, a) => idx.forEach((k, b) => (covariance[a * p + b] = m.covariance[j][k])));
  return momentsFromCovariance(
    m.n,
    Float64Array.from(idx, (j) => m.mean[j]),
    covariance,
  );
}

/**
 * The moments of linear combinations of the items, `score_g = Σ_{j ∈ g} w_j·x_j` (one
 * group of item indexes per score): means `Σ w_j·mean_j`, covariances `Σ_j Σ_k w_j·w_k·C_jk`.
 * Exact in exact arithmetic; a score's variance within 1e-14 of the scale of its terms is
 * taken as 0 (the score is constant), where rows would give an exact 0.
 */
export function combinationMoments(moments: Moments, groups: readonly { readonly idx: readonly number[]; readonly weights: readonly number[] }[]): Moments {
  const q = groups.length;
  const p = moments.p;
  const means = new Float64Array(q);
  const covariance = new Float64Array(q * q);
  groups.forEach((g, a) => {
    means[a] = g.idx.reduce((sum, j, u) => sum + g.weights[u] * moments.means[j], 0);
    groups.forEach((h, b) => {
      let sum = 0;
      let scale = 0;
      g.idx.forEach((j, u) =>
        h.idx.forEach((k, v) => {
          const term = g.weights[u] * h.weights[v] * moments.covariance[j * p + k];
          sum += term;
          scale += Math.abs(term);
        }),
      );
      covariance[a * q + b] = a === b && sum <= 1e-14 * scale ? 0 : sum;
    });
  });
  return momentsFromCovariance(moments.n, means, covariance);
}

function assertSemiDefinite(fn: string, items: readonly string[], moments: Moments): void {
  const smallest = Math.min(...symmetricEigen(moments.correlation, moments.p).values);
  if (smallest >= -1e-9) return;
  throw new CustomerValueError('invalid_value', `${fn}: the item moments' covariance matrix is not positive semi-definite`, [
    {
      function: fn,
      path: 'data.covariance',
      expected: 'a positive semi-definite covariance matrix (the moments of some data)',
      received: `a correlation matrix of ${items.map((item) => JSON.stringify(item)).join(', ')} with eigenvalue ${smallest}`,
      hint: 'compute the covariances in one pass over the same complete answers (itemMoments, itemMomentsInWarehouse), not pairwise over different respondents',
    },
  ]);
}
