import { describe, expect, it } from 'vitest';
import { fitValuePyramid, parseModel, scoreValuePyramid, tierSummary } from '../../src/index.js';
import { caught, readFixtureCsv, readFixtureJson } from '../helpers/fixtures.js';

// Reference: numpy (mean, std(ddof=1), min/max, sort) — see test/fixtures/value/make_reference.py.
const reference = readFixtureJson<any>('value/numpy_reference.json');
const cdnow = readFixtureCsv('value/cdnow_customers_summary_with_monetary.csv').columns as Record<string, Float64Array>;
const data: Record<string, Float64Array> = { ...cdnow, spend: cdnow.x.map((x, i) => x * cdnow.zbar[i]) };

const spec = {
  dimensions: [
    { column: 'zbar', transform: 'log1p', weight: 2 },
    { column: 'x', weight: 1 },
    { column: 't_x', weight: 1, scale: 'minmax' },
  ],
} as const;

describe('fitValuePyramid(data, spec) / scoreValuePyramid(model, data)', () => {
  const model = fitValuePyramid(data, spec);
  const scores = scoreValuePyramid(model, data);

  it('computes numpy’s weighted value score over several scaled dimensions', () => {
    reference.pyramid.first20Value.forEach((v: number, i: number) => expect(scores.value[i]).toBeCloseTo(v, 12));
    const total = scores.value.reduce((a, b) => a + b, 0);
    expect(total).toBeCloseTo(reference.pyramid.valueSum, 9);
  });

  it('cuts the classic 1/4/15/80 pyramid where numpy does', () => {
    expect(model.tierNames).toEqual(['top', 'large', 'medium', 'small']);
    model.thresholds.forEach((t, j) => expect(t).toBeCloseTo(reference.pyramid.thresholds[j], 12));
    expect(model.fitted.diagnostics.customersPerTier).toEqual(reference.pyramid.customersPerTier);
    const counts = [0, 0, 0, 0];
    for (const t of scores.tier) counts[t]++;
    expect(counts).toEqual(reference.pyramid.customersPerTier);
  });

  it('keeps tiers monotone in value and ties together', () => {
    const order = Array.from(scores.value.keys()).sort((a, b) => scores.value[b] - scores.value[a]);
    for (let i = 1; i < order.length; i++) {
      const [hi, lo] = [order[i - 1], order[i]];
      expect(scores.tier[lo]).toBeGreaterThanOrEqual(scores.tier[hi]);
      if (scores.value[lo] === scores.value[hi]) expect(scores.tier[lo]).toBe(scores.tier[hi]);
    }
  });

  it('cuts ABC tiers by cumulative share of value like numpy', () => {
    const abc = fitValuePyramid(data, { dimensions: [{ column: 'spend', scale: 'none' }], tiers: { method: 'cumulativeShare' } });
    expect(abc.thresholds).toEqual(reference.abc.thresholds);
    expect(abc.fitted.diagnostics.customersPerTier).toEqual(reference.abc.customersPerTier);
    // A is the smallest top group reaching 80% of spend: without its last customer it is below 80%.
    const share = abc.fitted.diagnostics.valueSharePerTier!;
    expect(share[0]).toBeGreaterThanOrEqual(0.8);
    expect(share.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
  });

  it('gives each fit its own copy of the default tiers: changing one model’s cuts changes no later fit', () => {
    const dimensions = [{ column: 'spend', scale: 'none' as const }];
    for (const tiers of [undefined, { method: 'quantile' as const }, { method: 'cumulativeShare' as const }]) {
      const first = fitValuePyramid(data, { dimensions, ...(tiers === undefined ? {} : { tiers }) });
      const before = JSON.parse(JSON.stringify(first.spec.tiers)) as unknown;
      (first.spec.tiers.cuts as { name: string; share: number }[])[0].name = 'changed';
      (first.spec.tiers.cuts as unknown[]).push({ name: 'extra', share: 0 });
      const second = fitValuePyramid(data, { dimensions, ...(tiers === undefined ? {} : { tiers }) });
      expect(second.spec.tiers).toEqual(before);
    }
  });

  it('scores new data identically after a JSON round trip', () => {
    const loaded = parseModel(JSON.parse(JSON.stringify(model)));
    expect(scoreValuePyramid(loaded as typeof model, data)).toEqual(scores);
    const rows = [0, 5, 17].map((i) => ({ zbar: data.zbar[i], x: data.x[i], t_x: data.t_x[i] }));
    const fromRows = scoreValuePyramid(model, rows);
    expect(Array.from(fromRows.value)).toEqual([0, 5, 17].map((i) => scores.value[i]));
  });

  it('reverses a dimension when lower is better', () => {
    const up = fitValuePyramid(
      { v: [1, 2, 3, 4] },
      {
        dimensions: [{ column: 'v' }],
        tiers: {
          method: 'quantile',
          cuts: [
            { name: 'hi', share: 0.5 },
            { name: 'lo', share: 0.5 },
          ],
        },
      },
    );
    const down = fitValuePyramid(
      { v: [1, 2, 3, 4] },
      {
        dimensions: [{ column: 'v', better: 'lower' }],
        tiers: {
          method: 'quantile',
          cuts: [
            { name: 'hi', share: 0.5 },
            { name: 'lo', share: 0.5 },
          ],
        },
      },
    );
    expect(Array.from(scoreValuePyramid(up, { v: [1, 4] }).tier)).toEqual([1, 0]);
    expect(Array.from(scoreValuePyramid(down, { v: [1, 4] }).tier)).toEqual([0, 1]);
  });

  it('refuses what it cannot do, naming the field', () => {
    const badShares = caught(() =>
      fitValuePyramid(data, {
        ...spec,
        tiers: {
          method: 'quantile',
          cuts: [
            { name: 'a', share: 0.5 },
            { name: 'b', share: 0.6 },
          ],
        },
      }),
    );
    expect(badShares.code).toBe('invalid_spec');
    expect(badShares.message).toContain('spec.tiers.cuts');
    const constant = caught(() => fitValuePyramid({ v: [3, 3, 3] }, { dimensions: [{ column: 'v' }] }));
    expect(constant.code).toBe('invalid_value');
    expect(constant.message).toContain('"v" is constant');
    const negative = caught(() => fitValuePyramid(data, { ...spec, tiers: { method: 'cumulativeShare' } }));
    expect(negative.code).toBe('invalid_value');
    expect(negative.message).toContain('non-negative');
    const log = caught(() => fitValuePyramid({ v: [1, -1, 3] }, { dimensions: [{ column: 'v', transform: 'log1p' }] }));
    expect(log.message).toContain('row 1, column "v": expected a finite number > −1 (log1p), got -1');
    expect(caught(() => fitValuePyramid({ v: [1] }, { dimensions: [{ column: 'v' }] })).code).toBe('too_few_rows');
    expect(caught(() => fitValuePyramid(data, { dimensions: [] })).code).toBe('invalid_spec');
  });
});

describe('tierSummary(model, data, { revenue, profit })', () => {
  const model = fitValuePyramid(data, spec);
  const table = tierSummary(model, data, { revenue: 'spend', profit: 'spend' });

  it('gives each tier’s shares of customers, revenue and profit, summing to 1 (numpy reference)', () => {
    table.tiers.forEach((row, j) => {
      expect(row.customers).toBe(reference.pyramid.customersPerTier[j]);
      expect(row.revenueShare).toBeCloseTo(reference.pyramid.spendSharePerTier[j], 12);
      expect(row.profitShare).toBeCloseTo(reference.pyramid.spendSharePerTier[j], 12);
    });
    const sum = (key: 'customerShare' | 'revenueShare' | 'profitShare') => table.tiers.reduce((a, r) => a + (r[key] ?? 0), 0);
    expect(sum('customerShare')).toBeCloseTo(1, 12);
    expect(sum('revenueShare')).toBeCloseTo(1, 12);
    expect(table.total.customers).toBe(2357);
    expect(table.total.revenue).toBeCloseTo(
      data.spend.reduce((a, b) => a + b, 0),
      6,
    );
  });

  it('reports null shares and profit rather than NaN when there is nothing to share', () => {
    const m = fitValuePyramid({ v: [1, 2, 3, 4] }, { dimensions: [{ column: 'v' }] });
    const t = tierSummary(m, { v: [1, 2, 3, 4], r: [0, 0, 0, 0] }, { revenue: 'r' });
    expect(t.total.revenueShare).toBeNull();
    expect(t.tiers[0].profit).toBeNull();
    expect(JSON.stringify(t)).not.toContain('NaN');
  });

  it('needs the revenue column', () => {
    expect(caught(() => tierSummary(model, data, { revenue: 'sales' })).code).toBe('missing_column');
    expect(caught(() => tierSummary(model, data, { revenu: 'spend' } as never)).code).toBe('invalid_spec');
  });
});
