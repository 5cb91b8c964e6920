// The segmentation doors' refusals, recorded (issue 21): the segments spec, scoreSegments'
// options and the segments model schema moved from zod's classic API to `zod/mini`, and every
// refusal must read as before. test/fixtures/segmentation/segmentsDoorIssues.json was written by
// this file (`RECORD_DOOR_ISSUES=1 npx vitest run test/segmentation/segmentsDoorIssues.test.ts`) on
// the classic-API code (commit fd71408), before the move; valid calls are recorded too (their
// parsed spec, so a default that changed would show).
import { join } from 'node:path';
import { chooseK, fitRfm, fitSegments, parseModel, scoreSegments } from '../../src/index.js';
import { describeRecordedDoors } from '../helpers/doorOutcome.js';

const FIXTURE = join(__dirname, '../fixtures/segmentation/segmentsDoorIssues.json');

const customers = {
  visits: [1, 2, 1, 2, 20, 22, 21, 19, 10, 11, 9, 12],
  spend: [500, 520, 480, 510, 20, 25, 30, 22, 200, 210, 190, 205],
  tenure: [3, 4, 5, 3, 10, 12, 11, 9, 6, 7, 5, 8],
};
const withMissing = { ...customers, spend: [500, null, 480, 510, 20, 25, 30, 22, 200, 210, 190, 205] };
const features = ['visits', 'spend'];
const fitted = fitSegments(customers, { features, k: 3, seed: 1 });
/** The fitted model as JSON with one change, for the model schema's refusals. */
const brokenModel = (change: (m: any) => void) => {
  const m = JSON.parse(JSON.stringify(fitted));
  change(m);
  return m;
};
const parse = (change: (m: any) => void) => () => parseModel(JSON.stringify(brokenModel(change)));

