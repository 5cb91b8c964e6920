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
 * Both series are summed with rescaling, so neither overflows. When x = 0 and a + b ≤ 1, c ≤ 0:
 * the 2F1 turns negative once z is large enough (its log is NaN; (r, α, a, b) = (0.265, 17.46,
 * 0.209, 0.658), T = 38.7, t = 39 gave NaN) and has a pole at c = 0; there the same forms are
 * summed as c·bracket with c multiplied into the series (`cTimesBracket`), signs kept and no 1/c.
 * Returns NaN (never ±Infinity) only if no series converges within 1e6 terms or the result is not
 * a finite number ≥ 0; public callers turn that into a `not_converged` error with `throwIfNotFinite`.
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
  let bracket = Number.NaN;
  if (c > 0 && z >= SMALL_Z) {
    bracket = eulerFirst ? euler() : textbook();
    if (Number.isNaN(bracket)) bracket = eulerFirst ? textbook() : euler();
  }
  if (Number.isNaN(bracket)) {
    // c ≤ 0 (x = 0, a + b ≤ 1): the 2F1 may be ≤ 0, or c = 0 its pole; small z: log(2F1) ≈ S − S²/2
    // from 1 + S kept only ~1e-16/z of S, the bracket's relative precision (1e-9 at z = 1e-7)
    const eulerScaled = () => cTimesBracket(a - 1, a + b - 1 - r, a - 1, c, z, log1mz);
    const textbookScaled = () => cTimesBracket(r + x, r + x, b + x, c, z, log1mz);
    let scaled = eulerFirst ? eulerScaled() : textbookScaled();
    if (!Number.isFinite(scaled)) scaled = eulerFirst ? textbookScaled() : eulerScaled();
    const value = scaled / (a - 1);
    return Number.isFinite(value) && value >= 0 ? value : Number.NaN;
  }
  const value = (c / (a - 1)) * bracket;
  return Number.isFinite(value) && value >= 0 ? value : Number.NaN;
}

/**
 * c·[1 − (1−z)^e·2F1(A, B; c; z)] = −c·expm1(e·log(1−z)) − (1−z)^e·G, G = c·(2F1(A, B; c; z) − 1)
 * from `scaledTail`: finite for every c > −1 (c = a+b+x−1 > −1 always), including c ≤ 0, where
 * the 2F1 may be negative (no log is taken) and G has no pole at c = 0. For c in (−1, 0) the terms
 * of G from k = 1 on share one sign in both forms (A and B both negative, or both positive), so it
 * is summed without cancellation, and the two parts of c·bracket are of one sign or differ by a
 * factor of order (r + |c|)/r at small z.
 */
function cTimesBracket(e: number, A: number, B: number, c: number, z: number, log1mz: number): number {
  const tail = scaledTail(A, B, c, z);
  if (Number.isNaN(tail.sum)) return Number.NaN;
  const second = tail.sum === 0 ? 0 : Math.sign(tail.sum) * Math.exp(e * log1mz + tail.logScale + Math.log(Math.abs(tail.sum)));
  return -c * Math.expm1(e * log1mz) - second;
}

/**
 * G = c·(2F1(A, B; c; z) − 1) = Σ_{k≥1} (A)_k (B)_k z^k / ((c+1)_{k−1} k!) as sum·e^logScale, the
 * terms carried with their signs (A or B may be negative in the Euler form, c in (−1, 0] for x = 0
 * and a + b ≤ 1): the 2F1 series times c, which removes its 1/c (a pole at c = 0). NaN if it does
 * not converge within 1e6 terms.
 */
function scaledTail(A: number, B: number, c: number, z: number): { sum: number; logScale: number } {
  let term = A * B * z;
  let sum = term;
  let logScale = 0;
  for (let k = 1; k < 1_000_000; k++) {
    if (term === 0 || Math.abs(term) <= 1e-17 * Math.abs(sum)) return { sum, logScale };
    term *= ((A + k) * (B + k) * z) / ((c + k) * (k + 1));
    sum += term;
    if (Math.abs(sum) > RESCALE_ABOVE) {
      sum /= RESCALE_ABOVE;
      term /= RESCALE_ABOVE;
      logScale += Math.log(RESCALE_ABOVE);
    }
    if (!Number.isFinite(sum)) return { sum: Number.NaN, logScale };
  }
  return { sum: Number.NaN, logScale };
}

const RESCALE_ABOVE = 1e280;
/** Below this z = t/(α+T+t) the bracket is summed as c·(2F1 − 1) (`cTimesBracket`), where 1 + S lost ~1e-16/z. */
const SMALL_Z = 1e-3;

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
export function throwIfNotFinite(
  value: number,
  fn: string,
  p: BetaGeoParams,
  x: number,
  tx: number,
  T: number,
  t: number,
  row?: number,
  quantity: 'expected purchases' | 'P(alive)' = 'expected purchases',
): void {
  if (Number.isFinite(value)) return;
  const params = `(r, α, a, b) = (${p.r.toPrecision(6)}, ${p.alpha.toPrecision(6)}, ${p.a.toPrecision(6)}, ${p.b.toPrecision(6)})`;
  throw new CustomerValueError('not_converged', `${fn}: the BG/NBD ${quantity} could not be computed for a history`, [
    {
      function: fn,
      ...(row === undefined ? {} : { row }),
      expected: quantity === 'P(alive)' ? 'a finite P(alive)' : 'a finite expected number of purchases',
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
