import { canonicalGroups } from '../../internal/canonicalGroups.js';
import { digamma, logGamma, trigamma } from '../../internal/specialFunctions.js';
import { indexDistinct } from './indexDistinct.js';

/**
 * Repeat customers grouped exactly by (covariate values, x, m̄), in canonical (sorted) order: the
 * same customers in any row order, raw or with a count column, give the same groups.
 */
export interface GammaGammaCovariateData {
  /** Terms of the linear predictor. */
  readonly k: number;
  /** Each group's value of term j: `z[j][g]`. */
  readonly z: readonly Float64Array[];
  readonly x: Float64Array;
  readonly m: Float64Array;
  readonly logM: Float64Array;
  /** Customers each group stands for. */
  readonly weight: Float64Array;
  readonly xIndex: Int32Array;
  readonly distinctX: Float64Array;
  readonly logDistinctX: Float64Array;
  /** Distinct (covariates, x, m̄). */
  readonly groups: number;
  /** Distinct covariate patterns (design rows). */
  readonly patterns: number;
  readonly customers: number;
}

/** Group repeat customers by their design row, frequency and mean spend (see `GammaGammaCovariateData`). */
export function prepareGammaGammaCovariateData(
  design: readonly ArrayLike<number>[],
  x: ArrayLike<number>,
  m: ArrayLike<number>,
  count: ArrayLike<number> | null,
): GammaGammaCovariateData {
  const k = design.length;
  const grouped = canonicalGroups([...design, x, m], x.length, null, count);
  const c = grouped.columns;
  const weight = Float64Array.from(grouped.weights);
  const rows = weight.length;
  let patterns = 0;
  for (let g = 0; g < rows; g++) {
    let same = g > 0;
    for (let j = 0; same && j < k; j++) if (c[j][g] !== c[j][g - 1]) same = false;
    if (!same) patterns += 1;
  }
  const gx = Float64Array.from(c[k]);
  const gm = Float64Array.from(c[k + 1]);
  const { index, distinct } = indexDistinct(gx);
  let customers = 0;
  for (let g = 0; g < rows; g++) customers += weight[g];
  return {
    k,
    z: c.slice(0, k).map((column) => Float64Array.from(column)),
    x: gx,
    m: gm,
    logM: gm.map(Math.log),
    weight,
    xIndex: index,
    distinctX: distinct,
    logDistinctX: distinct.map(Math.log),
    groups: rows,
    patterns,
    customers,
  };
}

/**
 * The Gamma-Gamma log-likelihood with covariates on spend (Fader & Hardie, note 045): customer i
 * with covariates z_i has the scale of the gamma mixing distribution of ν γ_i = γ·exp(β'z_i), so
 * that E[ν_i] = q/γ_i and the expected mean transaction value p·γ_i/(q − 1) scales by exp(β'z_i);
 * each customer's term is then the covariate-free one (Fader & Hardie 2013, eq. 4) at γ_i:
 *   ℓ_i = lnΓ(px+q) − lnΓ(px) − lnΓ(q) + q·ln γ_i + (px−1)·ln m̄ + px·ln x − (px+q)·ln(γ_i + x·m̄).
 * φ = (ln p, ln q, ln γ, β₁ … β_k). Returns ℓ and the penalized ℓ − n·λ·‖β‖² (n the customers);
 * with `gradient`, writes ∂(penalized)/∂φ; with `hessian` (and `gradient`) ∂²/∂φ² (row-major).
 * Per row with η = ln γ_i, D = γ_i + x·m̄ and r = γ_i/D, over (ln p, ln q, η):
 *   g = (p·x·(ψ(px+q) − ψ(px) + ln x + ln m̄ − ln D), q·(ψ(px+q) − ψ(q) + η − ln D), q − (px+q)·r),
 *   H = [[p²x²(ψ₁(px+q) − ψ₁(px)) + g₁, p·q·x·ψ₁(px+q), −p·x·r], [·, q²(ψ₁(px+q) − ψ₁(q)) + g₂, q·(1 − r)],
 *        [·, ·, −(px+q)·r·(1 − r)]],
 * carried to φ by η = ln γ + β'z (linear). The Γ, ψ and ψ₁ terms are computed once per distinct x.
 */
