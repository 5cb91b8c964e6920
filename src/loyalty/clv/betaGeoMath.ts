import { logGamma, logHypergeometric2F1, regularizedBeta } from '../../internal/specialFunctions.js';
import type { BetaGeoParams } from './fitBetaGeo.js';

/**
 * E[purchases in (T, T + t]] for a customer with history (x, t_x, T), FHL 2005 eq. 10, written
 * with Euler's transformation 2F1(a, b; c; z) = (1 − z)^(c−a−b)·2F1(c−a, c−b; c; z). The huge
 * powers of heavy buyers cancel analytically:
 *   E = (a+b+x−1)/(a−1) · [1 − (1−z)^(a−1)·2F1(a+b−1−r, a−1; a+b+x−1; z)] · P(alive),
 * z = t/(α+T+t). With x = 0 and T = 0 this is the unconditional E[X(t)] (eq. 9). Stable for any x.
 */
export function conditionalExpectation(p: BetaGeoParams, x: number, tx: number, T: number, t: number): number {
  return expectationIfAlive(p, x, T, t) * probabilityAliveOf(p, x, tx, T);
}

/** The conditional expectation for a customer known to be alive at T: depends on (x, T, t) only. */
export function expectationIfAlive(p: BetaGeoParams, x: number, T: number, t: number): number {
  if (t <= 0) return 0;
  const { r, alpha, a, b } = p;
  const z = t / (alpha + T + t);
  const log1mz = Math.log1p(-z);
  const logF = logHypergeometric2F1(a + b - 1 - r, a - 1, a + b + x - 1, z);
  const bracket = -Math.expm1((a - 1) * log1mz + logF);
  return ((a + b + x - 1) / (a - 1)) * bracket;
}

/** P(alive | x, t_x, T) = 1 / (1 + δ(x>0)·a/(b+x−1)·((α+T)/(α+t_x))^(r+x)), as a logistic of the log odds. */
export function probabilityAliveOf(p: BetaGeoParams, x: number, tx: number, T: number): number {
  if (x === 0) return 1;
  const logOdds = Math.log(p.a) - Math.log(p.b + x - 1) + (p.r + x) * (Math.log(p.alpha + T) - Math.log(p.alpha + tx));
  return logOdds > 0 ? Math.exp(-logOdds) / (1 + Math.exp(-logOdds)) : 1 / (1 + Math.exp(logOdds));
}

/**
 * P(X(t) = n) for a new customer, FHL 2005 eq. 8, in logs. The second term's bracket
 * 1 − Σ_{j<n} NB(j) is the negative-binomial upper tail, computed as I_{t/(α+t)}(n, r).
 */
export function purchaseProbabilityOf(p: BetaGeoParams, n: number, t: number): number {
  const { r, alpha, a, b } = p;
  if (t <= 0) return n === 0 ? 1 : 0;
  const logBetaRatio = (u: number, v: number) => logGamma(u) + logGamma(v) - logGamma(u + v) - (logGamma(a) + logGamma(b) - logGamma(a + b));
  const lp = Math.log(alpha / (alpha + t));
  const lq = Math.log(t / (alpha + t));
  const first = Math.exp(logBetaRatio(a, b + n) + logGamma(r + n) - logGamma(r) - logGamma(n + 1) + r * lp + n * lq);
  if (n === 0) return Math.min(1, first);
  const tail = regularizedBeta(t / (alpha + t), n, r);
  const second = Math.exp(logBetaRatio(a + 1, b + n - 1)) * tail;
  return Math.min(1, Math.max(0, first + second));
}
