import { logBetaRatio, logBetaRatioDerivatives } from '../../internal/logBetaRatio.js';

/** Distinct histories (x, t_x, n) in canonical (sorted) order with the customers sharing each. */
export interface DiscreteHistoryGroups {
  readonly x: Float64Array;
  readonly tx: Float64Array;
  readonly n: Float64Array;
  readonly weight: Float64Array;
}

/** Group rows by (x, t_x, n), sorted, so rows in any order and a grouped table give the same sums. */
export function groupDiscreteHistories(
  x: ArrayLike<number>,
  tx: ArrayLike<number>,
  n: ArrayLike<number>,
  count: ArrayLike<number> | null,
  skip: Uint8Array | null,
): DiscreteHistoryGroups {
  const weights = new Map<string, number>();
  for (let i = 0; i < x.length; i++) {
    if (skip !== null && skip[i] === 1) continue;
    const key = `${n[i]} ${tx[i]} ${x[i]}`;
    weights.set(key, (weights.get(key) ?? 0) + (count === null ? 1 : count[i]));
  }
  const keys = [...weights.keys()].map((k) => k.split(' ').map(Number));
  keys.sort((a, b) => a[0] - b[0] || a[1] - b[1] || a[2] - b[2]);
  return {
    n: Float64Array.from(keys, (k) => k[0]),
    tx: Float64Array.from(keys, (k) => k[1]),
    x: Float64Array.from(keys, (k) => k[2]),
    weight: Float64Array.from(keys, (k) => weights.get(`${k[0]} ${k[1]} ${k[2]}`)!),
  };
}

/**
 * ln of the BG/BB likelihood of one history (Fader, Hardie & Shang 2010, eq. 5):
 *   L = B(α+x, β+n−x)/B(α,β) · B(γ, δ+n)/B(γ,δ) + Σ_{i=0}^{n−t_x−1} B(α+x, β+t_x−x+i)/B(α,β) · B(γ+1, δ+t_x+i)/B(γ,δ),
 * every term a product of two beta-function ratios taken in log space and summed by log-sum-exp
 * (no term underflows for long histories). With `gradient` (4) and `hessian` (16, row-major),
 * their derivatives over (ln α, ln β, ln γ, ln δ) are added, times `weight`.
 */
export function betaGeoBetaBinomialLogTerm(
  p: readonly number[],
  x: number,
  tx: number,
  n: number,
  weight: number,
  gradient: Float64Array | null,
  hessian: Float64Array | null,
  scratch: Float64Array,
): number {
  const [alpha, beta, gamma, delta] = p;
  const terms = n - tx + 1;
  const logs = scratch.subarray(0, terms);
  // term 0: alive through n; term 1 + i: dropped out at the start of opportunity t_x + i + 1
  for (let k = 0; k < terms; k++) {
    logs[k] =
      k === 0
        ? logBetaRatio(alpha, beta, x, n - x) + logBetaRatio(gamma, delta, 0, n)
        : logBetaRatio(alpha, beta, x, tx - x + k - 1) + logBetaRatio(gamma, delta, 1, tx + k - 1);
  }
  let top = -Infinity;
  for (const l of logs) top = Math.max(top, l);
  let sum = 0;
  for (const l of logs) sum += Math.exp(l - top);
  const value = top + Math.log(sum);
  if (gradient === null) return value;
  const d = new Float64Array(5);
  const e = new Float64Array(5);
  const g = new Float64Array(4);
  const G = new Float64Array(4);
  const H = new Float64Array(16);
  for (let k = 0; k < terms; k++) {
    const w = Math.exp(logs[k] - value);
    if (k === 0) {
      logBetaRatioDerivatives(alpha, beta, x, n - x, d, hessian !== null);
      logBetaRatioDerivatives(gamma, delta, 0, n, e, hessian !== null);
    } else {
      logBetaRatioDerivatives(alpha, beta, x, tx - x + k - 1, d, hessian !== null);
      logBetaRatioDerivatives(gamma, delta, 1, tx + k - 1, e, hessian !== null);
    }
    g[0] = alpha * d[0];
    g[1] = beta * d[1];
    g[2] = gamma * e[0];
    g[3] = delta * e[1];
    for (let i = 0; i < 4; i++) G[i] += w * g[i];
    if (hessian === null) continue;
    // the term's own Hessian over log-parameters: two 2 × 2 blocks
    H[0] += w * (alpha * alpha * d[2] + alpha * d[0]);
    H[1] += w * alpha * beta * d[3];
    H[5] += w * (beta * beta * d[4] + beta * d[1]);
    H[10] += w * (gamma * gamma * e[2] + gamma * e[0]);
    H[11] += w * gamma * delta * e[3];
    H[15] += w * (delta * delta * e[4] + delta * e[1]);
    for (let i = 0; i < 4; i++) for (let j = i; j < 4; j++) H[4 * i + j] += w * g[i] * g[j];
  }
  for (let i = 0; i < 4; i++) gradient[i] += weight * G[i];
  if (hessian !== null)
    for (let i = 0; i < 4; i++)
      for (let j = i; j < 4; j++) {
        const h = weight * (H[4 * i + j] - G[i] * G[j]);
        hessian[4 * i + j] += h;
        if (j !== i) hessian[4 * j + i] += h;
      }
  return value;
}

/** ℓ summed over the groups, with ∂ℓ/∂(ln α, ln β, ln γ, ln δ) and the Hessian over them when asked. */
export function betaGeoBetaBinomialLogLikelihood(
  p: readonly number[],
  data: DiscreteHistoryGroups,
  gradient: Float64Array,
  hessian: Float64Array | null,
): number {
  gradient.fill(0, 0, 4);
  if (hessian !== null) hessian.fill(0, 0, 16);
  let longest = 0;
  for (let g = 0; g < data.n.length; g++) longest = Math.max(longest, data.n[g] - data.tx[g] + 1);
  const scratch = new Float64Array(longest);
  let value = 0;
  for (let g = 0; g < data.n.length; g++)
    value += data.weight[g] * betaGeoBetaBinomialLogTerm(p, data.x[g], data.tx[g], data.n[g], data.weight[g], gradient, hessian, scratch);
  return value;
}
