// The refusals of the tables computed from a fitted model, recorded (issue 21): tierSummary (a
// value pyramid's tiers), overallMismatch (a satisfaction index against an overall item) and
// lifecycleStages (with an optional BG/NBD model) moved their options and specs from zod's classic
// API to `zod/mini`, and every refusal must read as before.
// test/fixtures/contracts/fittedTableDoorIssues.json was written by this file
// (`RECORD_DOOR_ISSUES=1 npx vitest run test/contracts/fittedTableDoorIssues.test.ts`) on the
// classic-API code (commit a47d1d1), before the move; valid calls are recorded too.
// Re-recorded once since, on purpose: a date that is no date (true, null, an object) now reads
// "expected a date: a Date, 'YYYY-MM-DD' or a YYYYMMDD integer" instead of zod's "invalid input".
// And for two cases (stop 45): lifecycleStages names a broken purchase model where the spec holds
// it (spec.purchaseModel.kind, spec.purchaseModel.params.r), not as if it were an argument (model.…).
import { join } from 'node:path';
import { fitBetaGeo } from '../../src/clv.js';
import { fitSatisfactionIndex, fitValuePyramid, lifecycleStages, overallMismatch, tierSummary } from '../../src/index.js';
import { describeRecordedDoors } from '../helpers/doorOutcome.js';
import { readFixtureCsv } from '../helpers/fixtures.js';

const FIXTURE = join(__dirname, '../fixtures/contracts/fittedTableDoorIssues.json');

const customers = { revenue: [120, 80, 40, 10, 5, 300], profit: [30, 20, 8, 1, -2, 90], visits: [12, 8, 5, 2, 1, 20] };
const pyramid = fitValuePyramid(customers, { dimensions: [{ column: 'revenue' }, { column: 'visits' }] });
const survey = {
  q1: [7, 8, 5, 9, 6, 3, 8, 7],
  q2: [6, 8, 4, 9, 7, 2, 7, 6],
  q3: [7, 9, 5, 8, 6, 3, 8, 8],
  overall: [7, 8, 4, 9, 7, 2, 8, 7],
};
const index = fitSatisfactionIndex(survey, { items: ['q1', 'q2', 'q3'], scale: [1, 10] });
const log = {
  customer: ['a', 'b', 'a', 'c', 'b', 'a', 'c', 'd'],
  date: ['2024-01-05', '2024-01-10', '2024-02-03', '2024-02-15', '2024-03-20', '2024-03-28', '2024-04-02', '2024-04-20'],
};
const stages = { customer: 'customer', date: 'date', observationEnd: '2024-04-30', timeUnit: 'week' as const, explorationPeriod: 4, recentWindow: 6 };
const cdnow = readFixtureCsv('value/cdnow_customers_summary_with_monetary.csv').columns;
const purchaseModel = fitBetaGeo(cdnow, { timeUnit: 'week', columns: { frequency: 'x', recency: 't_x', T: 'T' } });

