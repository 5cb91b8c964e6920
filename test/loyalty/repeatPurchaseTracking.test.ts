import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { repeatPurchaseTracking, repeatPurchaseTrackingFromCounts } from '../../src/clv.js';
import type { BetaGeoModel } from '../../src/clv.js';
import { caught, fixturePath, readFixtureCsv } from '../helpers/fixtures.js';

// Source: test/fixtures/loyalty/make_tracking_reference.py (plain Python counts and FHL 2005 eq. 9 in 60-digit decimals)
const reference = JSON.parse(readFileSync(fixturePath('loyalty/tracking_reference.json'), 'utf8')) as {
  params: { r: number; alpha: number; a: number; b: number };
  weeks: number;
  actual: number[];
  expectedCumulative: number[];
};
// Source: cran/BTYD data/cdnowSummary.RData $cu.tracking (shared dataset cdnow_btyd_weekly_cum_repeat_transactions.csv)
const btydTracking = readFixtureCsv('loyalty/cdnow_btyd_weekly_cum_repeat_transactions.csv').columns as Record<string, Float64Array>;
const sample = readFixtureCsv('value/cdnow_sample.csv').columns as Record<string, Float64Array>;

const model: BetaGeoModel = {
  kind: 'betaGeo',
  version: 2,
  spec: { timeUnit: 'week', columns: { frequency: 'frequency', recency: 'recency', T: 'T', monetary: 'monetary' }, missing: 'error', maxIterations: 1000 },
  params: reference.params,
  standardErrors: null,
  fitted: { n: 2357, skipped: 0, warnings: [], diagnostics: { logLikelihood: -9582.43, groups: 1016, iterations: 0 } },
};
const spec = { customer: 'sample_id', date: 'date', amount: 'dollar_value', calibrationEnd: '1997-09-30', observationEnd: '1998-06-30' } as const;

