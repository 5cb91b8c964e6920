import { expectationIfAlive, purchaseProbabilityOf } from './betaGeoMath.js';
import type { ModifiedBetaGeoParams } from './modifiedBetaGeoSpec.js';

// The MBG/NBD per-customer expressions (Batislam, Denizel & Filiztekin 2007). A customer alive at
// T behaves from then on as a BG/NBD customer (dropout tried after each future purchase); the only
// change is the dropout chance right after the first purchase. Given (λ, p), E[X(t)] and P(X(t) = n)
// are the BG/NBD's times the survival 1 − p of that first try (plus p for n = 0), and the factor
// (1 − p) turns Beta(a, b) into Beta(a, b + 1) with weight B(a, b+1)/B(a, b) = b/(a+b): so every
// expectation below is a BG/NBD one at b + 1, computed by `betaGeoMath` (Euler-transformed,
// rescaled series; finite for heavy buyers and huge a, b; NaN only if a series does not converge).

const shifted = (p: ModifiedBetaGeoParams) => ({ r: p.r, alpha: p.alpha, a: p.a, b: p.b + 1 });

/**
 * P(alive at T | x, t_x, T) = 1 / (1 + a/(b+x)·((α+T)/(α+t_x))^(r+x)) for every x (at x = 0 the
 * customer may have left right after the first purchase), as a logistic of the log odds: no
 * overflow for heavy buyers or long T.
 */
export function modifiedBetaGeoAlive(p: ModifiedBetaGeoParams, x: number, tx: number, T: number): number {
  const logOdds = Math.log(p.a) - Math.log(p.b + x) + (p.r + x) * (Math.log(p.alpha + T) - Math.log(p.alpha + tx));
  return logOdds > 0 ? Math.exp(-logOdds) / (1 + Math.exp(-logOdds)) : 1 / (1 + Math.exp(logOdds));
}

/**
 * E[purchases in (T, T+t] | x, t_x, T] = P(alive) · (a+b+x)/(a−1) · [1 − ((α+T)/(α+T+t))^(r+x) ·
 * 2F1(r+x, b+x+1; a+b+x; t/(α+T+t))]: given alive, λ ~ Gamma(r+x, α+T) and p ~ Beta(a, b+x+1),
 * the BG/NBD expectation at b + 1 (a = 1 without 0/0, see `expectationIfAlive`).
 */
export function modifiedBetaGeoConditional(p: ModifiedBetaGeoParams, x: number, tx: number, T: number, t: number): number {
  if (t <= 0) return 0;
  return modifiedBetaGeoAlive(p, x, tx, T) * modifiedBetaGeoExpectationIfAlive(p, x, T, t);
}

/** E[purchases in (T, T+t] | alive at T, x]: the BG/NBD `expectationIfAlive` at b + 1 (depends on (x, T, t) only). */
export function modifiedBetaGeoExpectationIfAlive(p: ModifiedBetaGeoParams, x: number, T: number, t: number): number {
  return expectationIfAlive(shifted(p), x, T, t);
}

/** E[X(t)] of a customer acquired at 0 = b/(a−1) · [1 − (α/(α+t))^r · 2F1(r, b+1; a+b; t/(α+t))] = b/(a+b) · E_BG/NBD[X(t) | r, α, a, b+1]. */
export function modifiedBetaGeoExpected(p: ModifiedBetaGeoParams, t: number): number {
  if (t <= 0) return 0;
  return (p.b / (p.a + p.b)) * expectationIfAlive(shifted(p), 0, 0, t);
}

/** P(X(t) = n) of a customer acquired at 0 = δ(n=0)·a/(a+b) + b/(a+b) · P_BG/NBD(X(t) = n | r, α, a, b+1). */
export function modifiedBetaGeoProbability(p: ModifiedBetaGeoParams, n: number, t: number): number {
  const value = (n === 0 ? p.a / (p.a + p.b) : 0) + (p.b / (p.a + p.b)) * purchaseProbabilityOf(shifted(p), n, t);
  return Math.min(1, Math.max(0, value));
}
