import { logBetaRatio } from '../../internal/logBetaRatio.js';
import { logGamma } from '../../internal/specialFunctions.js';
import { betaGeoBetaBinomialLogTerm } from './betaGeoBetaBinomialLikelihood.js';
import type { BetaGeoBetaBinomialParams } from './fitBetaGeoBetaBinomial.js';

/**
 * The BG/BB predictions of Fader, Hardie & Shang (2010) for whole numbers of transaction
 * opportunities, each formed from log beta-function ratios so long histories stay finite.
 * Shared by `betaGeoBetaBinomialPredictions`, `betaGeoBetaBinomialExpectedTransactions`,
 * `betaGeoBetaBinomialTransactionProbability` and the repeat-buying diagnostics (same bits).
 * Internal: not exported from the package.
 */

/** Σ_{t=1..n} B(γ, δ+t)/B(γ, δ): the expected opportunities a new customer is active in, of the first n. */
export function betaGeoBetaBinomialActiveSum(p: BetaGeoBetaBinomialParams, n: number): number {
  let alive = 0;
  for (let t = 1; t <= n; t++) alive += Math.exp(logBetaRatio(p.gamma, p.delta, 0, t));
  return alive;
}

/** E[X(n)] (FHS 2010, summed rather than the closed form): α/(α+β) · Σ_{t=1..n} B(γ, δ+t)/B(γ, δ). */
export function betaGeoBetaBinomialExpected(p: BetaGeoBetaBinomialParams, n: number): number {
  return (p.alpha / (p.alpha + p.beta)) * betaGeoBetaBinomialActiveSum(p, n);
}

/** ln C(n, k) for whole 0 ≤ k ≤ n. */
function logChoose(n: number, k: number): number {
  return k === 0 || k === n ? 0 : logGamma(n + 1) - logGamma(k + 1) - logGamma(n - k + 1);
}

/**
 * ln P(X(n) = x) (FHS 2010): the log-sum-exp of
 *   C(n, x) B(α+x, β+n−x)/B(α,β) · B(γ, δ+n)/B(γ,δ)                       (active through n)
 *   C(i, x) B(α+x, β+i−x)/B(α,β) · B(γ+1, δ+i)/B(γ,δ),  i = x … n−1      (inactive from i + 1)
 * for whole 0 ≤ x ≤ n; −∞ for x > n. `scratch` holds at least n − x + 1 values.
 */
export function betaGeoBetaBinomialLogProbability(p: BetaGeoBetaBinomialParams, x: number, n: number, scratch: Float64Array): number {
  if (x > n) return -Infinity;
  const { alpha, beta, gamma, delta } = p;
  const terms = n - x + 1;
  const logs = scratch.subarray(0, terms);
  logs[0] = logChoose(n, x) + logBetaRatio(alpha, beta, x, n - x) + logBetaRatio(gamma, delta, 0, n);
  for (let i = x; i < n; i++) logs[i - x + 1] = logChoose(i, x) + logBetaRatio(alpha, beta, x, i - x) + logBetaRatio(gamma, delta, 1, i);
  let top = -Infinity;
  for (const l of logs) top = Math.max(top, l);
  let sum = 0;
  for (const l of logs) sum += Math.exp(l - top);
  return top + Math.log(sum);
}

/** ln L(α, β, γ, δ | x, t_x, n): the likelihood of one history (FHS 2010 eq. 5), in log space. */
export function betaGeoBetaBinomialLogLikelihoodOf(p: BetaGeoBetaBinomialParams, x: number, tx: number, n: number, scratch: Float64Array): number {
  return betaGeoBetaBinomialLogTerm([p.alpha, p.beta, p.gamma, p.delta], x, tx, n, 1, null, null, scratch);
}

/** P(alive at opportunity n + 1 | x, t_x, n) (FHS 2010 eq. 11), given ln L of the history. */
export function betaGeoBetaBinomialAlive(p: BetaGeoBetaBinomialParams, x: number, n: number, logL: number): number {
  return Math.exp(logBetaRatio(p.alpha, p.beta, x, n - x) + logBetaRatio(p.gamma, p.delta, 0, n + 1) - logL);
}

/**
 * E[transactions in opportunities n + 1 … n + nStar | x, t_x, n] (FHS 2010 eq. 13), given ln L
 * of the history: Σ_{t=n+1..n+nStar} B(α+x+1, β+n−x)/B(α,β) · B(γ, δ+t)/B(γ,δ) / L.
 */
export function betaGeoBetaBinomialConditional(p: BetaGeoBetaBinomialParams, x: number, n: number, nStar: number, logL: number): number {
  // ln of B(α+x+1, β+n−x)/B(α,β) / L: the factor of every future opportunity's transaction probability
  const factor = logBetaRatio(p.alpha, p.beta, x + 1, n - x) - logL;
  let expected = 0;
  for (let t = n + 1; t <= n + nStar; t++) expected += Math.exp(factor + logBetaRatio(p.gamma, p.delta, 0, t));
  return expected;
}
