import type * as z from 'zod';
import { CustomerValueError } from '../errors.js';
import { ColumnReader, requireRows } from '../internal/columnReader.js';
import { MODEL_VERSION } from '../internal/modelVersion.js';
import type { ModelFit } from '../model/modelFit.js';
import { parseSpec } from '../internal/parseSpec.js';
import type { NumericArray, TableInput } from '../io/tableInput.js';
import { tierIndexes, valueScores } from './pyramidKernel.js';
import { CUMULATIVE_SLACK, customerScore, dimensionScale, negativeValueError, quantileCutRanks, scalingFromStatistics } from './pyramidScaling.js';
import { isValuePyramidStatistics, valuePyramidStatisticsSchema, type ValuePyramidStatistics } from './valuePyramidStatistics.js';
import { valuePyramidSpecSchema, type DimensionScaling, type ValuePyramidSpec } from './valuePyramidSpec.js';
import { statisticsSkipped } from '../internal/statisticsSkipped.js';

const FN = 'fitValuePyramid';

/**
 * A fitted value pyramid: how each dimension is scaled and where the tiers are cut. What scoring
 * reads stays at the top level; the record of the fit (rows used and skipped, warnings, tallies
 * of the fitted data) is in `fitted` (see `ModelFit`).
 */
export interface ValuePyramidModel {
  readonly kind: 'valuePyramid';
  readonly version: number;
  readonly spec: z.output<typeof valuePyramidSpecSchema>;
  /** Per dimension: value contribution `weight · (t(x) − center) / spread`. */
  readonly scaling: readonly DimensionScaling[];
  /** Descending value thresholds: a customer is in the first tier whose threshold they reach. */
  readonly thresholds: readonly number[];
  readonly tierNames: readonly string[];
  readonly fitted: ModelFit<{
    readonly customersPerTier: readonly number[];
    /** Each tier's share of total value; null when some value is negative (shares undefined). */
    readonly valueSharePerTier: readonly number[] | null;
    readonly meanValue: number;
  }>;
}

/**
 * Fit a customer value pyramid: a value score over several dimensions (realized value,
 * potential value, frequency...), then tiers from the top down.
 *
 * Method. Each dimension is optionally `log1p`-transformed, put on a common scale with
 * parameters learned here (`zscore`: mean and sample SD; `minmax`: range; `none`: raw), signed
 * by its direction, and weighted (weights normalized to sum to 1). Tier cuts are value
 * thresholds learned from the fitted customers:
 * - `quantile`: tier j's lower threshold is the value at descending rank ⌈c_j·n⌉, c_j the
 *   cumulative share of customers down to tier j (default: top 1%, large 4%, medium 15%, small
 *   80% — the customer pyramid of Zeithaml, Rust & Lemon 2001);
 * - `cumulativeShare` (ABC / Pareto): in descending value, tier j ends with the last customer
 *   whose preceding customers carry less than c_j of total value, so A is the smallest top
 *   group reaching 80% of value (default A 80%, B 15%, C 5%).
 * Customers tied on value are always in the same tier (which may then hold a little more than
 * its share). Thresholds stay in the model, so `scoreValuePyramid` tiers new data identically.
 *
 * Two doors, one fit: `data` is the customer table, or the `ValuePyramidStatistics` an engine
 * computed (`valuePyramidStatisticsInWarehouse`: per dimension mean, sample SD, min and max; the
 * customers at the tier cuts; the tier tallies), from which the same scaling and thresholds are
 * built by the same JavaScript, with no customer row leaving the engine. Statistics are checked
 * against the spec (columns, transforms, tiers, quantile ranks) and refused with
 * `invalid_value` at `statistics.…` otherwise.
 *
 * @param data The customers (rows, columns or Arrow), or their `ValuePyramidStatistics`.
 *
 * @throws {CustomerValueError} `invalid_spec`; `missing_column`; `invalid_value` (bad cells, a
 * constant column that cannot be scaled, `log1p` of a value ≤ −1, negative value under
 * `cumulativeShare`); `too_few_rows` (fewer than 2 customers).
 * @example
 * const model = fitValuePyramid(
 *   { profit: [500, 120, 80, 40, 30, 20, 10, 5, 0, 0] },
 *   { dimensions: [{ column: 'profit', scale: 'none' }], tiers: { method: 'cumulativeShare' } },
 * );
 * model.tierNames; // => ['A', 'B', 'C']
 * model.fitted.diagnostics.customersPerTier; // => [3, 2, 5]
 * model.thresholds; // => [80, 30]
 * // the same customers as statistics (what valuePyramidStatisticsInWarehouse computes in an engine)
 * const statistics = {
 *   summary: 'valuePyramidStatistics', rows: 10, n: 10,
 *   dimensions: [{ column: 'profit', transform: 'none', mean: null, sd: null, min: 0, max: 500 }],
 *   cuts: [{ rank: 3, values: [80] }, { rank: 5, values: [30] }],
 *   lowest: [0],
 *   tiers: { customers: [3, 2, 5], value: [700, 70, 35] },
 * };
 * fitValuePyramid(statistics, { dimensions: [{ column: 'profit', scale: 'none' }], tiers: { method: 'cumulativeShare' } }).thresholds; // => [80, 30]
 */
