import { logBetaRatio, logBetaRatioDerivatives } from '../../internal/logBetaRatio.js';
import { digamma, trigamma } from '../../internal/specialFunctions.js';
import type { CohortSurvivors } from './cohortSurvivors.js';

/**
 * The beta-discrete-Weibull log-likelihood (Fader, Hardie, Liu, Davin & Steenburgh 2018, "How to
 * project customer retention revisited: the role of duration dependence", Journal of Interactive
 * Marketing 43) of cohort survivor counts:
 *   ℓ = Σₜ lostₜ · ln[S(t − 1) − S(t)] + Σₜ activeₜ · ln S(t),   S(t) = B(α, β + t^c) / B(α, β),
 * with ln S(t) a log ratio of beta functions and ln[S(t − 1) − S(t)] = ln S(t − 1) +
 * ln(−expm1(ln S(t) − ln S(t − 1))), so no difference of two survival probabilities is formed.
 * c = 1 is the sBG; c < 1 gives retention rates that rise faster than heterogeneity alone, c > 1
 * rates that fall (negative duration dependence), so U-shaped retention can be fitted.
 * Writes ∂ℓ/∂(ln α, ln β, ln c) into `gradient` and the 3 × 3 Hessian over them into `hessian`
 * (row-major) when given.
 */
export function betaDiscreteWeibullLogLikelihood(
  alpha: number,
  beta: number,
  c: number,
  data: CohortSurvivors,
  gradient: Float64Array,
  hessian: Float64Array | null,
): number {
  const T = data.lost.length - 1;
  // ln S(t) and its derivatives over (ln α, ln β, ln c) for t = 0..T (t = 0: all zero)
  const L = new Float64Array(T + 1);
  const G = new Float64Array(3 * (T + 1));
  const H = new Float64Array(9 * (T + 1));
  const d = new Float64Array(5);
  for (let t = 1; t <= T; t++) {
    const lt = Math.log(t);
    const u = Math.pow(t, c);
    L[t] = logBetaRatio(alpha, beta, 0, u);
    logBetaRatioDerivatives(alpha, beta, 0, u, d, true);
    const Lu = digamma(beta + u) - digamma(alpha + beta + u);
    const Luu = trigamma(beta + u) - trigamma(alpha + beta + u);
    const Lau = -trigamma(alpha + beta + u);
    const du = c * u * lt;
    const ddu = du * (1 + c * lt);
    const g = 3 * t;
    G[g] = alpha * d[0];
    G[g + 1] = beta * d[1];
    G[g + 2] = Lu * du;
    const h = 9 * t;
    H[h] = alpha * alpha * d[2] + alpha * d[0];
    H[h + 1] = H[h + 3] = alpha * beta * d[3];
    H[h + 4] = beta * beta * d[4] + beta * d[1];
    H[h + 2] = H[h + 6] = alpha * Lau * du;
    H[h + 5] = H[h + 7] = beta * Luu * du;
    H[h + 8] = Luu * du * du + Lu * ddu;
  }
  let value = 0;
  gradient.fill(0, 0, 3);
  if (hessian !== null) hessian.fill(0, 0, 9);
  for (let t = 1; t <= T; t++) {
    const active = data.active[t];
    if (active !== 0) {
      value += active * L[t];
      for (let i = 0; i < 3; i++) gradient[i] += active * G[3 * t + i];
      if (hessian !== null) for (let i = 0; i < 9; i++) hessian[i] += active * H[9 * t + i];
    }
    const lost = data.lost[t];
    if (lost === 0) continue;
    const drop = L[t - 1] - L[t];
    value += lost * (L[t - 1] + Math.log(-Math.expm1(-drop)));
    // P = S(t−1) − S(t): ∂ln P = wA·∂L(t−1) − wB·∂L(t), wB = S(t)/P = 1/expm1(drop), wA = 1 + wB
    const wB = 1 / Math.expm1(drop);
    const wA = 1 + wB;
    const a = 3 * (t - 1);
    const b = 3 * t;
    const g0 = wA * G[a] - wB * G[b];
    const g1 = wA * G[a + 1] - wB * G[b + 1];
    const g2 = wA * G[a + 2] - wB * G[b + 2];
    gradient[0] += lost * g0;
    gradient[1] += lost * g1;
    gradient[2] += lost * g2;
    if (hessian === null) continue;
    const gp = [g0, g1, g2];
    for (let i = 0; i < 3; i++)
      for (let j = 0; j < 3; j++) {
        const second = wA * (H[9 * (t - 1) + 3 * i + j] + G[a + i] * G[a + j]) - wB * (H[9 * t + 3 * i + j] + G[b + i] * G[b + j]) - gp[i] * gp[j];
        hessian[3 * i + j] += lost * second;
      }
  }
  return value;
}
