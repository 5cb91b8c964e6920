import { digamma, logGamma, trigamma } from '../../internal/specialFunctions.js';
import type { BetaGeoData } from './betaGeoLikelihood.js';
import { paretoNbdLogJ, SECOND_INDEX } from './paretoNbdMath.js';

/** Customers grouped by identical (x, t_x, T) in canonical order (the BG/NBD grouping, shared). */
export type ParetoNbdData = BetaGeoData;

/**
 * Pareto/NBD log-likelihood (Schmittlein, Morrison & Colombo 1987; Fader & Hardie 2005 note
 * "A Note on Deriving the Pareto/NBD Model and Related Expressions", eq. 19) summed over grouped
 * customers at (r, α, s, β):
 *   ℓ = lnΓ(r+x) − lnΓ(r) + r·ln α + s·ln β + ln[ (r+x)·J(T; r+x+1, s) + s·J(t_x; r+x, s+1) ],
 * J(t; A, B) = ∫_t^∞ (α+τ)^−A (β+τ)^−B dτ (see `paretoNbdLogJ`: the 2F1 terms with the α ≥ β /
 * α < β cases, Euler-transformed so every series term is positive and ≤ zⁿ). Both terms of the
 * bracket are positive, so the bracket is a log-sum-exp without the cancellation of the textbook
 * difference of two 2F1 terms (which loses all digits when t_x ≈ T and overflows for heavy
 * buyers): finite for x up to 1e4 and more, t_x = 0 or T, T up to 1e4.
 *
 * With `gradient`, writes the analytic ∂ℓ/∂(ln r, ln α, ln s, ln β) (the series' derivatives
 * summed in the same loop); with `hessian` (and `gradient`), ∂²ℓ/∂(ln θ)² (4 × 4, row-major),
 * analytic (`writeAnalyticHessian`; before session 31, central differences of the gradient). The
 * value and gradient do not depend on whether the Hessian is asked for. NaN when a series does
 * not converge (see `paretoNbdLogJ`).
 *
 * `constantPerCustomer`: add r·ln α + s·ln β (and its derivatives) to each customer's term rather
 * than once after the sum. At a large shape (s = 1,000 held at its cap, β ~ 1e5: s·ln β ≈ 1e4)
 * the bracket's log is ≈ −s·ln β per customer, and summing those large terms first rounds at the
 * total's scale (1e7 on 1,000 customers); per customer the terms are O(1) before they are summed.
 * Off by default: the interior fits keep their summation order (and their results bit for bit).
 */
