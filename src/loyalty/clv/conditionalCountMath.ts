import { CustomerValueError } from '../../errors.js';
import { groupRows, type GroupedRows } from '../../internal/groupRows.js';
import { logBetaRatio } from '../../internal/logBetaRatio.js';
import type { MissingValues } from '../../io/missingValues.js';
import type { TableInput } from '../../io/tableInput.js';
import { checkPredictionTime } from './predictPerHistory.js';
import { repeatBuyingOf, wholeOpportunities } from './repeatBuyingOf.js';
import { readRepeatBuyingHistories, type RepeatBuyingHistories } from './repeatBuyingHistories.js';
import { logGamma } from '../../internal/specialFunctions.js';
import { probabilityAliveOf, purchaseProbabilityOf } from './betaGeoMath.js';
import type { BetaGeoParams } from './betaGeoSpec.js';
import { betaGeoBetaBinomialAlive, betaGeoBetaBinomialLogLikelihoodOf } from './betaGeoBetaBinomialMath.js';
import type { BetaGeoBetaBinomialModel } from './fitBetaGeoBetaBinomial.js';
import type { BetaGeoModel } from './fitBetaGeo.js';
import type { ModifiedBetaGeoModel } from './fitModifiedBetaGeo.js';
import type { ParetoNbdModel } from './fitParetoNbd.js';
import { modifiedBetaGeoAlive } from './modifiedBetaGeoMath.js';
import { GAUSS_WEIGHTS, KRONROD_NODES, KRONROD_WEIGHTS, paretoNbdAlive, paretoNbdPurchaseProbabilityOf } from './paretoNbdMath.js';

// The distribution of a customer's future count given their history, X = purchases in
// (T, T + t] | x, t_x, T (process uncertainty at fixed parameters). For every kind the same
// decomposition holds: a customer who has dropped out buys nothing, and a customer alive at T is,
// by the memorylessness of the purchase and dropout processes, a new customer whose mixing
// distributions are the posteriors given "alive at T":
//   P(X = n | x, t_x, T) = δ(n=0)·(1 − P(alive)) + P(alive)·P_new(X(t) = n | updated parameters),
// with the updated parameters
//   BG/NBD      (r+x, α+T, a, b+x)      (Fader, Hardie & Lee 2007 note, "Deriving the conditional PMF of the BG/NBD model")
//   MBG/NBD     (r+x, α+T, a, b+x+1)    (the BG/NBD future of a live customer: no drop at a new purchase-free start)
//   Pareto/NBD  (r+x, α+T, s, β+T)      (Fader & Hardie 2006 note, "Deriving the conditional PMF of the Pareto/NBD model")
//   BG/BB       p ~ Beta(α+x, β+n−x), θ ~ Beta(γ, δ+n+1), alive at n + 1 (Fader, Hardie & Shang 2010, §4)
// Internal: not exported from the package.

/** A fitted model whose conditional count distribution is computed here. */
export type CountModel = BetaGeoModel | ParetoNbdModel | ModifiedBetaGeoModel | BetaGeoBetaBinomialModel;

/** Past this many terms a count distribution is declared not computable (a horizon t ≫ α + T with a heavy buyer). */
export const MAX_COUNT_TERMS = 5_000_000;

/** Mass left beyond the last term of a count distribution: below this, the tail is dropped. */
const TAIL = 1e-18;

/** What the count distribution of one history is: P(alive) and the alive part's PMF in `pmf[0 … length−1]`. */
export interface CountDistribution {
  /** P(alive at T | history) (for BG/BB: alive at opportunity n + 1). */
  alive: number;
  /** P_new(X(t) = n | updated parameters), n = 0 … length − 1; the mass beyond is below 1e-18. A view into a reused buffer. */
  pmf: Float64Array;
}

/** Count distributions and single probabilities of one model, with buffers reused across histories. */
export interface CountDistributions {
  /** The distribution for history (x, t_x, T) over a horizon t, or null when it has more than `MAX_COUNT_TERMS` terms or a quadrature failed. */
  distribution(x: number, tx: number, T: number, t: number): CountDistribution | null;
  /** P(X = n | x, t_x, T) over a horizon t by the kind's closed form (NaN when it does not converge). */
  probability(x: number, tx: number, T: number, n: number, t: number): number;
}

