import { describe, expect, it } from 'vitest';
// @ts-expect-error d3-array ships no types (installed with vega; a test oracle only)
import { ticks as d3Ticks } from 'd3-array';
// @ts-expect-error d3-scale ships no types (installed with vega; a test oracle only)
import { scaleLinear } from 'd3-scale';
import { niceDomain, niceTicks } from '../../src/internal/niceTicks.js';
import { formatFixed } from '../../src/internal/formatFixed.js';

// Peer implementation: d3-array's `ticks` and d3-scale's `scaleLinear().nice()` (d3-array 3.2,
// d3-scale 4, installed with vega), on the spans the charts draw and on seeded random spans.
const spans: [number, number, number][] = [
  [6.01, 8.09, 5],
  [0.19, 0.63, 5],
  [0, 39, 6],
  [-0.0001, 0.85, 5],
  [0, 1, 4],
  [0.1, 0.3, 10],
  [0, 1e6, 5],
  [-3.2, 2.7, 5],
  [1997, 2026, 6],
  [0, 0.0042, 5],
  [12.5, 12.6, 5],
];
let seed = 7;
const random = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
for (let i = 0; i < 200; i++) {
  const scale = 10 ** Math.floor(12 * random() - 6);
  const lo = (random() - 0.5) * 100 * scale;
  spans.push([lo, lo + random() * 50 * scale + 1e-9 * scale, 2 + Math.floor(8 * random())]);
}

describe('niceTicks(lo, hi, count)', () => {
  it('equals d3-array ticks(lo, hi, count) on chart spans and 200 random spans', () => {
    for (const [lo, hi, count] of spans) expect(niceTicks(lo, hi, count).ticks, `${lo} ${hi} ${count}`).toEqual(d3Ticks(lo, hi, count));
  });

  it('steps are 1, 2 or 5 × 10^k and print exactly with the decimals given', () => {
    for (const [lo, hi, count] of spans) {
      const { ticks, step, decimals } = niceTicks(lo, hi, count);
      const mantissa = step / 10 ** Math.floor(Math.log10(step) + 1e-9);
      expect(
        [1, 2, 5].some((m) => Math.abs(mantissa - m) < 1e-9),
        `${step}`,
      ).toBe(true);
      for (const t of ticks) expect(Number(t.toFixed(decimals))).toBe(t);
      if (decimals > 0) expect(ticks.some((t) => Number(t.toFixed(decimals - 1)) !== t) || ticks.length < 2).toBe(true);
    }
  });

  it('a zero-width span gives its one value; non-finite bounds give none', () => {
    expect(niceTicks(3, 3).ticks).toEqual([3]);
    expect(niceTicks(Number.NaN, 1).ticks).toEqual([]);
  });
});

describe('niceDomain(lo, hi, count)', () => {
  it('equals d3-scale scaleLinear().domain([lo, hi]).nice(count), zero unsigned', () => {
    for (const [lo, hi, count] of spans)
      expect(niceDomain(lo, hi, count), `${lo} ${hi} ${count}`).toEqual(
        scaleLinear()
          .domain([lo, hi])
          .nice(count)
          .domain()
          .map((v: number) => v + 0),
      ); // ours never returns -0
  });

  it('widens a zero-width span around its value', () => {
    expect(niceDomain(5, 5)).toEqual([4, 6]);
    expect(niceDomain(0, 0)).toEqual([-1, 1]);
  });
});

describe('formatFixed(value, decimals, grouping)', () => {
  it('never prints a signed zero', () => {
    expect(formatFixed(-0.0001, 2)).toBe('0.00');
    expect(formatFixed(-0, 0)).toBe('0');
    expect(formatFixed(-0.004, 2, true)).toBe('0.00');
    expect(formatFixed(-0.006, 2)).toBe('-0.01');
    expect(formatFixed(-1234.5, 1, true)).toBe('-1,234.5');
  });
});
