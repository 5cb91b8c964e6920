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
 * and calling `quantileOfSorted` per level, but by selecting just the order statistics they read
 * (⌊(n − 1)·q⌋ and the next), all at once (`multiSelect`): about 2.5× faster than the sort at
 * 1,000 values and three levels. `values` is permuted (its contents kept). With a NaN among the
 * values it sorts instead (NaN last, as `Float64Array.prototype.sort`). Equal values (−0 and 0
 * included) are interchangeable: the formula gives the same number for either. Internal.
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
  multiSelect(values, 0, n - 1, ranks, 0, ranks.length);
  for (let l = 0; l < levels.length; l++) out[l] = quantileOfSorted(values, levels[l]);
}

let lastRanks: { n: number; levels: readonly number[]; ranks: Int32Array } | null = null;

/** The distinct ranks ⌊(n − 1)·q⌋ and ⌊(n − 1)·q⌋ + 1 (within n) `quantileOfSorted` reads, ascending (the last call's kept). */
function orderStatisticsFor(n: number, levels: readonly number[]): Int32Array {
  if (lastRanks !== null && lastRanks.n === n && lastRanks.levels === levels) return lastRanks.ranks;
  const ranks = new Set<number>();
  for (const q of levels) {
    const lo = Math.floor((n - 1) * q);
    ranks.add(lo);
    ranks.add(Math.min(lo + 1, n - 1));
  }
  lastRanks = { n, levels, ranks: Int32Array.from([...ranks].sort((a, b) => a - b)) };
  return lastRanks.ranks;
}

/**
 * Rearrange a[lo..hi] so that each of ranks[rlo..rhi) (ascending, within lo..hi) holds the value
 * of that rank, by quickselect on all of them at once: a Hoare partition around the median of
 * three, then only the sides holding ranks (the smaller side recursively, the other in the
 * loop); below 16 values, an insertion sort. Each partition keeps a[lo..j] ≤ pivot ≤ a[j+1..hi].
 */
function multiSelect(a: Float64Array, lo: number, hi: number, ranks: Int32Array, rlo: number, rhi: number): void {
  for (;;) {
    if (rlo >= rhi) return;
    if (hi - lo < 16) {
      for (let i = lo + 1; i <= hi; i++) {
        const v = a[i];
        let j = i - 1;
        while (j >= lo && a[j] > v) {
          a[j + 1] = a[j];
          j--;
        }
        a[j + 1] = v;
      }
      return;
    }
    const x = a[lo];
    const y = a[(lo + hi) >>> 1];
    const z = a[hi];
    const pivot = x < y ? (y < z ? y : x < z ? z : x) : x < z ? x : y < z ? z : y;
    let i = lo;
    let j = hi;
    for (;;) {
      while (a[i] < pivot) i++;
      while (a[j] > pivot) j--;
      if (i >= j) break;
      swap(a, i, j);
      i++;
      j--;
    }
    let m = rlo;
    while (m < rhi && ranks[m] <= j) m++;
    if (m - rlo < rhi - m) {
      multiSelect(a, lo, j, ranks, rlo, m);
      lo = j + 1;
      rlo = m;
    } else {
      multiSelect(a, j + 1, hi, ranks, m, rhi);
      hi = j;
      rhi = m;
    }
  }
}

function swap(a: Float64Array, i: number, j: number): void {
  const t = a[i];
  a[i] = a[j];
  a[j] = t;
}