export function paretoNbdLogLikelihood(
  params: ArrayLike<number>,
  data: ParetoNbdData,
  gradient: Float64Array | null,
  hessian: Float64Array | null = null,
  constantPerCustomer = false,
): number {
  const r = params[0];
  const alpha = params[1];
  const s = params[2];
  const beta = params[3];
  const m = data.distinctX.length;
  const lgR = logGamma(r);
  const psiR = gradient ? digamma(r) : 0;
  const lnAlpha = Math.log(alpha);
  const lnBeta = Math.log(beta);
  // Per distinct x: lnΓ(r+x) − lnΓ(r) and its r-derivative.
  const constX = new Float64Array(m);
  const dConstX = new Float64Array(m);
  const lnRx = new Float64Array(m);
  for (let k = 0; k < m; k++) {
    const x = data.distinctX[k];
    constX[k] = logGamma(r + x) - lgR;
    lnRx[k] = Math.log(r + x);
    if (gradient) dConstX[k] = digamma(r + x) - psiR;
  }
  const lnS = Math.log(s);
  let total = 0;
  let gr = 0;
  let galpha = 0;
  let gs = 0;
  let gbeta = 0;
  const wantGradient = gradient !== null;
  const { x: xs, weight, xIndex } = data;
  // J(T; r+x+1, s) depends on (x, T) only and J(t_x; r+x, s+1) on (x, t_x) only: each is
  // computed once per distinct pair (a tenth of the histories on a daily grid), then combined.
  const pairs = historyPairs(data);
  const J1 = new Float64Array(5 * pairs.xT.length);
  const J2 = new Float64Array(5 * pairs.xTx.length);
  const one = new Float64Array(5);
  const fillJ = (list: PairList, A: number, B: number, out: Float64Array): boolean => {
    for (let p = 0; p < list.length; p++) {
      if (!paretoNbdLogJ(list.t[p], r + list.x[p] + A, s + B, alpha, beta, one, wantGradient)) return false;
      out.set(one, 5 * p);
    }
    return true;
  };
  if (!fillJ(pairs.xT, 1, 0, J1) || !fillJ(pairs.xTx, 0, 1, J2)) {
    if (gradient) gradient.fill(Number.NaN);
    return Number.NaN;
  }
  const { xTIndex, xTxIndex } = pairs;
  for (let g = 0; g < xs.length; g++) {
    const x = xs[g];
    const w = weight[g];
    const rx = r + x;
    const a = 5 * xTIndex[g];
    const b = 5 * xTxIndex[g];
    const k = xIndex[g];
    // ln(e^u + e^v) and e^v / (e^u + e^v), as logSumExp2 computes them (inlined: no array per history)
    const u = lnRx[k] + J1[a];
    const v = lnS + J2[b];
    let lse: number;
    let w2: number;
    if (u >= v) {
      const e = Math.exp(v - u);
      lse = u + Math.log1p(e);
      w2 = e / (1 + e);
    } else {
      const e = Math.exp(u - v);
      lse = v + Math.log1p(e);
      w2 = 1 / (1 + e);
    }
    if (constantPerCustomer) {
      total += w * (constX[k] + lse + (r * lnAlpha + s * lnBeta));
      if (wantGradient) {
        const w1 = 1 - w2;
        gr += w * (dConstX[k] + w1 * (1 / rx + J1[a + 1]) + w2 * J2[b + 1] + lnAlpha);
        galpha += w * (w1 * J1[a + 3] + w2 * J2[b + 3] + r / alpha);
        gs += w * (w1 * J1[a + 2] + w2 * (1 / s + J2[b + 2]) + lnBeta);
        gbeta += w * (w1 * J1[a + 4] + w2 * J2[b + 4] + s / beta);
      }
      continue;
    }
    total += w * (constX[k] + lse);
    if (wantGradient) {
      const w1 = 1 - w2;
      gr += w * (dConstX[k] + w1 * (1 / rx + J1[a + 1]) + w2 * J2[b + 1]);
      galpha += w * (w1 * J1[a + 3] + w2 * J2[b + 3]);
      gs += w * (w1 * J1[a + 2] + w2 * (1 / s + J2[b + 2]));
      gbeta += w * (w1 * J1[a + 4] + w2 * J2[b + 4]);
    }
  }
  const n = constantPerCustomer ? 0 : data.customers;
  total += n * (r * lnAlpha + s * lnBeta);
  if (gradient) {
    gradient[0] = (gr + n * lnAlpha) * r;
    gradient[1] = (galpha + (n * r) / alpha) * alpha;
    gradient[2] = (gs + n * lnBeta) * s;
    gradient[3] = (gbeta + (n * s) / beta) * beta;
    if (hessian && !writeAnalyticHessian(params, data, pairs, J1, J2, gradient, hessian)) {
      gradient.fill(Number.NaN);
      return Number.NaN;
    }
  }
  return total;
}

/** θ = (r, α, s, β) → the variable of J(t; A, B) it enters: r through A, s through B. */
const J_VARIABLE = [0, 2, 1, 3];

/**
 * ∂²ℓ/∂(ln θ)² analytically. Per history ℓ = lnΓ(r+x) − lnΓ(r) + ln(e^u + e^v) + r·ln α + s·ln β
 * with u = ln(r+x) + ln J(T; r+x+1, s), v = ln s + ln J(t_x; r+x, s+1); the Hessian of the
 * log-sum-exp is w_u·∇²u + w_v·∇²v + w_u·w_v·(∇u − ∇v)(∇u − ∇v)ᵀ, the second derivatives of ln J
 * from `paretoNbdLogJ` (once per distinct (x, T) and (x, t_x), as the gradient's), and over
 * ln θ: θ_i·θ_j·∂²ℓ/∂θ_i∂θ_j + δ_ij·θ_i·∂ℓ/∂θ_i. False when a series does not converge.
 */
