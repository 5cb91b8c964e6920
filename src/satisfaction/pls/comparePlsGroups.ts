import * as z from 'zod/mini';
import { CustomerValueError, describeValue } from '../../errors.js';
import { parseSpec } from '../../internal/parseSpec.js';
import {
  adjustPValues,
  estimateGroup,
  groupMoments,
  groupOptionShape,
  permutationP,
  permutedLabels,
  readGroupedSurvey,
  welchTest,
  type PathCorrection,
} from '../../internal/plsGroups.js';
import type { GroupLevel } from './groupLevel.js';
import { streamSeed } from '../../internal/random.js';
import type { TableInput } from '../../io/tableInput.js';
import { runResamples } from './bootstrapPlsPathModel.js';
import { parsePlsSpec, type PlsPathModelSpec } from './plsPathModelSpec.js';
import { plsStructure } from './plsStructure.js';
import { resampleCount } from '../../internal/plsOptionSchemas.js';

const FN = 'comparePlsGroups';

export type { PathCorrection };

/** Options for `comparePlsGroups`. */
export interface ComparePlsGroupsOptions {
  /**
   * The column holding each respondent's group: any column of strings or numbers (a value tier, an RFM segment, a k-means segment...).
   * Codes straight from `rfmSegments` (255: no rule matched) or `scoreSegments` (−1: skipped) are levels like any other, so such rows
   * would form a group of their own: pass names, e.g. `Array.from(rfm.segment, (c) => rfm.segments[c] ?? null)`, and they are missing answers (refused, or left out with `missing: 'skip'`).
   */
  readonly group: string;
  /** The two levels to compare, in this order (needed when the column has more than two levels). Default: the column's two levels in order of first appearance. */
  readonly levels?: readonly [GroupLevel, GroupLevel];
  /** Permutations of the group labels (default 1,000; at least 19). */
  readonly permutations?: number;
  /** Bootstrap resamples per group for the standard errors of the Welch test (default 1,000; at least 10). */
  readonly samples?: number;
  /** Seed of the permutations and resamples (default 1). */
  readonly seed?: number;
  /** Correction of the p values across paths (default `'holm'`; `'bonferroni'`, `'benjaminiHochberg'` (false discovery rate), `'none'`). */
  readonly correction?: PathCorrection;
}

/** One path compared across the two groups. */
export interface PathGroupComparison {
  readonly from: string;
  readonly to: string;
  /** The path coefficient estimated in group 1 and in group 2. */
  readonly coefficients: readonly [number, number];
  /** Group 1 minus group 2. */
  readonly difference: number;
  /** Permutation test (Chin & Dibbern 2010), two-sided: p = (1 + #{|permuted difference| ≥ |difference|}) / (1 + permutations used); `pAdjusted` after the correction across paths. */
  readonly permutation: { readonly p: number; readonly pAdjusted: number };
  /** Parametric test with unequal variances (Welch–Satterthwaite) from each group's bootstrap standard error; two-sided. */
  readonly welch: {
    readonly standardErrors: readonly [number, number];
    readonly t: number;
    readonly df: number;
    readonly p: number;
    readonly pAdjusted: number;
  };
}

/** The result of `comparePlsGroups`. */
export interface ComparePlsGroupsResult {
  readonly groups: readonly [{ readonly level: GroupLevel; readonly n: number }, { readonly level: GroupLevel; readonly n: number }];
  readonly skipped: number;
  readonly outside: number;
  readonly permutations: number;
  /** Permutations whose groups could not both be estimated (an item constant in a permuted group): left out. */
  readonly failed: number;
  readonly samples: number;
  /** Bootstrap resamples per group that could not be estimated: left out of the standard errors. */
  readonly failedSamples: readonly [number, number];
  readonly seed: number;
  readonly correction: PathCorrection;
  readonly paths: readonly PathGroupComparison[];
  readonly sources: { readonly permutation: string; readonly welch: string; readonly correction: string; readonly invariance: string };
}

const optionsSchema = z.strictObject({
  ...groupOptionShape,
  samples: resampleCount(1000),
  correction: z._default(z.enum(['holm', 'bonferroni', 'benjaminiHochberg', 'none']), 'holm'),
});

const CORRECTION_SOURCES: Record<PathCorrection, string> = {
  holm: 'Holm (1979), A simple sequentially rejective multiple test procedure, Scand. J. Statistics 6, 65–70',
  bonferroni: 'Bonferroni: each p times the number of paths (capped at 1)',
  benjaminiHochberg: 'Benjamini & Hochberg (1995), Controlling the false discovery rate, JRSS B 57, 289–300',
  none: 'no correction',
};

