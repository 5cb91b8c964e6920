import { canonicalGroups } from '../../internal/canonicalGroups.js';
import { digamma, logGamma } from '../../internal/specialFunctions.js';
import type { NumericArray } from '../../io/tableInput.js';
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
  for (let g = 0; g < weight.length; g++) customers += weight[g];
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
    customers,
  };
}

/**
 * BG/NBD log-likelihood (Fader, Hardie & Lee 2005, eq. 6) summed over grouped customers, in
 * log-sum-exp form:
 *   ℓ = lnΓ(r+x) − lnΓ(r) + r·ln α + ln B(a, b+x) − ln B(a, b)
 *       + log[ (α+T)^−(r+x) + δ(x>0)·a/(b+x−1)·(α+t_x)^−(r+x) ].
 * With `gradient`, writes ∂ℓ/∂(ln r, ln α, ln a, ln b). Γ and ψ terms are computed once per
 * distinct x; each group costs two logs, an exp and a log1p.
 */
export function betaGeoLogLikelihood(params: ArrayLike<number>, data: BetaGeoData, gradient: Float64Array | null): number {
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
    }
  }
  if (gradient) {
    gradient[0] = gr * r;
    gradient[1] = galpha * alpha;
    gradient[2] = ga * a;
    gradient[3] = gb * b;
  }
  return total;
}
