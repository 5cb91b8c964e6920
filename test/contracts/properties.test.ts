import fc from 'fast-check';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { compileScorer, fitSatisfactionIndex, fitSegments, fitValuePyramid, scoreValuePyramid, tierSummary } from '../../src/index.js';
import { customerLifetimeValue, fitBetaGeo, fitGammaGamma, probabilityAlive } from '../../src/clv.js';
import { readCsvBatches, scoreStream } from '../../src/node/index.js';
import { readFixtureCsv } from '../helpers/fixtures.js';

// Invariants checked on random inputs (fast-check; RUNS runs each, seeded so failures replay).
export const RUNS = 100;
const params = { numRuns: RUNS, seed: 20261122 };

const amounts = (min: number, max: number) => fc.array(fc.double({ min: 0, max: 10_000, noNaN: true }), { minLength: min, maxLength: max });

describe('properties', () => {
  it('tier shares of customers and revenue each sum to 1; tiers are monotone in value', () => {
    fc.assert(
      fc.property(amounts(20, 200), (revenue) => {
        fc.pre(new Set(revenue).size > 5);
        const frequency = revenue.map((r, i) => (i * 7 + Math.floor(r)) % 9);
        fc.pre(new Set(frequency).size > 1);
        const data = { revenue, frequency };
        const model = fitValuePyramid(data, { dimensions: [{ column: 'revenue', transform: 'log1p', weight: 2 }, { column: 'frequency' }] });
        const { tiers } = tierSummary(model, data, { revenue: 'revenue' });
        expect(tiers.reduce((a, t) => a + t.customerShare, 0)).toBeCloseTo(1, 12);
        if (revenue.some((r) => r > 0)) expect(tiers.reduce((a, t) => a + (t.revenueShare ?? 0), 0)).toBeCloseTo(1, 12);
        const { value, tier } = scoreValuePyramid(model, data);
        for (let i = 0; i < value.length; i++) for (let j = 0; j < value.length; j++) if (value[i] > value[j]) expect(tier[i]).toBeLessThanOrEqual(tier[j]);
      }),
      params,
    );
  });

  it('scores do not depend on row order', () => {
    fc.assert(
      fc.property(amounts(10, 100), fc.integer({ min: 1, max: 1000 }), (revenue, shift) => {
        fc.pre(new Set(revenue).size > 3);
        const model = fitValuePyramid({ revenue }, { dimensions: [{ column: 'revenue' }] });
        const order = revenue.map((_, i) => (i * shift + 7) % revenue.length);
        fc.pre(new Set(order).size === revenue.length);
        const permuted = order.map((i) => revenue[i]);
        const a = scoreValuePyramid(model, { revenue });
        const b = scoreValuePyramid(model, { revenue: permuted });
        order.forEach((i, k) => {
          expect(b.tier[k]).toBe(a.tier[i]);
          expect(b.value[k]).toBe(a.value[i]);
        });
      }),
      params,
    );
  });

  it('satisfaction index weights sum to 1 and do not depend on item order', () => {
    const mobi = readFixtureCsv('satisfaction/ecsi_mobi.csv').columns;
    const pool = ['PERQ1', 'PERQ2', 'PERQ3', 'PERQ4', 'PERQ5', 'PERQ6', 'PERQ7', 'CUSA1', 'CUSA2', 'CUSA3'];
    fc.assert(
      fc.property(fc.shuffledSubarray(pool, { minLength: 3, maxLength: 8 }), (items) => {
        const model = fitSatisfactionIndex(mobi, { items, scale: [1, 10] });
        expect(model.weights.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
        const reversed = fitSatisfactionIndex(mobi, { items: [...items].reverse(), scale: [1, 10] });
        items.forEach((item, k) => expect(reversed.weights[items.length - 1 - k]).toBeCloseTo(model.weights[k], 10));
      }),
      { ...params, numRuns: 30 },
    );
  });

  it('P(alive) stays in [0, 1] and CLV is finite and non-negative for any history', () => {
    const cdnow = readFixtureCsv('value/cdnow_customers_summary.csv').columns;
    const purchaseModel = fitBetaGeo(cdnow, { timeUnit: 'week' });
    const spendModel = fitGammaGamma({ frequency: [1, 2, 3, 4, 2, 5, 1, 3], monetary: [20, 35, 12, 50, 18, 41, 9, 27] }, {});
    const history = fc.record({
      x: fc.integer({ min: 0, max: 10_000 }),
      T: fc.double({ min: 0.1, max: 500, noNaN: true }),
      share: fc.double({ min: 0, max: 1, noNaN: true }),
      m: fc.double({ min: 0.01, max: 1e5, noNaN: true }),
    });
    fc.assert(
      fc.property(fc.array(history, { minLength: 1, maxLength: 30 }), (rows) => {
        const customers = {
          frequency: rows.map((r) => r.x),
          recency: rows.map((r) => (r.x === 0 ? 0 : r.share * r.T)),
          T: rows.map((r) => r.T),
          monetary: rows.map((r) => (r.x === 0 ? 0 : r.m)),
        };
        for (const p of probabilityAlive(purchaseModel, customers).values) expect(p >= 0 && p <= 1, String(p)).toBe(true);
        const { clv } = customerLifetimeValue({ purchaseModel, spendModel, customers, horizon: 52, timeUnit: 'week', discountRate: 0.001, margin: 0.3 });
        for (const v of clv) expect(Number.isFinite(v) && v >= 0, String(v)).toBe(true);
      }),
      params,
    );
  });

  it('k-means inertia never increases with more Lloyd iterations from the same start', () => {
    const point = fc.tuple(fc.double({ min: -100, max: 100, noNaN: true }), fc.double({ min: -100, max: 100, noNaN: true }));
    fc.assert(
      fc.property(fc.array(point, { minLength: 12, maxLength: 80 }), (points) => {
        const data = { a: points.map((p) => p[0]), b: points.map((p) => p[1]) };
        fc.pre(new Set(data.a).size > 3 && new Set(data.b).size > 3);
        const init = [points[0], points[1], points[2]];
        fc.pre(new Set(init.map((p) => p.join())).size === 3);
        let previous = Infinity;
        for (const maxIterations of [1, 2, 3, 5, 8]) {
          const { inertia } = fitSegments(data, { features: ['a', 'b'], k: 3, init, maxIterations, restarts: 1, standardize: 'none' }).fitted.diagnostics;
          expect(inertia).toBeLessThanOrEqual(previous * (1 + 1e-12) + 1e-9);
          previous = inertia;
        }
      }),
      { ...params, numRuns: 50 },
    );
  });

  it('streaming scores the same for any batch size and any chunking', async () => {
    const model = fitValuePyramid({ profit: [500, 120, 80, 40, 30, 20, 10, 5, 0, 0] }, { dimensions: [{ column: 'profit', transform: 'log1p' }] });
    const scorer = compileScorer({ model });
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.oneof(fc.double({ min: 0, max: 1e6, noNaN: true }), fc.constant(-5)), { minLength: 1, maxLength: 300 }),
        fc.integer({ min: 1, max: 64 }),
        fc.integer({ min: 1, max: 50 }),
        async (profits, batchSize, chunk) => {
          const text = `id,profit\n${profits.map((p, i) => `c${i},${p}`).join('\n')}\n`;
          const run = async (size: number, chunkBytes: number) => {
            const bytes = Buffer.from(text);
            const chunks = Array.from({ length: Math.ceil(bytes.length / chunkBytes) }, (_, i) => bytes.subarray(i * chunkBytes, (i + 1) * chunkBytes));
            const counts = { rowsIn: 0, rowsOut: 0, rejected: 0 };
            const tiers: number[] = [];
            for await (const b of scoreStream(readCsvBatches(Readable.from(chunks), { numeric: scorer.inputs, batchSize: size }), scorer, {}, counts))
              tiers.push(...(b.columns['model.tier'] as Int32Array));
            return { tiers, counts };
          };
          const one = await run(10_000, 1 << 20);
          const other = await run(batchSize, chunk);
          expect(other).toEqual(one);
          expect(one.counts.rowsIn).toBe(profits.length);
          expect(one.counts.rejected).toBe(profits.filter((p) => p === -5).length);
        },
      ),
      { ...params, numRuns: 50 },
    );
  });
});
