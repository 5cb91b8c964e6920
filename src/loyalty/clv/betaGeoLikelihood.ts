import { canonicalGroups } from '../../internal/canonicalGroups.js';
import { digamma, logGamma, trigamma } from '../../internal/specialFunctions.js';
import type { NumericArray } from '../../io/tableInput.js';
import { writeLogParameterHessian } from '../../internal/logParameterHessian.js';
import { indexDistinct } from './indexDistinct.js';

/** Customers grouped by identical (x, t_x, T), with per-distinct-x indexes for the Γ terms. */
export interface BetaGeoData {
  readonly x: Float64Array;
  readonly tx: Float64Array;
  readonly T: Float64Array;
  readonly weight: Float64Array;
  /** Index of each group's x among `distinctX`. */
  readonly xIndex: Int32Array;
  readonly distinctX: Float64Array;
  /** Index of each group's T among `distinctT`, and of its t_x among `distinctTx`. */
  readonly TIndex: Int32Array;
  readonly distinctT: Float64Array;
  readonly txIndex: Int32Array;
  readonly distinctTx: Float64Array;
  /** Customers per distinct x (the weight of the terms that depend on x only). */
  readonly customersByX: Float64Array;
  readonly customers: number;
}

/** Every k-th group, for cheap screening of starting points on very large data. */
export function subsampleBetaGeoData(data: BetaGeoData, every: number): BetaGeoData {
  const pick = (values: Float64Array) => Float64Array.from({ length: Math.ceil(values.length / every) }, (_, i) => values[i * every]);
  return prepareGrouped(pick(data.x), pick(data.tx), pick(data.T), pick(data.weight));
}

/**
 * Customers grouped by identical (x, t_x, T) in canonical (sorted) order, each row counting for
 * `count[i]` customers when a count column is given (already-grouped input), else for one. The
 * same customers in any order, raw or grouped, give the same groups in the same order.
 */
export function prepareBetaGeoData(
  x: NumericArray,
  tx: NumericArray,
  T: NumericArray,
  skip: Uint8Array | null,
  count: NumericArray | null = null,
): BetaGeoData {
  const grouped = canonicalGroups([x, tx, T], x.length, skip, count);
  const [gx, gtx, gT] = grouped.columns;
  return prepareGrouped(gx, gtx, gT, grouped.weights);
}

function prepareGrouped(x: Float64Array, tx: Float64Array, T: Float64Array, weight: Float64Array): BetaGeoData {
  const xs = indexDistinct(x);
  const Ts = indexDistinct(T);
  const txs = indexDistinct(tx);
  let customers = 0;
  const customersByX = new Float64Array(xs.distinct.length);
  for (let g = 0; g < weight.length; g++) {
    customers += weight[g];
    customersByX[xs.index[g]] += weight[g];
  }
  return {
    x,
    tx,
    T,
    weight,
    xIndex: xs.index,
    distinctX: xs.distinct,
    TIndex: Ts.index,
    distinctT: Ts.distinct,
    txIndex: txs.index,
    distinctTx: txs.distinct,
    customersByX,
    customers,
  };
}

/**
 * The sums over histories (weighted by their customers) of the per-history parts of the BG/NBD
 * log-likelihood and its derivatives at (r, α, a, b): what `betaGeoFromSums` combines with the
 * terms that depend on x only. Per history, with l3 = −(r+x)·ln(α+T) and, for x > 0,
 * l4 = ln a − ln(b+x−1) − (r+x)·ln(α+t_x); w4 = e^l4/(e^l3 + e^l4) (0 when x = 0), w3 = 1 − w4,
 * ω = w3·w4; LT = ln(α+T), IT = 1/(α+T), LTx, ITx the same at t_x, IB = 1/(b+x−1),
 * D = LTx − LT, E = (r+x)·(ITx − IT):
 * - value and gradient: `lse` = Σ ln(e^l3 + e^l4), `dr` = Σ(w3·LT + w4·LTx),
 *   `dalpha` = Σ(r+x)(w3·IT + w4·ITx), `da` = Σw4, `db` = Σw4·IB;
 * - Hessian: `ia` = Σ(w3·IT + w4·ITx), `iaa` = Σ(r+x)(w3·IT² + w4·ITx²), `w4bb` = Σw4·IB², and the
 *   weighted moments of ω·(D, E, IB): `q` = Σω, `qd`, `qe`, `qb`, `qdd`, `qde`, `qdb`, `qee`, `qeb`, `qbb`.
 * The same sums are taken in memory (`betaGeoLogLikelihood`) and by a SQL engine (`betaGeoSumsSql`).
 */
