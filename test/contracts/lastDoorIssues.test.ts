// The refusals of the last three doors on zod's classic API, recorded (issue 21): the specs and
// options of importancePerformance, fromSurveyJs and chooseK move to `zod/mini`, and every
// refusal must read as before.
// test/fixtures/contracts/lastDoorIssues.json was written by this file
// (`RECORD_DOOR_ISSUES=1 npx vitest run test/contracts/lastDoorIssues.test.ts`) on the
// classic-API code (commit aadcb87), before the move; valid calls are recorded too.
// Re-recorded on purpose for three cases (stop 45): fromSurveyJs's `nps` that is neither a name nor
// false says so ("the NPS question: its name, or false for none") instead of zod's "invalid input",
// and an empty `rename` key names itself and what a key must be instead of "invalid key in record".
// Its path ends at the record (options.rename), not with the empty key ("options.rename.").
import { join } from 'node:path';
import { chooseK, fromSurveyJs, importancePerformance } from '../../src/index.js';
import { describeRecordedDoors } from '../helpers/doorOutcome.js';
import { readFixtureCsv, readFixtureJson } from '../helpers/fixtures.js';

const FIXTURE = join(__dirname, '../fixtures/contracts/lastDoorIssues.json');

const mobi = readFixtureCsv('satisfaction/ecsi_mobi.csv').columns as Record<string, Float64Array>;
const survey = Object.fromEntries(Object.entries(mobi).map(([k, v]) => [k, Array.from(v.subarray(0, 80))]));
const ipa = { items: ['PERQ1', 'PERQ2', 'PERQ3'], overall: 'CUSA1' };
const form = readFixtureJson('satisfaction/surveyjs_csat_form.json');
const results = readFixtureJson<unknown[]>('satisfaction/surveyjs_csat_results.json');
const customers = {
  recency: [1, 5, 9, 12, 3, 30, 28, 2, 7, 25, 14, 4, 19, 22, 6],
  frequency: [10, 2, 1, 0, 8, 1, 0, 12, 3, 1, 2, 9, 1, 0, 5],
  revenue: [500, 60, 20, 0, 320, 15, 0, 700, 90, 30, 70, 410, 25, 0, 200],
};
const k = { features: ['recency', 'frequency', 'revenue'], kRange: [2, 3] as [number, number], seed: 1 };

