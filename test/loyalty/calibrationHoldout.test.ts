import { describe, expect, it } from 'vitest';
import { summarizeTransactions } from '../../src/index.js';
import { calibrationHoldout, fitBetaGeo, fitParetoNbd, holdoutByFrequency } from '../../src/clv.js';
import { caught, readFixtureCsv } from '../helpers/fixtures.js';

// Source: cran/BTYD data/cdnowSummary.RData $cbs — dc.ElogToCbsCbt on cdnowElog with calibration to
// 1997-09-30 (weeks 1–39): x, t_x, T_cal, and x_star (repeat purchases in the 39-week holdout).
const cbs = readFixtureCsv('loyalty/cdnow_btyd_cbs.csv').columns as Record<string, Float64Array>;
// The same CDNOW sample as a transaction log (cdnow_sample.csv = BTYD's cdnowElog, cell for cell)
const log = readFixtureCsv('value/cdnow_sample.csv').columns as Record<string, Float64Array>;
const spec = {
  customer: 'sample_id',
  date: 'date',
  value: 'dollar_value',
  calibrationEnd: '1997-09-30',
  observationEnd: '1998-06-30',
  timeUnit: 'week',
} as const;

describe('calibrationHoldout(transactions, spec)', () => {
  const split = calibrationHoldout(log, spec);

  it("equals BTYD's dc.ElogToCbsCbt cbs on CDNOW weeks 1–39 / 40–78, customer by customer", () => {
    expect(split.customer.length).toBe(2357);
    const row = new Map(Array.from(cbs.sample_id, (id, i) => [id, i]));
    split.customer.forEach((id, k) => {
      const i = row.get(Number(id))!;
      expect(split.frequency[k]).toBe(cbs.x[i]);
      expect(Math.abs(split.recency[k] - cbs.t_x[i])).toBeLessThan(1e-9);
      expect(Math.abs(split.T[k] - cbs.T_cal[i])).toBeLessThan(1e-9);
      expect(split.frequencyHoldout[k]).toBe(cbs.x_star[i]);
    });
    expect(split.duration).toBe(39);
    expect(Array.from(new Set(split.durationHoldout))).toEqual([39]);
    expect([split.calibrationEnd, split.observationEnd, split.timeUnit]).toEqual(['1997-09-30', '1998-06-30', 'week']);
  });

  it('accounts for every row, and is summarizeTransactions with calibrationEnd (one implementation)', () => {
    const c = split.counts;
    expect(c.rows).toBe(6919);
    expect(c.calibrationRows + c.holdoutRows + c.afterObservationEnd + c.skipped + c.withoutPurchaseRows).toBe(c.rows);
    const { value: _value, ...rest } = spec;
    const summary = summarizeTransactions(log, { ...rest, amount: 'dollar_value' });
    for (const [ours, theirs] of [
      [split.frequency, summary.frequency],
      [split.recency, summary.recency],
      [split.T, summary.T],
      [split.monetary, summary.monetary],
      [split.frequencyHoldout, summary.holdout!.frequency],
      [split.monetaryHoldout, summary.holdout!.monetary],
    ])
      expect(ours).toEqual(theirs);
  });

  it('goes as it is to fitBetaGeo, fitParetoNbd and holdoutByFrequency (no column names respecified)', () => {
    const bg = fitBetaGeo(split, { timeUnit: 'week' });
    const published = fitBetaGeo({ frequency: cbs.x, recency: cbs.t_x, T: cbs.T_cal }, { timeUnit: 'week' });
    expect(Math.abs(bg.params.r / published.params.r - 1)).toBeLessThan(1e-6);
    const pnbd = fitParetoNbd(split, { timeUnit: 'week' });
    expect(pnbd.fitted.n).toBe(2357);
    const table = holdoutByFrequency(bg, split);
    expect([table.duration, table.total.actual]).toEqual([39, 1882]);
    // the CLI's column names: the holdout columns read by name, without the summary's holdout object
    const { holdout: _, ...plain } = split;
    expect(holdoutByFrequency(bg, plain, { duration: 39 }).total.actual).toBe(1882);
  });

  it('without a value column: no monetary columns, the same counts', () => {
    const counts = calibrationHoldout(log, { ...spec, value: undefined });
    expect(counts.monetary).toBeUndefined();
    expect(counts.monetaryHoldout).toBeUndefined();
    expect(counts.frequencyHoldout).toEqual(split.frequencyHoldout);
  });

  it('refuses a split it cannot make, naming the field', () => {
    expect(caught(() => calibrationHoldout(log, { ...spec, calibrationEnd: '1998-07-01' }))).toMatchObject({
      code: 'invalid_spec',
      issues: [{ function: 'calibrationHoldout', path: 'spec.calibrationEnd' }],
    });
    expect(caught(() => calibrationHoldout(log, { ...spec, calibrationEnd: '1996-12-31' }))).toMatchObject({
      code: 'invalid_spec',
      issues: [{ function: 'calibrationHoldout', path: 'spec.calibrationEnd', expected: 'a date on or after the first purchase (1997-01-01)' }],
    });
    expect(caught(() => calibrationHoldout(log, { ...spec, calibrationEnd: '1997-02-30' }))).toMatchObject({
      issues: [{ path: 'spec.calibrationEnd' }],
    });
    expect(caught(() => calibrationHoldout(log, { ...spec, observationEnd: 'soon' }))).toMatchObject({
      issues: [{ path: 'spec.observationEnd' }],
    });
    const bad = { ...log, date: Array.from(log.date, (d, i) => (i === 4 ? 'yesterday' : d)) };
    expect(caught(() => calibrationHoldout(bad, spec))).toMatchObject({
      code: 'invalid_value',
      issues: [{ function: 'calibrationHoldout', column: 'date', row: 4 }],
    });
    expect(caught(() => calibrationHoldout(log, { ...spec, value: 'price' }))).toMatchObject({ code: 'missing_column' });
  });
});
