import * as z from 'zod/mini';
import { CustomerValueError, describeValue } from '../errors.js';
import type { TableInput } from '../io/tableInput.js';
import type { Moments } from './momentMatrix.js';
import { ColumnReader, requireRows } from './columnReader.js';
import { readKeys } from './keyColumns.js';
import { seededRandom, streamSeed } from './random.js';
import { studentTTwoSided } from './specialFunctions.js';
import { isItemMoments } from '../satisfaction/surveyItems.js';
import { estimatePlsFromMoments } from '../satisfaction/pls/estimatePlsFromMoments.js';
import { pathMatrix } from '../satisfaction/pls/pathMatrix.js';
import type { ParsedPlsSpec } from '../satisfaction/pls/plsPathModelSpec.js';
import type { PlsIndexStructure } from '../satisfaction/pls/plsStructure.js';
import type { GroupLevel } from '../satisfaction/pls/groupLevel.js';
import { resampleCount, seedOption } from './plsOptionSchemas.js';

/** A level of the group column: a string or a finite number (named so, not zod's "invalid input"). */
export const groupLevel = () =>
  z.union([z.string(), z.number().check(z.refine(Number.isFinite, 'a finite number'))], { error: 'a level of the group column: a string or a finite number' });

/** The options every two-group PLS comparison takes: the group column and, for a column with more than two levels, the pair. */
export const groupOptionShape = {
  group: z.string().check(z.minLength(1)),
  levels: z.optional(z.tuple([groupLevel(), groupLevel()]).check(z.refine(([a, b]) => a !== b, 'two different levels'))),
  permutations: resampleCount(1000, 19),
  seed: seedOption(),
};

/**
 * The two groups' respondents: items of the pooled rows (those in either group, complete answers)
 * packed row-major in data order, and each pooled row's group (0 for the first level, 1 for the
 * second).
 */
export interface GroupedSurvey {
  readonly rows: Float64Array;
  readonly n: number;
  readonly p: number;
  readonly label: Uint8Array;
  readonly levels: readonly [GroupLevel, GroupLevel];
  readonly sizes: readonly [number, number];
  /** Which group holds the pooled data's first row (0 or 1): label-free, so seeds keyed by it follow the group, not its position. */
  readonly firstGroup: 0 | 1;
  /** Respondents dropped for a missing answer or group (missing: 'skip'). */
  readonly skipped: number;
  /** Respondents in neither of the two levels. */
  readonly outside: number;
}

/** `GroupedSurvey` for any number of groups (label g for the g-th level). */
export interface GroupedSurveyLevels {
  readonly rows: Float64Array;
  readonly n: number;
  readonly p: number;
  readonly label: Uint8Array;
  readonly levels: readonly GroupLevel[];
  readonly sizes: readonly number[];
  /** Respondents dropped for a missing answer or group (missing: 'skip'). */
  readonly skipped: number;
  /** Respondents in none of the levels. */
  readonly outside: number;
}

/** The most groups one call compares (labels are bytes). */
export const MAX_GROUP_LEVELS = 255;

/**
 * Read a PLS spec's items (checked against its scale) and the group column with one reader, pick
 * the two levels (the pair given, or the column's only two), and pack the pooled rows. Refuses a
 * group with fewer respondents than constructs and an item constant within a group, naming the
 * group, the construct and the item.
 */
export function readGroupedSurvey(
  data: TableInput,
  fn: string,
  s: ParsedPlsSpec,
  group: string,
  levels: readonly [GroupLevel, GroupLevel] | undefined,
  /** The caller's `missing` value that drops respondents, for the hint; `null` when the caller has no `missing` option (a fitted model's policy is fixed). */
  skipOption: 'skip' | null = 'skip',
): GroupedSurvey {
  const read = readGroupedSurveyLevels(data, fn, s, group, levels, skipOption, true);
  return {
    ...read,
    levels: [read.levels[0], read.levels[1]],
    sizes: [read.sizes[0], read.sizes[1]],
    firstGroup: read.label[0] as 0 | 1,
  };
}

/**
 * `readGroupedSurvey` for two or more groups: the levels given (at least two, distinct), or every
 * level of the column in the reader's order (first appearance) — with `exactlyTwo`, the pair given
 * or the column's only two, as `readGroupedSurvey`.
 */
