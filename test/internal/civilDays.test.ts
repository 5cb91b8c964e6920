import { describe, expect, it } from 'vitest';
import { daysFromCivil, daysFromDate, daysFromDateValue, isoDateOfDay } from '../../src/internal/civilDays.js';
import { summarizeTransactions } from '../../src/index.js';
import { TIME_ZONES, driverDate, offsetMinutes, withTimeZone } from '../helpers/timeZones.js';

const days = ['2024-01-05', '2024-03-31', '2024-06-30', '2024-10-06', '2024-12-31', '2018-11-04', '2019-02-16', '1999-12-31', '2000-02-29'];

describe('daysFromDate(date): the local calendar day, except a Date at exactly 00:00 UTC', () => {
  it('switching process.env.TZ takes effect (the tests below really run in each zone)', () => {
    const jan = Date.UTC(2024, 0, 5);
    expect(TIME_ZONES.map((zone) => withTimeZone(zone, () => offsetMinutes(jan)))).toEqual([0, 60, 540, 660, -300, -210, 840, -180]);
  });

  for (const zone of TIME_ZONES) {
    it(`${zone}: a driver's local-midnight Date, new Date('YYYY-MM-DD'), Date.UTC and a Date at 23:59 local give the day they were made from`, () => {
      withTimeZone(zone, () => {
        for (const iso of days) {
          const [y, m, d] = iso.split('-').map(Number);
          const expected = daysFromCivil(y, m, d);
          expect(isoDateOfDay(daysFromDate(driverDate(iso)))).toBe(iso);
          expect(daysFromDate(new Date(iso))).toBe(expected);
          expect(daysFromDate(new Date(Date.UTC(y, m - 1, d)))).toBe(expected);
          expect(daysFromDate(new Date(y, m - 1, d, 23, 59, 59, 999))).toBe(expected);
          expect(daysFromDate(new Date(y, m - 1, d, 12, 30))).toBe(expected);
        }
      });
    });
  }

  it('America/Sao_Paulo 2018-11-04 has no local midnight: the driver gives 01:00, still that day', () => {
    withTimeZone('America/Sao_Paulo', () => {
      const date = driverDate('2018-11-04');
      expect(date.getHours()).toBe(1);
      expect(isoDateOfDay(daysFromDate(date))).toBe('2018-11-04');
    });
  });

  it('a timestamp Date counts on the day it shows locally (Tokyo 08:00 is the previous UTC day)', () => {
    const instant = new Date('2024-01-04T23:00:00Z');
    expect(withTimeZone('Asia/Tokyo', () => isoDateOfDay(daysFromDate(instant)))).toBe('2024-01-05');
    expect(withTimeZone('UTC', () => isoDateOfDay(daysFromDate(instant)))).toBe('2024-01-04');
    expect(withTimeZone('America/New_York', () => isoDateOfDay(daysFromDate(instant)))).toBe('2024-01-04');
  });

  it('an invalid Date is NaN', () => {
    expect(daysFromDateValue(new Date(Number.NaN))).toBeNaN();
  });

  for (const zone of TIME_ZONES) {
    it(`${zone}: summarizeTransactions gives the same summary for driver Dates as for ISO strings`, () => {
      withTimeZone(zone, () => {
        const log = { customer: [1, 1, 2, 2, 2], date: ['2024-01-05', '2024-03-31', '2024-06-30', '2024-10-06', '2024-12-31'], amount: [10, 20, 5, 7, 9] };
        const spec = { customer: 'customer', date: 'date', amount: 'amount', observationEnd: '2024-12-31', timeUnit: 'day' as const };
        const fromText = summarizeTransactions(log, spec);
        const fromDates = summarizeTransactions({ ...log, date: log.date.map(driverDate) }, { ...spec, observationEnd: driverDate('2024-12-31') as never });
        expect(fromDates).toEqual(fromText);
      });
    });
  }
});
