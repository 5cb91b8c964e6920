import { describe, expect, it } from 'vitest';
import {
  dateValueProblem,
  daysFromCivil,
  daysFromDate,
  daysFromDateString,
  daysFromDateValue,
  isoDateOfDay,
  readDateTimeText,
} from '../../src/internal/civilDays.js';
import { summarizeTransactions } from '../../src/index.js';
import { ColumnReader } from '../../src/internal/columnReader.js';
import { readTimestamps } from '../../src/internal/dateColumns.js';
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
        const fromDates = summarizeTransactions({ ...log, date: log.date.map(driverDate) }, { ...spec, observationEnd: driverDate('2024-12-31') });
        expect(fromDates).toEqual(fromText);
      });
    });
  }
});

// Instants from Python 3.11: datetime.fromisoformat(text).timestamp() * 1000 (and .date() for
// the day as written), which reads every one of these forms.
const pgTexts: [string, string, number][] = [
  ['2024-01-05 10:00:00+00', '2024-01-05', 1704448800000],
  ['2024-01-05 10:00:00.123456+05:30', '2024-01-05', 1704429000123],
  ['2024-01-05T10:00:00Z', '2024-01-05', 1704448800000],
  ['2024-01-05 23:30:00-05', '2024-01-05', 1704515400000],
  ['2024-01-05 00:15:00+14:00', '2024-01-05', 1704363300000],
  ['2024-01-05 10:00:00+0530', '2024-01-05', 1704429000000],
  ['2024-01-05 10:00+01', '2024-01-05', 1704445200000],
  ['1850-01-01 00:00:00+00:53:28', '1850-01-01', -3786828808000],
  ['2024-01-05T10:00:00.5-03:30', '2024-01-05', 1704461400500],
];

describe('readDateTimeText(text): timestamp text as PostgreSQL and ISO 8601 print it', () => {
  for (const [text, day, instant] of pgTexts) {
    it(`${text} is ${day} (the date as written) at instant ${instant}`, () => {
      const reading = readDateTimeText(text);
      expect(typeof reading).toBe('object');
      const r = reading as Exclude<ReturnType<typeof readDateTimeText>, string | null>;
      expect(isoDateOfDay(r.day)).toBe(day);
      expect(r.instant).toBe(instant);
      for (const zone of TIME_ZONES) expect(withTimeZone(zone, () => isoDateOfDay(daysFromDateValue(` ${text} `)))).toBe(day);
    });
  }

  it('a timestamp without a zone is the date as written too', () => {
    expect(isoDateOfDay(daysFromDateString('2024-01-05 23:59:59.999999'))).toBe('2024-01-05');
  });

  const refused: [string, RegExp][] = [
    ['2024-02-30 10:00:00+00', /2024-02-30 is not a calendar date/],
    ['2023-02-29T10:00:00Z', /not a calendar date/],
    ['2024-01-05 24:00:00+00', /hour 24 is not 00–23/],
    ['2024-01-05 10:60:00Z', /minute 60/],
    ['2024-01-05 10:00:60Z', /second 60/],
    ['2024-01-05 10:00:00+15', /offset \+15 is beyond ±14:00/],
    ['2024-01-05 10:00:00-14:01', /offset -14:01 is beyond ±14:00/],
    ['2024-01-05 10:00:00+05:60', /offset \+05:60 has minutes/],
    ['2024-01-05 10:00:00.1234567891Z', /at most 9 digits/],
    ['2024-01-05 10:00:00+5', /expected a timestamp 'YYYY-MM-DD hh:mm/],
    ['2024-01-05 10:00:00 +00', /expected a timestamp/],
    ['2024-01-05 10h00', /expected a timestamp/],
  ];
  for (const [text, reason] of refused) {
    it(`refuses ${text} saying why`, () => {
      expect(daysFromDateValue(text)).toBeNaN();
      expect(dateValueProblem(text)).toMatch(reason);
      const log = { customer: [1, 1], date: ['2024-01-01', text], amount: [1, 2] };
      expect(() => summarizeTransactions(log, { customer: 'customer', date: 'date', amount: 'amount', observationEnd: '2024-12-31', timeUnit: 'day' })).toThrow(
        reason,
      );
    });
  }

  for (const zone of TIME_ZONES) {
    it(`${zone}: summarizeTransactions reads PostgreSQL timestamp text as the ISO dates written`, () => {
      withTimeZone(zone, () => {
        const log = { customer: [1, 1, 2, 2], date: ['2024-01-05', '2024-03-31', '2024-06-30', '2024-12-31'], amount: [10, 20, 5, 7] };
        const times = ['2024-01-05 23:30:00-05', '2024-03-31 00:15:00+14', '2024-06-30T00:00:00.000001+0530', '2024-12-31 10:00:00+00'];
        const spec = { customer: 'customer', date: 'date', amount: 'amount', observationEnd: '2024-12-31', timeUnit: 'day' as const };
        const { warnings, ...timed } = summarizeTransactions({ ...log, date: times }, spec);
        const { warnings: plain, ...dated } = summarizeTransactions(log, spec);
        expect(timed).toEqual(dated);
        // the only difference: the warning that the dates carried times (3 of them on another UTC day)
        expect(warnings.filter((w) => w.code !== 'time_of_day')).toEqual(plain);
        expect(warnings.find((w) => w.code === 'time_of_day')?.counts).toEqual({ timestamps: 4, withOffset: 4, localDates: 0, notUtcDay: 3 });
      });
    });
  }
});

describe('readTimestamps: PostgreSQL timestamp text is the instant it names', () => {
  it('reads every form to the instant Python reads, and refuses impossible text saying why', () => {
    const reader = new ColumnReader({ t: pgTexts.map(([text]) => text) }, 'test', ['t']);
    expect(Array.from(readTimestamps(reader, 't', 'event time'))).toEqual(pgTexts.map(([, , instant]) => instant));
    reader.finish();
    const bad = new ColumnReader({ t: ['2024-01-05 10:00:00+15'] }, 'test', ['t']);
    readTimestamps(bad, 't', 'event time');
    expect(() => bad.finish()).toThrow(/beyond ±14:00/);
  });

  it('text without a zone is local time, as Date.parse takes it', () => {
    for (const zone of TIME_ZONES) {
      withTimeZone(zone, () => {
        const reader = new ColumnReader({ t: ['2024-01-05 10:00:00.25', '2024-07-05T23:00'] }, 'test', ['t']);
        expect(Array.from(readTimestamps(reader, 't', 'event time'))).toEqual([Date.parse('2024-01-05T10:00:00.250'), Date.parse('2024-07-05T23:00')]);
      });
    }
  });
});