/** A growable Float64Array reused across histories. */
class Scratch {
  private data = new Float64Array(256);
  /** At least `size` values, the current ones kept. */
  get(size: number): Float64Array {
    if (this.data.length < size) {
      const grown = new Float64Array(Math.max(size, 2 * this.data.length));
      grown.set(this.data);
      this.data = grown;
    }
    return this.data;
  }
}

/**
 * ln NB(n; r, q) = lnΓ(r+n) − lnΓ(r) − ln n! + r·ln(1−q) + n·ln q for n = 0 … N into `out`
 * (recursively), N the first n past the mode whose tail bound NB(n)·ρ/(1−ρ) is below 1e-18 (ρ the
 * ratio of successive terms, which is at most q when r < 1 and decreasing when r ≥ 1). Returns
 * N + 1, or −1 past `MAX_COUNT_TERMS`.
 */
function negativeBinomialLogs(r: number, logQ: number, log1mQ: number, buffer: Scratch): number {
  let out = buffer.get(64);
  out[0] = r * log1mQ;
  if (logQ === -Infinity) return 1;
  const q = Math.exp(logQ);
  const logTail = Math.log(TAIL);
  for (let n = 0; ; n++) {
    const rho = (q * (r + n)) / (n + 1);
    const bound = r < 1 ? q : rho;
    if (bound < 1 && out[n] + Math.log(bound / (1 - bound)) < logTail) return n + 1;
    if (n + 1 >= MAX_COUNT_TERMS) return -1;
    if (out.length <= n + 1) out = buffer.get(n + 2);
    out[n + 1] = out[n] + Math.log((r + n) / (n + 1)) + logQ;
  }
}

/**
 * BG/NBD PMF of a new customer with parameters (r, α, a, b) over t, for n = 0 … N−1 (Fader,
 * Hardie & Lee 2005, eq. 8) with every term positive:
 *   P(0) = NB(0),  P(n) = R(n)·NB(n) + R(n−1)·a/(a+b+n−1)·S(n),
 * R(n) = B(a, b+n)/B(a, b) = Π_{k<n} (b+k)/(a+b+k), NB the negative binomial in q = t/(α+t) and
 * S(n) = Σ_{j≥n} NB(j) its upper tail summed from the top (no 1 − Σ cancellation).
 */
function betaGeoNewPmf(r: number, alpha: number, a: number, b: number, t: number, logs: Scratch, out: Scratch): Float64Array | null {
  const N = negativeBinomialLogs(r, Math.log(t) - Math.log(alpha + t), Math.log(alpha) - Math.log(alpha + t), logs);
  if (N < 0) return null;
  const nb = logs.get(N);
  const pmf = out.get(N).subarray(0, N);
  for (let n = 0; n < N; n++) nb[n] = Math.exp(nb[n]);
  // pmf[n] first holds S(n), then the probability
  let tail = 0;
  for (let n = N - 1; n >= 0; n--) pmf[n] = tail += nb[n];
  let R = 1;
  pmf[0] = nb[0];
  for (let n = 1; n < N; n++) {
    const step = a / (a + b + n - 1);
    const second = R * step * pmf[n];
    R *= (b + n - 1) / (a + b + n - 1);
    pmf[n] = R * nb[n] + second;
  }
  return pmf;
}

/**
 * Pareto/NBD PMF of a new customer with parameters (r, α, s, β) over t, n = 0 … N−1: alive
 * through t, NB(n; r, t/(α+t))·(β/(β+t))^s, plus dead at τ ∈ (0, t),
 * ∫ s·β^s·(β+τ)^−(s+1)·NB(n; r, τ/(α+τ)) dτ, the integral over v = ln(β+τ) (the dropout weight
 * becomes s·β^s·e^(−s·v)) for every n at once by adaptive Gauss–Kronrod (`integratePmf`) (Fader & Hardie 2006 note, eq. 20 before its 2F1 terms).
 */
