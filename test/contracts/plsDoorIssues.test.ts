// The refusals of the PLS analyses' doors on zod's classic API, recorded (issue 21): the options
// of assessPlsPathModel, satisfactionImpacts, importancePerformanceMap, satisfactionIndex100,
// plsPredict, bootstrapPlsPathModel and the group comparisons (comparePlsGroups,
// measurementInvariance, satisfactionIndexByGroup) move to `zod/mini`, their model check to
// assertModelOf, and every refusal must read as before (the Node wrappers of assessPlsPathModel
// and bootstrapPlsPathModel too).
// test/fixtures/contracts/plsDoorIssues.json was written by this file
// (`RECORD_DOOR_ISSUES=1 npx vitest run test/contracts/plsDoorIssues.test.ts`) on the
// classic-API code (commit 677ed0e), before the move; valid calls are recorded too.
// Re-recorded on purpose for five cases after the move (stop 45): a `threads` that is neither a
// count nor 'auto' and a group level that is neither a string nor a finite number say so, instead
// of zod's "invalid input" (test/internal/parseSpec.test.ts keeps every recorded refusal free of it).
import { join } from 'node:path';
import { fitRfm } from '../../src/index.js';
import { assessPlsPathModel as assessOnThreads, bootstrapPlsPathModel as bootstrapOnThreads } from '../../src/node/index.js';
import {
  assessPlsPathModel,
  bootstrapPlsPathModel,
  comparePlsGroups,
  fitPlsPathModel,
  importancePerformanceMap,
  measurementInvariance,
  plsPredict,
  satisfactionImpacts,
  satisfactionIndex100,
  satisfactionIndexByGroup,
} from '../../src/pls.js';
import { describeRecordedDoors } from '../helpers/doorOutcome.js';
import { readFixtureCsv } from '../helpers/fixtures.js';

const FIXTURE = join(__dirname, '../fixtures/contracts/plsDoorIssues.json');

const mobi = readFixtureCsv('satisfaction/ecsi_mobi.csv').columns as Record<string, Float64Array>;
const rows = Object.fromEntries(Object.entries(mobi).map(([k, v]) => [k, Array.from(v).slice(0, 120)]));
const survey = {
  ...rows,
  handled: rows.CUSCO.map((v) => (v >= 8 ? 'well' : 'poorly')),
  tier: rows.CUSCO.map((v) => (v >= 9 ? 'top' : v >= 6 ? 'middle' : 'low')),
};
const constructs = {
  Image: { items: ['IMAG1', 'IMAG2', 'IMAG3'] },
  Value: { items: ['PERV1', 'PERV2'] },
  Satisfaction: { items: ['CUSA1', 'CUSA2', 'CUSA3'] },
  Loyalty: { items: ['CUSL1', 'CUSL3'] },
};
const paths: [string, string][] = [
  ['Image', 'Satisfaction'],
  ['Value', 'Satisfaction'],
  ['Satisfaction', 'Loyalty'],
];
const spec = { constructs, paths, scale: [1, 10] as [number, number] };
const bare = { constructs, paths };
const model = fitPlsPathModel(survey, spec);
const unscaled = fitPlsPathModel(survey, bare);
/** The fitted model as JSON with one change. */
const broken = (change: (m: any) => void): never => {
  const m = JSON.parse(JSON.stringify(model));
  change(m);
  return m as never;
};
const rfm = fitRfm(
  { r: [1, 2, 3, 4], f: [1, 2, 3, 4], m: [1, 2, 3, 4] },
  { recency: { column: 'r', better: 'lower' }, frequency: { column: 'f' }, monetary: { column: 'm' }, bins: 2 },
) as never;
const noKey = broken((m) => delete m.rSquared);
const wrongType = broken((m) => (m.constructs[0].weights = 'equal'));
const extraKey = broken((m) => (m.extra = 1));
const severalBroken = broken((m) => {
  delete m.paths;
  m.constructs[1].itemSds[0] = -1;
  m.spec.scheme = 'mode';
  m.note = 'x';
});
const version1 = broken((m) => (m.version = 1));

