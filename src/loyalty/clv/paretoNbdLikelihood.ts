import { digamma, logGamma } from '../../internal/specialFunctions.js';
import type { BetaGeoData } from './betaGeoLikelihood.js';
import { logSumExp2, paretoNbdLogJ } from './paretoNbdMath.js';

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
  for (let k = 0; k < m; k++) {
    const x = data.distinctX[k];
    constX[k] = logGamma(r + x) - lgR;
    if (gradient) dConstX[k] = digamma(r + x) - psiR;
  }
  const j1 = new Float64Array(5);
  const j2 = new Float64Array(5);
  const lnS = Math.log(s);
  let total = 0;
  let gr = 0;
  let galpha = 0;
  let gs = 0;
  let gbeta = 0;
  const wantGradient = gradient !== null;
  const { x: xs, tx: txs, T: Ts, weight, xIndex } = data;
  for (let g = 0; g < xs.length; g++) {
    const x = xs[g];
    const w = weight[g];
    const rx = r + x;
    if (!paretoNbdLogJ(Ts[g], rx + 1, s, alpha, beta, j1, wantGradient) || !paretoNbdLogJ(txs[g], rx, s + 1, alpha, beta, j2, wantGradient)) {
      if (gradient) gradient.fill(Number.NaN);
      return Number.NaN;
    }
    const [lse, w2] = logSumExp2(Math.log(rx) + j1[0], lnS + j2[0]);
    const k = xIndex[g];
    total += w * (constX[k] + lse);
    if (wantGradient) {
      const w1 = 1 - w2;
      gr += w * (dConstX[k] + w1 * (1 / rx + j1[1]) + w2 * j2[1]);
      galpha += w * (w1 * j1[3] + w2 * j2[3]);
      gs += w * (w1 * j1[2] + w2 * (1 / s + j2[2]));
      gbeta += w * (w1 * j1[4] + w2 * j2[4]);
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
