import type { NumericArray } from '../io/tableInput.js';
import { canonicalGroups } from './canonicalGroups.js';

// Static covariates for any CLV likelihood (issue 19): BG/NBD first; Pareto/NBD, Gamma-Gamma and
// BG/BB are to declare their links and reuse the grouping, the chain rule and the penalty.

/**
 * Customers grouped exactly by (covariate values, history): one data set of the model per
 * distinct covariate pattern (a row of the design), in canonical (sorted) order.
 */
export interface PatternData<D> {
  /** Terms of the linear predictor. */
  readonly k: number;
  /** Pattern p's design row is `design[p·k … p·k+k−1]`. */
  readonly design: Float64Array;
  readonly patterns: readonly D[];
  /** Distinct (covariates, history) rows: the sum of the patterns' groups. */
  readonly groups: number;
  /** Customers (the sum of the weights). */
  readonly customers: number;
}

/**
 * Group the rows by (design row, history columns) with `canonicalGroups` (the same customers in
 * any order, raw or with counts, give the same groups in the same order) and build each pattern's
 * data set from its distinct histories and their weights.
 */
export function groupByPattern<D>(
  design: readonly Float64Array[],
  history: readonly NumericArray[],
  skip: Uint8Array | null,
  count: NumericArray | null,
  build: (columns: Float64Array[], weights: Float64Array) => D,
): PatternData<D> {
  const k = design.length;
  const grouped = canonicalGroups([...design, ...history], history[0].length, skip, count);
  const c = grouped.columns;
  const w = grouped.weights;
  const rows = w.length;
  const starts: number[] = [];
  for (let g = 0; g < rows; g++) {
    let same = g > 0;
    for (let j = 0; same && j < k; j++) if (c[j][g] !== c[j][g - 1]) same = false;
    if (!same) starts.push(g);
  }
  starts.push(rows);
  const patterns: D[] = [];
  const designRows = new Float64Array((starts.length - 1) * k);
  let customers = 0;
  for (let g = 0; g < rows; g++) customers += w[g];
  for (let p = 0; p + 1 < starts.length; p++) {
    const [from, to] = [starts[p], starts[p + 1]];
    for (let j = 0; j < k; j++) designRows[p * k + j] = c[j][from];
    patterns.push(
      build(
        c.slice(k).map((column) => column.subarray(from, to)),
        w.subarray(from, to),
      ),
    );
  }
  return { k, design: designRows, patterns, groups: rows, customers };
}

/** A model log-parameter moved by a process's linear predictor: ln θ_i = ln θ + sign·γ_process·z. */
export interface CovariateLink {
  readonly parameter: number;
  readonly process: 'purchase' | 'dropout';
  readonly sign: 1 | -1;
}

/**
 * How the covariates enter a model: its positive parameters (`size`), which of their logs each
 * process's linear predictor moves (`links`), the terms `k`, shared or separate coefficients and
 * the L2 weights per customer (CLVTools' scale). The parameter vector is
 * φ = (ln θ₁ … ln θ_size, γ_purchase, γ_dropout), or (…, γ) when shared.
 */
export interface CovariateLayout {
  readonly size: number;
  readonly links: readonly CovariateLink[];
  readonly k: number;
  readonly shared: boolean;
  readonly lambdaPurchase: number;
  readonly lambdaDropout: number;
}

/** Length of φ. */
export const covariateParameterCount = (layout: CovariateLayout) => layout.size + (layout.shared ? 1 : 2) * layout.k;

/** Where a process's coefficients start in φ. */
const blockStart = (layout: CovariateLayout, process: 'purchase' | 'dropout') => layout.size + (process === 'dropout' && !layout.shared ? layout.k : 0);

/** The model's parameters θ for a design row z (`z[offset …]`): exp of ln θ moved by the links. */
export function patternParameters(phi: ArrayLike<number>, layout: CovariateLayout, z: ArrayLike<number>, offset = 0): number[] {
  const u = Array.from({ length: layout.size }, (_, i) => phi[i]);
  for (const link of layout.links) {
    const start = blockStart(layout, link.process);
    let eta = 0;
    for (let j = 0; j < layout.k; j++) eta += phi[start + j] * z[offset + j];
    u[link.parameter] += link.sign * eta;
  }
  return u.map(Math.exp);
}

