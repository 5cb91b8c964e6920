import { describe, expect, it } from 'vitest';
import { CustomerValueError, toIsoDates } from '../../src/index.js';
import { zoneDayOf } from '../../src/internal/zoneDays.js';
import { isoDateOfDay } from '../../src/internal/civilDays.js';
import { caught } from '../helpers/fixtures.js';

// Local dates of instants around daylight-saving changes, from Python 3's zoneinfo (IANA tzdata):
//   datetime.fromisoformat(t).astimezone(ZoneInfo(zone)).strftime('%Y-%m-%d %H:%M:%S%z')
const ZONE_REFERENCE: [zone: string, instant: string, local: string][] = [
  ['America/New_York', '2024-03-10T04:59:59Z', '2024-03-09 23:59:59-0500'],
  ['America/New_York', '2024-03-10T05:00:00Z', '2024-03-10 00:00:00-0500'],
  ['America/New_York', '2024-11-03T03:59:59Z', '2024-11-02 23:59:59-0400'],
  ['America/New_York', '2024-11-03T04:00:00Z', '2024-11-03 00:00:00-0400'],
  ['America/New_York', '2024-11-03T05:30:00Z', '2024-11-03 01:30:00-0400'],
  // the change at midnight: 2018-11-04 has no 00:00 in São Paulo
  ['America/Sao_Paulo', '2018-11-04T02:59:59Z', '2018-11-03 23:59:59-0300'],
  ['America/Sao_Paulo', '2018-11-04T03:00:00Z', '2018-11-04 01:00:00-0200'],
  ['America/Santiago', '2024-09-08T03:59:59Z', '2024-09-07 23:59:59-0400'],
  ['America/Santiago', '2024-09-08T04:00:00Z', '2024-09-08 01:00:00-0300'],
  ['Europe/Berlin', '2024-03-30T22:59:59Z', '2024-03-30 23:59:59+0100'],
  ['Europe/Berlin', '2024-03-30T23:00:00Z', '2024-03-31 00:00:00+0100'],
  ['Europe/Berlin', '2024-10-26T21:59:59Z', '2024-10-26 23:59:59+0200'],
  ['Europe/Berlin', '2024-10-26T22:00:00Z', '2024-10-27 00:00:00+0200'],
  // a half-hour change, a quarter-hour offset, a skipped day
  ['Australia/Lord_Howe', '2024-04-06T13:00:00Z', '2024-04-07 00:00:00+1100'],
  ['Asia/Kathmandu', '2024-01-01T18:14:59Z', '2024-01-01 23:59:59+0545'],
  ['Asia/Kathmandu', '2024-01-01T18:15:00Z', '2024-01-02 00:00:00+0545'],
  ['Pacific/Apia', '2011-12-30T09:59:59Z', '2011-12-29 23:59:59-1000'],
  ['Pacific/Apia', '2011-12-30T10:00:00Z', '2011-12-31 00:00:00+1400'],
];

