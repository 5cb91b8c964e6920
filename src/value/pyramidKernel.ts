import type { NumericArray } from '../io/tableInput.js';
import type { DimensionScaling } from './valuePyramidSpec.js';

/**
 * Value scores: `Σ_d weight_d · (t_d(x) − center_d) / spread_d`, with `t` = log1p where asked.
 * One pass per dimension over typed arrays; skipped rows get NaN here and are masked by callers.
 */
export function valueScores(columns: readonly NumericArray[], scaling: readonly DimensionScaling[], log1p: readonly boolean[], n: number): Float64Array {
  const value = new Float64Array(n);
  for (let d = 0; d < columns.length; d++) {
    const x = columns[d];
    const a = scaling[d].weight / scaling[d].spread;
    const c = scaling[d].center;
    if (log1p[d]) for (let i = 0; i < n; i++) value[i] += a * (Math.log1p(x[i]) - c);
    else for (let i = 0; i < n; i++) value[i] += a * (x[i] - c);
  }
  return value;
}

/**
 * Tier index per row: the number of (descending) thresholds above the value, so tier 0 is the
 * top. Ties with a threshold land in the higher tier. Skipped rows get −1.
 */
export function tierIndexes(value: Float64Array, thresholds: readonly number[], skipMask: Uint8Array | null): Int32Array {
  const n = value.length;
  const tier = new Int32Array(n);
  const t = Float64Array.from(thresholds);
  const m = t.length;
  for (let i = 0; i < n; i++) {
    const v = value[i];
    let below = 0;
    for (let j = 0; j < m; j++) below += +(v < t[j]);
    tier[i] = below;
  }
  if (skipMask !== null) for (let i = 0; i < n; i++) if (skipMask[i] === 1) tier[i] = -1;
  return tier;
}