describe('repeatPurchaseTracking(model, transactions, spec)', () => {
  const tracking = repeatPurchaseTracking(model, sample, spec);

  it("counts CDNOW's weekly repeat purchases exactly as BTYD's cu.tracking", () => {
    expect(tracking.origin).toBe('1997-01-01');
    expect(tracking.period.length).toBe(78);
    expect(Array.from(tracking.actualCumulative!)).toEqual(Array.from(btydTracking.cum_repeat_transactions));
    expect(Array.from(tracking.actual!)).toEqual(reference.actual);
    expect(tracking.customers).toBe(2357);
    expect(tracking.calibrationEnd).toBeCloseTo(39, 12);
    expect(tracking.counts).toEqual({ rows: 6919, skipped: 0, afterLastPeriod: 0, leftOut: 0, withoutPurchase: 0 });
  });

  it('expects what FHL eq. 9 summed over births gives (60-digit reference), to 1e-11 relative', () => {
    for (let k = 0; k < 78; k++) {
      expect(Math.abs(tracking.expectedCumulative[k] / reference.expectedCumulative[k] - 1)).toBeLessThan(1e-11);
      const increment = tracking.expectedCumulative[k] - (k === 0 ? 0 : tracking.expectedCumulative[k - 1]);
      expect(tracking.expected[k]).toBe(increment);
    }
    expect(Array.from(tracking.end)).toEqual(Array.from({ length: 78 }, (_, k) => k + 1));
  });

  it('equals the aggregate door fed with the births histogram and the actual counts', () => {
    const byBirth = new Map<number, number>();
    const first = new Map<number, number>();
    for (let i = 0; i < sample.sample_id.length; i++) {
      const day = Date.UTC(Math.floor(sample.date[i] / 10000), (Math.floor(sample.date[i] / 100) % 100) - 1, sample.date[i] % 100) / 86_400_000;
      first.set(sample.sample_id[i], Math.min(first.get(sample.sample_id[i]) ?? Infinity, day));
    }
    const origin = Date.UTC(1997, 0, 1) / 86_400_000;
    for (const day of first.values()) byBirth.set((day - origin) / 7, (byBirth.get((day - origin) / 7) ?? 0) + 1);
    const births = { birth: [...byBirth.keys()].reverse(), customers: [...byBirth.values()].reverse() };
    const counts = repeatPurchaseTrackingFromCounts(model, births, { periods: 78, columns: { customers: 'customers' }, actual: tracking.actual! });
    expect(Array.from(counts.expectedCumulative)).toEqual(Array.from(tracking.expectedCumulative));
    expect(Array.from(counts.actualCumulative!)).toEqual(Array.from(tracking.actualCumulative!));
    // one row per customer (no count column) is the same base
    const perCustomer = { birth: [...first.values()].map((day) => (day - origin) / 7) };
    expect(Array.from(repeatPurchaseTrackingFromCounts(model, perCustomer, { periods: 78 }).expectedCumulative)).toEqual(
      Array.from(tracking.expectedCumulative),
    );
  });

  it('gives the same numbers for the log in any row order, and two-week periods pick every second week', () => {
    const n = sample.sample_id.length;
    const order = Array.from({ length: n }, (_, i) => (i * 7919) % n);
    const shuffled = Object.fromEntries(Object.entries(sample).map(([k, v]) => [k, order.map((i) => v[i])]));
    const again = repeatPurchaseTracking(model, shuffled, spec);
    expect(Array.from(again.expectedCumulative)).toEqual(Array.from(tracking.expectedCumulative));
    expect(Array.from(again.actual!)).toEqual(Array.from(tracking.actual!));
    const births = { birth: [0, 0.5, 3.25] };
    const weekly = repeatPurchaseTrackingFromCounts(model, births, { periods: 10 });
    const fortnightly = repeatPurchaseTrackingFromCounts(model, births, { periods: 5, periodLength: 2 });
    for (let k = 0; k < 5; k++) expect(fortnightly.expectedCumulative[k]).toBe(weekly.expectedCumulative[2 * k + 1]);
  });

  it('applies the day rules: same-day rows are one purchase, a refund day is neither a birth nor a repeat; later cohorts are left out', () => {
    const log = {
      c: ['a', 'a', 'a', 'b', 'b', 'b', 'c', 'd'],
      d: ['2024-01-01', '2024-01-01', '2024-01-09', '2024-01-02', '2024-01-03', '2024-01-10', '2024-01-20', '2024-02-01'],
      v: [5, 6, 7, -4, 3, 8, 2, 9],
    };
    const out = repeatPurchaseTracking(model, log, { customer: 'c', date: 'd', amount: 'v', observationEnd: '2024-01-28', cohortEnd: '2024-01-15' });
    // a: born Jan 1, repeat Jan 9 (week 2); b: Jan 2 nets −4 with a refund (not a purchase), born Jan 3, repeat Jan 10 (week 2); c born after the cohort end; d after the observation end
    expect(out.origin).toBe('2024-01-01');
    expect(Array.from(out.actual!)).toEqual([0, 2, 0, 0]);
    expect(out.customers).toBe(2);
    expect(out.counts).toEqual({ rows: 8, skipped: 0, afterLastPeriod: 1, leftOut: 1, withoutPurchase: 1 });
  });

  it('refuses what it cannot track, naming the problem', () => {
    expect(caught(() => repeatPurchaseTracking({ kind: 'rfm' }, sample, spec))).toMatchObject({ code: 'invalid_model', issues: [{ path: 'model.kind' }] });
    expect(caught(() => repeatPurchaseTracking(model, sample, { ...spec, origin: '1997-01-05' }))).toMatchObject({
      code: 'invalid_spec',
      issues: [{ path: 'spec.origin' }],
    });
    expect(caught(() => repeatPurchaseTracking(model, sample, { ...spec, calibrationEnd: '1999-01-01' }))).toMatchObject({
      code: 'invalid_spec',
      issues: [{ path: 'spec.calibrationEnd' }],
    });
    expect(caught(() => repeatPurchaseTracking(model, sample, { ...spec, observationEnd: '1997-01-03', calibrationEnd: undefined }))).toMatchObject({
      code: 'invalid_spec',
      issues: [{ path: 'spec.observationEnd' }],
    });
    expect(caught(() => repeatPurchaseTrackingFromCounts(model, { birth: [0, -1] }, { periods: 3 }))).toMatchObject({
      code: 'invalid_value',
      issues: [{ column: 'birth', row: 1 }],
    });
    expect(caught(() => repeatPurchaseTrackingFromCounts(model, { birth: [0], n: [1.5] }, { periods: 3, columns: { customers: 'n' } }))).toMatchObject({
      code: 'invalid_value',
      issues: [{ column: 'n', row: 0 }],
    });
    expect(caught(() => repeatPurchaseTrackingFromCounts(model, { birth: [0] }, { periods: 3, actual: [1, 2] }))).toMatchObject({
      code: 'invalid_spec',
      issues: [{ path: 'spec.actual' }],
    });
    expect(caught(() => repeatPurchaseTrackingFromCounts(model, { birth: [0] }, { periods: 3, actual: [1, NaN, 2] }))).toMatchObject({
      code: 'invalid_spec',
      issues: [{ path: 'spec.actual.1' }],
    });
  });
});
