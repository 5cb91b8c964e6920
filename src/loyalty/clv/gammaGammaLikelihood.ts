import { digamma, logGamma, trigamma } from '../../internal/specialFunctions.js';
import { writeLogParameterHessian } from '../../internal/logParameterHessian.js';
import { indexDistinct } from './indexDistinct.js';

/** Repeat customers' frequency x and mean spend m̄, with per-distinct-x indexes for the Γ terms. */
export interface GammaGammaData {
  /** Frequency (repeat purchases) of each row (a repeat customer, or a group of identical ones). */
  readonly x: Float64Array;
  /** Mean repeat-purchase value of each, > 0. */
  readonly m: Float64Array;
  /** Customers each row stands for (null: one each). */
  readonly weight: Float64Array | null;
  readonly logM: Float64Array;
  /** Index of each customer's x among `distinctX`. */
  readonly xIndex: Int32Array;
  readonly distinctX: Float64Array;
  readonly logDistinctX: Float64Array;
  /** The customers the likelihood sums over: `null` for all, or their indexes (a screening subsample). */
  readonly rows: Int32Array | null;
  /** Customers summed over. */
  readonly customers: number;
  /** Scratch per distinct x, reused by every evaluation. */
  readonly scratch: {
    readonly gammaTerm: Float64Array;
    readonly psiTerm: Float64Array;
    readonly psiSum: Float64Array;
    readonly customersByX: Float64Array;
  };
}

/**
 * The data the Gamma-Gamma likelihood reads, from repeat customers' frequency and mean spend, in
 * the order given; with `weight`, row i stands for `weight[i]` identical customers.
 */
export function prepareGammaGammaData(x: Float64Array, m: Float64Array, weight: Float64Array | null = null): GammaGammaData {
  const { index, distinct } = indexDistinct(x);
  const k = distinct.length;
  let customers = x.length;
  if (weight !== null) {
    customers = 0;
    for (let i = 0; i < weight.length; i++) customers += weight[i];
  }
  return {
    x,
    m,
    weight,
    logM: m.map(Math.log),
    xIndex: index,
    distinctX: distinct,
    logDistinctX: distinct.map(Math.log),
    rows: null,
    customers,
    scratch: { gammaTerm: new Float64Array(k), psiTerm: new Float64Array(k), psiSum: new Float64Array(k), customersByX: new Float64Array(k) },
  };
}

/** Every k-th row, for cheap screening of starting points on very large data. */
export function subsampleGammaGammaData(data: GammaGammaData, every: number): GammaGammaData {
  const rows = Int32Array.from({ length: Math.ceil(data.x.length / every) }, (_, i) => i * every);
  let customers = rows.length;
  if (data.weight !== null) {
    customers = 0;
    for (const i of rows) customers += data.weight[i];
  }
  return { ...data, rows, customers };
}

/**
 * The sums over repeat customers (weighted by their count n) of the per-row parts of the
 * Gamma-Gamma log-likelihood and its derivatives at (p, q, γ), with D = γ + x·m̄: `v` =
 * Σn·((px−1)·ln m̄ − (px+q)·ln D), `dp` = Σn·x·(ln m̄ − ln D), `dq` = Σn·(ln γ − ln D),
 * `dgamma` = Σn·(q/γ − (px+q)/D); for the Hessian `hpg` = Σn·x/D, `hqg` = Σn/D,
 * `hgg` = Σn·(px+q)/D². Taken in memory (`gammaGammaLogLikelihood`) and by a SQL engine
 * (`gammaGammaSumsSql`).
 */
export interface GammaGammaSums {
  v: number;
  dp: number;
  dq: number;
  dgamma: number;
}
/** The Hessian's sums (see `GammaGammaSums`). */
export const GAMMA_GAMMA_HESSIAN_SUMS = ['hpg', 'hqg', 'hgg'] as const;
/** `GammaGammaSums` with the Hessian's sums. */
export type GammaGammaHessianSums = GammaGammaSums & Record<(typeof GAMMA_GAMMA_HESSIAN_SUMS)[number], number>;