function paretoNewPmf(
  r: number,
  alpha: number,
  s: number,
  beta: number,
  t: number,
  logs: Scratch,
  out: Scratch,
  coefficients: Scratch,
  extra: Scratch,
): Float64Array | null {
  const N = negativeBinomialLogs(r, Math.log(t) - Math.log(alpha + t), Math.log(alpha) - Math.log(alpha + t), logs);
  if (N < 0) return null;
  // c[n] = lnΓ(r+n) − lnΓ(r) − ln n!, and k[n] = (r+n)/(n+1), the ratio NB(n+1)/NB(n) over q
  const both = coefficients.get(2 * N);
  const c = both.subarray(0, N);
  const k = both.subarray(N, 2 * N);
  c[0] = 0;
  for (let n = 0; n < N; n++) {
    k[n] = (r + n) / (n + 1);
    if (n > 0) c[n] = c[n - 1] + Math.log(k[n - 1]);
  }
  const lnWeight = Math.log(s) + s * Math.log(beta);
  const dead = integratePmf(
    (v, values) => {
      const tau = Math.exp(v) - beta;
      const base = lnWeight - s * v + r * (Math.log(alpha) - Math.log(alpha + Math.max(tau, 0)));
      if (!(tau > 0)) {
        values.fill(0);
        values[0] = Math.exp(base);
        return;
      }
      // one exp at the mode m, then ratios outwards (each direction decreasing, so an underflow to 0 is final)
      const q = tau / (alpha + tau);
      const m = Math.min(N - 1, r > 1 ? Math.floor(((r - 1) * q) / (1 - q)) : 0);
      values[m] = Math.exp(base + c[m] + m * Math.log(q));
      for (let n = m; n < N - 1; n++) values[n + 1] = values[n] * k[n] * q;
      for (let n = m; n > 0; n--) values[n - 1] = values[n] / (k[n - 1] * q);
    },
    Math.log(beta),
    Math.log(beta + t),
    N,
    extra,
  );
  if (dead === null) return null;
  const survive = s * (Math.log(beta) - Math.log(beta + t));
  const nb = logs.get(N);
  const pmf = out.get(N).subarray(0, N);
  for (let n = 0; n < N; n++) pmf[n] = Math.exp(nb[n] + survive) + dead[n];
  return pmf;
}

/**
 * BG/BB PMF of the transactions in the next n* opportunities of a customer alive at n + 1, with
 * p ~ Beta(α', β') and θ ~ Beta(γ, δ'): active for K opportunities (K = n* with probability
 * E[(1−θ)^(n*−1)], K < n* with E[θ(1−θ)^(K−1)]) and transacting Binomial(K, p) in them, so
 *   P(m) = Σ_K w_K · C(K, m)·B(α'+m, β'+K−m)/B(α', β'),  m = 0 … n*.
 */
function betaGeoBetaBinomialAlivePmf(alpha: number, beta: number, gamma: number, delta: number, nStar: number, out: Scratch): Float64Array {
  const pmf = out.get(nStar + 1).subarray(0, nStar + 1);
  pmf.fill(0);
  if (nStar === 0) {
    pmf[0] = 1;
    return pmf;
  }
  const logFactorial = (k: number) => logGamma(k + 1);
  for (let K = 1; K <= nStar; K++) {
    const logW = K === nStar ? logBetaRatio(gamma, delta, 0, nStar - 1) : logBetaRatio(gamma, delta, 1, K - 1);
    const lfK = logFactorial(K);
    for (let m = 0; m <= K; m++) pmf[m] += Math.exp(logW + lfK - logFactorial(m) - logFactorial(K - m) + logBetaRatio(alpha, beta, m, K - m));
  }
  return pmf;
}

