// Round axis ticks: steps of 1, 2 or 5 × 10^k, as d3-array's `ticks` chooses them (Bostock,
// d3-array/src/ticks.js: the step nearest to span / count on a log scale, thresholds √50, √10,
// √2), computed from integer multiples so that 0.1 + 0.2 never prints as 0.30000000000000004.

const E10 = Math.sqrt(50);
const E5 = Math.sqrt(10);
const E2 = Math.sqrt(2);

/** @internal Round ticks over a span, with the decimals their step needs. */
export interface NiceTicks {
  /** The tick values, ascending, all within [lo, hi]. */
  readonly ticks: number[];
  /** The step between ticks (1, 2 or 5 × 10^k). */
  readonly step: number;
  /** Decimals that print every tick exactly (0 for steps ≥ 1). */
  readonly decimals: number;
}

function tickSpec(lo: number, hi: number, count: number): [number, number, number, number] {
  const raw = (hi - lo) / Math.max(0, count);
  const power = Math.floor(Math.log10(raw));
  const error = raw / 10 ** power;
  const factor = error >= E10 ? 10 : error >= E5 ? 5 : error >= E2 ? 2 : 1;
  if (power < 0) {
    const inverse = 10 ** -power / factor; // ticks are i / inverse
    let i1 = Math.round(lo * inverse);
    let i2 = Math.round(hi * inverse);
    if (i1 / inverse < lo) i1++;
    if (i2 / inverse > hi) i2--;
    if (i2 < i1 && count >= 0.5 && count < 2) return tickSpec(lo, hi, count * 2);
    return [i1, i2, -inverse, Math.max(0, -power - (factor === 10 ? 1 : 0))];
  }
  const step = 10 ** power * factor;
  let i1 = Math.round(lo / step);
  let i2 = Math.round(hi / step);
  if (i1 * step < lo) i1++;
  if (i2 * step > hi) i2--;
  if (i2 < i1 && count >= 0.5 && count < 2) return tickSpec(lo, hi, count * 2);
  return [i1, i2, step, 0];
}

/**
 * @internal About `count` round ticks within [lo, hi] (d3's `ticks`). A zero-width span gives
 * the one value; non-finite bounds give no ticks.
 */
export function niceTicks(lo: number, hi: number, count = 5): NiceTicks {
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) return { ticks: [], step: Number.NaN, decimals: 0 };
  if (hi < lo) [lo, hi] = [hi, lo];
  if (hi === lo) return { ticks: [lo], step: 0, decimals: decimalsOf(lo) };
  const [i1, i2, inc, decimals] = tickSpec(lo, hi, count);
  const ticks: number[] = [];
  for (let i = i1; i <= i2; i++) ticks.push((inc < 0 ? i / -inc : i * inc) + 0); // + 0: never a -0 tick
  return { ticks, step: inc < 0 ? 1 / -inc : inc, decimals };
}

/**
 * @internal [lo, hi] widened to the nearest ticks outside it (d3's `scale.nice`), so an axis
 * starts and ends on a labelled round number. A zero-width span is widened by one unit of its
 * magnitude first.
 */
export function niceDomain(lo: number, hi: number, count = 5): [number, number] {
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) return [0, 1];
  if (hi < lo) [lo, hi] = [hi, lo];
  if (hi === lo) {
    const unit = lo === 0 ? 1 : 10 ** Math.floor(Math.log10(Math.abs(lo)));
    [lo, hi] = [lo - unit, hi + unit];
  }
  // d3-scale's loop: re-step on the widened span until the step stops changing
  let previous = Number.NaN;
  for (let pass = 0; pass < 10; pass++) {
    const [, , inc] = tickSpec(lo, hi, count);
    if (inc === previous) break;
    [lo, hi] = inc < 0 ? [Math.ceil(lo * inc) / inc, Math.floor(hi * inc) / inc] : [Math.floor(lo / inc) * inc, Math.ceil(hi / inc) * inc];
    previous = inc;
  }
  return [lo + 0, hi + 0];
}

function decimalsOf(value: number): number {
  for (let d = 0; d < 12; d++) if (Number(value.toFixed(d)) === value) return d;
  return 12;
}
