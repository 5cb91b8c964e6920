import { digamma, logGamma } from '../../internal/specialFunctions.js';
import type { BetaGeoData } from './betaGeoLikelihood.js';
import { paretoNbdLogJ } from './paretoNbdMath.js';

/** Customers grouped by identical (x, t_x, T) in canonical order (the BG/NBD grouping, shared). */
export type ParetoNbdData = BetaGeoData;

/** Relative step of the central differences of the analytic gradient that form the Hessian (over log-parameters). */
const HESSIAN_STEP = 1e-5;

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
 * summed in the same loop); with `hessian` (and `gradient`), ∂²ℓ/∂(ln θ)² (4 × 4, row-major) by
 * central differences of that analytic gradient (step 1e-5 in ln θ, symmetrized: ~1e-9 relative).
 * NaN when a series does not converge (see `paretoNbdLogJ`).
 */
export function paretoNbdLogLikelihood(
  params: ArrayLike<number>,
  data: ParetoNbdData,
  gradient: Float64Array | null,
  hessian: Float64Array | null = null,
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
    total += w * (constX[k] + lse);
    if (wantGradient) {
      const w1 = 1 - w2;
      gr += w * (dConstX[k] + w1 * (1 / rx + J1[a + 1]) + w2 * J2[b + 1]);
      galpha += w * (w1 * J1[a + 3] + w2 * J2[b + 3]);
      gs += w * (w1 * J1[a + 2] + w2 * (1 / s + J2[b + 2]));
      gbeta += w * (w1 * J1[a + 4] + w2 * J2[b + 4]);
    }
  }
  const n = data.customers;
  total += n * (r * lnAlpha + s * lnBeta);
  if (gradient) {
    gradient[0] = (gr + n * lnAlpha) * r;
    gradient[1] = (galpha + (n * r) / alpha) * alpha;
    gradient[2] = (gs + n * lnBeta) * s;
    gradient[3] = (gbeta + (n * s) / beta) * beta;
    if (hessian) writeDifferencedHessian(params, data, hessian);
  }
  return total;
}

/** ∂²ℓ/∂(ln θ)² by central differences of the analytic gradient over ln θ, symmetrized. */
function writeDifferencedHessian(params: ArrayLike<number>, data: ParetoNbdData, hessian: Float64Array): void {
  const plus = new Float64Array(4);
  const minus = new Float64Array(4);
  for (let i = 0; i < 4; i++) {
    const up = Float64Array.from({ length: 4 }, (_, j) => (j === i ? params[j] * Math.exp(HESSIAN_STEP) : params[j]));
    const down = Float64Array.from({ length: 4 }, (_, j) => (j === i ? params[j] * Math.exp(-HESSIAN_STEP) : params[j]));
    paretoNbdLogLikelihood(up, data, plus);
    paretoNbdLogLikelihood(down, data, minus);
    for (let j = 0; j < 4; j++) hessian[i * 4 + j] = (plus[j] - minus[j]) / (2 * HESSIAN_STEP);
  }
  for (let i = 0; i < 4; i++) for (let j = i + 1; j < 4; j++) hessian[i * 4 + j] = hessian[j * 4 + i] = (hessian[i * 4 + j] + hessian[j * 4 + i]) / 2;
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
