import * as z from 'zod/mini';
import { CustomerValueError, describeValue } from '../errors.js';
import {
  dateValueProblem,
  daysFromDate,
  daysFromDateValue,
  daysFromYyyymmdd,
  isoDateOfDay,
  isValidCivil,
  daysFromCivil,
  readDateTimeText,
} from '../internal/civilDays.js';
import { IssueList } from '../internal/issueList.js';
import { parseSpec } from '../internal/parseSpec.js';
import { zoneDayOf } from '../internal/zoneDays.js';

const FN = 'toIsoDates';

/**
 * The date formats `toIsoDates` reads: `'iso'` (the library's own date forms) and the orders of
 * day, month and year with their separator.
 *
 * @example
 * DATE_FORMATS.includes('DD/MM/YYYY'); // => true
 */
export const DATE_FORMATS = ['iso', 'YYYYMMDD', 'YYYY-MM-DD', 'YYYY/MM/DD', 'DD/MM/YYYY', 'MM/DD/YYYY', 'DD.MM.YYYY', 'DD-MM-YYYY', 'MM-DD-YYYY'] as const;

/** A date format of `toIsoDates`. */
export type DateFormat = (typeof DATE_FORMATS)[number];

/** Options for `toIsoDates`. */
export interface ToIsoDatesOptions {
  /**
   * How the dates are written (default `'iso'`): `'iso'` accepts what every function of the
   * library accepts (`YYYY-MM-DD`, `YYYYMMDD` text or integers, ISO 8601 / PostgreSQL timestamps,
   * `Date`); the others name the order of day, month and year and their separator. With a
   * separator, day and month may have one digit (`5/1/2024`); `YYYYMMDD` has exactly eight digits.
   * A time may follow the date (`DD/MM/YYYY hh:mm[:ss[.fff]]`, T or a space between) with an
   * optional offset (`Z`, `±hh`, `±hhmm`, `±hh:mm`), as in timestamp text.
   */
  readonly format?: DateFormat;
  /**
   * The time zone in which an instant's calendar day is taken: an IANA zone (`Europe/Berlin`,
   * daylight saving time included) or a fixed offset (`Z`, `+05:30`). It applies to values that
   * name an instant — timestamps carrying an offset and `Date` objects. A plain date, or a
   * timestamp without an offset (a wall-clock time), already names its day and keeps it. Without
   * `timeZone`, a timestamp counts on the date as written (the local day in its own offset) and a
   * `Date` on its local calendar day (see `summarizeTransactions`).
   */
  readonly timeZone?: string;
  /** The column's name, for error messages (default `"date"`). */
  readonly column?: string;
}

// zod/mini (issue 21): the same messages through parseSpec, without zod's classic API in the bundle
const optionsSchema = z.strictObject({
  format: z._default(z.enum(DATE_FORMATS), 'iso'),
  timeZone: z.optional(z.string().check(z.minLength(1))),
  column: z._default(z.string(), 'date'),
});

/** `[year, month, day]` positions in the format's match, and the pattern. */
function patternOf(format: DateFormat): { pattern: RegExp; order: [number, number, number] } | null {
  const TIME = '(?:[Tt ](.*))?';
  switch (format) {
    case 'iso':
      return null;
    case 'YYYYMMDD':
      return { pattern: new RegExp(`^(\\d{4})(\\d{2})(\\d{2})${TIME}$`), order: [1, 2, 3] };
    default: {
      const sep = format[2] === 'Y' ? format[4] : format[2];
      const s = sep === '.' ? '\\.' : sep;
      if (format.startsWith('YYYY')) return { pattern: new RegExp(`^(\\d{4})${s}(\\d{1,2})${s}(\\d{1,2})${TIME}$`), order: [1, 2, 3] };
      const dayFirst = format.startsWith('DD');
      return { pattern: new RegExp(`^(\\d{1,2})${s}(\\d{1,2})${s}(\\d{4})${TIME}$`), order: dayFirst ? [3, 2, 1] : [3, 1, 2] };
    }
  }
}

/**
 * The calendar day of each date value as `YYYY-MM-DD` text (missing values — `null`,
 * `undefined`, empty text, `NaN` — as `null`), read in a stated `format` and, for instants, a
 * stated `timeZone`: the door for exports whose dates are `31/12/2024`, `12/31/2024` or
 * `20241231`, and for timestamps whose day depends on the zone. Every function of the library
 * takes the result as its date column.
 *
 * Which calendar day an order belongs to decides the BTYD statistics (recency, T, repeat
 * counts): the rule is the date as written, unless `timeZone` is given, in which case an
 * instant (a timestamp with an offset, a `Date`) counts on its day in that zone
 * (`2024-03-10T04:30:00Z` is 2024-03-09 in America/New_York, 2024-03-10 in UTC). Zones come from
 * the runtime's `Intl.DateTimeFormat` (its IANA database, daylight saving time included).
 *
 * @param values The date column (an array or typed array).
 * @throws {CustomerValueError} `invalid_value` listing the rows (0-based) whose value is not a
 * date in the format (with the reason when the text looks like a timestamp); `invalid_spec` for
 * an unknown format or time zone.
 * @example
 * toIsoDates(['31/12/2024', '1/2/2025', ''], { format: 'DD/MM/YYYY' }); // => ['2024-12-31', '2025-02-01', null]
 * toIsoDates(['2024-03-10T04:30:00Z', '2024-03-10 04:30'], { timeZone: 'America/New_York' }); // => ['2024-03-09', '2024-03-10']
 * toIsoDates([20241231]); // => ['2024-12-31']
 */
