// The PLS path model doors' refusals, recorded (issue 21): the PLS spec, scorePlsPathModel's
// options and the plsPathModel model schema moved from zod's classic API to `zod/mini`, and every
// refusal must read as before. test/fixtures/satisfaction/plsDoorIssues.json was written by this
// file (`RECORD_DOOR_ISSUES=1 npx vitest run test/satisfaction/plsDoorIssues.test.ts`) on the
// classic-API code (commit fd71408), before the move; valid calls are recorded too (their parsed
// spec, so a default that changed would show).
// Re-recorded on purpose for two cases (stop 45): a construct name the spec refuses says what a
// name is ("a construct name of letters, digits, spaces, _ . -") and shows the name, instead of
// "invalid key in record" and the construct's value.
// The path ends at the record (spec.constructs); the key is what is received.
import { join } from 'node:path';
import { fitRfm, parseModel } from '../../src/index.js';
import { assessPlsPathModel, bootstrapPlsPathModel, fitPlsPathModel, importancePerformanceMap, plsPredict, scorePlsPathModel } from '../../src/pls.js';
import { describeRecordedDoors } from '../helpers/doorOutcome.js';
import { readFixtureCsv } from '../helpers/fixtures.js';

const FIXTURE = join(__dirname, '../fixtures/satisfaction/plsDoorIssues.json');

const mobi = readFixtureCsv('satisfaction/ecsi_mobi.csv').columns as Record<string, Float64Array>;
const survey = Object.fromEntries(Object.entries(mobi).map(([k, v]) => [k, Array.from(v).slice(0, 120)]));
const withMissing = { ...survey, CUSA2: survey.CUSA2.map((v, i) => (i === 3 ? null : v)) };
const constructs = {
  Image: { items: ['IMAG1', 'IMAG2', 'IMAG3'] },
  Value: { items: ['PERV1', 'PERV2'] },
  Satisfaction: { items: ['CUSA1', 'CUSA2', 'CUSA3'] },
};
const paths: [string, string][] = [
  ['Image', 'Satisfaction'],
  ['Value', 'Satisfaction'],
];
const spec = { constructs, paths };
const fitted = fitPlsPathModel(survey, spec);
/** The fitted model as JSON with one change, for the model schema's refusals. */
const brokenModel = (change: (m: any) => void) => {
  const m = JSON.parse(JSON.stringify(fitted));
  change(m);
  return m;
};
const parse = (change: (m: any) => void) => () => parseModel(JSON.stringify(brokenModel(change)));
const fit = (s: unknown) => () => fitPlsPathModel(survey, s as never);

