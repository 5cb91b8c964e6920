import { describe, expect, it } from 'vitest';
import { costToServe, fitValuePyramid, realizedProfit, summarizeTransactions, tierSummary } from '../../src/index.js';
import { caught } from '../helpers/fixtures.js';

// Hand-computed service log: three customers, three stages, with budgets.
const events = [
  { customer: 'acme', stage: 'pre-sale', cost: 120, budget: 100 },
  { customer: 'acme', stage: 'delivery', cost: 300, budget: 250 },
  { customer: 'acme', stage: 'after-sale', cost: 80, budget: 150 },
  { customer: 'bolt', stage: 'delivery', cost: 40, budget: 50 },
  { customer: 'core', stage: 'after-sale', cost: 500, budget: 100 },
  { customer: 'bolt', stage: 'after-sale', cost: 10, budget: 20 },
];

describe('costToServe(serviceEvents, spec)', () => {
  const result = costToServe(events, { customer: 'customer', cost: 'cost', stage: 'stage', budget: 'budget' });

  it('totals cost, budget and variance per customer (hand-computed)', () => {
    expect(result.customer).toEqual(['acme', 'bolt', 'core']);
    expect(Array.from(result.cost)).toEqual([500, 50, 500]);
    expect(Array.from(result.budget!)).toEqual([500, 70, 100]);
    expect(Array.from(result.variance!)).toEqual([0, -20, 400]);
    expect(Array.from(result.events)).toEqual([3, 2, 1]);
  });

  it('splits cost by stage, and the split adds up to the total', () => {
    const byStage = result.costByStage!;
    expect(Object.keys(byStage)).toEqual(['pre-sale', 'delivery', 'after-sale']);
    expect(Array.from(byStage['after-sale'])).toEqual([80, 10, 500]);
    for (let c = 0; c < 3; c++) {
      expect(byStage['pre-sale'][c] + byStage.delivery[c] + byStage['after-sale'][c]).toBe(result.cost[c]);
    }
    expect(result.stages).toEqual([
      { stage: 'pre-sale', events: 1, cost: 120, budget: 100, variance: 20 },
      { stage: 'delivery', events: 2, cost: 340, budget: 300, variance: 40 },
      { stage: 'after-sale', events: 3, cost: 590, budget: 270, variance: 320 },
    ]);
  });

  it('keeps a stage named __proto__ as data, not as a prototype', () => {
    const odd = costToServe([{ c: 1, s: '__proto__', k: 5 }], { customer: 'c', cost: 'k', stage: 's' });
    expect(Object.keys(odd.costByStage!)).toEqual(['__proto__']);
    expect(Array.from(odd.costByStage!['__proto__'])).toEqual([5]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('rejects negative costs with the row, and counts skipped rows', () => {
    const error = caught(() =>
      costToServe(
        [
          { c: 1, k: 5 },
          { c: 2, k: -1 },
        ],
        { customer: 'c', cost: 'k' },
      ),
    );
    expect(error.code).toBe('invalid_value');
    expect(error.message).toContain('row 1, column "k": expected a non-negative cost, got -1');
    const skipped = costToServe(
      [
        { c: 1, k: 5 },
        { c: 2, k: null },
      ],
      { customer: 'c', cost: 'k', missing: 'skip' },
    );
    expect(skipped.customer).toEqual([1]);
    expect(skipped.counts).toEqual({ rows: 2, used: 1, skipped: 1, customers: 1 });
  });
});

describe('realizedProfit(data, spec)', () => {
  it('matches ids as text across tables: number 7 is "7", while "007" stays another customer (counted as unmatched)', () => {
    // costs read with ids as text, customers from a file whose ids a reader typed as numbers
    const costs = costToServe({ id: ['1', '2', '007'], cost: [5, 7, 3] }, { customer: 'id', cost: 'cost' });
    const r = realizedProfit({ id: [1, 2, 3], revenue: [100, 100, 100] }, { customer: 'id', revenue: 'revenue', margin: 0.5, costs });
    expect(Array.from(r.costToServe)).toEqual([5, 7, 0]);
    expect(Array.from(r.profit)).toEqual([45, 43, 50]);
    expect(r.unmatched).toEqual({ customers: 1, cost: 3 });
  });

  const costs = costToServe(events, { customer: 'customer', cost: 'cost' });
  const customers = { id: ['acme', 'bolt', 'dyno'], revenue: [2000, 400, 90], margin: [0.3, 0.5, 0.2] };

  it('is revenue × margin − cost to serve, with served-but-absent customers reported', () => {
    const r = realizedProfit(customers, { customer: 'id', revenue: 'revenue', margin: 0.3, costs });
    expect(Array.from(r.grossProfit)).toEqual([600, 120, 27]);
    expect(Array.from(r.costToServe)).toEqual([500, 50, 0]);
    expect(Array.from(r.profit)).toEqual([100, 70, 27]);
    expect(r.unmatched).toEqual({ customers: 1, cost: 500 });
    const perCustomer = realizedProfit(customers, { customer: 'id', revenue: 'revenue', margin: 'margin', costs });
    expect(Array.from(perCustomer.profit)).toEqual([100, 150, 18]);
  });

  it('reorders the value ranking: a big buyer who costs more to serve falls', () => {
    const buyers = { id: ['acme', 'bolt', 'core'], revenue: [2000, 400, 1500] };
    const r = realizedProfit(buyers, { customer: 'id', revenue: 'revenue', margin: 0.3, costs });
    // by revenue: acme > core > bolt; by realized profit: acme (100) > bolt (70) > core (−50)
    expect(Array.from(r.profit)).toEqual([100, 70, -50]);
  });

  it('rejects duplicate customer ids and margins outside 0–1', () => {
    const dup = caught(() => realizedProfit({ id: ['a', 'a'], revenue: [1, 2] }, { customer: 'id', revenue: 'revenue', margin: 0.5 }));
    expect(dup.code).toBe('invalid_value');
    expect(dup.message).toContain('first seen in row 0');
    expect(caught(() => realizedProfit(customers, { customer: 'id', revenue: 'revenue', margin: 1.5 })).code).toBe('invalid_spec');
    const badColumn = caught(() => realizedProfit({ id: [1], revenue: [1], m: [2] }, { customer: 'id', revenue: 'revenue', margin: 'm' }));
    expect(badColumn.message).toContain('expected a margin between 0 and 1');
    expect(caught(() => realizedProfit(customers, { customer: 'id', revenue: 'revenue', margin: 0.3, costs: { cost: 1 } as never })).code).toBe('invalid_spec');
  });

  it('feeds a value pyramid on realized profit, end to end from a transaction log', () => {
    const log = {
      customer: ['acme', 'acme', 'bolt', 'core', 'core', 'core'],
      day: [20240105, 20240320, 20240210, 20240101, 20240201, 20240301],
      amount: [1200, 800, 400, 500, 500, 500],
    };
    const summary = summarizeTransactions(log, { customer: 'customer', date: 'day', amount: 'amount', observationEnd: '2024-03-31', timeUnit: 'week' });
    const profit = realizedProfit(summary, { customer: 'customer', revenue: 'revenue', margin: 0.3, costs });
    const table = { ...profit, frequency: summary.frequency };
    const pyramid = fitValuePyramid(table, {
      dimensions: [{ column: 'profit', scale: 'none' }],
      tiers: {
        method: 'quantile',
        cuts: [
          { name: 'best', share: 1 / 3 },
          { name: 'rest', share: 2 / 3 },
        ],
      },
    });
    const t = tierSummary(pyramid, table, { revenue: 'revenue', profit: 'profit' });
    expect(t.tiers.map((row) => [row.tier, row.customers, row.profit])).toEqual([
      ['best', 1, 100],
      ['rest', 2, 70 - 50],
    ]);
  });
});
