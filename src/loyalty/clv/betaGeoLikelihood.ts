import { groupRows } from '../../internal/groupRows.js';
import { digamma, logGamma } from '../../internal/specialFunctions.js';
import type { NumericArray } from '../../io/tableInput.js';

/** Customers grouped by identical (x, t_x, T), with per-distinct-x indexes for the Γ terms. */
export interface BetaGeoData {
  readonly x: Float64Array;
  readonly tx: Float64Array;
  readonly T: Float64Array;
  readonly weight: Float64Array;
  /** Index of each group's x among `distinctX`. */
  readonly xIndex: Int32Array;
  readonly distinctX: Float64Array;
  readonly customers: number;
}

export function prepareBetaGeoData(x: NumericArray, tx: NumericArray, T: NumericArray, skip: Uint8Array | null): BetaGeoData {
  const grouped = groupRows([x, tx, T], x.length, skip);
  const [gx, gtx, gT] = grouped.columns;
  const distinct = new Map<number, number>();
  const xIndex = new Int32Array(gx.length);
  for (let g = 0; g < gx.length; g++) {
    let k = distinct.get(gx[g]);
    if (k === undefined) {
      k = distinct.size;
      distinct.set(gx[g], k);
    }
    xIndex[g] = k;
  }
  let customers = 0;
  for (let g = 0; g < grouped.weights.length; g++) customers += grouped.weights[g];
  return { x: gx, tx: gtx, T: gT, weight: grouped.weights, xIndex, distinctX: Float64Array.from(distinct.keys()), customers };
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
  let total = 0;
  let gr = 0;
  let galpha = 0;
  let ga = 0;
  let gb = 0;
  const { x: xs, tx, T, weight, xIndex } = data;
  const groups = xs.length;
  for (let g = 0; g < groups; g++) {
    const k = xIndex[g];
    const x = xs[g];
    const w = weight[g];
    const rx = r + x;
    const lnT = Math.log(alpha + T[g]);
    const l3 = -rx * lnT;
    let lse = l3;
    let w4 = 0;
    let lnTx = 0;
    if (x > 0) {
      lnTx = Math.log(alpha + tx[g]);
      const l4 = logA4[k] - rx * lnTx;
      const hi = l3 > l4 ? l3 : l4;
      const lo = l3 > l4 ? l4 : l3;
      const e = Math.exp(lo - hi);
      lse = hi + Math.log1p(e);
      w4 = Math.exp(l4 - lse);
    }
    total += w * (constX[k] + lse);
    if (gradient) {
      const w3 = 1 - w4;
      gr += w * (dR[k] - w3 * lnT - w4 * lnTx);
      galpha += w * (r / alpha - rx * (w3 / (alpha + T[g]) + (x > 0 ? w4 / (alpha + tx[g]) : 0)));
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
