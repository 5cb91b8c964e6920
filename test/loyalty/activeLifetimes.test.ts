import { describe, expect, it } from 'vitest';
import { activeLifetimes, kaplanMeier, summarizeTransactions } from '../../src/index.js';
import { readCsvFile } from '../../src/node/index.js';
import { caught, readFixtureJson } from '../helpers/fixtures.js';

interface Reference {
  readonly observationEnd: string;
  readonly lapseAfter: number;
  readonly included: number;
  readonly oneTime: number;
  readonly tooRecent: number;
  readonly lapsed: number;
  readonly reach: number;
  readonly survivalAt: Record<string, number>;
  readonly final: number;
  readonly median: number | null;
}
// numpy, from the raw log (test/fixtures/loyalty/make_active_lifetime_reference.py)
const reference = readFixtureJson<{ source: string; curves: Reference[] }>('loyalty/active_lifetime_reference.json');

describe('activeLifetimes(customers, { lapseAfter })', async () => {
  const log = (await readCsvFile('examples/data/cdnow_master.csv')).columns;

  it.each(reference.curves)('matches a numpy Kaplan–Meier written from the raw CDNOW log, censored at T − lapse (end $observationEnd)', (ref) => {
    const summary = summarizeTransactions(log, {
      customer: 'customer_id',
      date: 'date',
      amount: 'dollar_value',
      observationEnd: ref.observationEnd,
      timeUnit: 'week',
    });
    const lives = activeLifetimes(summary, { lapseAfter: ref.lapseAfter });
    expect(lives.counts).toEqual({ included: ref.included, oneTime: ref.oneTime, tooRecent: ref.tooRecent });
    expect(lives.reach).toBeCloseTo(ref.reach, 10);
    const curve = kaplanMeier(lives.durations, lives.lapsed);
    expect(curve.totalEvents).toBe(ref.lapsed);
    const at = (t: number) => curve.survival.reduce((s, v, k) => (curve.time[k] <= t ? v : s), 1);
    for (const [t, s] of Object.entries(ref.survivalAt)) expect(at(Number(t)), `S(${t})`).toBeCloseTo(s, 12);
    expect(curve.survival[curve.survival.length - 1]).toBeCloseTo(ref.final, 12);
    if (ref.median === null) expect(curve.median).toBeNull();
    else expect(curve.median).toBeCloseTo(ref.median, 10);
    // the curve ends where the data end: no time beyond the reach
    expect(curve.time[curve.time.length - 1]).toBeCloseTo(ref.reach, 10);
  });

  it('observes lapses only before T − lapseAfter: every lapse lies below its own censoring time', () => {
    const summary = summarizeTransactions(log, {
      customer: 'customer_id',
      date: 'date',
      amount: 'dollar_value',
      observationEnd: '1997-09-30',
      timeUnit: 'week',
    });
    const lapseAfter = 26;
    const lives = activeLifetimes(summary, { lapseAfter });
    for (let j = 0; j < lives.durations.length; j++) {
      const i = lives.customers[j];
      const censor = summary.T[i] - lapseAfter;
      if (lives.lapsed[j] === 1) expect(lives.durations[j]).toBeLessThan(censor);
      else expect(lives.durations[j]).toBe(censor);
      expect(lives.durations[j]).toBeLessThanOrEqual(lives.reach as number);
    }
  });

  it('leaves out customers first seen no more than lapseAfter before the end, and one-time buyers, counted', () => {
    const lives = activeLifetimes({ frequency: [0, 2, 1, 1], recency: [0, 5, 3, 1], T: [30, 10, 26, 27] }, { lapseAfter: 26 });
    expect(lives.counts).toEqual({ included: 1, oneTime: 1, tooRecent: 2 });
    expect(Array.from(lives.durations)).toEqual([1]);
    expect(Array.from(lives.lapsed)).toEqual([0]);
    expect(activeLifetimes({ frequency: [1], recency: [1], T: [5] }, { lapseAfter: 26 }).reach).toBeNull();
  });

  it('refuses a bad lapse window or inconsistent columns', () => {
    expect(caught(() => activeLifetimes({ frequency: [1], recency: [1], T: [5] }, { lapseAfter: 0 })).code).toBe('invalid_spec');
    expect(caught(() => activeLifetimes({ frequency: [1], recency: [1], T: [-5] }, { lapseAfter: 1 })).issues[0]).toMatchObject({ column: 'T', row: 0 });
    expect(caught(() => activeLifetimes({ frequency: [1, 1], recency: [1, 6], T: [5, 5] }, { lapseAfter: 1 })).issues[0]).toMatchObject({
      column: 'recency',
      row: 1,
    });
    expect(caught(() => activeLifetimes({ frequency: [1], recency: [1] }, { lapseAfter: 1 })).code).toBe('missing_column');
  });
});