function writeAnalyticHessian(
  params: ArrayLike<number>,
  data: ParetoNbdData,
  pairs: HistoryPairs,
  J1: Float64Array,
  J2: Float64Array,
  gradient: Float64Array,
  hessian: Float64Array,
): boolean {
  const r = params[0];
  const alpha = params[1];
  const s = params[2];
  const beta = params[3];
  const theta = [r, alpha, s, beta];
  const second = new Float64Array(15);
  const fillSecond = (list: PairList, A: number, B: number): Float64Array | null => {
    const out = new Float64Array(10 * list.length);
    for (let p = 0; p < list.length; p++) {
      if (!paretoNbdLogJ(list.t[p], r + list.x[p] + A, s + B, alpha, beta, second, true, true, true)) return null;
      out.set(second.subarray(5), 10 * p);
    }
    return out;
  };
  const K1 = fillSecond(pairs.xT, 1, 0);
  const K2 = fillSecond(pairs.xTx, 0, 1);
  if (K1 === null || K2 === null) return false;
  const m = data.distinctX.length;
  const dTrigamma = new Float64Array(m);
  const psi1R = trigamma(r);
  for (let k = 0; k < m; k++) dTrigamma[k] = trigamma(r + data.distinctX[k]) - psi1R;
  const H = new Float64Array(16);
  const du = new Float64Array(4);
  const dv = new Float64Array(4);
  const lnS = Math.log(s);
  const { x: xs, weight, xIndex } = data;
  const { xTIndex, xTxIndex } = pairs;
  for (let g = 0; g < xs.length; g++) {
    const w = weight[g];
    const rx = r + xs[g];
    const a = 5 * xTIndex[g];
    const b = 5 * xTxIndex[g];
    const a2 = 10 * xTIndex[g];
    const b2 = 10 * xTxIndex[g];
    const u = Math.log(rx) + J1[a];
    const v = lnS + J2[b];
    const wv = u >= v ? Math.exp(v - u) / (1 + Math.exp(v - u)) : 1 / (1 + Math.exp(u - v));
    const wu = 1 - wv;
    // ∇u and ∇v over (r, α, s, β): J's (A, B, α, β) at offsets 1…4
    for (let i = 0; i < 4; i++) {
      du[i] = J1[a + 1 + J_VARIABLE[i]];
      dv[i] = J2[b + 1 + J_VARIABLE[i]];
    }
    du[0] += 1 / rx;
    dv[2] += 1 / s;
    for (let i = 0; i < 4; i++) {
      for (let j = i; j < 4; j++) {
        const at = SECOND_INDEX[J_VARIABLE[i]][J_VARIABLE[j]] - 5;
        let uij = K1[a2 + at];
        let vij = K2[b2 + at];
        if (i === 0 && j === 0) uij -= 1 / (rx * rx);
        if (i === 2 && j === 2) vij -= 1 / (s * s);
        H[i * 4 + j] += w * (wu * uij + wv * vij + wu * wv * (du[i] - dv[i]) * (du[j] - dv[j]));
      }
    }
    H[0] += w * dTrigamma[xIndex[g]];
  }
  const n = data.customers;
  H[1] += n / alpha;
  H[5] -= (n * r) / (alpha * alpha);
  H[11] += n / beta;
  H[15] -= (n * s) / (beta * beta);
  // over ln θ (gradient already holds θ_i·∂ℓ/∂θ_i)
  for (let i = 0; i < 4; i++)
    for (let j = i; j < 4; j++) {
      const value = theta[i] * theta[j] * H[i * 4 + j] + (i === j ? gradient[i] : 0);
      hessian[i * 4 + j] = hessian[j * 4 + i] = value;
    }
  return hessian.every(Number.isFinite);
}

/** Distinct (x, t) pairs: x and t of each. */
interface PairList {
  readonly length: number;
  readonly x: Float64Array;
  readonly t: Float64Array;
}

/** The distinct (x, T) and (x, t_x) pairs of grouped histories, and each history's pair. */
interface HistoryPairs {
  readonly xT: PairList;
  readonly xTIndex: Int32Array;
  readonly xTx: PairList;
  readonly xTxIndex: Int32Array;
}

const PAIRS = new WeakMap<ParetoNbdData, HistoryPairs>();

/** `HistoryPairs` of `data`, built once per data object (the fit evaluates it hundreds of times). */
function historyPairs(data: ParetoNbdData): HistoryPairs {
  let pairs = PAIRS.get(data);
  if (pairs === undefined) {
    const [xT, xTIndex] = distinctPairs(data.x, data.xIndex, data.T, data.TIndex, data.distinctT.length);
    const [xTx, xTxIndex] = distinctPairs(data.x, data.xIndex, data.tx, data.txIndex, data.distinctTx.length);
    pairs = { xT, xTIndex, xTx, xTxIndex };
    PAIRS.set(data, pairs);
  }
  return pairs;
}

function distinctPairs(x: Float64Array, xIndex: Int32Array, t: Float64Array, tIndex: Int32Array, tCount: number): [PairList, Int32Array] {
  const ids = new Map<number, number>();
  const index = new Int32Array(x.length);
  const px: number[] = [];
  const pt: number[] = [];
  for (let g = 0; g < x.length; g++) {
    const key = xIndex[g] * tCount + tIndex[g];
    let id = ids.get(key);
    if (id === undefined) {
      id = px.length;
      ids.set(key, id);
      px.push(x[g]);
      pt.push(t[g]);
    }
    index[g] = id;
  }
  return [{ length: px.length, x: Float64Array.from(px), t: Float64Array.from(pt) }, index];
}