/** What a valid assessment records: its paths and the parts the options govern (the whole report would make the fixture large). */
const assessed = (r: ReturnType<typeof assessPlsPathModel>) => ({
  n: r.n,
  paths: r.paths,
  bootstrap: r.bootstrap && {
    ...r.bootstrap,
    loadings: r.bootstrap.loadings.slice(0, 1),
    weights: r.bootstrap.weights.slice(0, 1),
    htmt: r.bootstrap.htmt.slice(0, 1),
  },
  predict: r.predict && {
    ...r.predict,
    result: { ...r.predict.result, items: r.predict.result.items.slice(0, 1), foldOf: r.predict.result.foldOf.map((f) => f.slice(0, 10)) },
  },
});
const assess =
  (o: unknown, m: unknown = model) =>
  () =>
    assessed(assessPlsPathModel(m as never, survey, o as never));
const impacts =
  (o: unknown, m: unknown = model) =>
  () =>
    satisfactionImpacts(m as never, survey, o as never);
const ipma =
  (o: unknown, m: unknown = model, target = 'Loyalty') =>
  () =>
    importancePerformanceMap(m as never, survey, target, o as never);
const index =
  (o: unknown, m: unknown = model, construct = 'Satisfaction') =>
  () =>
    satisfactionIndex100(m as never, survey, construct, o as never);
const predict =
  (o: unknown, s: unknown = spec) =>
  () => {
    const r = plsPredict(survey, s as never, o as never);
    return { ...r, foldOf: r.foldOf.map((f) => f.slice(0, 10)) };
  };
/** A valid bootstrap records its paths and total effects (not every weight and loading). */
const booted = (r: ReturnType<typeof bootstrapPlsPathModel>) => ({ ...r, weights: r.weights.slice(0, 1), loadings: r.loadings.slice(0, 1) });
const boot =
  (o: unknown, m: unknown = model) =>
  () =>
    booted(bootstrapPlsPathModel(m as never, survey, o as never));
const compare =
  (o: unknown, s: unknown = spec) =>
  () =>
    comparePlsGroups(survey, s as never, o as never);
const micom =
  (o: unknown, s: unknown = spec) =>
  () =>
    measurementInvariance(survey, s as never, o as never);
const byGroup =
  (o: unknown, m: unknown = model) =>
  () =>
    satisfactionIndexByGroup(m as never, survey, o as never);
const nodeAssess =
  (o: unknown, m: unknown = model) =>
  () =>
    assessed(assessOnThreads(m as never, survey, o as never));
const nodeBoot =
  (o: unknown, m: unknown = model) =>
  () =>
    booted(bootstrapOnThreads(m as never, survey, o as never));

const g = { group: 'handled', permutations: 19 };

