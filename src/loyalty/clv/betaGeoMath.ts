import { CustomerValueError } from '../../errors.js';
import { logGamma, logGammaRatio, logHypergeometric2F1, regularizedBeta } from '../../internal/specialFunctions.js';
import type { BetaGeoParams } from './betaGeoSpec.js';

/**
 * E[purchases in (T, T + t]] for a customer with history (x, t_x, T), FHL 2005 eq. 10:
 * E = P(alive) · E_p[(1 − (1 + p·t/(α+T))^−(r+x)) / p] with p ~ Beta(a, b+x), i.e.
 *   E = (a+b+x−1)/(a−1) · [1 − (1−z)^(r+x)·2F1(r+x, b+x; a+b+x−1; z)] · P(alive),  z = t/(α+T+t).
 * With x = 0 and T = 0 this is the unconditional E[X(t)] (eq. 9). See `expectationIfAlive`.
 */
export function conditionalExpectation(p: BetaGeoParams, x: number, tx: number, T: number, t: number): number {
  return expectationIfAlive(p, x, T, t) * probabilityAliveOf(p, x, tx, T);
}

/**
 * The conditional expectation for a customer known to be alive at T: depends on (x, T, t) only.
 * The bracket 1 − (1−z)^(r+x)·2F1(r+x, b+x; c; z), c = a+b+x−1, is summed in whichever of two
 * equal forms has the smaller exponent to cancel:
 * - Euler's transformation 1 − (1−z)^(a−1)·2F1(c−r−x, a−1; c; z) (used whenever a − 1 ≤ r + x
 *   or the exponent (a−1)·|log(1−z)| ≤ 40: every ordinary model, and heavy buyers, x ≫ a);
 * - the textbook form 1 − (1−z)^(r+x)·2F1(r+x, b+x; c; z) when a − 1 > r + x, i.e. very large
 *   a and b (a nearly degenerate dropout probability), where the Euler series grows like e^(a·z)
 *   and overflowed to Infinity (issue 13: a = b = 1e4, t = 1 gave −Infinity).
 * For |a − 1| < 1e-3 the Euler form with a − 1 divided out (`nearOne`; a = 1 was 0/0).
 * Both series are summed with rescaling, so neither overflows. Returns NaN (never ±Infinity)
 * only if neither series converges within 1e6 terms or the result is not a finite number ≥ 0;
 * public callers turn that into a `not_converged` error with `throwIfNotFinite`.
 */
export function expectationIfAlive(p: BetaGeoParams, x: number, T: number, t: number): number {
  if (t <= 0) return 0;
  const { r, alpha, a, b } = p;
  const z = t / (alpha + T + t);
  const log1mz = Math.log1p(-z);
  const c = a + b + x - 1;
  const euler = () => -Math.expm1((a - 1) * log1mz + logHypergeometric2F1(a + b - 1 - r, a - 1, c, z));
  const textbook = () => -Math.expm1((r + x) * log1mz + logHypergeometric2F1(r + x, b + x, c, z));
  if (Math.abs(a - 1) < 1e-3) return nearOne(a - 1, a + b - 1 - r, c, z, log1mz);
  const eulerFirst = a - 1 <= r + x || (a - 1) * -log1mz <= 40;
  let bracket = eulerFirst ? euler() : textbook();
  if (Number.isNaN(bracket)) bracket = eulerFirst ? textbook() : euler();
  const value = (c / (a - 1)) * bracket;
  return Number.isFinite(value) && value >= 0 ? value : Number.NaN;
}

/**
 * The Euler form for a = 1 + ε, |ε| < 1e-3, with ε divided out analytically instead of numerically:
 * 2F1(A, ε; c; z) = 1 + ε·S, S = Σ_{k≥1} (A)_k (1+ε)_{k−1} z^k / ((c)_k k!), so
 *   c/ε · [1 − (1−z)^ε (1 + εS)] = c · [−expm1(ε·log(1−z))/ε − (1−z)^ε·S],
 * finite at a = 1 exactly (−expm1(εL)/ε → −L), where c/(a−1)·bracket was 0/0 (NaN) and lost
 * ~1e-16/ε of its precision nearby (1.7e-7 relative at a = 1 + 1e-9).
 */
function nearOne(epsilon: number, A: number, c: number, z: number, log1mz: number): number {
  let term = (A * z) / c;
  let S = term;
  let k = 1;
  for (; k < 1_000_000; k++) {
    term *= ((A + k) * (epsilon + k) * z) / ((c + k) * (k + 1));
    S += term;
    if (Math.abs(term) <= 1e-16 * Math.abs(S)) break;
  }
  if (k === 1_000_000) return Number.NaN;
  const first = epsilon === 0 ? -log1mz : -Math.expm1(epsilon * log1mz) / epsilon;
  const value = c * (first - Math.exp(epsilon * log1mz) * S);
  return Number.isFinite(value) && value >= 0 ? value : Number.NaN;
}

/**
 * Throw `not_converged` for a non-finite expectation (see `expectationIfAlive`), naming the
 * function, the parameters, the history and the first row that has it (a `tx` of NaN: the
 * expectation's part that depends on (x, T) only, as the warehouse scoring lookup computes it).
 */
export function throwIfNotFinite(value: number, fn: string, p: BetaGeoParams, x: number, tx: number, T: number, t: number, row?: number): void {
  if (Number.isFinite(value)) return;
  const params = `(r, α, a, b) = (${p.r.toPrecision(6)}, ${p.alpha.toPrecision(6)}, ${p.a.toPrecision(6)}, ${p.b.toPrecision(6)})`;
  throw new CustomerValueError('not_converged', `${fn}: the BG/NBD expected purchases could not be computed for a history`, [
    {
      function: fn,
      ...(row === undefined ? {} : { row }),
      expected: 'a finite expected number of purchases',
      received: `no converged value for ${params}, history ${Number.isNaN(tx) ? `(x, T) = (${x}, ${T})` : `(x, t_x, T) = (${x}, ${tx}, ${T})`}, horizon t = ${t}`,
      hint: 'this needs more than 1e6 series terms: a and b this large mean dropout is barely identified (see the fit warnings), and the history is extreme for the horizon; check the history, shorten t, or refit with spec.starts giving moderate a and b',
    },
  ]);
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
  // B(a, b+n)/B(a, b) and B(a+1, b+n−1)/B(a, b) as ratios of Γ(·+k)/Γ(·): finite and accurate
  // for a, b up to 1e10 and beyond (the difference of six logGamma values lost 1e-5 at a = b = 1e10).
  const logAB = logGammaRatio(a + b, n);
  const lp = Math.log(alpha / (alpha + t));
  const lq = Math.log(t / (alpha + t));
  const first = Math.exp(logGammaRatio(b, n) - logAB + logGamma(r + n) - logGamma(r) - logGamma(n + 1) + r * lp + n * lq);
  if (n === 0) return Math.min(1, first);
  const tail = regularizedBeta(t / (alpha + t), n, r);
  const second = Math.exp(Math.log(a) + logGammaRatio(b, n - 1) - logGammaRatio(a + b, n)) * tail;
  return Math.min(1, Math.max(0, first + second));
}
