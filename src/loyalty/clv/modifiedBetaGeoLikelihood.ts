import { digamma, logGamma, trigamma } from '../../internal/specialFunctions.js';
import { writeLogParameterHessian } from '../../internal/logParameterHessian.js';
import type { BetaGeoData } from './betaGeoLikelihood.js';

/**
 * MBG/NBD log-likelihood (Batislam, Denizel & Filiztekin 2007) summed over grouped customers
 * (`prepareBetaGeoData`), at (r, α, a, b). A customer with purchase rate λ and dropout
 * probability p, which is tried right after the first purchase and after each repeat purchase,
 * has L(λ, p | x, t_x, T) = (1−p)^(x+1)·λ^x·e^(−λT) + p·(1−p)^x·λ^x·e^(−λ·t_x) (alive through T,
 * or dropped out right after the purchase at t_x; for x = 0, t_x = 0 and the second term is p:
 * gone right after the first purchase). Mixing λ ~ Gamma(r, α) and p ~ Beta(a, b), with
 * B(a+1, b+x)/B(a, b+x+1) = a/(b+x):
 *   ℓ = lnΓ(r+x) − lnΓ(r) + r·ln α + ln B(a, b+x+1) − ln B(a, b)
 *       + log[ (α+T)^−(r+x) + a/(b+x)·(α+t_x)^−(r+x) ],
 * the second term present for every x (BG/NBD: only for x > 0, with b+x−1), in log-sum-exp form
 * l3 = −(r+x)·ln(α+T), l4 = ln a − ln(b+x) − (r+x)·ln(α+t_x) (no overflow for heavy buyers).
 * With `gradient`, writes ∂ℓ/∂(ln r, ln α, ln a, ln b); with `hessian` (and `gradient`) the
 * analytic ∂²ℓ/∂(ln θ)² (4 × 4, row-major): over θ, Σ_x N_x·∂²C_x + Σ w3·∂²l3 + w4·∂²l4 + ω·d·dᵀ
 * with w4 = e^l4/(e^l3 + e^l4), w3 = 1 − w4, ω = w3·w4 and d = ∂l3 − ∂l4 = (D, E, −1/a, 1/(b+x)),
 * D = ln(α+t_x) − ln(α+T), E = (r+x)·(1/(α+t_x) − 1/(α+T)). The Γ, ψ and ψ₁ terms are taken once
 * per distinct x, the logarithms once per distinct T and t_x.
 */
export function modifiedBetaGeoLogLikelihood(
  params: ArrayLike<number>,
  data: BetaGeoData,
  gradient: Float64Array | null,
  hessian: Float64Array | null = null,
): number {
  const r = params[0];
  const alpha = params[1];
  const a = params[2];
  const b = params[3];
  const lnAlpha = Math.log(alpha);
  const lnA = Math.log(a);
  const wantGradient = gradient !== null;
  const wantHessian = wantGradient && hessian !== null;
  // Per distinct x: the part of ℓ that depends on x and the parameters only, and its derivatives
  // (summed once per distinct x with its customers N_x).
  const m = data.distinctX.length;
  const logA4 = new Float64Array(m);
  const invBx = new Float64Array(m);
  const lgR = logGamma(r);
  const lgB = logGamma(b);
  const lgAB = logGamma(a + b);
  const psiR = wantGradient ? digamma(r) : 0;
  const psiB = wantGradient ? digamma(b) : 0;
  const psiAB = wantGradient ? digamma(a + b) : 0;
  const tgR = wantHessian ? trigamma(r) : 0;
  const tgB = wantHessian ? trigamma(b) : 0;
  const tgAB = wantHessian ? trigamma(a + b) : 0;
  let total = 0;
  let gr = 0;
  let galpha = 0;
  let ga = 0;
  let gb = 0;
  let n = 0;
  let crr = 0;
  let cab = 0;
  let cbb = 0;
  for (let k = 0; k < m; k++) {
    const x = data.distinctX[k];
    const nk = data.customersByX[k];
    logA4[k] = lnA - Math.log(b + x);
    invBx[k] = 1 / (b + x);
    if (nk === 0) continue;
    total += nk * (logGamma(r + x) - lgR + r * lnAlpha + logGamma(b + x + 1) - lgB + lgAB - logGamma(a + b + x + 1));
    n += nk;
    if (wantGradient) {
      const psiABX = digamma(a + b + x + 1);
      gr += nk * (digamma(r + x) - psiR + lnAlpha);
      ga += nk * (psiAB - psiABX);
      gb += nk * (digamma(b + x + 1) - psiB + psiAB - psiABX);
    }
    if (wantHessian) {
      const tgABX = trigamma(a + b + x + 1);
      crr += nk * (trigamma(r + x) - tgR);
      cab += nk * (tgAB - tgABX);
      cbb += nk * (trigamma(b + x + 1) - tgB + tgAB - tgABX);
    }
  }
  galpha += (n * r) / alpha;
  const lnT = Float64Array.from(data.distinctT, (t) => Math.log(alpha + t));
  const invT = Float64Array.from(data.distinctT, (t) => 1 / (alpha + t));
  const lnTx = Float64Array.from(data.distinctTx, (t) => Math.log(alpha + t));
  const invTx = Float64Array.from(data.distinctTx, (t) => 1 / (alpha + t));
  // Hessian sums over histories (see above): ia = Σw(w3·IT + w4·ITx), iaa = Σw(r+x)(w3·IT² + w4·ITx²),
  // w4sum = Σw·w4, w4bb = Σw·w4·IB², and the moments of ω·(D, E, IB).
  let ia = 0;
  let iaa = 0;
  let w4sum = 0;
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
  for (let g = 0; g < xs.length; g++) {
    const k = xIndex[g];
    const w = weight[g];
    const rx = r + xs[g];
    const ti = TIndex[g];
    const xi = txIndex[g];
    const l3 = -rx * lnT[ti];
    const l4 = logA4[k] - rx * lnTx[xi];
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
    total += w * lse;
    if (!wantGradient) continue;
    const w3 = 1 - w4;
    const it = invT[ti];
    const itx = invTx[xi];
    const ib = invBx[k];
    gr -= w * (w3 * lnT[ti] + w4 * lnTx[xi]);
    galpha -= w * rx * (w3 * it + w4 * itx);
    ga += (w * w4) / a;
    gb -= w * w4 * ib;
    if (!wantHessian) continue;
    const wq = w * w3 * w4;
    const D = lnTx[xi] - lnT[ti];
    const E = rx * (itx - it);
    ia += w * (w3 * it + w4 * itx);
    iaa += w * rx * (w3 * it * it + w4 * itx * itx);
    w4sum += w * w4;
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
  if (!gradient) return total;
  gradient[0] = gr * r;
  gradient[1] = galpha * alpha;
  gradient[2] = ga * a;
  gradient[3] = gb * b;
  if (hessian) {
    // Over θ, upper triangle: ∂²C (ψ₁ terms, ∂²(r ln α)), w3·∂²l3 + w4·∂²l4, and ω·d·dᵀ with d = (D, E, −1/a, IB).
    const H = [
      [crr + qdd, n / alpha - ia + qde, -qd / a, qdb],
      [0, (-n * r) / (alpha * alpha) + iaa + qee, -qe / a, qeb],
      [0, 0, cab + (q - w4sum) / (a * a), cab - qb / a],
      [0, 0, 0, cbb + w4bb + qbb],
    ];
    writeLogParameterHessian([r, alpha, a, b], H, gradient, hessian);
  }
  return total;
}
