import { canonicalGroups } from '../../internal/canonicalGroups.js';
import type { NumericArray } from '../../io/tableInput.js';
import { betaGeoLogLikelihood, prepareBetaGeoData, type BetaGeoData } from './betaGeoLikelihood.js';

/**
 * Customers grouped exactly by (covariate values, x, t_x, T): one BG/NBD data set per distinct
 * covariate pattern (the customers who share a row of the design), in canonical (sorted) order.
 */
export interface BetaGeoCovariateData {
  /** Terms of the linear predictor. */
  readonly k: number;
  /** Pattern p's design row is `design[p·k … p·k+k−1]`. */
  readonly design: Float64Array;
  readonly patterns: readonly BetaGeoData[];
  /** Distinct (covariates, x, t_x, T) rows: the sum of the patterns' groups. */
  readonly groups: number;
  readonly customers: number;
}

/** Group the customers by their design row and history (see `BetaGeoCovariateData`). */
export function prepareBetaGeoCovariateData(
  design: readonly Float64Array[],
  x: NumericArray,
  tx: NumericArray,
  T: NumericArray,
  skip: Uint8Array | null,
  count: NumericArray | null,
): BetaGeoCovariateData {
  const k = design.length;
  const grouped = canonicalGroups([...design, x, tx, T], x.length, skip, count);
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
  const patterns: BetaGeoData[] = [];
  const designRows = new Float64Array((starts.length - 1) * k);
  let customers = 0;
  for (let p = 0; p + 1 < starts.length; p++) {
    const [from, to] = [starts[p], starts[p + 1]];
    for (let j = 0; j < k; j++) designRows[p * k + j] = c[j][from];
    const data = prepareBetaGeoData(c[k].subarray(from, to), c[k + 1].subarray(from, to), c[k + 2].subarray(from, to), null, w.subarray(from, to));
    customers += data.customers;
    patterns.push(data);
  }
  return { k, design: designRows, patterns, groups: rows, customers };
}

/** The covariate model's layout: which coefficients there are and their L2 weights (see `betaGeoCovariateLogLikelihood`). */
export interface BetaGeoCovariateLayout {
  readonly k: number;
  /** One coefficient vector for both processes (length 4 + k) instead of two (4 + 2k). */
  readonly shared: boolean;
  /** λ_purchase and λ_dropout per customer (CLVTools' scale); 0 for none. */
  readonly lambdaPurchase: number;
  readonly lambdaDropout: number;
}

/** The parameter vector φ = (ln r, ln α₀, ln a₀, ln b₀, γ_purchase, γ_dropout) or, shared, (…, γ). */
export const covariateParameterCount = (layout: BetaGeoCovariateLayout) => 4 + (layout.shared ? 1 : 2) * layout.k;

/** Customer parameters (r, α, a, b) for a design row z: α = α₀·e^(−γ_p·z), a = a₀·e^(γ_d·z), b = b₀·e^(γ_d·z) (CLVTools). */
export function customerParameters(phi: ArrayLike<number>, layout: BetaGeoCovariateLayout, z: ArrayLike<number>, offset = 0): [number, number, number, number] {
  const { k, shared } = layout;
  let etaP = 0;
  let etaD = 0;
  for (let j = 0; j < k; j++) {
    etaP += phi[4 + j] * z[offset + j];
    etaD += phi[4 + (shared ? 0 : k) + j] * z[offset + j];
  }
  return [Math.exp(phi[0]), Math.exp(phi[1] - etaP), Math.exp(phi[2] + etaD), Math.exp(phi[3] + etaD)];
}

