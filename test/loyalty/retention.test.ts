import { describe, expect, it } from 'vitest';
import { churnRate, cohortRetention, customerFlows, lifecycleStages, retentionRate } from '../../src/index.js';
import { fitBetaGeo } from '../../src/clv.js';
import { periodIndex, periodLabel, periodStart } from '../../src/loyalty/calendarPeriods.js';
import { caught, readFixtureCsv } from '../helpers/fixtures.js';

const sample = readFixtureCsv('value/cdnow_sample.csv').columns as Record<string, Float64Array>;

describe('calendar periods', () => {
  it('label and start consistently, with ISO weeks starting on Monday', () => {
    // epoch day 19,737 is Monday 2024-01-15 and 19,740 the Thursday after
    expect(periodLabel(periodIndex(19_737, 'week'), 'week')).toBe('2024-01-15');
    expect(periodLabel(periodIndex(19_740, 'week'), 'week')).toBe('2024-01-15');
    expect(periodLabel(periodIndex(19_736, 'week'), 'week')).toBe('2024-01-08');
    expect(periodLabel(periodIndex(19_740, 'quarter'), 'quarter')).toBe('2024-Q1');
    for (const period of ['week', 'month', 'quarter', 'year'] as const) {
      for (let day = 19_000; day < 19_800; day += 13) {
        const index = periodIndex(day, period);
        expect(periodStart(index, period)).toBeLessThanOrEqual(day);
        expect(periodStart(index + 1, period)).toBeGreaterThan(day);
      }
    }
    expect(new Date(periodStart(periodIndex(19_737, 'week'), 'week') * 86_400_000).getUTCDay()).toBe(1);
  });
});

describe('cohortRetention(transactions, spec)', () => {
  it('builds the cohort × offset matrix (hand-computed) with null for unobserved cells and revenue', () => {
    const log = {
      c: ['a', 'a', 'a', 'b', 'b', 'c', 'd', 'd'],
      d: ['2024-01-03', '2024-01-20', '2024-03-02', '2024-01-15', '2024-02-01', '2024-02-10', '2024-03-05', '2024-03-20'],
      v: [10, 5, 7, 3, 4, 8, 1, 2],
    };
    const r = cohortRetention(log, { customer: 'c', date: 'd', period: 'month', amount: 'v', observationEnd: '2024-03-31' });
    expect(r.partialPeriod).toBeNull();
    expect(r.cohorts).toEqual(['2024-01', '2024-02', '2024-03']);
    expect(r.size).toEqual([2, 1, 1]);
    expect(r.active).toEqual([
      [2, 1, 1],
      [1, 0, null],
      [1, null, null],
    ]);
    expect(r.retention).toEqual([
      [1, 0.5, 0.5],
      [1, 0, null],
      [1, null, null],
    ]);
    expect(r.revenue).toEqual([
      [18, 4, 7],
      [8, 0, null],
      [3, null, null],
    ]);
  });

  it('on the CDNOW sample: every cohort starts at 1, and cohort sizes sum to the customers', () => {
    const r = cohortRetention(sample, { customer: 'sample_id', date: 'date', period: 'month' });
    expect(r.cohorts).toEqual(['1997-01', '1997-02', '1997-03']);
    expect(r.size.reduce((a, b) => a + b, 0)).toBe(2357);
    for (const row of r.retention) {
      expect(row[0]).toBe(1);
      for (const v of row) if (v !== null) expect(v).toBeGreaterThanOrEqual(0);
    }
    expect(r.active[0].length).toBe(18); // January 1997 to June 1998
    // the March 1997 cohort is observed for 16 months (to June 1998)
    expect(r.active[2][15]).not.toBeNull();
    expect(r.active[2][16]).toBeNull();
  });

  it('leaves out the period the observation end cuts short, named with its rows, never as 0 or churn', () => {
    const log = {
      c: ['a', 'a', 'a', 'b', 'b', 'c', 'd', 'd', 'e'],
      d: ['2024-01-03', '2024-01-20', '2024-03-02', '2024-01-15', '2024-02-01', '2024-02-10', '2024-03-05', '2024-03-20', '2024-04-02'],
    };
    // the end on 15 March: March is partial (a, d bought in it so far), April is after the end
    const spec = { customer: 'c', date: 'd', period: 'month', observationEnd: '2024-03-15' } as const;
    const r = cohortRetention(log, spec);
    expect(r.partialPeriod).toEqual({ period: '2024-03', from: '2024-03-01', to: '2024-03-31', rows: 2 });
    expect(r.afterObservationEnd).toBe(2);
    expect(r.observationEnd).toBe('2024-03-15');
    expect(r.cohorts).toEqual(['2024-01', '2024-02']);
    expect(r.active).toEqual([
      [2, 1],
      [1, null],
    ]);
    const f = customerFlows(log, spec);
    expect(f.partialPeriod).toEqual(r.partialPeriod);
    expect(f.flows.map((x) => x.period)).toEqual(['2024-01', '2024-02']);
    expect(churnRate(log, spec).map((x) => x.period)).toEqual(['2024-02']);
    // every row accounted for: kept + after the end + in the partial period
    expect(f.rows).toBe(9);
    // by default the end is the latest date (2 April): April is partial, March complete and kept
    const open = customerFlows(log, { customer: 'c', date: 'd', period: 'month' });
    expect(open.observationEnd).toBe('2024-04-02');
    expect(open.partialPeriod).toMatchObject({ period: '2024-04', rows: 1 });
    expect(open.flows.map((x) => [x.period, x.lost])).toEqual([
      ['2024-01', 0],
      ['2024-02', 1],
      ['2024-03', 2],
    ]);
    // an end on the period's last day closes it; a quarter cut in mid-May is partial
    expect(customerFlows(log, { ...spec, observationEnd: 20240331 }).partialPeriod).toBeNull();
    expect(customerFlows(log, { ...spec, period: 'quarter', observationEnd: '2024-05-15' }).partialPeriod).toMatchObject({ period: '2024-Q2', rows: 1 });
    // nothing complete: empty, not an error, and the reason is named
    const none = cohortRetention(log, { ...spec, period: 'year' });
    expect([none.cohorts, none.partialPeriod?.period]).toEqual([[], '2024']);
    expect(caught(() => cohortRetention(log, { ...spec, observationEnd: '15/03/2024' })).issues[0]).toMatchObject({ path: 'spec.observationEnd' });
  });

  it('needs an explicit period', () => {
    expect(caught(() => cohortRetention(sample, { customer: 'sample_id', date: 'date' } as never)).issues[0].path).toBe('spec.period');
  });
});

