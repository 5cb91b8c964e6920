import { IssueList } from '../internal/issueList.js';
import { LOG1P_BOUND } from '../internal/inputDomain.js';
import { COVARIATE_PARAMETER_BOUND, coefficientsByCovariate, ETA_BOUND } from '../internal/covariatePredictor.js';
import type { BetaGeoCovariatesModel } from '../loyalty/clv/fitBetaGeoWithCovariates.js';
import type { BetaGeoModel } from '../loyalty/clv/fitBetaGeo.js';
import type { SatisfactionIndexModel } from '../satisfaction/fitSatisfactionIndex.js';
import type { SegmentsModel } from '../segmentation/fitSegments.js';
import type { RfmModel } from '../value/fitRfm.js';
import type { ValuePyramidModel } from '../value/fitValuePyramid.js';

// Each model kind's check of the values that enter its scoring arithmetic, one function per kind
// so that a scorer's bundle holds its own kind's check only (issue 21: one function switching
// over every kind kept every kind's checks, and what they import, in every scorer). The registry
// (`kinds.ts`, field `values`) names each kind's check, or null for a kind whose schema is the
// whole check; `checkModelValues` runs it for `parseModel` and `assertModelKind`, and the scorers
// that check their own kind (`assertModelOf`) pass the same function.

const MAX = Number.MAX_VALUE;
/** BG/NBD parameters are added to inputs (α + T, b + x − 1, r + x): at most 1e290 keeps every sum finite. */
const PARAMETER_BOUND = 1e290;

/** A value that scoring arithmetic cannot take: the field's path, what it must be, the value. */
export interface ValueIssue {
  readonly path: string;
  readonly expected: string;
  readonly received: number;
}

/** A kind's value check: adds an issue per value that would make scoring non-finite. */
export type ModelValueCheck = (model: never, issues: ValueIssue[]) => void;

const within = (issues: ValueIssue[], path: string, value: number, bound: number, expected: string): void => {
  if (!(Math.abs(value) <= bound)) issues.push({ path, expected, received: value });
};

/**
 * Run a kind's value check (none: nothing to check) and refuse the model with every issue found;
 * `at` is where the caller took the model (the checks name paths from `model`).
 *
 * @throws {CustomerValueError} `invalid_model` naming the field and the value.
 */
export function assertModelValues(model: unknown, check: ModelValueCheck | null, fn: string, at = 'model'): void {
  if (check === null) return;
  const issues: ValueIssue[] = [];
  check(model as never, issues);
  if (issues.length === 0) return;
  const list = new IssueList();
  for (const issue of issues)
    list.add({ function: fn, path: at + issue.path.slice('model'.length), expected: issue.expected, received: String(issue.received) });
  list.throwIfAny('invalid_model', fn);
}

/** RFM: finite thresholds. */
export function rfmModelValues(model: RfmModel, issues: ValueIssue[]): void {
  const thresholds = model.thresholds as unknown as Record<string, readonly number[] | undefined>;
  for (const d of ['recency', 'frequency', 'monetary']) {
    (thresholds[d] ?? []).forEach((t, j) => within(issues, `model.thresholds.${d}.${j}`, t, MAX, 'a finite threshold'));
  }
}

/** Value pyramid: finite weight / spread and centers, a log1p dimension's term bounded for every input, finite thresholds. */
export function valuePyramidModelValues(model: ValuePyramidModel, issues: ValueIssue[]): void {
  const half = MAX / (2 * model.spec.dimensions.length);
  model.scaling.forEach((s, j) => {
    const a = s.weight / s.spread;
    within(issues, `model.scaling.${j}.weight`, a, MAX, 'weight / spread finite (a spread too small for its weight)');
    within(issues, `model.scaling.${j}.center`, s.center, MAX, 'a finite center');
    // a log1p dimension's term a·(log1p(x) − c) is bounded by |a|·(710 + |c|) for every x > −1
    if (model.spec.dimensions[j]?.transform === 'log1p')
      within(
        issues,
        `model.scaling.${j}.weight`,
        Math.abs(a) * (LOG1P_BOUND + Math.abs(s.center)),
        half,
        `|weight / spread|·(710 + |center|) ≤ ${half.toPrecision(3)} (a finite value score for every input)`,
      );
  });
  model.thresholds.forEach((t, j) => within(issues, `model.thresholds.${j}`, t, MAX, 'a finite threshold'));
}