/** The conditional count distributions of `model` (internal; the model is already checked). */
export function countDistributions(model: CountModel): CountDistributions {
  const logs = new Scratch();
  const out = new Scratch();
  const extra = new Scratch();
  const scratch = new Scratch();
  switch (model.kind) {
    case 'betaGeo':
    case 'modifiedBetaGeo': {
      const p = model.params;
      const shift = model.kind === 'betaGeo' ? 0 : 1;
      const alive = (x: number, tx: number, T: number) =>
        model.kind === 'betaGeo' ? probabilityAliveOf(p, x, tx, T) : modifiedBetaGeoAlive(model.params, x, tx, T);
      const updated = (x: number, T: number): BetaGeoParams => ({ r: p.r + x, alpha: p.alpha + T, a: p.a, b: p.b + x + shift });
      return {
        distribution: (x, tx, T, t) => {
          const u = updated(x, T);
          const pmf = t > 0 ? betaGeoNewPmf(u.r, u.alpha, u.a, u.b, t, logs, out) : unit(out);
          return pmf === null ? null : { alive: alive(x, tx, T), pmf };
        },
        probability: (x, tx, T, n, t) => combine(n, alive(x, tx, T), purchaseProbabilityOf(updated(x, T), n, t)),
      };
    }
    case 'paretoNbd': {
      const { r, alpha, s, beta } = model.params;
      const alive = (x: number, tx: number, T: number) => paretoNbdAlive(r, alpha, s, beta, x, tx, T);
      return {
        distribution: (x, tx, T, t) => {
          const pmf = t > 0 ? paretoNewPmf(r + x, alpha + T, s, beta + T, t, logs, out, extra, scratch) : unit(out);
          const a = alive(x, tx, T);
          return pmf === null || !Number.isFinite(a) ? null : { alive: a, pmf };
        },
        probability: (x, tx, T, n, t) => {
          const ifAlive =
            t === 0
              ? n === 0
                ? 1
                : 0
              : paretoNbdPurchaseProbabilityOf(r + x, alpha + T, s, beta + T, n, t, logGamma(r + x + n) - logGamma(r + x) - logGamma(n + 1));
          return combine(n, alive(x, tx, T), ifAlive);
        },
      };
    }
    case 'betaGeoBetaBinomial': {
      const p = model.params;
      const alive = (x: number, tx: number, n: number) =>
        betaGeoBetaBinomialAlive(p, x, n, betaGeoBetaBinomialLogLikelihoodOf(p, x, tx, n, extra.get(n - tx + 1)));
      const pmfOf = (x: number, n: number, nStar: number) => betaGeoBetaBinomialAlivePmf(p.alpha + x, p.beta + n - x, p.gamma, p.delta + n + 1, nStar, out);
      return {
        distribution: (x, tx, n, nStar) => ({ alive: alive(x, tx, n), pmf: pmfOf(x, n, nStar) }),
        probability: (x, tx, n, m, nStar) => {
          const a = alive(x, tx, n);
          return combine(m, a, m > nStar ? 0 : pmfOf(x, n, nStar)[m]);
        },
      };
    }
  }
}

function unit(out: Scratch): Float64Array {
  const pmf = out.get(1).subarray(0, 1);
  pmf[0] = 1;
  return pmf;
}

/** δ(n=0)·(1 − alive) + alive·ifAlive, clamped to [0, 1]. */
function combine(n: number, alive: number, ifAlive: number): number {
  const value = (n === 0 ? 1 - alive : 0) + alive * ifAlive;
  return Number.isFinite(value) ? Math.min(1, Math.max(0, value)) : Number.NaN;
}

/**
 * ∫_a^b of the k components `f(v, values)` writes, by adaptive Gauss–Kronrod 7–15 on 16 equal
 * pieces then bisection: a piece is accepted when the sum over components of |Kronrod − Gauss|
 * is at most 1e-14·(its width)/(b − a) + 1e-12·(its mass) — an estimated error below 1e-14 +
 * 1e-12 of the whole PMF, whose components are probabilities summing to at most 1 (the relative
 * part keeps rounding noise in a narrow, heavy piece from forcing endless bisection). The
 * Kronrod − Gauss estimate is pessimistic: the PMFs agree with the peer integration to 4e-14.
 * Null past 20,000 pieces. The result is a
 * view of `buffer` (its first 4k values are the workspace).
 */