/**
 * The BG/NBD log-likelihood with static covariates (CLVTools' parameterization, Bachmann, Meierer
 * & Näf; Fader & Hardie 2007 note 019): each customer's (r, α_i, a_i, b_i) with
 * α_i = α₀·exp(−γ_p'z_i), a_i = a₀·exp(γ_d'z_i), b_i = b₀·exp(γ_d'z_i), so the purchase rate
 * scales by exp(γ_p'z) and the dropout shapes by exp(γ_d'z); shared: γ_p = γ_d = γ. Minus the
 * penalty n·(λ_p‖γ_p‖² + λ_d‖γ_d‖²) (shared: n·(λ_p + λ_d)‖γ‖²), n the customers.
 *
 * Each pattern is the covariate-free BG/NBD likelihood at its own (r, α_i, a_i, b_i), evaluated by
 * `betaGeoLogLikelihood` with its analytic gradient and Hessian over u = (ln r, ln α_i, ln a_i,
 * ln b_i). The map φ → u is linear (u = J·φ: ln α_i = ln α₀ − γ_p'z, ln a_i = ln a₀ + γ_d'z,
 * ln b_i = ln b₀ + γ_d'z), so by the chain rule ∂ℓ/∂φ = Σ_p Jₚᵀ·∂ℓₚ/∂u and
 * ∂²ℓ/∂φ² = Σ_p Jₚᵀ·(∂²ℓₚ/∂u²)·Jₚ exactly (no second-derivative term). With `unpenalized`, ℓ
 * without the penalty is written there (the value returned is the penalized one).
 */
export function betaGeoCovariateLogLikelihood(
  phi: ArrayLike<number>,
  layout: BetaGeoCovariateLayout,
  data: BetaGeoCovariateData,
  gradient: Float64Array | null,
  hessian: Float64Array | null = null,
): { value: number; penalized: number } {
  const { k, shared } = layout;
  const m = covariateParameterCount(layout);
  const dropoutAt = 4 + (shared ? 0 : k);
  if (gradient) gradient.fill(0, 0, m);
  if (hessian) hessian.fill(0, 0, m * m);
  const g4 = new Float64Array(4);
  const h16 = hessian ? new Float64Array(16) : null;
  // J (4 × m) of one pattern, row-major.
  const J = new Float64Array(4 * m);
  const JtH = new Float64Array(m * 4);
  let value = 0;
  for (let p = 0; p < data.patterns.length; p++) {
    const params = customerParameters(phi, layout, data.design, p * k);
    value += betaGeoLogLikelihood(params, data.patterns[p], gradient ? g4 : null, h16);
    if (!gradient) continue;
    J.fill(0);
    J[0 * m + 0] = 1;
    J[1 * m + 1] = 1;
    J[2 * m + 2] = 1;
    J[3 * m + 3] = 1;
    for (let j = 0; j < k; j++) {
      const z = data.design[p * k + j];
      J[1 * m + 4 + j] -= z;
      J[2 * m + dropoutAt + j] += z;
      J[3 * m + dropoutAt + j] += z;
    }
    for (let i = 0; i < m; i++) gradient[i] += J[i] * g4[0] + J[m + i] * g4[1] + J[2 * m + i] * g4[2] + J[3 * m + i] * g4[3];
    if (!hessian || !h16) continue;
    for (let i = 0; i < m; i++)
      for (let s = 0; s < 4; s++) JtH[i * 4 + s] = J[i] * h16[s] + J[m + i] * h16[4 + s] + J[2 * m + i] * h16[8 + s] + J[3 * m + i] * h16[12 + s];
    for (let i = 0; i < m; i++)
      for (let j = 0; j < m; j++)
        hessian[i * m + j] += JtH[i * 4] * J[j] + JtH[i * 4 + 1] * J[m + j] + JtH[i * 4 + 2] * J[2 * m + j] + JtH[i * 4 + 3] * J[3 * m + j];
  }
  // The L2 penalty n·λ·‖γ‖² on CLVTools' per-customer scale.
  let penalty = 0;
  const n = data.customers;
  for (let j = 4; j < m; j++) {
    const lambda = shared ? layout.lambdaPurchase + layout.lambdaDropout : j < 4 + k ? layout.lambdaPurchase : layout.lambdaDropout;
    if (lambda === 0) continue;
    penalty += n * lambda * phi[j] * phi[j];
    if (gradient) gradient[j] -= 2 * n * lambda * phi[j];
    if (hessian) hessian[j * m + j] -= 2 * n * lambda;
  }
  return { value, penalized: value - penalty };
}