export interface BetaGeoSums {
  lse: number;
  dr: number;
  dalpha: number;
  da: number;
  db: number;
}
/** The Hessian's sums (see `BetaGeoSums`). */
export const BETA_GEO_HESSIAN_SUMS = ['ia', 'iaa', 'w4bb', 'q', 'qd', 'qe', 'qb', 'qdd', 'qde', 'qdb', 'qee', 'qeb', 'qbb'] as const;
/** `BetaGeoSums` with the Hessian's sums. */
export type BetaGeoHessianSums = BetaGeoSums & Record<(typeof BETA_GEO_HESSIAN_SUMS)[number], number>;

/**
 * BG/NBD log-likelihood (Fader, Hardie & Lee 2005, eq. 6) summed over grouped customers, in
 * log-sum-exp form:
 *   ℓ = lnΓ(r+x) − lnΓ(r) + r·ln α + ln B(a, b+x) − ln B(a, b)
 *       + log[ (α+T)^−(r+x) + δ(x>0)·a/(b+x−1)·(α+t_x)^−(r+x) ].
 * With `gradient`, writes ∂ℓ/∂(ln r, ln α, ln a, ln b); with `hessian` (and `gradient`) the
 * analytic ∂²ℓ/∂(ln θ)² (4 × 4, row-major). Each group costs two logs, an exp and a log1p (their
 * inputs are taken once per distinct T and t_x); the Γ, ψ and ψ₁ terms once per distinct x.
 */