/**
 * Gamma-Gamma log-likelihood (Fader & Hardie 2013, eq. 4; Colombo & Jiang 1999) of repeat
 * customers with frequency x and mean spend m̄, summed over `data.rows` (all when `null`):
 *   ℓ = lnΓ(px+q) − lnΓ(px) − lnΓ(q) + q·ln γ + (px−1)·ln m̄ + px·ln x − (px+q)·ln(γ + x·m̄).
 * `params` is (p, q, γ). With `gradient`, writes ∂ℓ/∂(ln p, ln q, ln γ); with `hessian` (and
 * `gradient`) the analytic ∂²ℓ/∂(ln θ)² (3 × 3, row-major). The Γ, ψ and ψ₁ terms depend on x
 * only: computed once per distinct x per evaluation (`gammaGammaFromSums`).
 */
export function gammaGammaLogLikelihood(
  params: ArrayLike<number>,
  data: GammaGammaData,
  gradient: Float64Array | null,
  hessian: Float64Array | null = null,
): number {
  const p = params[0];
  const q = params[1];
  const g = params[2];
  const { m, logM, xIndex, distinctX: xs, logDistinctX: logXs, rows, weight } = data;
  const { gammaTerm, psiTerm, psiSum, customersByX } = data.scratch;
  const lgQ = logGamma(q);
  const psiQ = gradient ? digamma(q) : 0;
  const logG = Math.log(g);
  for (let k = 0; k < xs.length; k++) {
    const px = p * xs[k];
    // lnΓ(px+q) − lnΓ(px) − lnΓ(q) + q ln γ + px ln x
    gammaTerm[k] = logGamma(px + q) - logGamma(px) - lgQ + q * logG + px * logXs[k];
    if (gradient) {
      psiSum[k] = digamma(px + q);
      psiTerm[k] = psiSum[k] - digamma(px) + logXs[k];
    }
  }
  // Each row's whole term (not the per-x and per-row parts summed apart, as `gammaGammaFromSums`
  // does for the engine): the two parts cancel to far fewer digits than either has far out on
  // a ridge (q, γ → ∞), so summing each row's difference keeps the optimizer's path there sane.
  const wantHessian = gradient !== null && hessian !== null;
  if (wantHessian) customersByX.fill(0);
  let total = 0;
  let gp = 0;
  let gq = 0;
  let gg = 0;
  let hpg = 0;
  let hqg = 0;
  let hgg = 0;
  const count = rows === null ? data.x.length : rows.length;
  for (let j = 0; j < count; j++) {
    const i = rows === null ? j : rows[j];
    const k = xIndex[i];
    const xi = xs[k];
    const px = p * xi;
    const denom = g + xi * m[i];
    const logDenom = Math.log(denom);
    const w = weight === null ? 1 : weight[i];
    total += w * (gammaTerm[k] + (px - 1) * logM[i] - (px + q) * logDenom);
    if (gradient) {
      gp += w * xi * (psiTerm[k] + logM[i] - logDenom);
      gq += w * (psiSum[k] - psiQ + logG - logDenom);
      gg += w * (q / g - (px + q) / denom);
      if (wantHessian) {
        const inv = 1 / denom;
        customersByX[k] += w;
        hpg += w * xi * inv;
        hqg += w * inv;
        hgg += w * (px + q) * inv * inv;
      }
    }
  }
  if (gradient) {
    gradient[0] = gp * p;
    gradient[1] = gq * q;
    gradient[2] = gg * g;
  }
  if (wantHessian) writeGammaGammaHessian(params, xs, customersByX, { hpg, hqg, hgg }, gradient, hessian);
  return total;
}

/**
 * ℓ, ∂ℓ/∂(ln p, ln q, ln γ) and (with `hessian`, which needs the Hessian's sums) the analytic
 * ∂²ℓ/∂(ln θ)², from the per-row sums (`GammaGammaSums`, taken in memory or by a SQL engine) and
 * the customers N_x per distinct frequency x, adding the terms that depend on x only:
 *   ℓ = Σ_x N_x·(lnΓ(px+q) − lnΓ(px) − lnΓ(q) + q ln γ + px ln x) + v,
 *   ∂ℓ/∂p = Σ_x N_x·x·(ψ(px+q) − ψ(px) + ln x) + dp,  ∂ℓ/∂q = Σ_x N_x·(ψ(px+q) − ψ(q)) + dq,
 *   ∂ℓ/∂γ = dgamma; ∂²ℓ/∂p² = Σ_x N_x·x²·(ψ₁(px+q) − ψ₁(px)), ∂²ℓ/∂p∂q = Σ_x N_x·x·ψ₁(px+q),
 *   ∂²ℓ/∂q² = Σ_x N_x·(ψ₁(px+q) − ψ₁(q)), ∂²ℓ/∂p∂γ = −hpg, ∂²ℓ/∂q∂γ = N/γ − hqg,
 *   ∂²ℓ/∂γ² = −N·q/γ² + hgg; over u = ln θ: θᵢθⱼ·Hᵢⱼ + δᵢⱼ·θᵢ·∂ℓ/∂θᵢ.
 */