/**
 * Multigroup analysis of a PLS path model: do two groups of respondents — any column with two
 * levels, such as value tiers (`scoreValuePyramid`), RFM segments (`rfmSegments`) or k-means
 * segments (`scoreSegments`) — weigh the drivers differently? The model is estimated in each group,
 * and for every path the difference of the coefficients (group 1 − group 2) is tested two ways,
 * both two-sided: a **permutation test** (Chin & Dibbern 2010: the difference against its
 * distribution over random permutations of the group labels) and the **parametric test with
 * unequal variances** of Sarstedt, Henseler & Ringle (2011) from each group's bootstrap standard
 * error (the form SmartPLS reports as the Welch–Satterthwaite test):
 * t = (β₁ − β₂) / √((n₁−1)/n₁·se₁² + (n₂−1)/n₂·se₂²),
 * df = ((n₁−1)/n₁·se₁² + (n₂−1)/n₂·se₂²)² / ((n₁−1)/n₁²·se₁⁴ + (n₂−1)/n₂²·se₂⁴) − 2.
 * Both p values are then corrected across the paths (Holm by default).
 *
 * **Symmetric in the groups**: swapping them (`levels` reversed) negates every difference and t
 * and leaves every p value exactly unchanged — unlike the one-sided PLS-MGA p of Henseler et al.
 * (2009), which flips to 1 − p (seminr issue #291). Permutations shuffle positions without reading
 * the labels, and each group's bootstrap draws from a stream keyed by where the group's first
 * respondent sits in the data, not by its position in `levels`; seeded, so the same seed gives the
 * same result. Check measurement invariance first (`measurementInvariance`): path coefficients are
 * comparable across groups only under (at least partial) invariance.
 *
 * @param data Survey answers with the items and the group column.
 * @param spec A PLS path model spec, as `fitPlsPathModel` takes it.
 * @param options `group`, `levels`, `permutations` (1,000), `samples` (1,000 per group), `seed` (1), `correction` (`'holm'`).
 * @throws {CustomerValueError} as `measurementInvariance`: `invalid_spec`, `missing_column`, `invalid_value` (other than two levels without `levels`; an item constant within a group, naming group, construct and item), `too_few_rows` (a group with fewer respondents than constructs).
 * @example
 * const survey = (await readCsvFile('examples/data/ecsi_mobi.csv')).columns;
 * const handled = { ...survey, handled: Array.from(survey.CUSCO, (v) => (v >= 8 ? 'well' : 'poorly')) };
 * const spec = { constructs: { Value: { items: ['PERV1', 'PERV2'] }, Satisfaction: { items: ['CUSA1', 'CUSA2', 'CUSA3'] } }, paths: [['Value', 'Satisfaction']] };
 * const mga = comparePlsGroups(handled, spec, { group: 'handled', permutations: 200, samples: 200 });
 * const swapped = comparePlsGroups(handled, spec, { group: 'handled', levels: ['well', 'poorly'], permutations: 200, samples: 200 });
 * [mga.paths[0].permutation.p === swapped.paths[0].permutation.p, mga.paths[0].welch.p === swapped.paths[0].welch.p]; // => [true, true]
 * mga.paths[0].difference === -swapped.paths[0].difference; // => true
 */
