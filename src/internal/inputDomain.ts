import type { ModelOf, ScorableKind } from '../model/kinds.js';
import type { CustomerValueModel } from '../model/parseModel.js';
import type { InputRange, InputRelation } from '../scoring/inputRange.js';
import type { FittedCovariate } from '../loyalty/clv/staticCovariatesSpec.js';
import { numericCovariateReach } from './covariatePredictor.js';

/** One description of the rows a model scores: read by the per-model scorers, `compileScorer` and `toSql`. */
export interface InputDomain {
  readonly columns: readonly string[];
  readonly ranges: readonly InputRange[];
  readonly relations: readonly InputRelation[];
  /**
   * Per column, the levels of a categorical input (a covariate model's categorical covariate), or
   * null: such a column is read as the index of its level (the range then admits the indexes
   * 0 … levels − 1), encoded by `scoreColumns` and by toSql's CASE; an unknown level is refused.
   */
  readonly levels: readonly (readonly (string | number)[] | null)[];
}

const MAX = Number.MAX_VALUE;
/** Largest |log1p(x)| for a double x > −1: log1p(MAX) ≈ 709.78, log1p(−1 + 2⁻⁵³) ≈ −36.7. */
export const LOG1P_BOUND = 710;
/** probabilityAlive's tolerance on recency ≤ T (readPurchaseSummary): t_x > T·(1 + 1e-12) + 1e-12 is refused. */
const RECENCY_FACTOR = 1 + 1e-12;
const RECENCY_OFFSET = 1e-12;

const open = (): InputRange => ({ min: -Infinity, max: Infinity, above: -Infinity, integer: false });

/**
 * The input domain of a model: every row outside it is refused (an error, or a NULL in SQL).
 * Besides each kind's own rules (answers on the scale, log1p values > −1, BG/NBD histories:
 * frequency a whole number ≥ 0, 0 ≤ recency ≤ T, recency 0 when frequency is 0), value-pyramid
 * and segment inputs are bounded so the scoring arithmetic stays finite: a value pyramid's
 * `Σ a_j·(x_j − c_j)` within ±MAX/2 (|x_j − c_j| ≤ MAX/(2·d·max(|a_j|, 1))), a segment's
 * scaled coordinate within ±√(MAX/(2p))/2 of its center. Values beyond these (≈ 1e150 and up)
 * would give ±Infinity or NaN scores; `checkModelValues` guarantees the model's side.
 */
export function inputDomain(model: CustomerValueModel): InputDomain {
  const columns: string[] = [];
  const ranges: InputRange[] = [];
  const relations: InputRelation[] = [];
  const levels: (readonly (string | number)[] | null)[] = [];
  const restrict: Restrict = (column, rule, categories = null) => {
    let k = columns.indexOf(column);
    if (k < 0) {
      k = columns.length;
      columns.push(column);
      ranges.push(open());
      levels.push(null);
    }
    ranges[k] = intersect(ranges[k], rule);
    if (categories !== null) levels[k] = categories;
  };
  const rules = DOMAINS[model.kind as ScorableKind];
  if (!rules) throw new Error(`inputDomain: no input domain for "${model.kind}"`);
  rules(model as never, restrict, relations);
  return { columns, ranges, relations, levels };
}

type Restrict = (column: string, rule: Partial<InputRange>, levels?: readonly (string | number)[] | null) => void;

/** Each row-scored kind's rules (kinds.ts says which kinds score rows: one missing here does not compile). */
const DOMAINS: { readonly [K in ScorableKind]: (model: ModelOf<K>, restrict: Restrict, relations: InputRelation[]) => void } = {
  rfm(model, restrict) {
    for (const d of ['recency', 'frequency', 'monetary'] as const) restrict(model.spec[d].column, {});
  },
  valuePyramid(model, restrict) {
    const half = MAX / (2 * model.spec.dimensions.length);
    model.spec.dimensions.forEach((d, j) => {
      const s = model.scaling[j];
      if (d.transform === 'log1p') {
        restrict(d.column, { above: -1 });
      } else {
        const reach = half / Math.max(Math.abs(s.weight / s.spread), 1);
        restrict(d.column, { min: s.center - reach, max: s.center + reach });
      }
    });
  },
  satisfactionIndex(model, restrict) {
    const [min, max] = model.spec.scale;
    for (const item of model.items) restrict(item, { min, max });
  },
  segments(model, restrict) {
    const p = model.spec.features.length;
    const zReach = Math.sqrt(MAX / (2 * p)) / 2;
    model.spec.features.forEach((f, j) => {
      const s = model.scaling[j];
      const reach = Math.min(zReach / (1 / s.scale), MAX / 2);
      restrict(f, { min: s.center - reach, max: s.center + reach });
    });
  },
  betaGeo(model, restrict, relations) {
    purchaseHistory(model.spec.columns, restrict, relations);
  },
  betaGeoCovariates(model, restrict, relations) {
    purchaseHistory(model.spec.columns, restrict, relations);
    covariateInputs(model.covariates, [model.coefficients.purchase, model.coefficients.dropout], model.terms.length, restrict);
  },
};