const cases: Record<string, () => unknown> = {
  'assess: valid, defaults': assess(undefined),
  'assess: valid, empty options': assess({}),
  'assess: valid, bootstrap': assess({ bootstrap: { resamples: 10, seed: 3, level: 0.9 } }),
  'assess: valid, predict': assess({ predict: { folds: 3, repetitions: 1, seed: 2 } }),
  'assess: valid, unscaled model': assess({}, unscaled),
  'assess: options not an object': assess('bootstrap'),
  'assess: options null': assess(null),
  'assess: options an array': assess([]),
  'assess: unknown key': assess({ bootstrap: { resamples: 10 }, threads: 2 }),
  'assess: bootstrap not an object': assess({ bootstrap: true }),
  'assess: bootstrap null': assess({ bootstrap: null }),
  'assess: bootstrap unknown key': assess({ bootstrap: { resamples: 10, samples: 10 } }),
  'assess: resamples 9': assess({ bootstrap: { resamples: 9 } }),
  'assess: resamples over the cap': assess({ bootstrap: { resamples: 1_000_001 } }),
  'assess: resamples not whole': assess({ bootstrap: { resamples: 10.5 } }),
  'assess: resamples a string': assess({ bootstrap: { resamples: '10' } }),
  'assess: seed not whole': assess({ bootstrap: { resamples: 10, seed: 0.5 } }),
  'assess: seed NaN': assess({ bootstrap: { resamples: 10, seed: Number.NaN } }),
  'assess: level 0 and 1': assess({ bootstrap: { resamples: 10, level: 0 } }),
  'assess: level 1': assess({ bootstrap: { resamples: 10, level: 1 } }),
  'assess: level a string': assess({ bootstrap: { resamples: 10, level: '0.9' } }),
  'assess: predict not an object': assess({ predict: 10 }),
  'assess: predict unknown key': assess({ predict: { folds: 3, k: 3 } }),
  'assess: predict folds 1': assess({ predict: { folds: 1 } }),
  'assess: predict repetitions 0, seed a string': assess({ predict: { repetitions: 0, seed: '1' } }),
  'assess: predict repetitions over the cap': assess({ predict: { repetitions: 10_001 } }),
  'assess: predict more folds than respondents': assess({ predict: { folds: 500, repetitions: 1 } }),
  'assess: several wrong at once': assess({ bootstrap: { resamples: 1, seed: 'x', level: 2, threads: 1 }, predict: { folds: 0.5 }, extra: 1 }),
  'assess: another kind': assess({}, rfm),
  'assess: not a model': assess({}, { kind: 'segments' }),
  'assess: model null': assess({}, null),
  'assess: a version-1 model': assess({}, version1),
  'assess: model with a key missing': assess({}, noKey),
  'assess: model with a wrong type': assess({}, wrongType),
  'assess: model with an extra key': assess({}, extraKey),
  'assess: model broken several ways': assess({}, severalBroken),
  'assess: broken model and bad options': assess({ bootstrap: { resamples: 1 } }, wrongType),
  'node assess: valid, bootstrap': nodeAssess({ bootstrap: { resamples: 10, seed: 3, threads: 2 } }),
  'node assess: valid, predict': nodeAssess({ predict: { folds: 3, repetitions: 1 } }),
  'node assess: options null': nodeAssess(null),
  'node assess: unknown key': nodeAssess({ workers: 2 }),
  'node assess: threads 0': nodeAssess({ bootstrap: { resamples: 10, threads: 0 } }),
  'node assess: threads 257, resamples 9': nodeAssess({ bootstrap: { resamples: 9, threads: 257 } }),
  'node assess: threads a word': nodeAssess({ bootstrap: { resamples: 10, threads: 'all' } }),
  'node assess: threads not whole': nodeAssess({ bootstrap: { resamples: 10, threads: 1.5 } }),
  'node assess: predict folds 1, level 1': nodeAssess({ bootstrap: { level: 1 }, predict: { folds: 1 } }),
  'node assess: another kind': nodeAssess({}, rfm),
  'node assess: model with a wrong type': nodeAssess({}, wrongType),

  'impacts: valid, defaults (few samples)': impacts({ samples: 10 }),
  'impacts: valid, every option': impacts({ target: 'Loyalty', gain: 2.5, samples: 12, seed: 4, confidence: 0.9 }),
  'impacts: valid, a spec': impacts({ target: 'Satisfaction', samples: 10 }, bare),
  'impacts: options not an object': impacts(5),
  'impacts: options null': impacts(null),
  'impacts: unknown key': impacts({ samples: 10, scale: [1, 10] }),
  'impacts: target empty': impacts({ target: '', samples: 10 }),
  'impacts: target a number': impacts({ target: 1, samples: 10 }),
  'impacts: target unknown': impacts({ target: 'Quality', samples: 10 }),
  'impacts: target exogenous': impacts({ target: 'Image', samples: 10 }),
  'impacts: gain infinite': impacts({ gain: Number.POSITIVE_INFINITY, samples: 10 }),
  'impacts: gain NaN': impacts({ gain: Number.NaN, samples: 10 }),
  'impacts: gain a string': impacts({ gain: '5', samples: 10 }),
  'impacts: samples 9': impacts({ samples: 9 }),
  'impacts: samples over the cap': impacts({ samples: 1_000_001 }),
  'impacts: samples not whole': impacts({ samples: 10.5 }),
  'impacts: seed not whole': impacts({ samples: 10, seed: 1.5 }),
  'impacts: confidence 0': impacts({ samples: 10, confidence: 0 }),
  'impacts: confidence 1': impacts({ samples: 10, confidence: 1 }),
  'impacts: confidence null': impacts({ samples: 10, confidence: null }),
  'impacts: several wrong at once': impacts({ target: '', gain: 'x', samples: 2, seed: 0.1, confidence: 5, extra: true }),
  'impacts: another kind': impacts({ samples: 10 }, rfm),
  'impacts: a version-1 model': impacts({ samples: 10 }, version1),
  'impacts: model with a key missing': impacts({ samples: 10 }, noKey),
  'impacts: model with a wrong type': impacts({ samples: 10 }, wrongType),
  'impacts: model with an extra key': impacts({ samples: 10 }, extraKey),
  'impacts: model broken several ways': impacts({ samples: 10 }, severalBroken),
  'impacts: a bad spec': impacts({ samples: 10 }, { ...bare, scheme: 'x' }),
  'impacts: model null': impacts({ samples: 10 }, null),

  'ipma: valid, defaults': ipma(undefined),
  'ipma: valid, percentile bootstrap': ipma({ bootstrap: { samples: 10, seed: 5, confidence: 0.9 } }),
  'ipma: valid, bca bootstrap': ipma({ bootstrap: { samples: 10, method: 'bca' } }),
  'ipma: valid, scale on an unscaled model': ipma({ scale: [1, 10] }, unscaled),
  'ipma: valid, target Satisfaction': ipma({}, model, 'Satisfaction'),
  'ipma: unscaled model without scale': ipma({}, unscaled),
  'ipma: options not an object': ipma('bca'),
  'ipma: options null': ipma(null),
  'ipma: unknown key': ipma({ samples: 10 }),
  'ipma: scale reversed': ipma({ scale: [10, 1] }),
  'ipma: scale one number': ipma({ scale: [1] }),
  'ipma: scale of strings': ipma({ scale: ['1', '10'] }),
  'ipma: scale infinite': ipma({ scale: [1, Number.POSITIVE_INFINITY] }),
  'ipma: bootstrap not an object': ipma({ bootstrap: 10 }),
  'ipma: bootstrap null': ipma({ bootstrap: null }),
  'ipma: bootstrap unknown key': ipma({ bootstrap: { samples: 10, level: 0.9 } }),
  'ipma: samples 9': ipma({ bootstrap: { samples: 9 } }),
  'ipma: samples over the cap, seed not whole': ipma({ bootstrap: { samples: 1_000_001, seed: 0.5 } }),
  'ipma: confidence 1': ipma({ bootstrap: { samples: 10, confidence: 1 } }),
  'ipma: method unknown': ipma({ bootstrap: { samples: 10, method: 'normal' } }),
  'ipma: target unknown': ipma({}, model, 'Quality'),
  'ipma: target exogenous': ipma({}, model, 'Image'),
  'ipma: several wrong at once': ipma({ scale: [3, 3], bootstrap: { samples: 'many', confidence: -1, method: 1, x: 1 }, y: 2 }),
  'ipma: another kind': ipma({}, rfm),
  'ipma: a version-1 model': ipma({}, version1),
  'ipma: model with a key missing': ipma({}, noKey),
  'ipma: model with a wrong type': ipma({}, wrongType),
  'ipma: model with an extra key': ipma({}, extraKey),
  'ipma: model broken several ways': ipma({}, severalBroken),

  'index100: valid, defaults': index(undefined),
  'index100: valid, bootstrap': index({ bootstrap: { samples: 10, seed: 2, confidence: 0.8 } }),
  'index100: valid, scale on an unscaled model': index({ scale: [1, 10] }, unscaled, 'Loyalty'),
  'index100: valid, scale overriding the model': index({ scale: [0, 10] }),
  'index100: unscaled model without scale': index({}, unscaled),
  'index100: options not an object': index(true),
  'index100: options null': index(null),
  'index100: unknown key': index({ samples: 10 }),
  'index100: scale reversed': index({ scale: [10, 1] }),
  'index100: scale three numbers': index({ scale: [1, 5, 10] }),
  'index100: scale a number': index({ scale: 10 }),
  'index100: bootstrap not an object': index({ bootstrap: 'yes' }),
  'index100: bootstrap unknown key': index({ bootstrap: { samples: 10, method: 'bca' } }),
  'index100: samples 9': index({ bootstrap: { samples: 9 } }),
  'index100: samples a string': index({ bootstrap: { samples: '10' } }),
  'index100: seed not whole, confidence 0': index({ bootstrap: { samples: 10, seed: 2.5, confidence: 0 } }),
  'index100: construct unknown': index({}, model, 'Quality'),
  'index100: several wrong at once': index({ scale: [1], bootstrap: { samples: 1, confidence: 2 }, extra: null }),
  'index100: another kind': index({}, rfm),
  'index100: model null': index({}, null),
  'index100: a version-1 model': index({}, version1),
  'index100: model with a key missing': index({}, noKey),
  'index100: model with a wrong type': index({}, wrongType),
  'index100: model with an extra key': index({}, extraKey),
  'index100: model broken several ways': index({}, severalBroken),

  'predict: valid': predict({ folds: 3, repetitions: 1 }),
  'predict: valid, seed, repetitions 2': predict({ folds: 4, repetitions: 2, seed: 9 }, bare),
  'predict: options not an object': predict('3'),
  'predict: options null': predict(null),
  'predict: unknown key': predict({ folds: 3, k: 3 }),
  'predict: folds 1': predict({ folds: 1 }),
  'predict: folds over the cap': predict({ folds: 1_000_001 }),
  'predict: folds not whole': predict({ folds: 2.5 }),
  'predict: folds a string': predict({ folds: '3' }),
  'predict: more folds than respondents': predict({ folds: 121, repetitions: 1 }),
  'predict: repetitions 0': predict({ folds: 3, repetitions: 0 }),
  'predict: repetitions over the cap': predict({ folds: 3, repetitions: 10_001 }),
  'predict: seed not whole': predict({ folds: 3, repetitions: 1, seed: 1.5 }),
  'predict: seed null': predict({ folds: 3, repetitions: 1, seed: null }),
  'predict: several wrong at once': predict({ folds: 0, repetitions: 'x', seed: 0.5, extra: 1 }),
  'predict: a bad spec and bad options': predict({ folds: 0 }, { ...bare, maxIter: 0 }),
  'predict: a model for a spec': predict({ folds: 3, repetitions: 1 }, model),

  'bootstrap: valid': boot({ samples: 10 }),
  'bootstrap: valid, every option': boot({ samples: 11, seed: 7, confidence: 0.9 }),
  'bootstrap: options not an object': boot(10),
  'bootstrap: options null': boot(null),
  'bootstrap: unknown key': boot({ samples: 10, threads: 2 }),
  'bootstrap: samples 9': boot({ samples: 9 }),
  'bootstrap: samples over the cap': boot({ samples: 1_000_001 }),
  'bootstrap: samples not whole': boot({ samples: 10.5 }),
  'bootstrap: seed a string': boot({ samples: 10, seed: '1' }),
  'bootstrap: confidence 1': boot({ samples: 10, confidence: 1 }),
  'bootstrap: several wrong at once': boot({ samples: 'x', seed: 0.5, confidence: 0, extra: 1 }),
  'bootstrap: another kind': boot({ samples: 10 }, rfm),
  'bootstrap: a version-1 model': boot({ samples: 10 }, version1),
  'bootstrap: model with a key missing': boot({ samples: 10 }, noKey),
  'bootstrap: model with a wrong type': boot({ samples: 10 }, wrongType),
  'bootstrap: model with an extra key': boot({ samples: 10 }, extraKey),
  'bootstrap: model broken several ways': boot({ samples: 10 }, severalBroken),
  'node bootstrap: valid': nodeBoot({ samples: 10, threads: 2 }),
  'node bootstrap: options null': nodeBoot(null),
  'node bootstrap: unknown key': nodeBoot({ samples: 10, workers: 2 }),
  'node bootstrap: threads 0': nodeBoot({ samples: 10, threads: 0 }),
  'node bootstrap: threads a word, samples 9': nodeBoot({ samples: 9, threads: 'all' }),
  'node bootstrap: another kind': nodeBoot({ samples: 10 }, rfm),
  'node bootstrap: model with a key missing': nodeBoot({ samples: 10 }, noKey),

  'compare: valid': compare({ ...g, samples: 10 }),
  'compare: valid, levels, correction, seed': compare({ ...g, levels: ['well', 'poorly'], samples: 10, seed: 4, correction: 'bonferroni' }),
  'compare: valid, two levels of three': compare({ group: 'tier', levels: ['top', 'middle'], permutations: 19, samples: 10, correction: 'none' }),
  'compare: options missing': compare(undefined),
  'compare: options not an object': compare('handled'),
  'compare: options null': compare(null),
  'compare: options empty': compare({}),
  'compare: unknown key': compare({ ...g, samples: 10, alpha: 0.05 }),
  'compare: group empty': compare({ ...g, group: '' }),
  'compare: group a number': compare({ ...g, group: 1 }),
  'compare: group column missing': compare({ ...g, group: 'nope', samples: 10 }),
  'compare: three levels without levels': compare({ group: 'tier', permutations: 19, samples: 10 }),
  'compare: levels equal': compare({ ...g, levels: ['well', 'well'] }),
  'compare: levels one': compare({ ...g, levels: ['well'] }),
  'compare: levels infinite number, null': compare({ ...g, levels: [Number.POSITIVE_INFINITY, null] }),
  'compare: level not in the column': compare({ ...g, levels: ['well', 'badly'], samples: 10 }),
  'compare: permutations 18': compare({ ...g, permutations: 18 }),
  'compare: permutations over the cap, not whole': compare({ ...g, permutations: 1_000_000.5 }),
  'compare: samples 9': compare({ ...g, samples: 9 }),
  'compare: seed a string': compare({ ...g, seed: '1' }),
  'compare: correction unknown': compare({ ...g, correction: 'sidak' }),
  'compare: several wrong at once': compare({ group: '', levels: [1, 1], permutations: 1, samples: 1, seed: 0.5, correction: 0, extra: 1 }),
  'compare: a bad spec and bad options': compare({ group: '' }, { ...bare, scheme: 'x' }),

  'micom: valid': micom(g),
  'micom: valid, levels, alpha, seed': micom({ ...g, levels: ['well', 'poorly'], alpha: 0.1, seed: 6 }),
  'micom: options missing': micom(undefined),
  'micom: options null': micom(null),
  'micom: options an array': micom(['handled']),
  'micom: unknown key': micom({ ...g, samples: 10 }),
  'micom: group missing': micom({ permutations: 19 }),
  'micom: group empty': micom({ ...g, group: '' }),
  'micom: levels equal numbers': micom({ ...g, levels: [1, 1] }),
  'micom: levels not an array': micom({ ...g, levels: 'well' }),
  'micom: permutations 18': micom({ ...g, permutations: 18 }),
  'micom: alpha 0': micom({ ...g, alpha: 0 }),
  'micom: alpha 0.5': micom({ ...g, alpha: 0.5 }),
  'micom: alpha a string': micom({ ...g, alpha: '0.05' }),
  'micom: three levels without levels': micom({ group: 'tier', permutations: 19 }),
  'micom: several wrong at once': micom({ group: 3, levels: [null], permutations: 'x', seed: 1.5, alpha: 1, extra: 1 }),

  'byGroup: valid, a model': byGroup({ group: 'handled', samples: 10 }),
  'byGroup: valid, a spec, three levels': byGroup({ group: 'tier', samples: 10, seed: 3, confidence: 0.9 }, spec),
  'byGroup: valid, levels chosen, scale given': byGroup({ group: 'tier', levels: ['low', 'top'], samples: 10, scale: [1, 10] }, unscaled),
  'byGroup: unscaled model without scale': byGroup({ group: 'handled', samples: 10 }, unscaled),
  'byGroup: options missing': byGroup(undefined),
  'byGroup: options not an object': byGroup('handled'),
  'byGroup: options null': byGroup(null),
  'byGroup: unknown key': byGroup({ group: 'handled', samples: 10, permutations: 19 }),
  'byGroup: group missing': byGroup({ samples: 10 }),
  'byGroup: group empty': byGroup({ group: '', samples: 10 }),
  'byGroup: group an item': byGroup({ group: 'CUSA1', samples: 10 }),
  'byGroup: levels one': byGroup({ group: 'tier', levels: ['top'], samples: 10 }),
  'byGroup: levels repeated': byGroup({ group: 'tier', levels: ['top', 'top'], samples: 10 }),
  'byGroup: levels with NaN and an object': byGroup({ group: 'tier', levels: [Number.NaN, {}], samples: 10 }),
  'byGroup: levels too many': byGroup({ group: 'tier', levels: Array.from({ length: 256 }, (_, i) => i), samples: 10 }),
  'byGroup: level not in the column': byGroup({ group: 'tier', levels: ['top', 'none'], samples: 10 }),
  'byGroup: samples 9': byGroup({ group: 'handled', samples: 9 }),
  'byGroup: seed not whole, confidence 1': byGroup({ group: 'handled', samples: 10, seed: 0.5, confidence: 1 }),
  'byGroup: scale reversed': byGroup({ group: 'handled', samples: 10, scale: [10, 1] }),
  'byGroup: several wrong at once': byGroup({ group: 1, levels: [], samples: 1e7, seed: 'x', confidence: -1, scale: [1], extra: 1 }),
  'byGroup: another kind': byGroup({ group: 'handled', samples: 10 }, rfm),
  'byGroup: a version-1 model': byGroup({ group: 'handled', samples: 10 }, version1),
  'byGroup: model with a key missing': byGroup({ group: 'handled', samples: 10 }, noKey),
  'byGroup: model with a wrong type': byGroup({ group: 'handled', samples: 10 }, wrongType),
  'byGroup: model with an extra key': byGroup({ group: 'handled', samples: 10 }, extraKey),
  'byGroup: model broken several ways, bad options': byGroup({ group: '' }, severalBroken),
  'byGroup: a bad spec': byGroup({ group: 'handled', samples: 10 }, { ...bare, paths: [] }),
};

describeRecordedDoors('the PLS analyses refuse as recorded on the classic code', FIXTURE, cases);
