import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CustomerValueError, parseCsv, summarizeTransactions } from '../../src/index.js';
import { caught, readFixtureJson } from '../helpers/fixtures.js';

// Reference: test/fixtures/value/make_calibration_holdout.py, lifetimes'
// calibration_and_holdout_data semantics (freq 'D', freq_multiplier 7) re-implemented with numpy
// on the bundled CDNOW master log, calibration end 1997-09-30, observation end 1998-06-30.
type Row = { customer: string; frequency: number; recency: number; T: number; monetary: number; frequencyHoldout: number; monetaryHoldout: number };
const reference = readFixtureJson<{
  customers: number;
  newCustomers: number;
  durationHoldout: number;
  sums: Record<string, number>;
  sumsOfSquares: Record<string, number>;
  sample: Row[];
}>('value/calibration_holdout_reference.json');
const log = parseCsv(readFileSync(new URL('../../examples/data/cdnow_master.csv', import.meta.url), 'utf8'), { text: ['customer_id'] });
const spec = {
  customer: 'customer_id',
  date: 'date',
  amount: 'dollar_value',
  calibrationEnd: '1997-09-30',
  observationEnd: '1998-06-30',
  timeUnit: 'week',
} as const;

describe('summarizeTransactions(log, { calibrationEnd, observationEnd }): the calibration/holdout split', () => {
  const s = summarizeTransactions(log.columns, spec);
  const column = (name: string): Float64Array =>
    name.endsWith('Holdout') ? s.holdout![name === 'frequencyHoldout' ? 'frequency' : 'monetary'] : (s as never)[name];

  it('matches the numpy re-implementation of lifetimes on CDNOW: customers, duration, sums and sums of squares of every column', () => {
    expect(s.customer.length).toBe(reference.customers);
    expect(s.holdout!.newCustomers).toBe(reference.newCustomers);
    expect(s.holdout!.duration).toBe(reference.durationHoldout);
    expect(s.holdout!.calibrationEnd).toBe('1997-09-30');
    expect(s.observationEnd).toBe('1998-06-30');
    for (const name of Object.keys(reference.sums)) {
      const values = column(name);
      expect(
        values.reduce((a, b) => a + b, 0),
        name,
      ).toBeCloseTo(reference.sums[name], 6);
      expect(
        values.reduce((a, b) => a + b * b, 0),
        name,
      ).toBeCloseTo(reference.sumsOfSquares[name], 4);
    }
  });

  it('matches the reference customer by customer on a sample', () => {
    const at = new Map(s.customer.map((id, i) => [id, i]));
    for (const row of reference.sample) {
      const i = at.get(row.customer)!;
      for (const name of ['frequency', 'recency', 'T', 'monetary', 'frequencyHoldout', 'monetaryHoldout']) {
        expect(column(name)[i], `${row.customer} ${name}`).toBeCloseTo(row[name as keyof Row] as number, 9);
      }
    }
  });

  it('gives the calibration columns of a summary that ends at the calibration end (the split adds, never changes)', () => {
    const calibration = summarizeTransactions(log.columns, { ...spec, calibrationEnd: undefined, observationEnd: '1997-09-30' });
    for (const name of ['customer', 'frequency', 'recency', 'T', 'monetary', 'revenue'] as const) expect(s[name]).toEqual(calibration[name]);
  });

  it('accounts for every row: rows = used + holdout.rows + afterObservationEnd + skipped + withoutPurchaseRows', () => {
    const { rows, used, afterObservationEnd, skipped, withoutPurchaseRows } = s.counts;
    expect(used + s.holdout!.rows + afterObservationEnd + skipped + withoutPurchaseRows).toBe(rows);
    expect(afterObservationEnd).toBe(0); // the log ends on 1998-06-30
  });

  it('counts holdout days per calendar day, drops customers first seen in the holdout, nets refunds per day (hand-computed)', () => {
    const t = summarizeTransactions(
      {
        id: ['a', 'a', 'a', 'a', 'b', 'b', 'n', 'r', 'r', 'r'],
        day: ['2024-01-01', '2024-01-20', '2024-01-20', '2024-02-01', '2024-01-05', '2024-02-20', '2024-01-25', '2024-01-02', '2024-01-25', '2024-01-25'],
        v: [10, 4, 6, 30, 8, 99, 5, 7, 3, -3],
      },
      { customer: 'id', date: 'day', amount: 'v', calibrationEnd: '2024-01-10', observationEnd: '2024-02-09', timeUnit: 'day' },
    );
    expect(t.customer).toEqual(['a', 'b', 'r']);
    expect(Array.from(t.frequency)).toEqual([0, 0, 0]);
    expect(Array.from(t.T)).toEqual([9, 5, 8]);
    // a: Jan 20 (4 + 6 merged) and Feb 1; b: Feb 20 is after the observation end; r: a day that nets to 0 with a refund is no purchase
    expect(Array.from(t.holdout!.frequency)).toEqual([2, 0, 0]);
    expect(Array.from(t.holdout!.monetary)).toEqual([20, 0, 0]);
    expect(t.holdout!.duration).toBe(30);
    expect(t.holdout!.newCustomers).toBe(1);
    expect(t.holdout!.rows).toBe(6);
    expect(t.counts.afterObservationEnd).toBe(1);
  });

  it('refuses a calibration end on or after the observation end, naming the field', () => {
    const error = caught(() => summarizeTransactions(log.columns, { ...spec, calibrationEnd: '1998-06-30' }));
    expect(error).toBeInstanceOf(CustomerValueError);
    expect(error.code).toBe('invalid_spec');
    expect(error.message).toContain('spec.calibrationEnd');
    expect(error.message).toContain('a date before observationEnd (1998-06-30)');
  });
});
