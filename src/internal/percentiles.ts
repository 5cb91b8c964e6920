/** R's default quantile (type 7, numpy's default 'linear') of values sorted ascending; q in [0, 1]. Internal. */
export function quantileOfSorted(sorted: ArrayLike<number>, q: number): number {
  const h = (sorted.length - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

/** The name of a percentile column: 0.05 → 'p05', 0.5 → 'p50', 0.975 → 'p97.5'. Internal. */
export function percentileName(level: number): string {
  const percent = Math.round(level * 1e8) / 1e6;
  const [whole, fraction] = String(percent).split('.');
  return `p${whole.padStart(2, '0')}${fraction === undefined ? '' : `.${fraction}`}`;
}

/**
 * Type-7 quantiles of `values` at each of `levels` into `out`, bit-identical to sorting the values
 * and calling `quantileOfSorted` per level, but by selection of just the order statistics they need
 * (⌊(n − 1)·q⌋ and the next), nested: each selection narrows the range left for the next, by
 * Floyd–Rivest (a sample pins each rank's neighbourhood, then Hoare partitions). O(n · levels) at
 * worst in practice, against O(n log n) for the sort. `values` is permuted (its contents kept).
 * With a NaN among the values it sorts instead (NaN last, as `Float64Array.prototype.sort`).
 * Equal values (−0 and 0 included) are interchangeable: the formula gives the same number for
 * either. Internal.
 */
export function quantilesBySelection(values: Float64Array, levels: readonly number[], out: Float64Array): void {
  const n = values.length;
  for (let i = 0; i < n; i++) {
    if (values[i] !== values[i]) {
      values.sort();
      for (let l = 0; l < levels.length; l++) out[l] = quantileOfSorted(values, levels[l]);
      return;
    }
  }
  const ranks = orderStatisticsFor(n, levels);
  let left = 0;
  for (const k of ranks) {
    if (k === left) {
      // the smallest of what is left (the rank after one just selected): a scan
      let min = left;
      for (let i = left + 1; i < n; i++) if (values[i] < values[min]) min = i;
      const t = values[left];
      values[left] = values[min];
      values[min] = t;
    } else {
      floydRivest(values, k, left, n - 1);
    }
    left = k + 1;
  }
  for (let l = 0; l < levels.length; l++) out[l] = quantileOfSorted(values, levels[l]);
}

let lastRanks: { n: number; levels: readonly number[]; ranks: number[] } | null = null;

/** The distinct ranks ⌊(n − 1)·q⌋ and ⌊(n − 1)·q⌋ + 1 (within n) `quantileOfSorted` reads, ascending (the last call's kept). */
function orderStatisticsFor(n: number, levels: readonly number[]): number[] {
  if (lastRanks !== null && lastRanks.n === n && lastRanks.levels === levels) return lastRanks.ranks;
  const ranks = new Set<number>();
  for (const q of levels) {
    const lo = Math.floor((n - 1) * q);
    ranks.add(lo);
    ranks.add(Math.min(lo + 1, n - 1));
  }
  lastRanks = { n, levels, ranks: [...ranks].sort((a, b) => a - b) };
  return lastRanks.ranks;
}

/**
 * Floyd & Rivest's SELECT (CACM 18(3), 1975, Algorithm 489): rearrange a[left..right] so that a[k]
 * holds the value of rank k, everything before it ≤ and everything after it ≥. Above 600 values a
 * sample of ~n^(2/3) is first selected recursively to bracket the rank, so the partition that
 * follows mostly touches the bracket.
 */
function floydRivest(a: Float64Array, k: number, left: number, right: number): void {
  while (right > left) {
    if (right - left > 600) {
      const n = right - left + 1;
      const m = k - left + 1;
      const z = Math.log(n);
      const s = 0.5 * Math.exp((2 * z) / 3);
      const sd = 0.5 * Math.sqrt((z * s * (n - s)) / n) * (m - n / 2 < 0 ? -1 : 1);
      const newLeft = Math.max(left, Math.floor(k - (m * s) / n + sd));
      const newRight = Math.min(right, Math.floor(k + ((n - m) * s) / n + sd));
      floydRivest(a, k, newLeft, newRight);
    }
    const t = a[k];
    let i = left;
    let j = right;
    swap(a, left, k);
    if (a[right] > t) swap(a, left, right);
    while (i < j) {
      swap(a, i, j);
      i++;
      j--;
      while (a[i] < t) i++;
      while (a[j] > t) j--;
    }
    if (a[left] === t) swap(a, left, j);
    else {
      j++;
      swap(a, j, right);
    }
    if (j <= k) left = j + 1;
    if (k <= j) right = j - 1;
  }
}

function swap(a: Float64Array, i: number, j: number): void {
  const t = a[i];
  a[i] = a[j];
  a[j] = t;
}
