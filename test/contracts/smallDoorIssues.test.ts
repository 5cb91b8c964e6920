// The refusals of small metrics' doors, recorded (issue 21): their options and specs (activity
// specs of retention and churn, repeat purchase, CSAT, peak-end journeys, parseCsv's options) moved
// from zod's classic API to `zod/mini`, and every refusal must read as before.
// test/fixtures/contracts/smallDoorIssues.json was written by this file
// (`RECORD_DOOR_ISSUES=1 npx vitest run test/contracts/smallDoorIssues.test.ts`) on the
// classic-API code (commit c09770c), before the move; valid calls are recorded too.
// Re-recorded once since, on purpose: a date that is no date (true, null, an object) now reads
// "expected a date: a Date, 'YYYY-MM-DD' or a YYYYMMDD integer" instead of zod's "invalid input".
import { join } from 'node:path';
import {
  churnRate,
  cohortRetention,
  csat,
  customerFlows,
  parseCsv,
  peakEndScores,
  repeatPurchaseRate,
  retentionRate,
  touchpointSummary,
} from '../../src/index.js';
import { describeRecordedDoors } from '../helpers/doorOutcome.js';

const FIXTURE = join(__dirname, '../fixtures/contracts/smallDoorIssues.json');

const log = {
  customer: ['a', 'b', 'a', 'c', 'b', 'a'],
  date: ['2024-01-05', '2024-01-10', '2024-02-03', '2024-02-15', '2024-03-20', '2024-03-28'],
  amount: [5, 6, 7, 8, 9, 10],
};
const activity = { customer: 'customer', date: 'date', period: 'month' as const, observationEnd: '2024-03-31' };
const events = { customer: ['a', 'a', 'a', 'b', 'b'], order: [1, 2, 3, 1, 2], rating: [3, 5, 4, 2, 4], touchpoint: ['x', 'y', 'z', 'x', 'y'] };
const journey = { customer: 'customer', order: 'order', rating: 'rating', scale: [1, 5] as [number, number] };
const csv = 'id,amount,note\n007,1.5,a\n008,2,b\n';

const cases: Record<string, () => unknown> = {
  'retention: valid': () => retentionRate(log, activity),
  'retention: valid with amount, skip and a Date end': () =>
    retentionRate(log, { ...activity, amount: 'amount', missing: 'skip', observationEnd: new Date(Date.UTC(2024, 2, 31)) }),
  'retention: bad period, empty customer, unknown key': () => retentionRate(log, { ...activity, period: 'day', customer: '', every: 1 } as never),
  'retention: no spec': () => retentionRate(log, undefined as never),
  'retention: end a boolean, missing a number': () => retentionRate(log, { ...activity, observationEnd: true, missing: 0 } as never),
  'retention: end an empty string, amount empty': () => retentionRate(log, { ...activity, observationEnd: '', amount: '' }),
  'churn: no date': () => churnRate(log, { customer: 'customer', period: 'week' } as never),
  'flows: valid': () => customerFlows(log, activity),
  'flows: bad missing': () => customerFlows(log, { ...activity, missing: 'reject' } as never),
  'cohorts: valid': () => cohortRetention(log, activity),
  'cohorts: bad period': () => cohortRetention(log, { ...activity, period: 'months' } as never),
  'repeat: valid': () => repeatPurchaseRate({ frequency: [0, 1, 3, 0] }),
  'repeat: named column': () => repeatPurchaseRate({ f: [0, 1, null] }, { frequency: 'f', missing: 'skip' }),
  'repeat: bad options': () => repeatPurchaseRate({ frequency: [0] }, { frequency: '', missing: 'drop', x: 1 } as never),
  'repeat: options a string': () => repeatPurchaseRate({ frequency: [0] }, 'frequency' as never),
  'csat: valid top box 1, confidence 0.9': () => csat([5, 4, 4, 3], { scale: [1, 5], topBox: 1, confidence: 0.9 }),
  'csat: bad top box and confidence': () => csat([5], { scale: [1, 5], topBox: 0.5, confidence: 1, extra: 1 } as never),
  'csat: top box 0': () => csat([5], { scale: [1, 5], topBox: 0 }),
  'peakEnd: valid': () => peakEndScores(events, journey),
  'peakEnd: valid best, weights': () => peakEndScores(events, { ...journey, touchpoint: 'touchpoint', peak: 'best', weights: { peak: 1, end: 0 } }),
  'peakEnd: bad peak and weights': () => peakEndScores(events, { ...journey, peak: 'first', weights: { peak: -1, end: 0, start: 1 } } as never),
  'peakEnd: weights summing to 0': () => peakEndScores(events, { ...journey, weights: { peak: 0, end: 0 } }),
  'peakEnd: order and time': () => peakEndScores(events, { ...journey, time: 'order' }),
  'peakEnd: neither order nor time': () => peakEndScores(events, { customer: 'customer', rating: 'rating', scale: [1, 5] } as never),
  'peakEnd: empty names': () => peakEndScores(events, { ...journey, journey: '', stage: '', rating: '' }),
  'peakEnd: no spec': () => peakEndScores(events, null as never),
  'touchpoints: valid': () =>
    touchpointSummary({ ...events, overall: [4, 4, 4, 3, 3] }, { ...journey, touchpoint: 'touchpoint' }, { overall: 'overall', badAtOrBelow: 2 }),
  'touchpoints: bad options': () => touchpointSummary(events, { ...journey, touchpoint: 'touchpoint' }, { overall: '', badAtOrBelow: 'two', x: 1 } as never),
  'touchpoints: bad spec': () => touchpointSummary(events, { ...journey, peak: 1 } as never),
  'csv: valid': () => parseCsv(csv, { text: ['id'], numbers: ['amount'] }),
  'csv: valid semicolon and decimal comma': () => parseCsv('id;amount\n1;1,5\n', { delimiter: ';', decimal: ',', maxFieldSize: 10, maxRecordSize: 100 }),
  'csv: bad delimiter, text and numbers': () => parseCsv(csv, { delimiter: ';;', text: 'id', numbers: [1] } as never),
  'csv: sizes out of range': () => parseCsv(csv, { maxFieldSize: 0, maxRecordSize: 2 ** 31 }),
  'csv: sizes not whole': () => parseCsv(csv, { maxFieldSize: 1.5, maxRecordSize: '10' } as never),
  'csv: size Infinity': () => parseCsv(csv, { maxFieldSize: Infinity }),
  'csv: bad decimal, unknown key': () => parseCsv(csv, { decimal: ':', header: false } as never),
  'csv: a column in text and numbers': () => parseCsv(csv, { text: ['id'], numbers: ['id'] }),
  'csv: decimal comma with the comma delimiter': () => parseCsv(csv, { decimal: ',' }),
  'csv: options null': () => parseCsv(csv, null as never),
};

describeRecordedDoors('small doors refuse as they did before the move to zod/mini', FIXTURE, cases);
