// The refusals of summarizeTransactions' spec and of summarizeTransactionsSql (which extends it),
// recorded (issue 21): the spec moved from zod's classic API to `zod/mini`, and every refusal must
// read as before. test/fixtures/value/summarizeDoorIssues.json was written by this file
// (`RECORD_DOOR_ISSUES=1 npx vitest run test/value/summarizeDoorIssues.test.ts`) on the
// classic-API code (commit 588ba54), before the move; valid calls are recorded too.
// Re-recorded once since, on purpose: a date that is no date (true, null, an object) now reads
// "expected a date: a Date, 'YYYY-MM-DD' or a YYYYMMDD integer" instead of zod's "invalid input".
import { join } from 'node:path';
import { summarizeTransactions } from '../../src/index.js';
import { summarizeTransactionsSql } from '../../src/warehouse.js';
import { describeRecordedDoors } from '../helpers/doorOutcome.js';

const FIXTURE = join(__dirname, '../fixtures/value/summarizeDoorIssues.json');

const log = {
  customer: ['a', 'b', 'a', 'c', 'b', 'a', 'c'],
  date: ['2024-01-05', '2024-01-10', '2024-02-03', '2024-02-15', '2024-03-20', '2024-03-28', '2024-04-02'],
  amount: [5, 6, 7, 8, 9, 10, 11],
  profit: [1, 1, 2, 2, 3, 3, 4],
};
const spec = { customer: 'customer', date: 'date', amount: 'amount', observationEnd: '2024-04-30', timeUnit: 'week' as const };
const sqlOptions = { dialect: 'duckdb' as const, table: 'orders' };

const cases: Record<string, () => unknown> = {
  'summary: valid': () => summarizeTransactions(log, spec),
  'summary: valid with profit, calibration, skip, a Date end': () =>
    summarizeTransactions(log, { ...spec, profit: 'profit', calibrationEnd: '2024-03-01', missing: 'skip', observationEnd: new Date(Date.UTC(2024, 3, 30)) }),
  'summary: valid with a YYYYMMDD end': () => summarizeTransactions(log, { ...spec, observationEnd: 20240430, timeUnit: 'day' }),
  'summary: no spec': () => summarizeTransactions(log, undefined as never),
  'summary: spec an array': () => summarizeTransactions(log, [] as never),
  'summary: empty names': () => summarizeTransactions(log, { ...spec, customer: '', date: '', amount: '' }),
  'summary: names as numbers, profit empty': () => summarizeTransactions(log, { ...spec, customer: 1, profit: '' } as never),
  'summary: bad unit, bad missing, unknown key': () => summarizeTransactions(log, { ...spec, timeUnit: 'year', missing: 'drop', currency: 'EUR' } as never),
  'summary: no end, no unit': () => summarizeTransactions(log, { customer: 'customer', date: 'date', amount: 'amount' } as never),
  'summary: end a boolean': () => summarizeTransactions(log, { ...spec, observationEnd: true } as never),
  'summary: end null': () => summarizeTransactions(log, { ...spec, observationEnd: null } as never),
  'summary: end empty text': () => summarizeTransactions(log, { ...spec, observationEnd: '' }),
  'summary: end impossible': () => summarizeTransactions(log, { ...spec, observationEnd: '2024-02-30' }),
  'summary: calibration an object': () => summarizeTransactions(log, { ...spec, calibrationEnd: {} } as never),
  'summary: calibration after the end': () => summarizeTransactions(log, { ...spec, calibrationEnd: '2024-06-01' }),
  'summary: an unknown amount column': () => summarizeTransactions(log, { ...spec, amount: 'total' }),
  'sql: valid': () => summarizeTransactionsSql({ ...spec, missing: 'skip' }, sqlOptions),
  'sql: valid with profit and calibration': () =>
    summarizeTransactionsSql({ ...spec, missing: 'skip', profit: 'profit', calibrationEnd: '2024-03-01' }, sqlOptions),
  'sql: missing left out': () => summarizeTransactionsSql(spec as never, sqlOptions),
  'sql: missing error': () => summarizeTransactionsSql({ ...spec, missing: 'error' } as never, sqlOptions),
  'sql: bad spec': () => summarizeTransactionsSql({ ...spec, customer: '', timeUnit: 'hour', missing: 'skip', extra: 1 } as never, sqlOptions),
  'sql: no spec': () => summarizeTransactionsSql(undefined as never, sqlOptions),
  'sql: bad options': () => summarizeTransactionsSql({ ...spec, missing: 'skip' }, { dialect: 'oracle', table: '' } as never),
};

describeRecordedDoors("summarizeTransactions' doors refuse as recorded on the classic API", FIXTURE, cases);