export function gammaGammaFromSums(
  params: ArrayLike<number>,
  x: ArrayLike<number>,
  customers: ArrayLike<number>,
  sums: GammaGammaSums | GammaGammaHessianSums,
  gradient: Float64Array | null,
  hessian: Float64Array | null = null,
): number {
  const [p, q, g] = [params[0], params[1], params[2]];
  const lgQ = logGamma(q);
  const psiQ = gradient ? digamma(q) : 0;
  const logG = Math.log(g);
  let value = 0;
  let gp = 0;
  let gq = 0;
  for (let k = 0; k < x.length; k++) {
    const nk = customers[k];
    if (nk === 0) continue;
    const xk = x[k];
    const px = p * xk;
    const logX = Math.log(xk);
    value += nk * (logGamma(px + q) - logGamma(px) - lgQ + q * logG + px * logX);
    if (gradient) {
      const psiSum = digamma(px + q);
      gp += nk * xk * (psiSum - digamma(px) + logX);
      gq += nk * (psiSum - psiQ);
    }
  }
  value += sums.v;
  if (!gradient) return value;
  gradient[0] = (gp + sums.dp) * p;
  gradient[1] = (gq + sums.dq) * q;
  gradient[2] = sums.dgamma * g;
  if (hessian) writeGammaGammaHessian(params, x, customers, sums as GammaGammaHessianSums, gradient, hessian);
  return value;
}

/**
 * Write the analytic ∂²ℓ/∂(ln p, ln q, ln γ)² (3 × 3) of Gamma-Gamma from the Hessian's per-row
 * sums, the customers per distinct x and the gradient over log-parameters already computed:
 * over θ, ∂²ℓ/∂p² = Σ_x N_x·x²·(ψ₁(px+q) − ψ₁(px)), ∂²ℓ/∂p∂q = Σ_x N_x·x·ψ₁(px+q),
 * ∂²ℓ/∂q² = Σ_x N_x·(ψ₁(px+q) − ψ₁(q)), ∂²ℓ/∂p∂γ = −hpg, ∂²ℓ/∂q∂γ = N/γ − hqg,
 * ∂²ℓ/∂γ² = −N·q/γ² + hgg; over u = ln θ: θᵢθⱼ·Hᵢⱼ + δᵢⱼ·∂ℓ/∂uᵢ.
 */
function writeGammaGammaHessian(
  params: ArrayLike<number>,
  x: ArrayLike<number>,
  customers: ArrayLike<number>,
  sums: { readonly hpg: number; readonly hqg: number; readonly hgg: number },
  gradient: Float64Array,
  hessian: Float64Array,
): void {
  const theta = [params[0], params[1], params[2]];
  const [p, q, g] = theta;
  const tgQ = trigamma(q);
  let hpp = 0;
  let hpq = 0;
  let hqq = 0;
  let n = 0;
  for (let k = 0; k < x.length; k++) {
    const nk = customers[k];
    if (nk === 0) continue;
    const xk = x[k];
    const px = p * xk;
    const tgSum = trigamma(px + q);
    hpp += nk * xk * xk * (tgSum - trigamma(px));
    hpq += nk * xk * tgSum;
    hqq += nk * (tgSum - tgQ);
    n += nk;
  }
  const H = [
    [hpp, hpq, -sums.hpg],
    [0, hqq, n / g - sums.hqg],
    [0, 0, (-n * q) / (g * g) + sums.hgg],
  ];
  writeLogParameterHessian(theta, H, gradient, hessian);
}