/** A BG/NBD history as `probabilityAlive` takes it: whole frequency ≥ 0, 0 ≤ recency ≤ T, recency 0 without repeat purchases. */
function purchaseHistory(c: { frequency: string; recency: string; T: string }, restrict: Restrict, relations: InputRelation[]): void {
  restrict(c.frequency, { min: 0, integer: true });
  restrict(c.recency, { min: 0 });
  restrict(c.T, { min: 0 });
  relations.push({ kind: 'atMost', column: c.recency, bound: c.T, factor: RECENCY_FACTOR, offset: RECENCY_OFFSET, expected: `recency ≤ T ("${c.T}")` });
  relations.push({ kind: 'zeroWhenZero', column: c.recency, when: c.frequency, expected: 'recency 0 for a customer with no repeat purchase' });
}

/**
 * A covariate model's covariates: a categorical one is its level's index (0 … levels − 1), a
 * numeric one is bounded so that |η| ≤ ETA_BOUND for each process (`numericCovariateReach`).
 */
function covariateInputs(covariates: readonly FittedCovariate[], processes: readonly (readonly number[])[], terms: number, restrict: Restrict): void {
  const reach = numericCovariateReach(covariates, processes, terms);
  covariates.forEach((c, j) => {
    if (c.type === 'categorical') restrict(c.column, { min: 0, max: c.levels.length - 1, integer: true }, c.levels);
    else restrict(c.column, { min: -reach[j], max: reach[j] });
  });
}

/** The tighter of two ranges. */
export function intersect(range: InputRange, rule: Partial<InputRange>): InputRange {
  return {
    min: Math.max(range.min, rule.min ?? -Infinity),
    max: Math.min(range.max, rule.max ?? Infinity),
    above: Math.max(range.above, rule.above ?? -Infinity),
    integer: range.integer || rule.integer === true,
  };
}

/** Words for a range, as error messages and the README state it. */
export function describeRange(range: InputRange): string {
  const { min, max, above, integer } = range;
  const what = integer ? 'a whole number' : 'a value';
  if (min !== -Infinity && max !== Infinity) return `${what} from ${min} to ${max}`;
  if (above !== -Infinity) return `${what} > ${above}`;
  if (min !== -Infinity) return `${what} ≥ ${min}`;
  if (max !== Infinity) return `${what} ≤ ${max}`;
  return integer ? 'a finite whole number' : 'a finite number';
}

/** True when the value is finite and within the range. */
export function inRange(v: number, range: InputRange): boolean {
  return v - v === 0 && v >= range.min && v <= range.max && v > range.above && (!range.integer || Math.floor(v) === v);
}

/** True when a row's values (given for the relation's columns) break the relation. */
export function breaksRelation(relation: InputRelation, value: (column: string) => number): boolean {
  if (relation.kind === 'atMost') return value(relation.column) > value(relation.bound) * relation.factor + relation.offset;
  return value(relation.when) === 0 && value(relation.column) !== 0;
}

/**
 * The largest double `t` with `t · factor` finite: above it the `atMost` bound is Infinity and
 * refuses nothing. SQL engines that raise on overflow (PostgreSQL) need it to skip the product.
 */
export function largestFiniteMultiplicand(factor: number): number {
  let t = MAX / factor;
  while (!Number.isFinite(t * factor)) t = nextDown(t);
  for (let up = nextUp(t); Number.isFinite(up * factor) && up <= MAX; up = nextUp(t)) t = up;
  return t;
}

const view = new DataView(new ArrayBuffer(8));
function nextUp(x: number): number {
  if (x === MAX) return Infinity;
  view.setFloat64(0, x);
  view.setBigUint64(0, view.getBigUint64(0) + (x >= 0 ? 1n : -1n));
  return view.getFloat64(0);
}
function nextDown(x: number): number {
  view.setFloat64(0, x);
  view.setBigUint64(0, view.getBigUint64(0) + (x > 0 ? -1n : 1n));
  return view.getFloat64(0);
}