/**
 * A model's log-likelihood with static covariates: the sum over covariate patterns of the
 * covariate-free log-likelihood at the pattern's θ (`perPattern`, which writes ∂ℓ/∂ln θ and
 * ∂²ℓ/∂(ln θ)² when asked), minus the penalty n·(λ_p‖γ_p‖² + λ_d‖γ_d‖²) (shared:
 * n·(λ_p + λ_d)‖γ‖²). The map φ → u = ln θ of a pattern is linear (u = J·φ), so by the chain rule
 * ∂ℓ/∂φ = Σ Jᵀ·∂ℓ/∂u and ∂²ℓ/∂φ² = Σ Jᵀ·(∂²ℓ/∂u²)·J exactly. Returns ℓ and the penalized ℓ.
 */
export function covariateLogLikelihood<D>(
  phi: ArrayLike<number>,
  layout: CovariateLayout,
  data: PatternData<D>,
  perPattern: (theta: number[], pattern: D, gradient: Float64Array | null, hessian: Float64Array | null) => number,
  gradient: Float64Array | null,
  hessian: Float64Array | null = null,
): { value: number; penalized: number } {
  const { k, size } = layout;
  const m = covariateParameterCount(layout);
  if (gradient) gradient.fill(0, 0, m);
  if (hessian) hessian.fill(0, 0, m * m);
  const gu = new Float64Array(size);
  const hu = hessian ? new Float64Array(size * size) : null;
  // J (size × m) of one pattern, row-major, and Jᵀ·H (m × size).
  const J = new Float64Array(size * m);
  const JtH = new Float64Array(m * size);
  let value = 0;
  for (let p = 0; p < data.patterns.length; p++) {
    const theta = patternParameters(phi, layout, data.design, p * k);
    value += perPattern(theta, data.patterns[p], gradient ? gu : null, hu);
    if (!gradient) continue;
    J.fill(0);
    for (let i = 0; i < size; i++) J[i * m + i] = 1;
    for (const link of layout.links) {
      const start = blockStart(layout, link.process);
      for (let j = 0; j < k; j++) J[link.parameter * m + start + j] += link.sign * data.design[p * k + j];
    }
    for (let i = 0; i < m; i++) {
      let sum = 0;
      for (let s = 0; s < size; s++) sum += J[s * m + i] * gu[s];
      gradient[i] += sum;
    }
    if (!hessian || !hu) continue;
    for (let i = 0; i < m; i++)
      for (let t = 0; t < size; t++) {
        let sum = 0;
        for (let s = 0; s < size; s++) sum += J[s * m + i] * hu[s * size + t];
        JtH[i * size + t] = sum;
      }
    for (let i = 0; i < m; i++)
      for (let j = 0; j < m; j++) {
        let sum = 0;
        for (let t = 0; t < size; t++) sum += JtH[i * size + t] * J[t * m + j];
        hessian[i * m + j] += sum;
      }
  }
  let penalty = 0;
  const n = data.customers;
  for (let j = size; j < m; j++) {
    const lambda = penaltyWeight(layout, j);
    if (lambda === 0) continue;
    penalty += n * lambda * phi[j] * phi[j];
    if (gradient) gradient[j] -= 2 * n * lambda * phi[j];
    if (hessian) hessian[j * m + j] -= 2 * n * lambda;
  }
  return { value, penalized: value - penalty };
}

/** λ of φ's coefficient j (j ≥ size): its process's, or λ_p + λ_d when shared. */
export function penaltyWeight(layout: CovariateLayout, j: number): number {
  if (layout.shared) return layout.lambdaPurchase + layout.lambdaDropout;
  return j < layout.size + layout.k ? layout.lambdaPurchase : layout.lambdaDropout;
}