export function betaGeoLogLikelihood(params: ArrayLike<number>, data: BetaGeoData, gradient: Float64Array | null, hessian: Float64Array | null = null): number {
  const r = params[0];
  const alpha = params[1];
  const a = params[2];
  const b = params[3];
  const m = data.distinctX.length;
  // Per distinct x: the terms that depend on x and the parameters only.
  const constX = new Float64Array(m);
  const logA4 = new Float64Array(m); // ln a − ln(b+x−1), x > 0
  const dR = new Float64Array(m);
  const dA = new Float64Array(m);
  const dB = new Float64Array(m);
  const invBx = new Float64Array(m);
  const lnAlpha = Math.log(alpha);
  const lgR = logGamma(r);
  const lgB = logGamma(b);
  const lgAB = logGamma(a + b);
  const psiR = gradient ? digamma(r) : 0;
  const psiB = gradient ? digamma(b) : 0;
  const psiAB = gradient ? digamma(a + b) : 0;
  for (let k = 0; k < m; k++) {
    const x = data.distinctX[k];
    constX[k] = logGamma(r + x) - lgR + r * lnAlpha + lgAB + logGamma(b + x) - lgB - logGamma(a + b + x);
    logA4[k] = x > 0 ? Math.log(a) - Math.log(b + x - 1) : -Infinity;
    invBx[k] = x > 0 ? 1 / (b + x - 1) : 0;
    if (gradient) {
      const psiABX = digamma(a + b + x);
      dR[k] = digamma(r + x) - psiR + lnAlpha;
      dA[k] = psiAB - psiABX;
      dB[k] = psiAB + digamma(b + x) - psiB - psiABX;
    }
  }
  // Per distinct T and t_x: ln(α + ·) and 1/(α + ·) (a daily grid has a few hundred of each).
  const lnT = Float64Array.from(data.distinctT, (t) => Math.log(alpha + t));
  const invT = Float64Array.from(data.distinctT, (t) => 1 / (alpha + t));
  const lnTx = Float64Array.from(data.distinctTx, (t) => Math.log(alpha + t));
  const invTx = Float64Array.from(data.distinctTx, (t) => 1 / (alpha + t));
  let total = 0;
  let gr = 0;
  let galpha = 0;
  let ga = 0;
  let gb = 0;
  // The Hessian's sums (`BetaGeoSums`), taken only when it is asked for.
  const wantHessian = gradient !== null && hessian !== null;
  let da = 0;
  let ia = 0;
  let iaa = 0;
  let w4bb = 0;
  let q = 0;
  let qd = 0;
  let qe = 0;
  let qb = 0;
  let qdd = 0;
  let qde = 0;
  let qdb = 0;
  let qee = 0;
  let qeb = 0;
  let qbb = 0;
  const { x: xs, weight, xIndex, TIndex, txIndex } = data;
  const groups = xs.length;
  const rOverAlpha = r / alpha;
  for (let g = 0; g < groups; g++) {
    const k = xIndex[g];
    const x = xs[g];
    const w = weight[g];
    const rx = r + x;
    const ti = TIndex[g];
    const l3 = -rx * lnT[ti];
    if (x === 0) {
      total += w * (constX[k] + l3);
      if (gradient) {
        gr += w * (dR[k] - lnT[ti]);
        galpha += w * (rOverAlpha - rx * invT[ti]);
        ga += w * dA[k];
        gb += w * dB[k];
        if (wantHessian) {
          ia += w * invT[ti];
          iaa += w * rx * invT[ti] * invT[ti];
        }
      }
      continue;
    }
    const xi = txIndex[g];
    const l4 = logA4[k] - rx * lnTx[xi];
    // log-sum-exp of l3, l4, and the weight of the l4 term, from one exp
    let lse: number;
    let w4: number;
    if (l3 >= l4) {
      const e = Math.exp(l4 - l3);
      lse = l3 + Math.log1p(e);
      w4 = e / (1 + e);
    } else {
      const e = Math.exp(l3 - l4);
      lse = l4 + Math.log1p(e);
      w4 = 1 / (1 + e);
    }
    total += w * (constX[k] + lse);
    if (gradient) {
      const w3 = 1 - w4;
      gr += w * (dR[k] - w3 * lnT[ti] - w4 * lnTx[xi]);
      galpha += w * (rOverAlpha - rx * (w3 * invT[ti] + w4 * invTx[xi]));
      ga += w * (dA[k] + w4 / a);
      gb += w * (dB[k] - w4 * invBx[k]);
      if (wantHessian) {
        const it = invT[ti];
        const itx = invTx[xi];
        const ib = invBx[k];
        const wq = w * w3 * w4;
        const D = lnTx[xi] - lnT[ti];
        const E = rx * (itx - it);
        da += w * w4;
        ia += w * (w3 * it + w4 * itx);
        iaa += w * rx * (w3 * it * it + w4 * itx * itx);
        w4bb += w * w4 * ib * ib;
        q += wq;
        qd += wq * D;
        qe += wq * E;
        qb += wq * ib;
        qdd += wq * D * D;
        qde += wq * D * E;
        qdb += wq * D * ib;
        qee += wq * E * E;
        qeb += wq * E * ib;
        qbb += wq * ib * ib;
      }
    }
  }
  if (gradient) {
    gradient[0] = gr * r;
    gradient[1] = galpha * alpha;
    gradient[2] = ga * a;
    gradient[3] = gb * b;
  }
  if (wantHessian) {
    const sums = { da, ia, iaa, w4bb, q, qd, qe, qb, qdd, qde, qdb, qee, qeb, qbb };
    writeBetaGeoHessian(params, data.distinctX, data.customersByX, sums, gradient, hessian);
  }
  return total;
}

/**
 * ℓ, ∂ℓ/∂(ln r, ln α, ln a, ln b) and (with `hessian`, which needs the Hessian's sums) the
 * analytic ∂²ℓ/∂(ln θ)², from the per-history sums (`BetaGeoSums`, taken in memory or by a SQL
 * engine) and the customers N_x per distinct frequency x, adding the terms that depend on x only:
 * Σ_x N_x·(lnΓ(r+x) − lnΓ(r) + r ln α + ln B(a, b+x) − ln B(a, b)) and their ψ and ψ₁ derivatives.
 * Over θ: H = (Σ_x N_x·∂²C_x) + w3·∂²l3 + w4·∂²l4 + ω·d·dᵀ summed, d = ∂l3 − ∂l4 = (D, E, −1/a, IB);
 * over u = ln θ: ∂²ℓ/∂uᵢ∂uⱼ = θᵢθⱼ·Hᵢⱼ + δᵢⱼ·θᵢ·∂ℓ/∂θᵢ.
 */
