import { digamma, logGammaRatio, trigamma } from './specialFunctions.js';

/**
 * ln B(a + i, b + j) − ln B(a, b) for a, b > 0 and i, j ≥ 0 (i, j need not be whole), formed
 * from three differences of log-gammas (`logGammaRatio`) rather than four large log-gammas, so a
 * ratio near 1 keeps its relative accuracy. The building block of the discrete-time retention
 * and BG/BB likelihoods: every term they sum is a ratio of beta functions.
 */
export function logBetaRatio(a: number, b: number, i: number, j: number): number {
  return logGammaRatio(a, i) + logGammaRatio(b, j) - logGammaRatio(a + b, i + j);
}

/**
 * The derivatives of `logBetaRatio(a, b, i, j)` over (a, b) with i, j fixed, written into
 * `out`: [∂a, ∂b] and, when `second`, [∂aa, ∂ab, ∂bb] at indexes 2–4 (digamma and trigamma
 * differences; a zero shift gives an exact zero).
 */
export function logBetaRatioDerivatives(a: number, b: number, i: number, j: number, out: Float64Array, second: boolean): void {
  const s = a + b;
  const psiS = i + j === 0 ? 0 : digamma(s) - digamma(s + i + j);
  out[0] = (i === 0 ? 0 : digamma(a + i) - digamma(a)) + psiS;
  out[1] = (j === 0 ? 0 : digamma(b + j) - digamma(b)) + psiS;
  if (!second) return;
  const triS = i + j === 0 ? 0 : trigamma(s) - trigamma(s + i + j);
  out[2] = (i === 0 ? 0 : trigamma(a + i) - trigamma(a)) + triS;
  out[3] = triS;
  out[4] = (j === 0 ? 0 : trigamma(b + j) - trigamma(b)) + triS;
}