export function gammaGammaCovariateLogLikelihood(
  phi: ArrayLike<number>,
  lambda: number,
  data: GammaGammaCovariateData,
  gradient: Float64Array | null,
  hessian: Float64Array | null = null,
): { value: number; penalized: number } {
  const { k, z, x, logM, weight, xIndex, distinctX: xs, logDistinctX: logXs } = data;
  const d = 3 + k;
  const p = Math.exp(phi[0]);
  const q = Math.exp(phi[1]);
  const wantHessian = gradient !== null && hessian !== null;
  const lgQ = logGamma(q);
  const psiQ = gradient ? digamma(q) : 0;
  const tgQ = wantHessian ? trigamma(q) : 0;
  const nx = xs.length;
  const gammaTerm = new Float64Array(nx);
  const psiP = new Float64Array(nx);
  const psiQx = new Float64Array(nx);
  const tgPP = new Float64Array(nx);
  const tgPQ = new Float64Array(nx);
  const tgQQ = new Float64Array(nx);
  for (let j = 0; j < nx; j++) {
    const px = p * xs[j];
    gammaTerm[j] = logGamma(px + q) - logGamma(px) - lgQ + px * logXs[j];
    if (gradient) {
      const psiSum = digamma(px + q);
      psiP[j] = psiSum - digamma(px) + logXs[j];
      psiQx[j] = psiSum - psiQ;
      if (wantHessian) {
        const tgSum = trigamma(px + q);
        tgPP[j] = xs[j] * xs[j] * (tgSum - trigamma(px));
        tgPQ[j] = xs[j] * tgSum;
        tgQQ[j] = tgSum - tgQ;
      }
    }
  }
  if (gradient) gradient.fill(0);
  if (wantHessian) hessian.fill(0);
  let value = 0;
  for (let g = 0; g < x.length; g++) {
    const j = xIndex[g];
    const xi = x[g];
    const px = p * xi;
    let eta = phi[2];
    for (let t = 0; t < k; t++) eta += phi[3 + t] * z[t][g];
    const gi = Math.exp(eta);
    const denom = gi + xi * data.m[g];
    const logDenom = Math.log(denom);
    const w = weight[g];
    value += w * (gammaTerm[j] + q * eta + (px - 1) * logM[g] - (px + q) * logDenom);
    if (!gradient) continue;
    const r = gi / denom;
    const g0 = p * xi * (psiP[j] + logM[g] - logDenom);
    const g1 = q * (psiQx[j] + eta - logDenom);
    const g2 = q - (px + q) * r;
    gradient[0] += w * g0;
    gradient[1] += w * g1;
    gradient[2] += w * g2;
    for (let t = 0; t < k; t++) gradient[3 + t] += w * g2 * z[t][g];
    if (!wantHessian) continue;
    const h00 = p * p * tgPP[j] + g0;
    const h01 = p * q * tgPQ[j];
    const h11 = q * q * tgQQ[j] + g1;
    const h02 = -p * xi * r;
    const h12 = q * (1 - r);
    const h22 = -(px + q) * r * (1 - r);
    hessian[0] += w * h00;
    hessian[1] += w * h01;
    hessian[d + 1] += w * h11;
    for (let a = 2; a < d; a++) {
      const za = a === 2 ? 1 : z[a - 3][g];
      hessian[a] += w * h02 * za;
      hessian[d + a] += w * h12 * za;
      for (let b = a; b < d; b++) hessian[a * d + b] += w * h22 * za * (b === 2 ? 1 : z[b - 3][g]);
    }
  }
  let squares = 0;
  for (let t = 0; t < k; t++) squares += phi[3 + t] * phi[3 + t];
  const n = data.customers;
  const penalized = value - n * lambda * squares;
  if (gradient) for (let t = 0; t < k; t++) gradient[3 + t] -= 2 * n * lambda * phi[3 + t];
  if (wantHessian) {
    for (let t = 0; t < k; t++) hessian[(3 + t) * d + 3 + t] -= 2 * n * lambda;
    for (let a = 0; a < d; a++) for (let b = 0; b < a; b++) hessian[a * d + b] = hessian[b * d + a];
  }
  return { value, penalized };
}