const cases: Record<string, () => unknown> = {
  'tiers: valid': () => tierSummary(pyramid, customers, { revenue: 'revenue' }),
  'tiers: valid with profit': () => tierSummary(pyramid, customers, { revenue: 'revenue', profit: 'profit' }),
  'tiers: no options': () => tierSummary(pyramid, customers, undefined as never),
  'tiers: options a string': () => tierSummary(pyramid, customers, 'revenue' as never),
  'tiers: empty revenue, unknown key': () => tierSummary(pyramid, customers, { revenue: '', cost: 'x' } as never),
  'tiers: revenue a number, profit empty': () => tierSummary(pyramid, customers, { revenue: 1, profit: '' } as never),
  'tiers: no revenue': () => tierSummary(pyramid, customers, { profit: 'profit' } as never),
  'tiers: an unknown revenue column': () => tierSummary(pyramid, customers, { revenue: 'sales' }),
  'tiers: a wrong kind of model': () => tierSummary(index as never, customers, { revenue: 'revenue' }),
  'tiers: a model without thresholds': () => tierSummary({ ...pyramid, tiers: undefined } as never, customers, { revenue: 'revenue' }),
  'mismatch: valid': () => overallMismatch(index, survey, { overall: 'overall', threshold: 20 }),
  'mismatch: valid with scale and skip': () => overallMismatch(index, survey, { overall: 'overall', threshold: 30, overallScale: [1, 10], missing: 'skip' }),
  'mismatch: no options': () => overallMismatch(index, survey, undefined as never),
  'mismatch: threshold 0 and 101, overall empty': () => overallMismatch(index, survey, { overall: '', threshold: 0 }),
  'mismatch: threshold above 100': () => overallMismatch(index, survey, { overall: 'overall', threshold: 101 }),
  'mismatch: threshold a string, unknown key': () => overallMismatch(index, survey, { overall: 'overall', threshold: '20', max: 1 } as never),
  'mismatch: a reversed scale': () => overallMismatch(index, survey, { overall: 'overall', threshold: 20, overallScale: [10, 1] }),
  'mismatch: a scale of one number': () => overallMismatch(index, survey, { overall: 'overall', threshold: 20, overallScale: [1] as never }),
  'mismatch: missing reject': () => overallMismatch(index, survey, { overall: 'overall', threshold: 20, missing: 'reject' } as never),
  'mismatch: missing listwise': () => overallMismatch(index, survey, { overall: 'overall', threshold: 20, missing: 'listwise' } as never),
  'mismatch: an unknown overall column': () => overallMismatch(index, survey, { overall: 'CUSA', threshold: 20 }),
  'mismatch: a wrong kind of model': () => overallMismatch(pyramid as never, survey, { overall: 'overall', threshold: 20 }),
  'stages: valid': () => lifecycleStages(log, stages),
  'stages: valid with ratios, model, skip': () =>
    lifecycleStages(log, { ...stages, declineRatio: 0.4, growthRatio: 2, purchaseModel, aliveThreshold: 0.3, missing: 'skip' }),
  'stages: no spec': () => lifecycleStages(log, undefined as never),
  'stages: empty names, bad unit': () => lifecycleStages(log, { ...stages, customer: '', date: '', timeUnit: 'year' } as never),
  'stages: periods 0 and negative': () => lifecycleStages(log, { ...stages, explorationPeriod: 0, recentWindow: -1 }),
  'stages: ratios out of range': () => lifecycleStages(log, { ...stages, declineRatio: 1, growthRatio: 1, aliveThreshold: 0 }),
  'stages: ratios as strings': () => lifecycleStages(log, { ...stages, declineRatio: '0.5', growthRatio: null } as never),
  'stages: end a boolean': () => lifecycleStages(log, { ...stages, observationEnd: true } as never),
  'stages: end empty text': () => lifecycleStages(log, { ...stages, observationEnd: '' }),
  'stages: end impossible text': () => lifecycleStages(log, { ...stages, observationEnd: '2024-02-30' }),
  'stages: no explorationPeriod, unknown key': () => {
    const { explorationPeriod: _e, ...rest } = stages;
    return lifecycleStages(log, { ...rest, windows: 2 } as never);
  },
  'stages: purchase model a string': () => lifecycleStages(log, { ...stages, purchaseModel: 'bgnbd' } as never),
  'stages: purchase model of another kind': () => lifecycleStages(log, { ...stages, purchaseModel: pyramid } as never),
  'stages: purchase model in days': () =>
    lifecycleStages(log, { ...stages, purchaseModel: { ...purchaseModel, spec: { ...purchaseModel.spec, timeUnit: 'day' } } }),
  'stages: purchase model with bad params': () =>
    lifecycleStages(log, { ...stages, purchaseModel: { ...purchaseModel, params: { ...purchaseModel.params, r: -1 } } }),
  'stages: missing drop': () => lifecycleStages(log, { ...stages, missing: 'drop' } as never),
  'stages: an unknown date column': () => lifecycleStages(log, { ...stages, date: 'when' }),
};

describeRecordedDoors('the doors of tables from a fitted model refuse as recorded on the classic API', FIXTURE, cases);