export function readGroupedSurveyLevels(
  data: TableInput,
  fn: string,
  s: ParsedPlsSpec,
  group: string,
  levels: readonly GroupLevel[] | undefined,
  skipOption: 'skip' | null = 'skip',
  exactlyTwo = false,
): GroupedSurveyLevels {
  if (isItemMoments(data)) {
    throw new CustomerValueError('invalid_value', `${fn}: needs the answers row by row, not item moments`, [
      {
        function: fn,
        path: 'data',
        expected: 'survey answers with a group column (rows, columns or an Arrow table)',
        received: 'item moments ({ summary: "itemMoments" })',
      },
    ]);
  }
  const names = Object.keys(s.constructs);
  const items = names.flatMap((name) => s.constructs[name].items);
  if (items.includes(group)) {
    throw new CustomerValueError('invalid_spec', `${fn}: the group column is also an item`, [
      { function: fn, path: 'options.group', expected: 'a column that is not an item of the model', received: JSON.stringify(group) },
    ]);
  }
  const reader = new ColumnReader(data, fn, [...items, group], s.missing === 'error' ? 'error' : 'skip', skipOption);
  const scale = s.scale;
  const rule = scale ? { min: scale[0], max: scale[1], expected: `an answer on the ${scale[0]}–${scale[1]} scale` } : {};
  const columns = items.map((item) => reader.number(item, 'survey item', rule));
  const key = readKeys(reader, group, 'group');
  const { skipMask, skipped } = reader.finish();
  const rowCount = reader.rowCount;
  const counts = new Float64Array(key.keys.length);
  for (let i = 0; i < rowCount; i++) if ((skipMask === null || skipMask[i] === 0) && key.codes[i] >= 0) counts[key.codes[i]]++;
  const present = key.keys.filter((_, k) => counts[k] > 0);
  const listed = (values: readonly GroupLevel[]) =>
    `${values
      .slice(0, 10)
      .map((v) => describeValue(v))
      .join(', ')}${values.length > 10 ? ', …' : ''}`;
  const levelCount = (count: number) => `${count} level${count === 1 ? '' : 's'}`;
  let chosen: GroupLevel[];
  if (levels !== undefined) {
    const missingLevels = levels.filter((level) => !present.includes(level));
    if (missingLevels.length > 0) {
      throw new CustomerValueError('invalid_value', `${fn}: a group level is not in column "${group}"`, [
        {
          function: fn,
          path: 'options.levels',
          expected: `levels of column "${group}" (${present.map((v) => describeValue(v)).join(', ')})`,
          received: missingLevels.map((v) => describeValue(v)).join(', '),
          hint: 'levels are exact: the string "1" and the number 1 differ',
        },
      ]);
    }
    chosen = [...levels];
  } else if (present.length === 2 || (!exactlyTwo && present.length > 2 && present.length <= MAX_GROUP_LEVELS)) {
    chosen = [...present];
  } else if (exactlyTwo || present.length < 2) {
    throw new CustomerValueError('invalid_value', `${fn}: column "${group}" has ${levelCount(present.length)}, not ${exactlyTwo ? 'two' : 'two or more'}`, [
      {
        function: fn,
        column: group,
        expected: exactlyTwo ? 'a column with exactly two levels, or options.levels naming the pair to compare' : 'a column with at least two levels',
        received: `${levelCount(present.length)}: ${listed(present)}`,
        hint: present.length > 2 ? `pass levels: [${describeValue(present[0])}, ${describeValue(present[1])}] to compare two of them` : 'compare two groups',
      },
    ]);
  } else {
    throw new CustomerValueError(
      'invalid_value',
      `${fn}: column "${group}" has ${present.length} levels, more than the ${MAX_GROUP_LEVELS} one call compares`,
      [
        {
          function: fn,
          column: group,
          expected: `a group column with at most ${MAX_GROUP_LEVELS} levels (a segment, a tier), or options.levels naming the groups to compare`,
          received: `${present.length} levels: ${listed(present)}`,
          hint: 'is this an id column? group by a segment or tier instead',
        },
      ],
    );
  }
  const codeOf = new Int32Array(key.keys.length).fill(-1);
  chosen.forEach((level, g) => (codeOf[key.keys.indexOf(level)] = g));
  const p = items.length;
  const used: number[] = [];
  let outside = 0;
  for (let i = 0; i < rowCount; i++) {
    if (skipMask !== null && skipMask[i] === 1) continue;
    if (key.codes[i] >= 0 && codeOf[key.codes[i]] >= 0) used.push(i);
    else outside++;
  }
  const n = used.length;
  const rows = new Float64Array(n * p);
  const label = new Uint8Array(n);
  used.forEach((i, r) => {
    label[r] = codeOf[key.codes[i]];
    for (let k = 0; k < p; k++) rows[r * p + k] = columns[k][i];
  });
  const sizes = chosen.map(() => 0);
  for (let r = 0; r < n; r++) sizes[label[r]]++;
  const C = names.length;
  chosen.forEach((level, g) => {
    if (sizes[g] < Math.max(C, 3)) {
      throw new CustomerValueError('too_few_rows', `${fn}: group ${describeValue(level)} has ${sizes[g]} respondents, fewer than the model needs`, [
        {
          function: fn,
          column: group,
          expected: `at least ${Math.max(C, 3)} respondents with complete answers in group ${describeValue(level)} (no fewer than the ${C} constructs, and at least 3)`,
          received: `${sizes[g]} respondents`,
          hint: 'merge small groups or compare larger ones',
        },
      ]);
    }
  });
  requireRows(fn, n, 3, 'respondents');
  // an item constant within a group has no correlation there: name the group, construct and item
  const issues: { function: string; column: string; path: string; expected: string; received: string; hint: string }[] = [];
  let message = '';
  chosen.forEach((level, g) => {
    const m = groupMoments(rows, p, label, g);
    names.forEach((name) =>
      s.constructs[name].items.forEach((item) => {
        const k = items.indexOf(item);
        if (!(m.sds[k] > 0)) {
          if (message === '') message = `${fn}: item "${item}" of construct "${name}" is constant within group ${describeValue(level)}`;
          issues.push({
            function: fn,
            column: item,
            path: `spec.constructs.${name}.items`,
            expected: `answers to "${item}" (construct "${name}") that vary within group ${describeValue(level)}`,
            received: `every answer ${m.means[k]} in group ${describeValue(level)}`,
            hint: 'a constant item cannot be weighted within the group: drop the item from the construct or compare other groups',
          });
        }
      }),
    );
  });
  if (issues.length > 0) {
    throw new CustomerValueError('invalid_value', message, issues);
  }
  return { rows, n, p, label, levels: chosen, sizes, skipped, outside };
}

