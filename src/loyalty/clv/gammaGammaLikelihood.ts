import { digamma, logGamma } from '../../internal/specialFunctions.js';
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
  readonly scratch: { readonly gammaTerm: Float64Array; readonly psiTerm: Float64Array; readonly psiSum: Float64Array };
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
    scratch: { gammaTerm: new Float64Array(k), psiTerm: new Float64Array(k), psiSum: new Float64Array(k) },
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
 * Gamma-Gamma log-likelihood (Fader & Hardie 2013, eq. 4; Colombo & Jiang 1999) of repeat
 * customers with frequency x and mean spend m̄, summed over `data.rows` (all when `null`):
 *   ℓ = lnΓ(px+q) − lnΓ(px) − lnΓ(q) + q·ln γ + (px−1)·ln m̄ + px·ln x − (px+q)·ln(γ + x·m̄).
 * `params` is (p, q, γ). With `gradient`, writes ∂ℓ/∂(ln p, ln q, ln γ). The Γ and ψ terms
 * depend on x only: computed once per distinct x per evaluation.
 */
export function gammaGammaLogLikelihood(params: ArrayLike<number>, data: GammaGammaData, gradient: Float64Array | null): number {
  const p = params[0];
  const q = params[1];
  const g = params[2];
  const { m, logM, xIndex, distinctX: xs, logDistinctX: logXs, rows, weight } = data;
  const { gammaTerm, psiTerm, psiSum } = data.scratch;
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
  let total = 0;
  let gp = 0;
  let gq = 0;
  let gg = 0;
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
    }
  }
  if (gradient) {
    gradient[0] = gp * p;
    gradient[1] = gq * q;
    gradient[2] = gg * g;
  }
  return total;
}
