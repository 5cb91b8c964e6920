import * as z from 'zod/mini';
import { cholesky, solveInPlace } from '../internal/cholesky.js';
import { parseSpec } from '../internal/parseSpec.js';
import type { TableInput } from '../io/tableInput.js';
import { singularError } from './kmo.js';
import { assertVarying, itemListSchema, readSurvey, scaleSchema } from './surveyItems.js';
import { momentMatrix } from '../internal/momentMatrix.js';
import { missingAnswersSchema, type MissingAnswers } from '../io/missingValues.js';

const FN = 'importancePerformance';

// zod/mini (issue 21): the same messages through parseSpec, without zod's classic API in the bundle
const specSchema = z.strictObject({
  items: itemListSchema,
  overall: z.string().check(z.minLength(1)),
  importance: z._default(z.enum(['correlation', 'regression']), 'correlation'),
  scale: z.optional(scaleSchema),
  cuts: z._default(z.strictObject({ importance: z.optional(z.number()), performance: z.optional(z.number()) }), {}),
  missing: z._default(missingAnswersSchema, 'error'),
});

/** Spec for `importancePerformance`. */
export interface ImportancePerformanceSpec {
  /** Attribute rating columns. */
  readonly items: readonly string[];
  /** Overall satisfaction rating column. */
  readonly overall: string;
  /** Derived importance: `'correlation'` with the overall rating (default) or standardized `'regression'` coefficient. */
  readonly importance?: 'correlation' | 'regression';
  /** Optional answer scale of the items; also gives performance on 0–100. */
  readonly scale?: readonly [number, number];
  /** Quadrant cuts; each defaults to the mean over the items. */
  readonly cuts?: { readonly importance?: number; readonly performance?: number };
  /** Missing answers: `'error'` (default) or `'skip'` (respondent dropped, counted); `'listwise'` is a deprecated alias of `'skip'`. */
  readonly missing?: MissingAnswers;
}

/** Quadrant of the importance–performance map (Martilla & James 1977). */
export type ImportancePerformanceQuadrant = 'keepUp' | 'priorityImprovement' | 'lowPriority' | 'possibleOverkill';

/** One attribute on the map. */
export interface ImportancePerformanceItem {
  readonly item: string;
  readonly importance: number;
  /** Mean rating on the item scale. */
  readonly performance: number;
  /** Mean rating on 0–100 (with a scale), else null. */
  readonly performance100: number | null;
  readonly quadrant: ImportancePerformanceQuadrant;
}

/** The importance–performance map. */
export interface ImportancePerformanceResult {
  readonly items: readonly ImportancePerformanceItem[];
  readonly cuts: { readonly importance: number; readonly performance: number };
  readonly importance: 'correlation' | 'regression';
  /** R² of the regression of the overall rating on the items (regression importance), else null. */
  readonly r2: number | null;
  readonly n: number;
  readonly skipped: number;
}

/**
 * Labels a manager reads, per quadrant of `importancePerformance`.
 *
 * @example
 * QUADRANT_LABELS.priorityImprovement; // => 'priority improvement'
 */
export const QUADRANT_LABELS: Readonly<Record<ImportancePerformanceQuadrant, string>> = {
  keepUp: 'keep up the good work',
  priorityImprovement: 'priority improvement',
  lowPriority: 'low priority',
  possibleOverkill: 'possible overkill',
};

/**
 * Key-driver (importance–performance) analysis: per attribute, derived importance — its
 * correlation with the overall rating, or its standardized coefficient in the regression of
 * the overall rating on all attributes (`β = R_xx⁻¹ r_xy`) — against performance (mean rating),
 * and its quadrant split at the means (or given cuts): *keep up* (important, performing),
 * *priority improvement* (important, under-performing), *low priority*, *possible overkill*
 * (Martilla & James 1977).
 *
 * @throws {CustomerValueError} `invalid_spec`; `missing_column`; `invalid_value` (constant columns; collinear items under regression); `too_few_rows`.
 * @example
 * const survey = {
 *   staff: [9, 8, 7, 9, 6, 8, 5, 9], speed: [4, 6, 3, 7, 2, 6, 3, 7], decor: [8, 9, 9, 8, 9, 8, 9, 9],
 *   overall: [7, 8, 5, 9, 4, 8, 4, 9],
 * };
 * const map = importancePerformance(survey, { items: ['staff', 'speed', 'decor'], overall: 'overall', scale: [1, 10] });
 * map.items.map((i) => [i.item, i.quadrant]); // => [['staff', 'keepUp'], ['speed', 'priorityImprovement'], ['decor', 'possibleOverkill']]
 */
export function importancePerformance(data: TableInput, spec: ImportancePerformanceSpec): ImportancePerformanceResult {
  const s = parseSpec(specSchema, spec, FN);
  const survey = readSurvey(data, FN, s.items, s.scale ?? null, s.missing, [{ column: s.overall, role: 'overall rating' }]);
  const names = [...s.items, s.overall];
  const moments = momentMatrix([...survey.items, survey.extra[0]], survey.skip);
  assertVarying(FN, names, moments);
  const p = s.items.length;
  const q = p + 1;
  const rxy = Float64Array.from({ length: p }, (_, j) => moments.correlation[j * q + p]);
  let importance = Array.from(rxy);
  let r2: number | null = null;
  if (s.importance === 'regression') {
    const rxx = new Float64Array(p * p);
    for (let j = 0; j < p; j++) for (let k = 0; k < p; k++) rxx[j * p + k] = moments.correlation[j * q + k];
    const L = cholesky(rxx, p);
    if (L === null) throw singularError(FN, s.items);
    const beta = Float64Array.from(rxy);
    solveInPlace(L, p, beta);
    importance = Array.from(beta);
    r2 = importance.reduce((sum, b, j) => sum + b * rxy[j], 0);
  }
  const performance = s.items.map((_, j) => moments.means[j]);
  const cuts = {
    importance: s.cuts.importance ?? importance.reduce((a, b) => a + b, 0) / p,
    performance: s.cuts.performance ?? performance.reduce((a, b) => a + b, 0) / p,
  };
  const items = s.items.map((item, j) => {
    const important = importance[j] >= cuts.importance;
    const performing = performance[j] >= cuts.performance;
    const quadrant: ImportancePerformanceQuadrant = important
      ? performing
        ? 'keepUp'
        : 'priorityImprovement'
      : performing
        ? 'possibleOverkill'
        : 'lowPriority';
    return {
      item,
      importance: importance[j],
      performance: performance[j],
      performance100: s.scale ? (100 * (performance[j] - s.scale[0])) / (s.scale[1] - s.scale[0]) : null,
      quadrant,
    };
  });
  return { items, cuts, importance: s.importance, r2, n: survey.n, skipped: survey.skipped };
}
