import { describe, expect, it } from 'vitest';
import { summarizeTransactions, type CustomerSummary } from '../../src/index.js';
import { fitBetaGeo } from '../../src/clv.js';
import { readCsvFile } from '../../src/node/index.js';
import { TIME_ZONES, withTimeZone } from '../helpers/timeZones.js';

const spec = { customer: 'customer', date: 'date', amount: 'amount', observationEnd: '2024-03-31', timeUnit: 'week' } as const;
const numbers = (s: CustomerSummary) => {
  const { warnings: _warnings, ...rest } = s;
  return rest;
};
const codes = (s: CustomerSummary) => s.warnings.map((w) => w.code);

describe('summarizeTransactions(...).warnings', async () => {
  const log = (await readCsvFile('examples/data/cdnow_master.csv')).columns;
  const cdnow = (end: string) =>
    summarizeTransactions(log, { customer: 'customer_id', date: 'date', amount: 'dollar_value', observationEnd: end, timeUnit: 'week' });

  it('warns on CDNOW about its $0 customers and its repeated rows (counts from numpy), as plain JSON-safe objects', () => {
    const s = cdnow('1997-09-30');
    expect(codes(s)).toEqual(['non_positive_revenue', 'duplicate_rows']);
    expect(s.warnings[0].counts).toEqual({ customers: 70, negative: 0, zero: 70 });
    // numpy: len(rows) − len(np.unique(rows[:, [customer, date, amount]], axis=0)) for rows up to the end: 113 and 255
    expect(s.warnings[1].counts).toEqual({ rows: 113 });
    expect(cdnow('1998-06-30').warnings[1].counts).toEqual({ rows: 255 });
    expect(s.warnings[1].message).toMatch(/^113 rows repeat an earlier row's customer, date and amount \(e\.g\. 1997-\d\d-\d\d, amount [\d.]+\)/);
    expect(JSON.parse(JSON.stringify(s.warnings))).toEqual(s.warnings);
  });

  it('warns when the calibration is too short for BG/NBD: on CDNOW exactly where its fits fail or are far off (median gaps from numpy)', () => {
    // numpy medians of (last − first) / repeat days over repeat buyers, in days, and the window in days
    const cases = [
      { end: '1997-01-08', warns: true, windowDays: 7, medianGapDays: 2.5 },
      { end: '1997-01-31', warns: true, windowDays: 30, medianGapDays: 8 },
      { end: '1997-02-07', warns: true, windowDays: 37, medianGapDays: 9 },
      { end: '1997-02-28', warns: true, windowDays: 58, medianGapDays: 12 },
      { end: '1997-03-31', warns: false },
      { end: '1997-09-30', warns: false },
    ];
    for (const c of cases) {
      const s = cdnow(c.end);
      const warning = s.warnings.find((w) => w.code === 'short_calibration');
      expect(warning !== undefined, c.end).toBe(c.warns);
      if (warning) expect(warning.counts).toMatchObject({ windowDays: c.windowDays, medianGapDays: c.medianGapDays });
      // the witness: a fit on a window without the warning converges with its dropout identified (a, b near their long-window values);
      // on the warned windows up to 1997-02-07 it fails or leaves the dropout unidentified (a → 0, b → ∞)
      let fit: { a: number; b: number } | null;
      let fitWarned = false;
      try {
        const model = fitBetaGeo(s, { timeUnit: 'week' });
        fit = model.params;
        fitWarned = model.fitted.warnings.some((w) => w.includes('barely identified'));
      } catch {
        fit = null;
      }
      if (!c.warns) expect(fit !== null && !fitWarned && fit.a > 0.3 && fit.b > 0.8, c.end).toBe(true);
      if (c.end <= '1997-02-07') expect(fit === null || fitWarned || fit.a < 0.01 || fit.b > 1000, c.end).toBe(true);
    }
    // too few repeat buyers: fewer than 40 (10 per BG/NBD parameter)
    const tiny = summarizeTransactions(
      { customer: ['a', 'a', 'b', 'c', 'c'], date: [20240101, 20240110, 20240102, 20240103, 20240201], amount: [1, 2, 3, 4, 5] },
      spec,
    );
    expect(tiny.warnings.find((w) => w.code === 'short_calibration')?.message).toContain('2 customers repeated (fewer than 40: 10 per BG/NBD parameter)');
  });

  it('warns about refunds and negative totals, with their counts', () => {
    const s = summarizeTransactions(
      { customer: ['a', 'a', 'b', 'b', 'c'], date: [20240101, 20240105, 20240102, 20240102, 20240103], amount: [10, -15, 20, -5, -3] },
      spec,
    );
    expect(codes(s)).toContain('refunds');
    expect(s.warnings.find((w) => w.code === 'refunds')?.counts).toEqual({ negativeRows: 3, refundDays: 2, withoutPurchase: 1, withoutPurchaseRows: 1 });
    expect(s.warnings.find((w) => w.code === 'non_positive_revenue')?.counts).toEqual({ customers: 1, negative: 1, zero: 0 });
    expect(codes(summarizeTransactions({ customer: ['a'], date: [20240101], amount: [10] }, spec))).not.toContain('refunds');
  });

  it('finds duplicates by customer, date and amount, and by the exact timestamp when dates carry times', () => {
    const days = summarizeTransactions(
      { customer: ['a', 'a', 'a', 'b', 'a'], date: ['2024-01-05', '2024-01-05', '2024-01-05', '2024-01-05', '2024-01-06'], amount: [10, 10, 10, 10, 10] },
      spec,
    );
    expect(days.warnings.find((w) => w.code === 'duplicate_rows')?.counts).toEqual({ rows: 2 });
    // two orders of 10 at different times of one day are not duplicates; the same timestamp twice is
    const times = summarizeTransactions(
      { customer: ['a', 'a', 'a'], date: ['2024-01-05 09:00', '2024-01-05 17:30', '2024-01-05T17:30'], amount: [10, 10, 10] },
      spec,
    );
    expect(times.warnings.find((w) => w.code === 'duplicate_rows')).toBeUndefined();
    const twice = summarizeTransactions(
      { customer: ['a', 'a', 'a'], date: ['2024-01-05 09:00', '2024-01-05 17:30', '2024-01-05 17:30'], amount: [10, 10, 10] },
      spec,
    );
    expect(twice.warnings.find((w) => w.code === 'duplicate_rows')?.message).toMatch(
      /^1 row repeats an earlier row's customer, timestamp and amount \(e\.g\. 2024-01-05 17:30, amount 10\)/,
    );
  });

  it('warns when dates carry a time of day, and counts the orders whose day differs from their UTC day', () => {
    const s = summarizeTransactions(
      { customer: ['a', 'a', 'b', 'c'], date: ['2024-01-05T23:30:00-05:00', '2024-01-09 10:00:00+00', '2024-01-06 09:00', '2024-01-07'], amount: [1, 2, 3, 4] },
      spec,
    );
    const w = s.warnings.find((x) => x.code === 'time_of_day');
    expect(w?.counts).toEqual({ timestamps: 3, withOffset: 2, localDates: 0, notUtcDay: 1 });
    expect(w?.message).toBe(
      '3 dates carry a time of day, so the calendar day an order counts on depends on a time zone: timestamp text counts on the date as written, in the offset it carries (2 with an offset, 1 without). ' +
        '1 of them falls on another day in UTC (e.g. row 0, "2024-01-05T23:30:00-05:00", counts on 2024-01-05, in UTC 2024-01-06). ' +
        "Days set frequency, recency and T; to count orders on another zone's days, convert the timestamps to dates in that zone first.",
    );
    // plain dates, YYYYMMDD and Dates at midnight (local or UTC, as drivers and Date.UTC make them) carry no time: no warning, in every zone
    for (const zone of TIME_ZONES) {
      withTimeZone(zone, () => {
        const plain = summarizeTransactions(
          { customer: ['a', 'b', 'c', 'd'], date: ['2024-01-05', 20240106, new Date(2024, 0, 7), new Date(Date.UTC(2024, 0, 8))], amount: [1, 2, 3, 4] },
          spec,
        );
        expect(codes(plain), zone).not.toContain('time_of_day');
        const noon = summarizeTransactions({ customer: ['a'], date: [new Date(2024, 0, 7, 12, 30)], amount: [1] }, spec);
        expect(noon.warnings.find((x) => x.code === 'time_of_day')?.counts, zone).toMatchObject({ timestamps: 1, localDates: 1 });
        expect(noon.warnings.find((x) => x.code === 'time_of_day')?.message, zone).toContain(
          `a Date counts on its local calendar day in this process's time zone, ${zone}`,
        );
      });
    }
    // rows after the end are not counted
    expect(codes(summarizeTransactions({ customer: ['a', 'a'], date: ['2024-01-05', '2024-05-01 10:00'], amount: [1, 2] }, spec))).not.toContain('time_of_day');
  });

  it('changes no number: the same log with timestamps, duplicates or in another order gives the same summary', () => {
    const base = { customer: ['a', 'a', 'b', 'a', 'c'], date: [20240105, 20240110, 20240106, 20240110, 20240301], amount: [10, 5, 7, 5, -2] };
    const plain = summarizeTransactions(base, spec);
    const timed = summarizeTransactions(
      { ...base, date: ['2024-01-05 12:00', '2024-01-10T08:00:00+01:00', '2024-01-06 23:59', '2024-01-10 09:00', '2024-03-01 00:00:00Z'] },
      spec,
    );
    expect(numbers(timed)).toEqual(numbers(plain));
    expect(codes(timed)).toContain('time_of_day');
    const reversed = (xs: readonly (string | number)[]) => [...xs].reverse();
    const shuffled = summarizeTransactions({ customer: reversed(base.customer), date: reversed(base.date), amount: reversed(base.amount) }, spec);
    expect(Array.from(shuffled.revenue).sort()).toEqual(Array.from(plain.revenue).sort());
    expect(shuffled.warnings.map((w) => w.counts)).toEqual(plain.warnings.map((w) => w.counts));
  });
});
