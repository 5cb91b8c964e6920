import { describe, expect, it } from 'vitest';
import * as root from '../helpers/library.js';
import * as report from '../../src/report/index.js';
import { TIME_ZONES, driverDate, offsetMinutes, withTimeZone } from '../helpers/timeZones.js';
import { contracts, type Contract } from './registry.js';

// Time-zone contract: every function that reads a date column gives the same result in every
// time zone, whether the dates arrive as ISO text, as `Date` objects made the way database
// drivers make them (pg and mysql2: local midnight), as `new Date('YYYY-MM-DD')` (UTC midnight),
// or as the timestamp text PostgreSQL prints (`2024-01-05 10:00:00+00`, fractions, ±hh, ±hh:mm,
// ±hhmm), which counts on the date as written. The functions are derived from the registry: a
// contract whose spec names a `date` column of its table. A new date-reading function with a
// registry entry is covered without editing this file.

type DateCase = { name: string; contract: Contract; column: string };

const dateCases: DateCase[] = Object.entries(contracts).flatMap(([name, contract]) => {
  if (contract.data === undefined || contract.spec === undefined) return [];
  const args = contract.args();
  const spec = args[contract.spec] as { date?: unknown } | undefined;
  const table = args[contract.data] as Record<string, unknown>;
  if (typeof spec?.date !== 'string' || Array.isArray(table) || !(spec.date in table)) return [];
  return [{ name, contract, column: spec.date }];
});

/** 'YYYY-MM-DD' of a registry date value (ISO text or a YYYYMMDD number). */
function isoOf(value: unknown): string {
  if (typeof value === 'number') return `${String(value).slice(0, 4)}-${String(value).slice(4, 6)}-${String(value).slice(6, 8)}`;
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) return value;
  throw new Error(`registry date value not understood: ${String(value)}`);
}

// PostgreSQL's timestamptz output forms, each at a time of day that lies on another UTC day
// than the date written (so reading the UTC day instead of the written date fails)
const pgForms = [
  (iso: string) => `${iso} 23:30:00-05`,
  (iso: string) => `${iso} 00:15:00+14`,
  (iso: string) => `${iso} 01:00:00.123456+05:30`,
  (iso: string) => `${iso}T22:00:00-0330`,
  (iso: string) => `${iso} 10:00:00+00`,
  (iso: string) => `${iso}T12:00:00Z`,
];

const variants: Record<string, (iso: string, row: number) => unknown> = {
  'Date objects as drivers make them (local midnight)': (iso) => driverDate(iso),
  "new Date('YYYY-MM-DD') (UTC midnight)": (iso) => new Date(iso),
  'PostgreSQL timestamp-with-offset text': (iso, row) => pgForms[row % pgForms.length](iso),
};

/** The call with the date column replaced by `convert` of each ISO date. */
function callWith(entry: DateCase, convert: ((iso: string, row: number) => unknown) | null): unknown {
  const args = entry.contract.args();
  const table = args[entry.contract.data!] as Record<string, unknown[]>;
  if (convert) args[entry.contract.data!] = { ...table, [entry.column]: Array.from(table[entry.column], (v, row) => convert(isoOf(v), row)) };
  return ({ ...root, ...report } as unknown as Record<string, (...a: unknown[]) => unknown>)[entry.name](...args);
}

/**
 * A result without the warnings timestamp text may change — `time_of_day` (the dates carry times)
 * and `duplicate_rows` (which then compares timestamps, not dates) — and their lines in a
 * report's Markdown: the only difference timestamp text may make.
 */
const TEXT_WARNINGS = new Set(['time_of_day', 'duplicate_rows']);
function withoutTimeOfDay(value: unknown): unknown {
  if (Array.isArray(value)) return value.filter((v) => !TEXT_WARNINGS.has((v as { code?: string })?.code ?? '')).map(withoutTimeOfDay);
  if (typeof value === 'string') return value.replace(/^> Data warning \((time_of_day|duplicate_rows)\).*\n(>\n)?/gm, '').replace(/\n>\n(?=\n)/, '\n');
  if (value === null || typeof value !== 'object' || ArrayBuffer.isView(value)) return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withoutTimeOfDay(v)]));
}

describe('time-zone contract: results do not depend on the process time zone or the date form', () => {
  it('derives the date-reading functions from the registry (and finds the known ones)', () => {
    const names = dateCases.map((c) => c.name);
    for (const known of ['summarizeTransactions', 'cohortRetention', 'customerFlows', 'retentionRate', 'churnRate', 'lifecycleStages', 'customerValueReport'])
      expect(names).toContain(known);
  });

  it('really switches zones (offsets at 2024-01-05 00:00 UTC)', () => {
    expect(TIME_ZONES.map((zone) => withTimeZone(zone, () => offsetMinutes(Date.UTC(2024, 0, 5))))).toEqual([0, 60, 540, 660, -300, -210, 840, -180]);
  });

  describe.each(dateCases.map((c) => [c.name, c] as const))('%s', (_name, entry) => {
    const reference = withTimeZone('UTC', () => callWith(entry, null));
    // each form's full result in UTC, warnings included (timestamp text carries a time_of_day warning)
    const references = withTimeZone('UTC', () => Object.fromEntries(Object.entries(variants).map(([label, convert]) => [label, callWith(entry, convert)])));
    it.each(TIME_ZONES.map((zone) => [zone]))('under TZ=%s: ISO text, driver Dates, UTC-midnight Dates and PostgreSQL text all give the UTC result', (zone) => {
      withTimeZone(zone, () => {
        expect(callWith(entry, null)).toEqual(reference);
        for (const [label, convert] of Object.entries(variants)) {
          const result = callWith(entry, convert);
          expect(result, label).toEqual(references[label]);
          expect(withoutTimeOfDay(result), label).toEqual(withoutTimeOfDay(reference));
        }
      });
    });
  });

  it('observationEnd given as a driver Date is the same day in every zone (functions that take a Date there)', () => {
    const log = { customer: [1, 1, 2], date: ['2024-01-05', '2024-02-10', '2024-03-01'], amount: [5, 7, 9] };
    for (const zone of TIME_ZONES) {
      withTimeZone(zone, () => {
        const text = root.summarizeTransactions(log, { customer: 'customer', date: 'date', amount: 'amount', observationEnd: '2024-03-31', timeUnit: 'day' });
        expect(
          root.summarizeTransactions(log, { customer: 'customer', date: 'date', amount: 'amount', observationEnd: driverDate('2024-03-31'), timeUnit: 'day' }),
        ).toEqual(text);
        const spec = { customer: 'customer', date: 'date', timeUnit: 'week' as const, explorationPeriod: 4, recentWindow: 4 };
        expect(root.lifecycleStages(log, { ...spec, observationEnd: driverDate('2024-03-31') })).toEqual(
          root.lifecycleStages(log, { ...spec, observationEnd: '2024-03-31' }),
        );
      });
    }
  });
});
