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