const cases: Record<string, () => unknown> = {
  'importancePerformance: valid': () => importancePerformance(survey, ipa),
  'importancePerformance: valid, regression, scale, cuts': () =>
    importancePerformance(survey, { ...ipa, importance: 'regression', scale: [1, 10], cuts: { importance: 0.5, performance: 7 } }),
  'importancePerformance: valid, missing skip': () => importancePerformance(survey, { ...ipa, missing: 'skip' }),
  'importancePerformance: spec not an object': () => importancePerformance(survey, 'PERQ1' as never),
  'importancePerformance: spec null': () => importancePerformance(survey, null as never),
  'importancePerformance: spec empty': () => importancePerformance(survey, {} as never),
  'importancePerformance: unknown key': () => importancePerformance(survey, { ...ipa, weights: [1, 2, 3] } as never),
  'importancePerformance: items empty': () => importancePerformance(survey, { ...ipa, items: [] }),
  'importancePerformance: items not an array': () => importancePerformance(survey, { ...ipa, items: 'PERQ1' } as never),
  'importancePerformance: item empty, item number': () => importancePerformance(survey, { ...ipa, items: ['', 3] } as never),
  'importancePerformance: items repeated': () => importancePerformance(survey, { ...ipa, items: ['PERQ1', 'PERQ1'] }),
  'importancePerformance: overall empty': () => importancePerformance(survey, { ...ipa, overall: '' }),
  'importancePerformance: overall number': () => importancePerformance(survey, { ...ipa, overall: 1 } as never),
  'importancePerformance: importance unknown': () => importancePerformance(survey, { ...ipa, importance: 'shapley' } as never),
  'importancePerformance: scale reversed': () => importancePerformance(survey, { ...ipa, scale: [10, 1] }),
  'importancePerformance: scale of strings': () => importancePerformance(survey, { ...ipa, scale: ['1', '10'] } as never),
  'importancePerformance: scale one number': () => importancePerformance(survey, { ...ipa, scale: [1] } as never),
  'importancePerformance: cuts unknown key, string': () => importancePerformance(survey, { ...ipa, cuts: { importance: '0.5', quality: 1 } } as never),
  'importancePerformance: cuts null': () => importancePerformance(survey, { ...ipa, cuts: null } as never),
  'importancePerformance: missing unknown': () => importancePerformance(survey, { ...ipa, missing: 'drop' } as never),
  'importancePerformance: column missing': () => importancePerformance(survey, { ...ipa, items: ['PERQ1', 'nope'] }),
  'importancePerformance: overall column missing': () => importancePerformance(survey, { ...ipa, overall: 'nope' }),
  'importancePerformance: several wrong at once': () =>
    importancePerformance(survey, { items: [], overall: '', importance: 'x', missing: 1, extra: true } as never),
  'fromSurveyJs: valid, defaults': () => fromSurveyJs(form, results),
  'fromSurveyJs: valid, options': () => fromSurveyJs(form, results, { reverse: ['wait_too_long'], rename: { overall: 'overall_satisfaction' } }),
  'fromSurveyJs: valid, items and nps false': () => fromSurveyJs(form, results, { items: ['quality', 'value_for_money'], nps: false }),
  'fromSurveyJs: valid, nps named': () => fromSurveyJs(form, results, { nps: 'likelihood_to_recommend' }),
  'fromSurveyJs: options not an object': () => fromSurveyJs(form, results, 'x' as never),
  'fromSurveyJs: options null': () => fromSurveyJs(form, results, null as never),
  'fromSurveyJs: unknown key': () => fromSurveyJs(form, results, { scale: [1, 5] } as never),
  'fromSurveyJs: items empty': () => fromSurveyJs(form, results, { items: [] }),
  'fromSurveyJs: items not an array': () => fromSurveyJs(form, results, { items: 'overall' } as never),
  'fromSurveyJs: items repeated': () => fromSurveyJs(form, results, { items: ['overall', 'overall'] }),
  'fromSurveyJs: item empty, item number': () => fromSurveyJs(form, results, { items: ['', 1] } as never),
  'fromSurveyJs: item unknown': () => fromSurveyJs(form, results, { items: ['overall', 'nope'] }),
  'fromSurveyJs: rename to empty, value number': () => fromSurveyJs(form, results, { rename: { overall: '', support: 2 } } as never),
  'fromSurveyJs: rename from empty key': () => fromSurveyJs(form, results, { rename: { '': 'x' } }),
  'fromSurveyJs: rename not an object': () => fromSurveyJs(form, results, { rename: ['overall'] } as never),
  'fromSurveyJs: rename unknown question': () => fromSurveyJs(form, results, { rename: { nope: 'x' } }),
  'fromSurveyJs: reverse repeated': () => fromSurveyJs(form, results, { reverse: ['overall', 'overall'] }),
  'fromSurveyJs: reverse not an array': () => fromSurveyJs(form, results, { reverse: 'overall' } as never),
  'fromSurveyJs: reverse unknown': () => fromSurveyJs(form, results, { reverse: ['nope'] }),
  'fromSurveyJs: nps true': () => fromSurveyJs(form, results, { nps: true } as never),
  'fromSurveyJs: nps empty': () => fromSurveyJs(form, results, { nps: '' }),
  'fromSurveyJs: nps unknown': () => fromSurveyJs(form, results, { nps: 'nope' }),
  'fromSurveyJs: several wrong at once': () => fromSurveyJs(form, results, { items: [], reverse: [''], nps: 0, extra: 1 } as never),
  'fromSurveyJs: form not an object': () => fromSurveyJs('form', results),
  'fromSurveyJs: results not an array': () => fromSurveyJs(form, {} as never),
  'chooseK: valid': () => chooseK(customers, k),
  'chooseK: valid, elbow, robust, sample': () =>
    chooseK(customers, { ...k, method: 'elbow', standardize: 'robust', fitOn: 'sample', sampleSize: 10, restarts: 2 }),
  'chooseK: spec not an object': () => chooseK(customers, 'recency' as never),
  'chooseK: spec null': () => chooseK(customers, null as never),
  'chooseK: spec empty': () => chooseK(customers, {} as never),
  'chooseK: unknown key': () => chooseK(customers, { ...k, k: 3 } as never),
  'chooseK: features empty': () => chooseK(customers, { ...k, features: [] }),
  'chooseK: feature empty, feature number': () => chooseK(customers, { ...k, features: ['', 2] } as never),
  'chooseK: features not an array': () => chooseK(customers, { ...k, features: 'recency' } as never),
  'chooseK: feature column missing': () => chooseK(customers, { ...k, features: ['recency', 'nope'] }),
  'chooseK: kRange reversed': () => chooseK(customers, { ...k, kRange: [4, 2] }),
  'chooseK: kRange equal': () => chooseK(customers, { ...k, kRange: [3, 3] }),
  'chooseK: kRange 0 and 1': () => chooseK(customers, { ...k, kRange: [0, 1] }),
  'chooseK: kRange not whole': () => chooseK(customers, { ...k, kRange: [2.5, 4] }),
  'chooseK: kRange one number': () => chooseK(customers, { ...k, kRange: [2] } as never),
  'chooseK: kRange three numbers': () => chooseK(customers, { ...k, kRange: [2, 3, 4] } as never),
  'chooseK: kRange strings': () => chooseK(customers, { ...k, kRange: ['2', '3'] } as never),
  'chooseK: method unknown': () => chooseK(customers, { ...k, method: 'gap' } as never),
  'chooseK: sampleSize 9': () => chooseK(customers, { ...k, sampleSize: 9 }),
  'chooseK: sampleSize 10001': () => chooseK(customers, { ...k, sampleSize: 10_001 }),
  'chooseK: standardize unknown': () => chooseK(customers, { ...k, standardize: 'minmax' } as never),
  'chooseK: seed negative, not whole': () => chooseK(customers, { ...k, seed: -1.5 }),
  'chooseK: restarts 0': () => chooseK(customers, { ...k, restarts: 0 }),
  'chooseK: restarts 101': () => chooseK(customers, { ...k, restarts: 101 }),
  'chooseK: missing unknown': () => chooseK(customers, { ...k, missing: 'drop' } as never),
  'chooseK: fitOn unknown': () => chooseK(customers, { ...k, fitOn: 'none' } as never),
  'chooseK: several wrong at once (no range check)': () => chooseK(customers, { features: [], kRange: [5, 2], method: 1, extra: true } as never),
};

describeRecordedDoors('the last classic doors refuse as recorded on the classic code', FIXTURE, cases);