/** Satisfaction index: a scale and weights whose index (and 0–100 index) is finite for every answer. */
export function satisfactionIndexModelValues(model: SatisfactionIndexModel, issues: ValueIssue[]): void {
  const [min, max] = model.spec.scale;
  const reach = Math.max(Math.abs(min), Math.abs(max));
  const limit = MAX / 400;
  within(issues, 'model.spec.scale', reach, limit, `a scale within ±${limit.toPrecision(3)}`);
  const sets = [
    { path: 'model.weights', weights: model.weights },
    ...(model.dimensions ?? []).map((d, g) => ({ path: `model.dimensions.${g}.weights`, weights: d.weights })),
  ];
  for (const { path, weights } of sets) {
    weights.forEach((w, j) => within(issues, `${path}.${j}`, w, MAX, 'a finite weight'));
    within(issues, path, sumOf(weights, reach), limit, `Σ|weight|·max(|scale|) ≤ ${limit.toPrecision(3)} (a finite index for every answer)`);
  }
  // index100 = 100·(index − min)/(max − min), with |index| bounded as above
  within(
    issues,
    'model.spec.scale',
    (100 * (Math.abs(min) + sumOf(model.weights, reach))) / (max - min),
    MAX / 2,
    'a scale wide enough for a finite 0–100 index',
  );
}

/** Segments: finite 1 / scale and centers, center coordinates whose squared distances stay finite. */
export function segmentsModelValues(model: SegmentsModel, issues: ValueIssue[]): void {
  const zReach = Math.sqrt(MAX / (2 * model.spec.features.length)) / 2;
  model.scaling.forEach((s, j) => {
    within(issues, `model.scaling.${j}.scale`, 1 / s.scale, MAX, '1 / scale finite (a scale too small)');
    within(issues, `model.scaling.${j}.center`, s.center, MAX, 'a finite center');
  });
  model.centers.forEach((center, c) =>
    center.forEach((v, j) => within(issues, `model.centers.${c}.${j}`, v, zReach, `a center coordinate within ±${zReach.toPrecision(3)} (finite distances)`)),
  );
}

/** BG/NBD: parameters > 0 and ≤ 1e290, so that every sum with an input stays finite. */
export function betaGeoModelValues(model: BetaGeoModel, issues: ValueIssue[]): void {
  for (const p of ['r', 'alpha', 'a', 'b'] as const) {
    const v = model.params[p];
    if (!(v > 0 && v <= PARAMETER_BOUND))
      issues.push({ path: `model.params.${p}`, expected: `a parameter > 0 and ≤ ${PARAMETER_BOUND} (finite P(alive) for every history)`, received: v });
  }
}

/**
 * BG/NBD with covariates: each customer's exp(ln θ ± γ'z) must stay a normal double for every
 * accepted row: the parameters within [1e-100, 1e100], and a categorical level's coefficient
 * within ±ETA_BOUND / terms (numeric covariates are bounded by the input domain instead).
 */
export function betaGeoCovariatesModelValues(model: BetaGeoCovariatesModel, issues: ValueIssue[]): void {
  for (const p of ['r', 'alpha', 'a', 'b'] as const) {
    const v = model.params[p];
    if (!(v >= 1 / COVARIATE_PARAMETER_BOUND && v <= COVARIATE_PARAMETER_BOUND))
      issues.push({ path: `model.params.${p}`, expected: 'a parameter within [1e-100, 1e100] (finite P(alive) for every customer)', received: v });
  }
  const bound = ETA_BOUND / model.terms.length;
  for (const process of ['purchase', 'dropout'] as const) {
    coefficientsByCovariate(model.covariates, model.coefficients[process]).forEach((g, j) => {
      if (model.covariates[j].type !== 'categorical') return;
      let t = model.covariates.slice(0, j).reduce((sum, c) => sum + (c.type === 'numeric' ? 1 : c.levels.length - 1), 0);
      for (const v of g) {
        within(issues, `model.coefficients.${process}.${t}`, v, bound, `a level coefficient within ±${bound.toPrecision(3)} (400 / terms: finite P(alive))`);
        t += 1;
      }
    });
  }
}

function sumOf(weights: readonly number[], reach: number): number {
  let sum = 0;
  for (const w of weights) sum += Math.abs(w) * reach;
  return sum;
}