/** Moments (two-pass, centered) of the rows whose label is `g`, in row order. */
export function groupMoments(rows: Float64Array, p: number, label: Uint8Array, g: number): Moments {
  const n = label.length;
  const means = new Float64Array(p);
  let count = 0;
  for (let r = 0; r < n; r++) {
    if (label[r] !== g) continue;
    count++;
    for (let k = 0; k < p; k++) means[k] += rows[r * p + k];
  }
  for (let k = 0; k < p; k++) means[k] /= count;
  const cross = new Float64Array(p * p);
  const centered = new Float64Array(p);
  for (let r = 0; r < n; r++) {
    if (label[r] !== g) continue;
    for (let k = 0; k < p; k++) centered[k] = rows[r * p + k] - means[k];
    for (let k = 0; k < p; k++) {
      const a = centered[k];
      for (let l = k; l < p; l++) cross[k * p + l] += a * centered[l];
    }
  }
  return momentsFromCross(count, p, means, cross);
}

/** Moments of all rows (the pooled data). */
export function pooledMoments(rows: Float64Array, p: number, n: number): Moments {
  return groupMoments(rows, p, new Uint8Array(n), 0);
}

function momentsFromCross(n: number, p: number, means: Float64Array, cross: Float64Array): Moments {
  const sds = new Float64Array(p);
  const covariance = new Float64Array(p * p);
  const correlation = new Float64Array(p * p);
  for (let k = 0; k < p; k++) sds[k] = Math.sqrt(cross[k * p + k] / (n - 1));
  for (let k = 0; k < p; k++) {
    for (let l = k; l < p; l++) {
      const c = cross[k * p + l] / (n - 1);
      covariance[k * p + l] = c;
      covariance[l * p + k] = c;
      const r = k === l ? 1 : cross[k * p + l] / Math.sqrt(cross[k * p + k] * cross[l * p + l]);
      correlation[k * p + l] = r;
      correlation[l * p + k] = r;
    }
  }
  return { n, p, means, sds, covariance, correlation };
}