export function betaGeoFromSums(
  params: ArrayLike<number>,
  x: ArrayLike<number>,
  customers: ArrayLike<number>,
  sums: BetaGeoSums | BetaGeoHessianSums,
  gradient: Float64Array | null,
  hessian: Float64Array | null = null,
): number {
  const [r, alpha, a, b] = [params[0], params[1], params[2], params[3]];
  const lnAlpha = Math.log(alpha);
  const lgR = logGamma(r);
  const lgB = logGamma(b);
  const lgAB = logGamma(a + b);
  const psiR = gradient ? digamma(r) : 0;
  const psiB = gradient ? digamma(b) : 0;
  const psiAB = gradient ? digamma(a + b) : 0;
  let value = 0;
  let gr = 0;
  let ga = 0;
  let gb = 0;
  let n = 0;
  for (let k = 0; k < x.length; k++) {
    const nk = customers[k];
    if (nk === 0) continue;
    const xk = x[k];
    value += nk * (logGamma(r + xk) - lgR + r * lnAlpha + lgAB + logGamma(b + xk) - lgB - logGamma(a + b + xk));
    if (gradient) {
      const psiABX = digamma(a + b + xk);
      gr += nk * (digamma(r + xk) - psiR + lnAlpha);
      ga += nk * (psiAB - psiABX);
      gb += nk * (psiAB + digamma(b + xk) - psiB - psiABX);
    }
    n += nk;
  }
  value += sums.lse;
  if (!gradient) return value;
  gradient[0] = (gr - sums.dr) * r;
  gradient[1] = ((n * r) / alpha - sums.dalpha) * alpha;
  gradient[2] = (ga + sums.da / a) * a;
  gradient[3] = (gb - sums.db) * b;
  if (hessian) writeBetaGeoHessian(params, x, customers, sums as BetaGeoHessianSums, gradient, hessian);
  return value;
}

/**
 * Write the analytic ∂²ℓ/∂(ln r, ln α, ln a, ln b)² (4 × 4) of BG/NBD from the Hessian's sums
 * (`BetaGeoSums`), the customers N_x per distinct x and the gradient over log-parameters already
 * computed. Over θ: H = Σ_x N_x·∂²C_x (ψ₁ terms of the per-x part C_x, plus ∂²(r ln α)) and, per
 * history, w3·∂²l3 + w4·∂²l4 + ω·d·dᵀ with d = ∂l3 − ∂l4 = (D, E, −1/a, IB); over u = ln θ:
 * ∂²ℓ/∂uᵢ∂uⱼ = θᵢθⱼ·Hᵢⱼ + δᵢⱼ·∂ℓ/∂uᵢ.
 */
function writeBetaGeoHessian(
  params: ArrayLike<number>,
  x: ArrayLike<number>,
  customers: ArrayLike<number>,
  sums: Readonly<Record<(typeof BETA_GEO_HESSIAN_SUMS)[number] | 'da', number>>,
  gradient: Float64Array,
  hessian: Float64Array,
): void {
  const theta = [params[0], params[1], params[2], params[3]];
  const [r, alpha, a, b] = theta;
  const tgR = trigamma(r);
  const tgB = trigamma(b);
  const tgAB = trigamma(a + b);
  let crr = 0;
  let cab = 0;
  let cbb = 0;
  let n = 0;
  for (let k = 0; k < x.length; k++) {
    const nk = customers[k];
    if (nk === 0) continue;
    const xk = x[k];
    const tgABX = trigamma(a + b + xk);
    crr += nk * (trigamma(r + xk) - tgR);
    cab += nk * (tgAB - tgABX);
    cbb += nk * (tgAB + trigamma(b + xk) - tgB - tgABX);
    n += nk;
  }
  const h = sums;
  const H = [
    [crr + h.qdd, n / alpha - h.ia + h.qde, -h.qd / a, h.qdb],
    [0, (-n * r) / (alpha * alpha) + h.iaa + h.qee, -h.qe / a, h.qeb],
    [0, 0, cab + (h.q - h.da) / (a * a), cab - h.qb / a],
    [0, 0, 0, cbb + h.w4bb + h.qbb],
  ];
  writeLogParameterHessian(theta, H, gradient, hessian);
}
