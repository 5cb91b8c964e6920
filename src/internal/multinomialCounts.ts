import type { Random } from './random.js';

/** At or below this n·min(p, 1 − p) a binomial is drawn by geometric waiting times (≈ n·p + 1 uniforms); above it by BTRS (Hörmann 1993 requires n·p ≥ 10). */
const WAITING_TIME_MEAN = 10;

/** fc(k) = ln k! − (k + ½)·ln(k + 1) + (k + 1) − ½·ln 2π for k = 0…9 (mpmath, 40 digits); the Stirling series above. */
const STIRLING_TAIL = [
  0.08106146679532726, 0.0413406959554093, 0.02767792568499834, 0.020790672103765093, 0.016644691189821193, 0.013876128823070748, 0.01189670994589177,
  0.010411265261972096, 0.009255462182712733, 0.00833056343336287,
];

/** The error of ln k! in Stirling's formula around k + 1 (fc above): the table below 10, the series 1/12z − 1/360z³ + 1/1260z⁵ − 1/1680z⁷ (z = k + 1; error < 4e-13) from 10. */
function stirlingTail(k: number): number {
  if (k < 10) return STIRLING_TAIL[k];
  const z = k + 1;
  const z2 = z * z;
  return (1 / 12 - (1 / 360 - (1 / 1260 - 1 / (1680 * z2)) / z2) / z2) / z;
}

/**
 * Binomial(n, p) for p ≤ ½ and n·p > 10 by BTRS, the transformed rejection with squeeze of
 * Hörmann (1993, "The generation of binomial random variates", J. Statist. Comput. Simul. 46):
 * k = ⌊(2a/u_s + b)·u + c⌋ from two uniforms, accepted at once inside the squeeze (u_s ≥ 0.07,
 * v ≤ v_r), else when ln(v·α/(a/u_s² + b)) ≤ ln f(k)/f(m), the log-ratio of the binomial
 * probabilities at k and at the mode m written with Stirling's formula and its tail fc (the
 * rounding-safe form of TensorFlow's and PyTorch's samplers). Exact rejection: the hat dominates
 * f for n·p ≥ 10; about 1.15 tries and 2.3 uniforms per variate, whatever n.
 */
function binomialBtrs(random: Random, n: number, p: number): number {
  const q = 1 - p;
  const spq = Math.sqrt(n * p * q);
  const b = 1.15 + 2.53 * spq;
  const a = -0.0873 + 0.0248 * b + 0.01 * p;
  const c = n * p + 0.5;
  const vr = 0.92 - 4.2 / b;
  const r = p / q;
  const alpha = (2.83 + 5.1 / b) * spq;
  const m = Math.floor((n + 1) * p);
  const atMode = (m + 0.5) * Math.log((m + 1) / (r * (n - m + 1))) + stirlingTail(m) + stirlingTail(n - m);
  for (;;) {
    const u = random.uniform() - 0.5;
    let v = random.uniform();
    const us = 0.5 - Math.abs(u);
    const k = Math.floor(((2 * a) / us + b) * u + c);
    if (k < 0 || k > n) continue;
    if (us >= 0.07 && v <= vr) return k;
    v = Math.log((v * alpha) / (a / (us * us) + b));
    const bound =
      atMode + (n + 1) * Math.log((n - m + 1) / (n - k + 1)) + (k + 0.5) * Math.log((r * (n - k + 1)) / (k + 1)) - stirlingTail(k) - stirlingTail(n - k);
    if (v <= bound) return k;
  }
}

/**
 * One Binomial(n, p) variate, exact, in O(1) expected time: when n·min(p, 1 − p) > 10 by BTRS
 * (Hörmann 1993, `binomialBtrs`) on the rarer outcome, else by geometric waiting times between
 * successes of the rarer outcome (Devroye 1986, X.4.3; ≈ n·min(p, 1 − p) + 1 uniforms). Internal.
 */
export function binomialDraw(random: Random, n: number, p: number): number {
  if (n <= 0 || p <= 0) return 0;
  if (p >= 1) return n;
  const flip = p > 0.5;
  const q = flip ? 1 - p : p;
  let k: number;
  if (n * q > WAITING_TIME_MEAN) k = binomialBtrs(random, n, q);
  else {
    const logFail = Math.log1p(-q);
    k = 0;
    let position = 0;
    for (;;) {
      position += Math.floor(Math.log(1 - random.uniform()) / logFail) + 1;
      if (position > n) break;
      k++;
    }
  }
  return flip ? n - k : k;
}

/**
 * Multinomial(n; w / Σw) counts into `out` by the binomial chain: category i gets
 * Binomial(n left, wᵢ / Σ_{j ≥ i} wⱼ), and the last category with weight > 0 all that is left, so
 * the counts always sum to n exactly. Weights ≥ 0 (e.g. the customers of each distinct history);
 * categories with weight 0 get 0. O(1) expected per category (`binomialDraw`). Internal: the
 * bootstrap on the grouped histogram.
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