/** One group's PLS estimate: outer weights per construct and path coefficients in spec order; null when it cannot be estimated (a constant item, collinear scores). */
export interface GroupEstimate {
  readonly weights: Float64Array[];
  readonly paths: Float64Array;
  readonly converged: boolean;
}

/** Estimate the model on moments; null when they cannot be estimated. */
export function estimateGroup(moments: Moments, structure: PlsIndexStructure, fn: string): GroupEstimate | null {
  for (let k = 0; k < moments.p; k++) if (!(moments.sds[k] > 0)) return null;
  let fitted;
  try {
    fitted = estimatePlsFromMoments(moments, structure, fn);
  } catch {
    return null;
  }
  const C = structure.blocks.length;
  const B = pathMatrix(fitted.coefficients, structure.predecessors, C);
  const paths = Float64Array.from(structure.paths, ([i, j]) => B[i * C + j]);
  if (paths.some((v) => !Number.isFinite(v)) || fitted.estimate.weights.some((w) => w.some((v) => !Number.isFinite(v)))) return null;
  return { weights: fitted.estimate.weights, paths, converged: fitted.estimate.converged };
}

/**
 * The labels of permutation `b`: a Fisher–Yates shuffle of `label` drawn from the seeded stream
 * (seed, b). The shuffle moves positions, never reads the labels, so swapping the two groups'
 * names (label → 1 − label) gives the complementary labels draw for draw: a permuted statistic
 * that is antisymmetric in the groups is exactly negated, and a symmetric one is unchanged.
 */
export function permutedLabels(label: Uint8Array, seed: number, b: number, out: Uint8Array): Uint8Array {
  out.set(label);
  const random = seededRandom(streamSeed(seed, b));
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random.uniform() * (i + 1));
    const t = out[i];
    out[i] = out[j];
    out[j] = t;
  }
  return out;
}

/** Permutation p value with the +1 of Phipson & Smyth (2010): (1 + extreme) / (1 + draws). */
export function permutationP(extreme: number, draws: number): number {
  return (1 + extreme) / (1 + draws);
}

/** A correction of p values across the paths. */
export type PathCorrection = 'holm' | 'bonferroni' | 'benjaminiHochberg' | 'none';

/**
 * The parametric test with unequal variances of Sarstedt, Henseler & Ringle (2011). Every sum of
 * a group-1 and a group-2 term is one addition, the same double in either order, so swapping the
 * groups negates t and leaves df and p unchanged.
 */
export function welchTest(difference: number, se1: number, se2: number, n1: number, n2: number): { t: number; df: number; p: number } {
  const a1 = ((n1 - 1) / n1) * se1 * se1;
  const a2 = ((n2 - 1) / n2) * se2 * se2;
  const t = difference / Math.sqrt(a1 + a2);
  const b1 = ((n1 - 1) / (n1 * n1)) * se1 ** 4;
  const b2 = ((n2 - 1) / (n2 * n2)) * se2 ** 4;
  const df = ((a1 + a2) * (a1 + a2)) / (b1 + b2) - 2;
  return { t, df, p: studentTTwoSided(t, df) };
}

/** p values corrected across a family: Holm's step-down, Bonferroni, or Benjamini–Hochberg's step-up (monotone, capped at 1). */
export function adjustPValues(ps: readonly number[], correction: PathCorrection): number[] {
  if (correction === 'none') return [...ps];
  // a p that is not a number (a test that could not be made) stays NaN and is not counted in the family
  const out = ps.map(() => Number.NaN);
  const order = ps
    .map((_, k) => k)
    .filter((k) => !Number.isNaN(ps[k]))
    .sort((a, b) => ps[a] - ps[b] || a - b);
  const m = order.length;
  if (correction === 'bonferroni') {
    for (const k of order) out[k] = Math.min(1, ps[k] * m);
    return out;
  }
  if (correction === 'holm') {
    let running = 0;
    order.forEach((k, r) => {
      running = Math.max(running, Math.min(1, (m - r) * ps[k]));
      out[k] = running;
    });
    return out;
  }
  let running = 1;
  for (let r = m - 1; r >= 0; r--) {
    const k = order[r];
    running = Math.min(running, (m / (r + 1)) * ps[k]);
    out[k] = running;
  }
  return out;
}
