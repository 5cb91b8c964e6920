import { niceTicks } from '../internal/niceTicks.js';
import { textWidth } from '../internal/textWidth.js';

/** @internal One labelled tick of an axis. */
export interface AxisTick {
  readonly value: number;
  readonly label: string;
}

/**
 * @internal Round ticks (1, 2 or 5 × 10^k, `niceTicks`) for a `length`-px axis over [lo, hi],
 * as many as fit: along x, neighbouring labels keep 8 px apart; along y, 1.4 lines apart.
 * `format` gets the value and the decimals the step needs.
 */
export function axisTicks(
  lo: number,
  hi: number,
  length: number,
  orient: 'x' | 'y',
  format: (value: number, decimals: number) => string,
  fontSize = 11,
): AxisTick[] {
  const pxPer = length / (hi - lo || 1);
  for (let count = Math.max(2, Math.round(length / (orient === 'x' ? 80 : 50))); count >= 1; count--) {
    const { ticks, decimals } = niceTicks(lo, hi, count);
    const out = ticks.map((value) => ({ value, label: format(value, decimals) }));
    const fits = out.every((t, i) => {
      if (i === 0) return true;
      const gap = (t.value - out[i - 1].value) * pxPer;
      return orient === 'x' ? gap >= (textWidth(t.label, fontSize) + textWidth(out[i - 1].label, fontSize)) / 2 + 8 : gap >= 1.4 * fontSize;
    });
    if (fits || count === 1) return out;
  }
  return [];
}

/** @internal The widest label of a set of ticks, in px. */
export function widestTick(ticks: readonly AxisTick[], fontSize = 11): number {
  return Math.max(0, ...ticks.map((t) => textWidth(t.label, fontSize)));
}