describe('toIsoDates(values, { format, timeZone })', () => {
  it.each(ZONE_REFERENCE)('in %s, %s falls on the local day Python zoneinfo gives (%s)', (zone, instant, local) => {
    expect(toIsoDates([instant], { timeZone: zone })).toEqual([local.slice(0, 10)]);
    // the same instant written with another offset, and as a Date
    const ms = Date.parse(instant);
    const shifted = new Date(ms + 5.5 * 3_600_000).toISOString().replace('Z', '+05:30');
    expect(toIsoDates([shifted, new Date(ms)], { timeZone: zone })).toEqual([local.slice(0, 10), local.slice(0, 10)]);
  });

  it('takes the day of an instant in the zone as Intl gives it for every instant, its cache per quarter hour included (20,000 instants, 6 zones)', () => {
    const zones = ['America/New_York', 'Europe/London', 'Australia/Lord_Howe', 'Asia/Kathmandu', 'America/Sao_Paulo', 'Pacific/Chatham'];
    let seed = 7;
    const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
    for (const zone of zones) {
      const day = zoneDayOf(zone) as (ms: number) => number;
      const format = new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' });
      for (let i = 0; i < 20_000 / zones.length; i++) {
        // near midnight around the year's changes, and anywhere from 1970 to 2040
        const ms =
          i % 2 === 0
            ? Date.UTC(2000 + (i % 40), i % 12, 1 + (i % 28)) + Math.floor(random() * 48) * 900_000 + Math.floor(random() * 900) * 1000
            : Math.floor(random() * 2_208_988_800) * 1000;
        expect(isoDateOfDay(day(ms)), `${zone} ${new Date(ms).toISOString()}`).toBe(format.format(ms));
      }
    }
  });

  it('keeps the day as written without a zone, and for plain dates and wall-clock timestamps with one', () => {
    expect(toIsoDates(['2024-03-10T04:30:00Z', '2024-03-10 23:30:00-05:00'])).toEqual(['2024-03-10', '2024-03-10']);
    expect(toIsoDates(['2024-03-10', '2024-03-10 00:30', 20240310], { timeZone: 'Asia/Tokyo' })).toEqual(['2024-03-10', '2024-03-10', '2024-03-10']);
    expect(toIsoDates(['2024-03-10 23:30:00-05:00'], { timeZone: 'UTC' })).toEqual(['2024-03-11']);
  });

  it('reads fixed offsets as zones: Z, UTC, ±hh:mm, ±hhmm, ±hh', () => {
    const stamp = ['2024-01-01T20:00:00Z'];
    expect(toIsoDates(stamp, { timeZone: 'Z' })).toEqual(['2024-01-01']);
    expect(toIsoDates(stamp, { timeZone: '+04:00' })).toEqual(['2024-01-02']);
    expect(toIsoDates(stamp, { timeZone: '+0359' })).toEqual(['2024-01-01']);
    expect(toIsoDates(stamp, { timeZone: 'UTC+05' })).toEqual(['2024-01-02']);
    expect(toIsoDates(['2024-01-01T03:00:00Z'], { timeZone: '-03:01' })).toEqual(['2023-12-31']);
  });

  it.each([
    ['YYYYMMDD', ['20241231', 20241231, '20240229 10:15'], ['2024-12-31', '2024-12-31', '2024-02-29']],
    ['DD/MM/YYYY', ['31/12/2024', '1/2/2025', '01/02/2025 23:59:59'], ['2024-12-31', '2025-02-01', '2025-02-01']],
    ['MM/DD/YYYY', ['12/31/2024', '1/2/2025', '01/02/2025T08:00'], ['2024-12-31', '2025-01-02', '2025-01-02']],
    ['DD.MM.YYYY', ['31.12.2024', '1.2.2025'], ['2024-12-31', '2025-02-01']],
    ['DD-MM-YYYY', ['31-12-2024'], ['2024-12-31']],
    ['MM-DD-YYYY', ['12-31-2024'], ['2024-12-31']],
    ['YYYY/MM/DD', ['2024/12/31', '2025/2/1'], ['2024-12-31', '2025-02-01']],
    ['YYYY-MM-DD', ['2024-12-31'], ['2024-12-31']],
  ] as const)('reads %s', (format, values, expected) => {
    expect(toIsoDates(values, { format })).toEqual(expected);
  });

  it('applies the zone to a time with an offset after a formatted date', () => {
    expect(toIsoDates(['09/03/2024 23:30:00-05:00'], { format: 'DD/MM/YYYY', timeZone: 'Europe/Berlin' })).toEqual(['2024-03-10']);
  });

  it('refuses what is not a date in the format, naming the rows and why', () => {
    const error = caught(() => toIsoDates(['31/12/2024', '12/31/2024', '30/02/2024', 'n/a', '31/12/2024 25:00'], { format: 'DD/MM/YYYY', column: 'ordered' }));
    expect(error).toBeInstanceOf(CustomerValueError);
    expect((error as CustomerValueError).issues.map((issue) => [issue.row, issue.column])).toEqual([
      [1, 'ordered'],
      [2, 'ordered'],
      [3, 'ordered'],
      [4, 'ordered'],
    ]);
    expect((error as CustomerValueError).message).toContain('30/02/2024 is not a calendar date in DD/MM/YYYY');
    expect((error as CustomerValueError).message).toContain('hour 25 is not 00–23');
    // a number is no DD/MM/YYYY date; missing values stay missing
    expect(caught(() => toIsoDates([20241231], { format: 'DD/MM/YYYY' })).message).toContain('a number, not a date written DD/MM/YYYY');
    expect(toIsoDates([null, undefined, '', Number.NaN], { format: 'DD/MM/YYYY' })).toEqual([null, null, null, null]);
  });

  it('refuses an unknown zone or format', () => {
    expect(caught(() => toIsoDates(['2024-01-01'], { timeZone: 'Mars/Olympus' })).message).toContain('"Mars/Olympus" is not a time zone');
    expect((caught(() => toIsoDates(['2024-01-01'], { timeZone: '+15:00' })) as CustomerValueError).code).toBe('invalid_spec');
    expect((caught(() => toIsoDates(['2024-01-01'], { format: 'D/M/Y' as never })) as CustomerValueError).code).toBe('invalid_spec');
  });
});