function integratePmf(f: (v: number, values: Float64Array) => void, a: number, b: number, k: number, buffer: Scratch): Float64Array | null {
  const work = buffer.get(5 * k);
  const values = work.subarray(0, k);
  const kronrod = work.subarray(k, 2 * k);
  const gauss = work.subarray(2 * k, 3 * k);
  const total = work.subarray(4 * k, 5 * k);
  total.fill(0);
  const stack: number[] = [];
  const width = (b - a) / 16;
  for (let p = 15; p >= 0; p--) stack.push(a + p * width, p === 15 ? b : a + (p + 1) * width);
  let pieces = 0;
  while (stack.length > 0) {
    const hi = stack.pop()!;
    const lo = stack.pop()!;
    const half = (hi - lo) / 2;
    const mid = lo + half;
    f(mid, values);
    for (let c = 0; c < k; c++) {
      kronrod[c] = values[c] * KRONROD_WEIGHTS[7];
      gauss[c] = values[c] * GAUSS_WEIGHTS[3];
    }
    for (let i = 0; i < 7; i++) {
      const dx = half * KRONROD_NODES[i];
      for (const v of [mid - dx, mid + dx]) {
        f(v, values);
        const g = i % 2 === 1 ? GAUSS_WEIGHTS[(i - 1) / 2] : 0;
        for (let c = 0; c < k; c++) {
          kronrod[c] += KRONROD_WEIGHTS[i] * values[c];
          gauss[c] += g * values[c];
        }
      }
    }
    let error = 0;
    let mass = 0;
    for (let c = 0; c < k; c++) {
      error += Math.abs(kronrod[c] - gauss[c]) * half;
      mass += Math.abs(kronrod[c]) * half;
    }
    if (error <= (1e-14 * (hi - lo)) / (b - a) + 1e-12 * mass || hi - lo < 1e-12 * (b - a)) {
      for (let c = 0; c < k; c++) total[c] += kronrod[c] * half;
    } else {
      if (++pieces > 20_000) return null;
      stack.push(mid, hi, lo, mid);
    }
  }
  return total;
}

/** The distinct histories of a call, read and checked once, with the model's count distributions. */
export interface CountHistories {
  readonly horizon: number;
  readonly read: RepeatBuyingHistories;
  readonly grouped: GroupedRows;
  readonly distributions: CountDistributions;
  /** The history of group g for messages: "(x, t_x, T) = (…)" or, for BG/BB, "(x, t_x, n) = (…)". */
  readonly describe: (g: number) => string;
}

/**
 * Check the model (a repeat-buying kind, BG/BB included) and the horizon (a time ≥ 0; whole for
 * BG/BB), read the customers with the model's columns (`count` overriding `spec.columns.count`
 * when given, `false`: no count column read) and group the distinct histories. Internal.
 */
export function readCountHistories(
  model: unknown,
  customers: TableInput,
  fn: string,
  t: unknown,
  missing: MissingValues | undefined,
  count: string | undefined | false,
): CountHistories {
  const buying = repeatBuyingOf(model, fn, true);
  const horizon = checkPredictionTime(fn, t);
  if (buying.opportunities) wholeOpportunities(horizon, fn, { path: 't' }, 'the horizon');
  const m = buying.model;
  const columns = { ...m.spec.columns, ...(count === undefined ? {} : { count: count === false ? undefined : count }) };
  const counts = columns.count !== undefined;
  const read = readRepeatBuyingHistories(buying, customers, fn, columns, missing ?? m.spec.missing, counts);
  const grouped = groupRows([read.x, read.tx, read.T], read.rowCount, read.skip);
  const [gx, gtx, gT] = grouped.columns;
  const names = buying.opportunities ? '(x, t_x, n)' : '(x, t_x, T)';
  return { horizon, read, grouped, distributions: countDistributions(m), describe: (g) => `${names} = (${gx[g]}, ${gtx[g]}, ${gT[g]})` };
}

/** `not_converged` for the count distribution of one history, naming the function, the history, the horizon and its first row. Internal. */
export function countNotConverged(fn: string, histories: CountHistories, g: number): never {
  throw new CustomerValueError('not_converged', `${fn}: the distribution of the future count could not be computed for a history`, [
    {
      function: fn,
      row: histories.grouped.groupOf.indexOf(g),
      expected: 'a finite probability distribution of the count',
      received: `no converged value for history ${histories.describe(g)} over t = ${histories.horizon}`,
      hint: `more than ${MAX_COUNT_TERMS} terms or a quadrature that did not converge: a horizon far beyond the observation period with a heavy buyer; shorten t`,
    },
  ]);
}
