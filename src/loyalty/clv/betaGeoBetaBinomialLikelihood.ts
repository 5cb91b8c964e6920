import { canonicalGroups } from '../../internal/canonicalGroups.js';
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
  const dense = denseDiscreteGroups(x, tx, n, count, skip);
  if (dense !== null) return dense;
  // the shared numeric grouping (no string key per row): sorted by (n, t_x, x), counts summed exactly
  const grouped = canonicalGroups([n, tx, x], x.length, skip, count);
  const [gn, gtx, gx] = grouped.columns;
  return { n: gn, tx: gtx, x: gx, weight: grouped.weights };
}

/** Most cells of the dense (n, t_x, x) table `denseDiscreteGroups` counts in. */
const MAX_DENSE_CELLS = 1 << 22;

/**
 * The groups by counting into a dense table indexed by (n, t_x, x) (the histories are whole
 * numbers of opportunities, checked before): one pass over the rows, no sort; the table read in
 * index order gives the canonical order. Each cell's customers are added in input order, as
 * `canonicalGroups` adds them (whole numbers: exact either way). Null when the table would be
 * larger than `MAX_DENSE_CELLS`.
 */
function denseDiscreteGroups(
  x: ArrayLike<number>,
  tx: ArrayLike<number>,
  n: ArrayLike<number>,
  count: ArrayLike<number> | null,
  skip: Uint8Array | null,
): DiscreteHistoryGroups | null {
  let maxN = 0;
  for (let i = 0; i < n.length; i++) if ((skip === null || skip[i] === 0) && n[i] > maxN) maxN = n[i];
  // 0 ≤ x ≤ t_x ≤ n: (n + 1)² cells per n bound all three
  const side = maxN + 1;
  if (side * side * side > MAX_DENSE_CELLS) return null;
  const cells = new Float64Array(side * side * side);
  for (let i = 0; i < x.length; i++) {
    if (skip !== null && skip[i] === 1) continue;
    cells[(n[i] * side + tx[i]) * side + x[i]] += count === null ? 1 : count[i];
  }
  let groups = 0;
  for (let c = 0; c < cells.length; c++) if (cells[c] !== 0) groups++;
  const out = { n: new Float64Array(groups), tx: new Float64Array(groups), x: new Float64Array(groups), weight: new Float64Array(groups) };
  let g = 0;
  for (let c = 0; c < cells.length; c++) {
    if (cells[c] === 0) continue;
    out.n[g] = Math.floor(c / (side * side));
    out.tx[g] = Math.floor(c / side) % side;
    out.x[g] = c % side;
    out.weight[g++] = cells[c];
  }
  return out;
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
  ratios: { purchase: BetaRatios; dropout: BetaRatios } | null = null,
): number {
  const [alpha, beta, gamma, delta] = p;
  const purchase = ratios?.purchase ?? new BetaRatios(alpha, beta, -1);
  const dropout = ratios?.dropout ?? new BetaRatios(gamma, delta, -1);
  const terms = n - tx + 1;
  const logs = scratch.subarray(0, terms);
  // term 0: alive through n; term 1 + i: dropped out at the start of opportunity t_x + i + 1
  for (let k = 0; k < terms; k++) {
    logs[k] = k === 0 ? purchase.value(x, n - x) + dropout.value(0, n) : purchase.value(x, tx - x + k - 1) + dropout.value(1, tx + k - 1);
  }
  let top = -Infinity;
  for (const l of logs) top = Math.max(top, l);
  let sum = 0;
  for (const l of logs) sum += Math.exp(l - top);
  const value = top + Math.log(sum);
  if (gradient === null) return value;
  let d: Float64Array;
  let e: Float64Array;
  const g = new Float64Array(4);
  const G = new Float64Array(4);
  const H = new Float64Array(16);
  for (let k = 0; k < terms; k++) {
    const w = Math.exp(logs[k] - value);
    if (k === 0) {
      d = purchase.derivatives(x, n - x, hessian !== null);
      e = dropout.derivatives(0, n, hessian !== null);
    } else {
      d = purchase.derivatives(x, tx - x + k - 1, hessian !== null);
      e = dropout.derivatives(1, tx + k - 1, hessian !== null);
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

/** ℓ summed over the groups, with ∂ℓ/∂(ln α, ln β, ln γ, ln δ) and the Hessian over them when asked (no Hessian without the gradient). */
export function betaGeoBetaBinomialLogLikelihood(
  p: readonly number[],
  data: DiscreteHistoryGroups,
  gradient: Float64Array | null,
  hessian: Float64Array | null,
): number {
  if (gradient !== null) gradient.fill(0, 0, 4);
  if (hessian !== null) hessian.fill(0, 0, 16);
  if (gradient === null) hessian = null;
  let longest = 0;
  for (let g = 0; g < data.n.length; g++) longest = Math.max(longest, data.n[g] - data.tx[g] + 1);
  const scratch = new Float64Array(longest);
  // every ratio's arguments are whole numbers ≤ the longest n: each is computed once per evaluation,
  // when there are enough groups to amortize the side² table (a covariate pattern with a handful of
  // groups, as a continuous covariate gives, computes its few ratios where asked: the same numbers)
  let side = 0;
  for (let g = 0; g < data.n.length; g++) side = Math.max(side, data.n[g] + 1);
  if (data.n.length < side) side = 0;
  const ratios = { purchase: new BetaRatios(p[0], p[1], side), dropout: new BetaRatios(p[2], p[3], side) };
  let value = 0;
  for (let g = 0; g < data.n.length; g++)
    value += data.weight[g] * betaGeoBetaBinomialLogTerm(p, data.x[g], data.tx[g], data.n[g], data.weight[g], gradient, hessian, scratch, ratios);
  return value;
}

/** Largest side of the (i, j) table `BetaRatios` keeps (beyond, every ratio is computed where asked). */
const MAX_MEMO_SIDE = 128;

/**
 * `logBetaRatio(a, b, i, j)` and its derivatives for whole i, j < `side`, each computed on first
 * use and kept (a BG/BB likelihood asks for the same few hundred ratios thousands of times): the
 * same numbers as calling `logBetaRatio` / `logBetaRatioDerivatives` each time. With `side` ≤ 0
 * or above `MAX_MEMO_SIDE`, nothing is kept.
 */
export class BetaRatios {
  private readonly side: number;
  private readonly values: Float64Array;
  private readonly first: Float64Array;
  private readonly second: Float64Array;
  private readonly scratch = new Float64Array(5);

  constructor(
    private readonly a: number,
    private readonly b: number,
    side: number,
  ) {
    this.side = side > 0 && side <= MAX_MEMO_SIDE ? side : 0;
    const cells = this.side * this.side;
    this.values = new Float64Array(cells).fill(Number.NaN);
    // derivatives: 5 per cell; a cell's slot 0 NaN = not yet computed (first: ∂a ∂b; second: all five)
    this.first = new Float64Array(5 * cells).fill(Number.NaN);
    this.second = new Float64Array(5 * cells).fill(Number.NaN);
  }

  value(i: number, j: number): number {
    if (i >= this.side || j >= this.side) return logBetaRatio(this.a, this.b, i, j);
    const c = i * this.side + j;
    let v = this.values[c];
    if (v !== v) v = this.values[c] = logBetaRatio(this.a, this.b, i, j);
    return v;
  }

  /** [∂a, ∂b] and, with `second`, [∂aa, ∂ab, ∂bb] at 2–4: a view valid until the next call. */
  derivatives(i: number, j: number, second: boolean): Float64Array {
    if (i >= this.side || j >= this.side) {
      logBetaRatioDerivatives(this.a, this.b, i, j, this.scratch, second);
      return this.scratch;
    }
    const table = second ? this.second : this.first;
    const at = 5 * (i * this.side + j);
    const view = table.subarray(at, at + 5);
    if (view[0] !== view[0]) logBetaRatioDerivatives(this.a, this.b, i, j, view, second);
    return view;
  }
}