const cases: Record<string, () => unknown> = {
  'fit: valid, defaults': () => fitSegments(customers, { features, k: 2 }).spec,
  'fit: valid, every option': () =>
    fitSegments(withMissing, {
      features: ['visits', 'spend', 'tenure'],
      k: 3,
      standardize: 'robust',
      seed: 7,
      restarts: 3,
      maxIterations: 50,
      tolerance: 1e-6,
      missing: 'skip',
    }).spec,
  'fit: valid, init': () =>
    fitSegments(customers, {
      features,
      k: 2,
      standardize: 'none',
      init: [
        [1, 500],
        [20, 20],
      ],
    }).spec,
  'fit: valid model': () => fitted,
  'fit: spec null': () => fitSegments(customers, null as never),
  'fit: spec an array': () => fitSegments(customers, [] as never),
  'fit: spec empty': () => fitSegments(customers, {} as never),
  'fit: features empty': () => fitSegments(customers, { features: [], k: 2 }),
  'fit: features a string': () => fitSegments(customers, { features: 'visits' as never, k: 2 }),
  'fit: feature empty name and a number': () => fitSegments(customers, { features: ['', 3] as never, k: 2 }),
  'fit: repeated feature': () => fitSegments(customers, { features: ['visits', 'visits'], k: 2 }),
  'fit: k 0': () => fitSegments(customers, { features, k: 0 }),
  'fit: k 2.5': () => fitSegments(customers, { features, k: 2.5 }),
  'fit: k 1001': () => fitSegments(customers, { features, k: 1001 }),
  'fit: k a string': () => fitSegments(customers, { features, k: '2' as never }),
  'fit: k NaN': () => fitSegments(customers, { features, k: NaN }),
  'fit: unknown standardize': () => fitSegments(customers, { features, k: 2, standardize: 'minmax' as never }),
  'fit: seed negative and fractional': () => fitSegments(customers, { features, k: 2, seed: -1.5 }),
  'fit: restarts 0 and maxIterations over the cap': () => fitSegments(customers, { features, k: 2, restarts: 0, maxIterations: 100_001 }),
  'fit: restarts a boolean': () => fitSegments(customers, { features, k: 2, restarts: true as never }),
  'fit: tolerance negative': () => fitSegments(customers, { features, k: 2, tolerance: -1 }),
  'fit: tolerance Infinity': () => fitSegments(customers, { features, k: 2, tolerance: Infinity }),
  'fit: init with NaN and a string': () =>
    fitSegments(customers, {
      features,
      k: 2,
      init: [
        [1, NaN],
        ['x', 2],
      ] as never,
    }),
  'fit: init not a list': () => fitSegments(customers, { features, k: 2, init: 5 as never }),
  'fit: init of the wrong shape': () => fitSegments(customers, { features, k: 2, init: [[1, 2, 3]] }),
  'fit: unknown missing word': () => fitSegments(customers, { features, k: 2, missing: 'listwise' as never }),
  'fit: unknown keys': () => fitSegments(customers, { features, k: 2, clusters: 3, Seed: 1 } as never),
  'fit: several problems': () => fitSegments(customers, { features: ['a', 'a'], k: -1, standardize: 1, tolerance: 'x', missing: null, extra: true } as never),
  'chooseK: valid': () => chooseK(customers, { features, kRange: [2, 3], restarts: 2, sampleSize: 12 }),
  'chooseK: bad standardize and missing': () => chooseK(customers, { features, standardize: 'z', missing: 'drop' } as never),
  'score: valid': () => scoreSegments(fitted, customers),
  'score: valid with skip': () => scoreSegments(fitted, withMissing, { missing: 'skip' }),
  'score: bad missing option': () => scoreSegments(fitted, customers, { missing: 'listwise' } as never),
  'score: unknown option': () => scoreSegments(fitted, customers, { seed: 1 } as never),
  'score: options null': () => scoreSegments(fitted, customers, null as never),
  'score: broken model': () =>
    scoreSegments(
      brokenModel((m) => (m.centers = [[1, 2]])),
      customers,
    ),
  'score: broken spec inside the model': () =>
    scoreSegments(
      brokenModel((m) => (m.spec.k = 0)),
      customers,
    ),
  'score: another kind': () =>
    scoreSegments(
      fitRfm(
        { r: [1, 2, 3, 4], f: [1, 2, 3, 4], m: [1, 2, 3, 4] },
        { recency: { column: 'r', better: 'lower' }, frequency: { column: 'f' }, monetary: { column: 'm' }, bins: 2 },
      ) as never,
      customers,
    ),
  'score: not a model': () => scoreSegments({ kind: 'rfm' } as never, customers),
  'score: null': () => scoreSegments(null as never, customers),
  'score: a version-1 model': () =>
    scoreSegments(
      brokenModel((m) => (m.version = 1)),
      customers,
    ),
  'model: valid round trip': () => parseModel(JSON.stringify(fitted)),
  'model: wrong types': parse((m) => {
    m.scaling[0].center = 'x';
    m.centers[0][0] = null;
    m.profiles[0].label = 3;
    m.fitted.diagnostics.converged = 'yes';
  }),
  'model: counts wrong': parse((m) => {
    m.centers.pop();
    m.profiles.pop();
  }),
  'model: center row short': parse((m) => m.centers[1].pop()),
  'model: scaling out of order': parse((m) => m.scaling.reverse()),
  'model: scale 0 and negative inertia': parse((m) => {
    m.scaling[0].scale = 0;
    m.fitted.diagnostics.inertia = -1;
  }),
  'model: fitted counts negative and fractional': parse((m) => {
    m.fitted.n = -1;
    m.fitted.skipped = 0.5;
    m.profiles[0].size = 1.5;
  }),
  'model: extra keys': parse((m) => {
    m.extra = 1;
    m.fitted.diagnostics.silhouette = 0.5;
    m.profiles[0].color = 'red';
  }),
  'model: bad spec inside': parse((m) => {
    m.spec.standardize = 'minmax';
    m.spec.features = ['visits', 'visits'];
  }),
  'model: spec missing word': parse((m) => (m.spec.missing = 'listwise')),
  'model: wrong version': parse((m) => (m.version = 99)),
  'model: empty feature name in scaling': parse((m) => (m.scaling[0].feature = '')),
};

describeRecordedDoors('the segmentation doors refuse as they did before the move to zod/mini', FIXTURE, cases);
