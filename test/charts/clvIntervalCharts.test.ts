import { describe, expect, it } from 'vitest';
import { baseTotalOverTimeSvg, baseTotalOverTimeVegaLite, clvConfidenceBandSvg, clvConfidenceBandVegaLite } from '../../src/charts/index.js';
import { caught } from '../helpers/fixtures.js';
import { cdnowClvIntervals, readmeClvCharts } from '../helpers/cdnowClvIntervals.js';

// The per-customer band and the base total over time: the customers drawn, the values drawn, and
// the README's two images, regenerated here from CDNOW (`npx vitest run -u <this file>` rewrites them).

const columns = (estimate: number[], scale = 0.1) => ({
  estimate,
  percentiles: { p95: estimate.map((v) => v * (1 + scale)), p05: estimate.map((v) => v * (1 - scale)), p50: estimate },
});
const result = (estimate: number[]) => ({
  interval: 'confidence' as const,
  horizon: 12,
  timeUnit: 'month',
  expectedPurchases: columns(estimate),
  clv: columns(estimate),
});

describe('clvConfidenceBandSvg / clvConfidenceBandVegaLite', () => {
  it('draws `points` customers evenly spaced in rank, each a real customer with its own band', () => {
    // 1,001 customers whose CLV is a shuffle of 0..1000: ranks 0, 250, 500, 750, 1000 are the values 0, 250…
    const estimate = Array.from({ length: 1001 }, (_, i) => (i * 397) % 1001);
    const data = result(estimate);
    data.clv.percentiles.p05[estimate.indexOf(500)] = 123; // one customer's own band, not a neighbour's
    const values = clvConfidenceBandVegaLite(data, { title: 'CLV', points: 5 }).data.values;
    expect(values.map((v) => v.rank)).toEqual([0, 25, 50, 75, 100]);
    expect(values.map((v) => v.estimate)).toEqual([0, 250, 500, 750, 1000]);
    expect(values.map((v) => v.lower)).toEqual([0, 225, 123, 675, 900]);
    expect(values.map((v) => Math.round(v.upper))).toEqual([0, 275, 550, 825, 1100]);
  });

  it('skips customers without an estimate (skipped rows) and takes the band from the lowest to the highest percentile', () => {
    const values = clvConfidenceBandVegaLite(result([3, Number.NaN, 1, 2]), { title: 'CLV', points: 10 }).data.values;
    expect(values.map((v) => [v.estimate, v.lower, v.upper].map((x) => Math.round(x * 100) / 100))).toEqual([
      [1, 0.9, 1.1],
      [2, 1.8, 2.2],
      [3, 2.7, 3.3],
    ]);
  });

  it('draws the line and the band through the drawn customers, and keeps the SVG small for many customers', () => {
    const many = Array.from({ length: 200_000 }, (_, i) => 1 + ((i * 7919) % 200_000) / 100);
    const svg = clvConfidenceBandSvg(result(many), { title: 'Many customers', points: 100 });
    expect(svg.length).toBeLessThan(40_000);
    expect(svg).toContain('100 of 200,000 customers drawn');
    const paths = [...svg.matchAll(/<path d="([^"]*)"/g)].map((m) => m[1]);
    // the band relative to the estimate and on the value axis: 100 points up and 100 back; the line: 100 points
    expect(paths.map((d) => (d.match(/[ML]/g) ?? []).length)).toEqual([200, 200, 100]);
    expect(clvConfidenceBandSvg(result(many), { title: 'Linear', points: 100, scale: 'linear' })).toContain('The top 1% run off the top');
  });

  it('refuses the value of a result without CLV, and a result that is not one', () => {
    const purchasesOnly = { interval: 'confidence', horizon: 12, timeUnit: 'month', expectedPurchases: columns([1, 2]) } as const;
    expect(clvConfidenceBandSvg(purchasesOnly, { title: 'Purchases' })).toContain('expected purchases');
    expect(caught(() => clvConfidenceBandSvg(purchasesOnly, { title: 'x', quantity: 'value' }))).toMatchObject({ code: 'invalid_spec' });
    expect(caught(() => clvConfidenceBandSvg({ ...purchasesOnly, interval: 'prediction' } as never, { title: 'x' }))).toMatchObject({ code: 'invalid_value' });
  });
});

describe('baseTotalOverTimeSvg / baseTotalOverTimeVegaLite', () => {
  it('draws the totals at each horizon and their band from the lowest to the highest percentile', () => {
    const totals = {
      interval: 'confidence' as const,
      timeUnit: 'week',
      totalsOverTime: {
        horizon: [1, 2],
        expectedPurchases: { estimate: [10, 19], percentiles: { p50: [10, 19], 'p97.5': [12, 23], 'p02.5': [8, 16] } },
      },
    };
    expect(baseTotalOverTimeVegaLite(totals, { title: 'Purchases' }).data.values).toEqual([
      { horizon: 1, estimate: 10, lower: 8, upper: 12 },
      { horizon: 2, estimate: 19, lower: 16, upper: 23 },
    ]);
    const svg = baseTotalOverTimeSvg(totals, { title: 'Purchases' });
    expect(svg).toContain('p02.5–p97.5');
    expect(svg).toContain('weeks ahead');
    expect(caught(() => baseTotalOverTimeSvg({ ...totals, totalsOverTime: undefined }, { title: 'x' }))).toMatchObject({ code: 'invalid_value' });
    expect(caught(() => baseTotalOverTimeSvg(totals, { title: 'x', quantity: 'value' }))).toMatchObject({ code: 'invalid_spec' });
  });

  it('on CDNOW: ends at the 12-month total the README states, and the README images are the charts of today', async () => {
    const ci = cdnowClvIntervals();
    const last = baseTotalOverTimeVegaLite(ci, { title: 'CDNOW' }).data.values[11];
    // README "How sure?": [230551, 223469, 238226] for the 12-month value and its 90% interval
    expect([last.estimate, last.lower, last.upper].map(Math.round)).toEqual([230551, 223469, 238226]);
    for (const [name, render] of Object.entries(readmeClvCharts)) await expect(render()).toMatchFileSnapshot(`../../docs/images/${name}`);
  });
});