const cases: Record<string, () => unknown> = {
  'fit: valid, defaults': () => fitPlsPathModel(survey, spec).spec,
  'fit: valid, every option': () =>
    fitPlsPathModel(withMissing, {
      constructs: { ...constructs, Image: { items: ['IMAG1', 'IMAG2', 'IMAG3'], mode: 'B' } },
      paths,
      scheme: 'factorial',
      maxIter: 50,
      tolerance: 1e-5,
      missing: 'listwise',
      scale: [1, 10],
    }).spec,
  'fit: valid model': () => fitted,
  'fit: spec null': fit(null),
  'fit: spec an array': fit([]),
  'fit: spec empty': fit({}),
  'fit: constructs not an object': fit({ constructs: ['Image'], paths }),
  'fit: bad construct name': fit({ constructs: { '1st': { items: ['IMAG1'] }, Value: { items: ['PERV1'] } }, paths: [['1st', 'Value']] }),
  'fit: construct without items': fit({ constructs: { ...constructs, Image: { items: [] } }, paths }),
  'fit: construct with an empty and a repeated item': fit({ constructs: { ...constructs, Image: { items: ['IMAG1', '', 'IMAG1'] } }, paths }),
  'fit: construct items a string': fit({ constructs: { ...constructs, Image: { items: 'IMAG1' } }, paths }),
  'fit: unknown mode': fit({ constructs: { ...constructs, Image: { items: ['IMAG1'], mode: 'C' } }, paths }),
  'fit: unknown construct key': fit({ constructs: { ...constructs, Image: { items: ['IMAG1'], weights: [1] } }, paths }),
  'fit: construct null': fit({ constructs: { ...constructs, Image: null }, paths }),
  'fit: paths empty': fit({ constructs, paths: [] }),
  'fit: path of three and a number': fit({
    constructs,
    paths: [
      ['Image', 'Value', 'Satisfaction'],
      ['Value', 3],
    ],
  }),
  'fit: path a string': fit({ constructs, paths: ['Image→Satisfaction'] }),
  'fit: unknown scheme': fit({ ...spec, scheme: 'mode' }),
  'fit: maxIter 0 and fractional tolerance over 1': fit({ ...spec, maxIter: 0, tolerance: 2 }),
  'fit: maxIter 1.5 and tolerance 0': fit({ ...spec, maxIter: 1.5, tolerance: 0 }),
  'fit: maxIter over the cap and tolerance a string': fit({ ...spec, maxIter: 100_001, tolerance: '1e-7' }),
  'fit: unknown missing word': fit({ ...spec, missing: 'pairwise' }),
  'fit: bad scale': fit({ ...spec, scale: [5, 1] }),
  'fit: scale a number': fit({ ...spec, scale: 5 }),
  'fit: unknown keys': fit({ ...spec, weights: 'equal', Scheme: 'path' }),
  'fit: one construct': fit({ constructs: { Image: constructs.Image }, paths: [['Image', 'Image']] }),
  'fit: shared item, unknown construct, self-loop, repeated path, lone construct': fit({
    constructs: { ...constructs, Value: { items: ['PERV1', 'IMAG2'] }, Loyalty: { items: ['CUSL1'] } },
    paths: [
      ['Image', 'Satisfaction'],
      ['Image', 'Satisfaction'],
      ['Value', 'Value'],
      ['Value', 'Quality'],
    ],
  }),
  'fit: a cycle': fit({
    constructs,
    paths: [
      ['Image', 'Value'],
      ['Value', 'Satisfaction'],
      ['Satisfaction', 'Image'],
    ],
  }),
  'fit: several problems': fit({
    constructs: { A: { items: [] }, 'B!': { items: ['x'], mode: 'a' } },
    paths: [],
    scheme: 1,
    maxIter: -1,
    missing: null,
    extra: 1,
  }),
  'plsPredict: bad spec': () => plsPredict(survey, { ...spec, scheme: 'x' } as never),
  'score: valid': () => scorePlsPathModel(fitted, survey).scores.Satisfaction.slice(0, 5),
  'score: valid with skip': () => scorePlsPathModel(fitted, withMissing, { missing: 'skip' }).skipped,
  'score: bad missing option': () => scorePlsPathModel(fitted, survey, { missing: 'drop' } as never),
  'score: unknown option': () => scorePlsPathModel(fitted, survey, { scale: [1, 10] } as never),
  'score: options null': () => scorePlsPathModel(fitted, survey, null as never),
  'score: broken model': () =>
    scorePlsPathModel(
      brokenModel((m) => m.constructs[0].weights.pop()),
      survey,
    ),
  'score: broken spec inside the model': () =>
    scorePlsPathModel(
      brokenModel((m) => (m.spec.scheme = 'mode')),
      survey,
    ),
  'score: another kind': () =>
    scorePlsPathModel(
      fitRfm(
        { r: [1, 2, 3, 4], f: [1, 2, 3, 4], m: [1, 2, 3, 4] },
        { recency: { column: 'r', better: 'lower' }, frequency: { column: 'f' }, monetary: { column: 'm' }, bins: 2 },
      ) as never,
      survey,
    ),
  'score: not a model': () => scorePlsPathModel({ kind: 'segments' } as never, survey),
  'score: null': () => scorePlsPathModel(null as never, survey),
  'score: a version-1 model': () =>
    scorePlsPathModel(
      brokenModel((m) => (m.version = 1)),
      survey,
    ),
  'assess: broken model': () =>
    assessPlsPathModel(
      brokenModel((m) => (m.paths = [])),
      survey,
    ),
  'bootstrap: broken model': () =>
    bootstrapPlsPathModel(
      brokenModel((m) => (m.constructs[1].itemSds[0] = 0)),
      survey,
      { samples: 10 },
    ),
  'ipma: another kind': () => importancePerformanceMap({ kind: 'rfm' } as never, survey, { target: 'Satisfaction' } as never),
  'model: valid round trip': () => parseModel(JSON.stringify(fitted)).kind,
  'model: wrong types': parse((m) => {
    m.constructs[0].alpha = 'high';
    m.paths[0].coefficient = null;
    m.rSquared.Satisfaction.adjusted = 'x';
    m.htmt[0].value = '0.5';
    m.fitted.diagnostics.converged = 1;
  }),
  'model: construct count': parse((m) => m.constructs.pop()),
  'model: constructs out of order': parse((m) => m.constructs.reverse()),
  'model: construct mode changed, a loading missing': parse((m) => {
    m.constructs[0].mode = 'B';
    m.constructs[2].loadings.pop();
  }),
  'model: item sd 0 and NaN weight': parse((m) => {
    m.constructs[0].itemSds[0] = 0;
    m.constructs[1].weights[0] = 'NaN';
  }),
  'model: paths out of order': parse((m) => m.paths.reverse()),
  'model: paths missing one': parse((m) => m.paths.pop()),
  'model: extra keys': parse((m) => {
    m.extra = 1;
    m.constructs[0].vif = [];
    m.fitted.diagnostics.seconds = 1;
    m.paths[0].p = 0.01;
  }),
  'model: bad spec inside': parse((m) => {
    m.spec.scheme = 'mode';
    m.spec.maxIter = 0;
    m.spec.constructs.Image.mode = 'C';
  }),
  'model: spec missing listwise read as skip': () => (parseModel(JSON.stringify(brokenModel((m) => (m.spec.missing = 'listwise')))) as typeof fitted).spec,
  'model: spec scale reversed': parse((m) => (m.spec.scale = [5, 1])),
  'model: fitted counts wrong': parse((m) => {
    m.fitted.n = -1;
    m.fitted.diagnostics.iterations = 1.5;
    m.fitted.warnings = [1];
  }),
  'model: wrong version': parse((m) => (m.version = 7)),
};

describeRecordedDoors('the PLS doors refuse as they did before the move to zod/mini', FIXTURE, cases);
