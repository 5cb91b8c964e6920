import type { Random } from './random.js';

/** Below this n·min(p, 1 − p) a binomial is drawn by geometric waiting times (≈ n·p + 1 uniforms). */
const WAITING_TIME_MEAN = 16;

/**
 * One Binomial(n, p) variate, exact: while n·min(p, 1 − p) is large, the beta splitting of Knuth
 * (TAOCP vol. 2, 3.4.1 F): the a-th smallest of n uniforms, a = ⌊n/2⌋ + 1, is X ~ Beta(a, n + 1 − a)
 * (from two gamma variates); if X < p the a smallest are successes and the rest are
 * Binomial(n − a, (p − X)/(1 − X)), else the successes are among the a − 1 below X,
 * Binomial(a − 1, p/X). Then geometric waiting times between successes (Devroye 1986, X.4.3).
 * O(log(n·p) + 16) random numbers. Internal.
 */
export function binomialDraw(random: Random, n: number, p: number): number {
  let successes = 0;
  let trials = n;
  let prob = p;
  while (trials > 0 && prob > 0 && prob < 1 && trials * Math.min(prob, 1 - prob) > WAITING_TIME_MEAN) {
    const a = Math.floor(trials / 2) + 1;
    const ga = random.gamma(a);
    const x = ga / (ga + random.gamma(trials + 1 - a));
    if (x < prob) {
      successes += a;
      trials -= a;
      prob = (prob - x) / (1 - x);
    } else {
      trials = a - 1;
      prob = prob / x;
    }
  }
  if (trials <= 0 || prob <= 0) return successes;
  if (prob >= 1) return successes + trials;
  // Waiting times: count successes of the rarer outcome, so the loop runs ≈ n·min(p, 1 − p) + 1 times.
  const flip = prob > 0.5;
  const q = flip ? 1 - prob : prob;
  const logFail = Math.log1p(-q);
  let k = 0;
  let position = 0;
  for (;;) {
    position += Math.floor(Math.log(1 - random.uniform()) / logFail) + 1;
    if (position > trials) break;
    k++;
  }
  return successes + (flip ? trials - k : k);
}

/**
 * Multinomial(n; w / Σw) counts into `out` by the binomial chain: category i gets
 * Binomial(n left, wᵢ / Σ_{j ≥ i} wⱼ), and the last category with weight > 0 all that is left, so
 * the counts always sum to n exactly. Weights ≥ 0 (e.g. the customers of each distinct history);
 * categories with weight 0 get 0. Internal: the bootstrap on the grouped histogram.
 */
export function multinomialCounts(random: Random, n: number, weights: ArrayLike<number>, out: Float64Array): Float64Array {
  const k = weights.length;
  // Suffix sums of the weights, so each conditional probability is a ratio of two sums (no drift).
  const tail = new Float64Array(k + 1);
  for (let i = k - 1; i >= 0; i--) tail[i] = tail[i + 1] + weights[i];
  let left = n;
  for (let i = 0; i < k; i++) {
    if (left === 0 || weights[i] <= 0) {
      out[i] = 0;
      continue;
    }
    const c = tail[i + 1] > 0 ? binomialDraw(random, left, weights[i] / tail[i]) : left;
    out[i] = c;
    left -= c;
  }
  return out;
}