export function fitValuePyramid(data: TableInput | ValuePyramidStatistics, spec: ValuePyramidSpec): ValuePyramidModel {
  const s = parseSpec(valuePyramidSpecSchema, spec, FN);
  if (isValuePyramidStatistics(data)) return fitFromStatistics(data, s);
  const reader = new ColumnReader(
    data,
    FN,
    s.dimensions.map((d) => d.column),
    s.missing,
  );
  const columns = s.dimensions.map((d) =>
    reader.number(d.column, 'value dimension', d.transform === 'log1p' ? { above: -1, expected: 'a finite number > −1 (log1p)' } : {}),
  );
  const { skipMask, skipped } = reader.finish();
  const n = reader.rowCount - skipped;
  requireRows(FN, n, 2, 'customers');
  const totalWeight = s.dimensions.reduce((sum, d) => sum + d.weight, 0);
  const scaling = s.dimensions.map((d, i) => {
    const { center, spread } = scaleParameters(columns[i], d.transform === 'log1p', d.scale, d.better, skipMask, d.column, `dimensions[${i}]`);
    const sign = d.better === 'higher' ? 1 : -1;
    return { column: d.column, center, spread, weight: (sign * d.weight) / totalWeight };
  });
  const log1p = s.dimensions.map((d) => d.transform === 'log1p');
  const value = valueScores(columns, scaling, log1p, reader.rowCount);
  const fitted = keptValues(value, skipMask, n);
  const sorted = fitted.slice().sort().reverse();
  const shares = s.tiers.cuts.map((c) => c.share);
  const thresholds = s.tiers.method === 'quantile' ? quantileThresholds(sorted, shares) : cumulativeShareThresholds(sorted, shares);
  const tier = tierIndexes(value, thresholds, skipMask);
  const customersPerTier = new Array<number>(shares.length).fill(0);
  const valuePerTier = new Array<number>(shares.length).fill(0);
  for (let i = 0; i < tier.length; i++) {
    if (tier[i] < 0) continue;
    customersPerTier[tier[i]]++;
    valuePerTier[tier[i]] += value[i];
  }
  return pyramidModel(s, scaling, thresholds, n, skipped, customersPerTier, valuePerTier, sorted[sorted.length - 1] >= 0);
}

/** The model object both paths build: from the rows, or from engine statistics. */
function pyramidModel(
  s: z.output<typeof valuePyramidSpecSchema>,
  scaling: ValuePyramidModel['scaling'],
  thresholds: number[],
  n: number,
  skipped: number,
  customersPerTier: number[],
  valuePerTier: number[],
  nonNegative: boolean,
): ValuePyramidModel {
  const total = valuePerTier.reduce((a, b) => a + b, 0);
  return {
    kind: 'valuePyramid',
    version: MODEL_VERSION,
    spec: s,
    scaling,
    thresholds,
    tierNames: s.tiers.cuts.map((c) => c.name),
    fitted: {
      n,
      skipped,
      warnings: [],
      diagnostics: {
        customersPerTier,
        valueSharePerTier: nonNegative && total > 0 ? valuePerTier.map((v) => v / total) : null,
        meanValue: total / n,
      },
    },
  };
}

function keptValues(value: Float64Array, skipMask: Uint8Array | null, n: number): Float64Array {
  if (skipMask === null) return value;
  const out = new Float64Array(n);
  let j = 0;
  for (let i = 0; i < value.length; i++) if (skipMask[i] === 0) out[j++] = value[i];
  return out;
}

function scaleParameters(
  x: NumericArray,
  log1p: boolean,
  scale: 'zscore' | 'minmax' | 'none',
  better: 'higher' | 'lower',
  skipMask: Uint8Array | null,
  column: string,
  /** The dimension's place in the spec, `dimensions[i]`, for the hint. */
  path: string,
): { center: number; spread: number } {
  if (scale === 'none') return { center: 0, spread: 1 };
  let count = 0;
  let mean = 0;
  let m2 = 0;
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < x.length; i++) {
    if (skipMask !== null && skipMask[i] === 1) continue;
    const v = log1p ? Math.log1p(x[i]) : x[i];
    count++;
    const delta = v - mean; // Welford's update: stable for large, long-tailed columns
    mean += delta / count;
    m2 += delta * (v - mean);
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return dimensionScale(FN, { mean, sd: Math.sqrt(m2 / (count - 1)), lo, hi }, scale, better, column, path);
}