describe('customerFlows / retentionRate / churnRate', () => {
  it('keeps the leaky-bucket identities on the CDNOW sample, month by month', () => {
    const { flows } = customerFlows(sample, { customer: 'sample_id', date: 'date', period: 'month' });
    expect(flows.length).toBe(18);
    let previous = 0;
    for (const f of flows) {
      expect(f.active).toBe(f.new + f.retained + f.returning);
      expect(f.retained + f.lost).toBe(previous);
      if (f.retentionRate !== null) expect(f.retentionRate + (f.churnRate as number)).toBeCloseTo(1, 12);
      previous = f.active;
    }
    expect(flows.at(-1)!.cumulativeCustomers).toBe(2357);
    expect(flows.slice(3).every((f) => f.new === 0)).toBe(true); // only Q1 1997 acquisitions
  });

  it('rates come from the flows', () => {
    const spec = { customer: 'sample_id', date: 'date', period: 'quarter' } as const;
    const { flows } = customerFlows(sample, spec);
    const retention = retentionRate(sample, spec);
    const churn = churnRate(sample, spec);
    expect(retention.map((r) => r.rate)).toEqual(flows.slice(1).map((f) => f.retentionRate));
    churn.forEach((r, i) => {
      expect(r.count + retention[i].count).toBe(r.base);
      expect(r.period).toBe(flows[i + 1].period);
    });
  });
});

describe('lifecycleStages(transactions, spec)', () => {
  it('applies the documented rules, with P(alive) overriding to decline', () => {
    const spec = { customer: 'sample_id', date: 'date', observationEnd: '1997-09-30', timeUnit: 'week', explorationPeriod: 13, recentWindow: 13 } as const;
    const r = lifecycleStages(sample, spec);
    expect(r.customer.length).toBe(2357);
    expect(Object.values(r.counts).reduce((a, b) => a + b, 0)).toBe(2357);
    expect(r.afterObservationEnd).toBeGreaterThan(0);
    for (let i = 0; i < r.stage.length; i++) {
      const stage = r.stages[r.stage[i]];
      if (r.tenure[i] < 13) expect(stage).toBe('exploration');
      else if (r.recentRate[i] < 0.5 * r.earlierRate[i]) expect(stage).toBe('decline');
      else if (r.recentRate[i] > 1.5 * r.earlierRate[i]) expect(stage).toBe('development');
      else expect(stage).toBe('maturity');
    }
    const purchaseModel = fitBetaGeo(readFixtureCsv('value/cdnow_customers_summary.csv').columns, { timeUnit: 'week' });
    const withModel = lifecycleStages(sample, { ...spec, purchaseModel, aliveThreshold: 0.3 });
    for (let i = 0; i < withModel.stage.length; i++) {
      if (withModel.probabilityAlive![i] < 0.3) expect(withModel.stages[withModel.stage[i]]).toBe('decline');
    }
    expect(withModel.counts.decline).toBeGreaterThanOrEqual(r.counts.decline - r.counts.exploration);
    const wrongUnit = caught(() => lifecycleStages(sample, { ...spec, timeUnit: 'day', explorationPeriod: 90, recentWindow: 90, purchaseModel }));
    expect(wrongUnit.message).toContain('in weeks but the spec says days');
  });
});