export function comparePlsGroups(data: TableInput, spec: PlsPathModelSpec, options: ComparePlsGroupsOptions): ComparePlsGroupsResult {
  const s = parsePlsSpec(spec, FN);
  const o = parseSpec(optionsSchema, options, FN, 'options');
  const grouped = readGroupedSurvey(data, FN, s, o.group, o.levels);
  const structure = plsStructure(s);
  const { rows, n, p, label } = grouped;
  const P = structure.paths.length;
  const observed = ([0, 1] as const).map((g) => estimateGroup(groupMoments(rows, p, label, g), structure, FN));
  observed.forEach((e, g) => {
    if (e === null)
      throw new CustomerValueError('invalid_value', `${FN}: the model cannot be estimated in group ${describeValue(grouped.levels[g])}`, [
        {
          function: FN,
          path: 'spec',
          expected: `a model estimable in group ${describeValue(grouped.levels[g])}`,
          received: 'perfectly collinear items or construct scores',
          hint: 'drop a redundant item or construct, or compare larger groups',
        },
      ]);
  });
  const [e0, e1] = observed as [NonNullable<(typeof observed)[0]>, NonNullable<(typeof observed)[1]>];
  const difference = Float64Array.from({ length: P }, (_, k) => e0.paths[k] - e1.paths[k]);
  // permutation test
  const extreme = new Float64Array(P);
  const permuted = new Uint8Array(n);
  let used = 0;
  for (let b = 0; b < o.permutations; b++) {
    permutedLabels(label, o.seed, b, permuted);
    const a = estimateGroup(groupMoments(rows, p, permuted, 0), structure, FN);
    const c = a === null ? null : estimateGroup(groupMoments(rows, p, permuted, 1), structure, FN);
    if (a === null || c === null) continue;
    used++;
    for (let k = 0; k < P; k++) if (Math.abs(a.paths[k] - c.paths[k]) >= Math.abs(difference[k])) extreme[k]++;
  }
  if (used === 0) {
    throw new CustomerValueError('invalid_value', `${FN}: no permutation of the groups could be estimated`, [
      {
        function: FN,
        path: 'options.group',
        expected: 'groups whose permutations can be estimated',
        received: `0 of ${o.permutations}`,
        hint: 'compare larger groups',
      },
    ]);
  }
  // each group's bootstrap standard errors, from a stream keyed by the group, not its position
  const failedSamples: [number, number] = [0, 0];
  const se = ([0, 1] as const).map((g) => {
    const size = grouped.sizes[g];
    const groupRows = new Float64Array(size * p);
    let r = 0;
    for (let i = 0; i < n; i++) if (label[i] === g) groupRows.set(rows.subarray(i * p, (i + 1) * p), p * r++);
    const stream = g === grouped.firstGroup ? 0 : 1;
    const draws = runResamples({ rows: groupRows, n: size, p, spec: s }, streamSeed(o.seed ^ 0x2545f491, stream), 0, o.samples);
    const sds = new Float64Array(P);
    let ok = 0;
    const sum = new Float64Array(P);
    for (let b = 0; b < draws.count; b++) {
      if (Number.isNaN(draws.values[b * draws.width])) continue;
      ok++;
      for (let k = 0; k < P; k++) sum[k] += draws.values[b * draws.width + k];
    }
    failedSamples[g] = draws.count - ok;
    if (ok < 2) {
      throw new CustomerValueError('invalid_value', `${FN}: the bootstrap of group ${describeValue(grouped.levels[g])} gave no standard errors`, [
        {
          function: FN,
          path: 'options.group',
          expected: 'at least 2 resamples of each group that can be estimated, for the Welch test',
          received: `${ok} of ${draws.count}`,
          hint: 'compare larger groups, or raise options.samples',
        },
      ]);
    }
    for (let k = 0; k < P; k++) {
      const mean = sum[k] / ok;
      let ss = 0;
      for (let b = 0; b < draws.count; b++) {
        if (Number.isNaN(draws.values[b * draws.width])) continue;
        ss += (draws.values[b * draws.width + k] - mean) ** 2;
      }
      sds[k] = Math.sqrt(ss / (ok - 1));
    }
    return sds;
  });
  const [n0, n1] = grouped.sizes;
  const welch = Array.from({ length: P }, (_, k) => welchTest(difference[k], se[0][k], se[1][k], n0, n1));
  const permutationPs = Array.from(extreme, (x) => permutationP(x, used));
  const permutationAdjusted = adjustPValues(permutationPs, o.correction);
  const welchAdjusted = adjustPValues(
    welch.map((w) => w.p),
    o.correction,
  );
  return {
    groups: [
      { level: grouped.levels[0], n: n0 },
      { level: grouped.levels[1], n: n1 },
    ],
    skipped: grouped.skipped,
    outside: grouped.outside,
    permutations: o.permutations,
    failed: o.permutations - used,
    samples: o.samples,
    failedSamples,
    seed: o.seed,
    correction: o.correction,
    paths: s.paths.map(([from, to], k) => ({
      from,
      to,
      coefficients: [e0.paths[k], e1.paths[k]] as const,
      difference: difference[k],
      permutation: { p: permutationPs[k], pAdjusted: permutationAdjusted[k] },
      welch: { standardErrors: [se[0][k], se[1][k]] as const, t: welch[k].t, df: welch[k].df, p: welch[k].p, pAdjusted: welchAdjusted[k] },
    })),
    sources: {
      permutation: 'Chin & Dibbern (2010), in Handbook of Partial Least Squares, 171–193; p with the +1 of Phipson & Smyth (2010)',
      welch:
        'Sarstedt, Henseler & Ringle (2011), Multigroup analysis in partial least squares (PLS) path modeling, Advances in International Marketing 22, 195–218',
      correction: CORRECTION_SOURCES[o.correction],
      invariance:
        'compare paths across groups after establishing (at least partial) measurement invariance: measurementInvariance (Henseler, Ringle & Sarstedt 2016)',
    },
  };
}