/** Lower thresholds of all tiers but the last, for descending `sorted` values. */
function quantileThresholds(sorted: Float64Array, shares: readonly number[]): number[] {
  return quantileCutRanks(sorted.length, shares).map((rank) => sorted[rank - 1]);
}

function cumulativeShareThresholds(sorted: Float64Array, shares: readonly number[]): number[] {
  const n = sorted.length;
  if (sorted[n - 1] < 0) throw negativeValueError(FN, sorted[n - 1]);
  let total = 0;
  for (let i = 0; i < n; i++) total += sorted[i];
  const out: number[] = [];
  let cumulative = 0;
  let before = 0;
  let i = 0;
  for (let j = 0; j < shares.length - 1; j++) {
    cumulative += shares[j];
    const limit = cumulative * total * CUMULATIVE_SLACK;
    // advance while the next customer's preceding value is still below the limit
    while (i + 1 < n && before + sorted[i] < limit) {
      before += sorted[i];
      i++;
    }
    out.push(sorted[i]);
  }
  return out;
}

function statisticsError(path: string, expected: string, received: string, hint?: string): CustomerValueError {
  return new CustomerValueError('invalid_value', `${FN}: the statistics do not fit the spec`, [
    { function: FN, path: `statistics.${path}`, expected, received, ...(hint ? { hint } : {}) },
  ]);
}

/** The fit from engine statistics: the same scaling, thresholds and tallies, from what the engine computed (see `ValuePyramidStatistics`). */
function fitFromStatistics(data: unknown, s: z.output<typeof valuePyramidSpecSchema>): ValuePyramidModel {
  const st = parseSpec(valuePyramidStatisticsSchema, data, FN, 'statistics', 'invalid_value');
  const p = s.dimensions.length;
  const tiers = s.tiers.cuts.length;
  const again = 'compute the statistics again for this spec (valuePyramidStatisticsInWarehouse)';
  if (st.dimensions.length !== p) throw statisticsError('dimensions', `${p} dimensions, as the spec`, String(st.dimensions.length), again);
  s.dimensions.forEach((d, i) => {
    const got = st.dimensions[i];
    if (got.column !== d.column || got.transform !== d.transform) {
      throw statisticsError(
        `dimensions.${i}`,
        `column "${d.column}" with transform '${d.transform}'`,
        `column "${got.column}" with transform '${got.transform}'`,
        again,
      );
    }
  });
  const rowsOk = (values: readonly number[]) => values.length === p;
  if (st.cuts.length !== tiers - 1 || !st.cuts.every((c) => rowsOk(c.values)) || !rowsOk(st.lowest)) {
    throw statisticsError('cuts', `${tiers - 1} cuts of ${p} values each, and ${p} lowest values`, `${st.cuts.length} cuts`, again);
  }
  if (st.tiers.customers.length !== tiers || st.tiers.value.length !== tiers) {
    throw statisticsError('tiers', `${tiers} tiers, as the spec`, String(st.tiers.customers.length), again);
  }
  const skipped = statisticsSkipped(st.rows, st.n, s.missing, FN, () => statisticsError('n', `at most statistics.rows (${st.rows}) customers`, String(st.n)));
  requireRows(FN, st.n, 2, 'customers');
  if (st.tiers.customers.reduce((a, b) => a + b, 0) !== st.n) {
    throw statisticsError('tiers.customers', `customers per tier summing to n = ${st.n}`, String(st.tiers.customers.reduce((a, b) => a + b, 0)), again);
  }
  const log1p = s.dimensions.map((d) => d.transform === 'log1p');
  s.dimensions.forEach((d, i) => {
    const m = st.dimensions[i];
    if (log1p[i] && !(m.min > -1)) throw statisticsError(`dimensions.${i}.min`, 'a finite number > −1 (log1p)', String(m.min));
    if (d.scale === 'zscore' && (m.mean === null || m.sd === null))
      throw statisticsError(`dimensions.${i}`, 'the mean and sd of a zscore dimension', 'null', again);
  });
  const scaling = scalingFromStatistics(FN, s.dimensions, st.dimensions);
  const score = (values: readonly number[]) => customerScore(values, scaling, log1p);
  const lowest = score(st.lowest);
  if (s.tiers.method === 'cumulativeShare' && lowest < 0) throw negativeValueError(FN, lowest);
  if (s.tiers.method === 'quantile') {
    const ranks = quantileCutRanks(
      st.n,
      s.tiers.cuts.map((c) => c.share),
    );
    st.cuts.forEach((c, j) => {
      if (c.rank !== ranks[j]) throw statisticsError(`cuts.${j}.rank`, `rank ${ranks[j]} of ${st.n} customers`, String(c.rank), again);
    });
  }
  const thresholds = st.cuts.map((c) => score(c.values));
  return pyramidModel(s, scaling, thresholds, st.n, skipped, st.tiers.customers.slice(), st.tiers.value.slice(), lowest >= 0);
}
