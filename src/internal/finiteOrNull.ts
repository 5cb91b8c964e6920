/**
 * A fitted statistic that is undefined on the data at hand (a 0/0 or a division by zero, e.g.
 * the KMO of uncorrelated items) becomes null instead of NaN or ±Infinity, so that every model
 * stays JSON-safe and round-trips through `parseModel`. The caller records the reason.
 */
export function finiteOrNull(value: number): number | null {
  return Number.isFinite(value) ? value : null;
}
