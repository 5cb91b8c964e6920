import { logBetaRatio, logBetaRatioDerivatives } from '../../internal/logBetaRatio.js';
import type { CohortSurvivors } from './cohortSurvivors.js';

/**
 * The sBG log-likelihood (Fader & Hardie 2007, eq. 7 and appendix B) of cohort survivor counts:
 *   ℓ = Σₜ lostₜ · ln P(T = t) + Σₜ activeₜ · ln S(t),
 *   P(T = t) = B(α + 1, β + t − 1) / B(α, β),   S(t) = B(α, β + t) / B(α, β),
 * each term a log ratio of beta functions (`logBetaRatio`), never a product of per-period
 * retention rates. Writes ∂ℓ/∂(ln α, ln β) into `gradient` and the Hessian over (ln α, ln β)
 * into `hessian` (row-major 2 × 2) when given.
 */
export function shiftedBetaGeometricLogLikelihood(
  alpha: number,
  beta: number,
  data: CohortSurvivors,
  gradient: Float64Array,
  hessian: Float64Array | null,
): number {
  const d = new Float64Array(5);
  let value = 0;
  let ga = 0;
  let gb = 0;
  let haa = 0;
  let hab = 0;
  let hbb = 0;
  const second = hessian !== null;
  const add = (weight: number, i: number, j: number) => {
    if (weight === 0) return;
    value += weight * logBetaRatio(alpha, beta, i, j);
    logBetaRatioDerivatives(alpha, beta, i, j, d, second);
    ga += weight * d[0];
    gb += weight * d[1];
    if (second) {
      haa += weight * d[2];
      hab += weight * d[3];
      hbb += weight * d[4];
    }
  };
  for (let t = 1; t < data.lost.length; t++) add(data.lost[t], 1, t - 1);
  for (let t = 1; t < data.active.length; t++) add(data.active[t], 0, t);
  gradient[0] = alpha * ga;
  gradient[1] = beta * gb;
  if (hessian !== null) {
    hessian[0] = alpha * alpha * haa + alpha * ga;
    hessian[1] = hessian[2] = alpha * beta * hab;
    hessian[3] = beta * beta * hbb + beta * gb;
  }
  return value;
}