export function toIsoDates(values: ArrayLike<unknown>, options: ToIsoDatesOptions = {}): (string | null)[] {
  const o = parseSpec(optionsSchema, options, FN, 'options');
  if (values === null || typeof values !== 'object' || typeof (values as { length?: unknown }).length !== 'number') {
    throw new CustomerValueError('invalid_value', `${FN}: expected an array of dates`, [
      { function: FN, column: o.column, expected: 'an array or typed array of date values', received: describeValue(values) },
    ]);
  }
  let zoneDay: ((instant: number) => number) | undefined;
  if (o.timeZone !== undefined) {
    const zone = zoneDayOf(o.timeZone);
    if (typeof zone === 'string')
      throw new CustomerValueError('invalid_spec', `${FN}: unknown time zone`, [
        { function: FN, path: 'options.timeZone', expected: 'an IANA time zone or a fixed offset', received: zone },
      ]);
    zoneDay = zone;
  }
  const shape = patternOf(o.format);
  const expected =
    o.format === 'iso'
      ? 'a date (YYYY-MM-DD, YYYYMMDD or a timestamp)'
      : `a date written ${o.format}${o.format === 'YYYYMMDD' ? '' : ' (day and month may have one digit)'}, optionally followed by a time`;
  const issues = new IssueList();
  const out = new Array<string | null>(values.length);
  // the text of each day, made once (a log spans few distinct days); a run of equal values is read once
  const dayText = new Map<number, string>();
  let lastValue: unknown = undefined;
  let lastText: string | null = null;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === null || v === undefined || v === '' || (typeof v === 'number' && v !== v)) {
      out[i] = null;
      continue;
    }
    if (v === lastValue && lastText !== null) {
      out[i] = lastText;
      continue;
    }
    const reading = dayOf(v, shape, o.format, zoneDay);
    if (typeof reading === 'number') {
      let day = dayText.get(reading);
      if (day === undefined) dayText.set(reading, (day = isoDateOfDay(reading)));
      out[i] = day;
      lastValue = v;
      lastText = day;
    } else {
      out[i] = null;
      issues.add({ function: FN, column: o.column, row: i, expected, received: describeValue(v), ...(reading ? { hint: reading } : {}) });
    }
  }
  issues.throwIfAny('invalid_value', FN, values.length);
  return out;
}

/** The epoch day of one value, or the reason it has none (a string, or `undefined` when nothing more can be said). */
function dayOf(
  v: unknown,
  shape: ReturnType<typeof patternOf>,
  format: DateFormat,
  zoneDay: ((instant: number) => number) | undefined,
): number | string | undefined {
  if (v instanceof Date) {
    const ms = v.getTime();
    if (!Number.isFinite(ms)) return undefined;
    return zoneDay ? zoneDay(ms) : daysFromDate(v);
  }
  if (typeof v === 'number') {
    if (format !== 'iso' && format !== 'YYYYMMDD') return `a number, not a date written ${format}`;
    const day = daysFromYyyymmdd(v);
    return day === day ? day : undefined;
  }
  if (typeof v !== 'string') return undefined;
  const text = v.trim();
  let iso = text;
  if (shape !== null) {
    const match = shape.pattern.exec(text);
    if (!match) return undefined;
    const [y, m, d] = shape.order.map((k) => Number(match[k]));
    if (!isValidCivil(y, m, d))
      return `${text.slice(0, match[4] === undefined ? text.length : text.length - match[4].length - 1)} is not a calendar date in ${format}`;
    const date = `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
    if (match[4] === undefined) return daysFromCivil(y, m, d);
    iso = `${date} ${match[4]}`;
  }
  const stamp = readDateTimeText(iso);
  if (typeof stamp === 'string') return stamp;
  if (stamp !== null) return zoneDay && stamp.instant === stamp.instant ? zoneDay(stamp.instant) : stamp.day;
  if (shape !== null) return dateValueProblem(iso) ?? undefined;
  const day = daysFromDateValue(text);
  return day === day ? day : dateValueProblem(text);
}
