// The satisfaction doors' refusals, recorded (issue 21): the shared survey schemas (item lists,
// answer scales, the `missing` option, component retention, item moments, the satisfaction index
// spec) moved from zod's classic API to `zod/mini`, and every refusal must read as before.
// test/fixtures/satisfaction/surveyDoorIssues.json was written by this file
// (`RECORD_DOOR_ISSUES=1 npx vitest run test/satisfaction/surveyDoorIssues.test.ts`) on the
// classic-API code at commit 0c90e26, before the move; each case also records what a valid call
// returns, so a default that changed would show too.
// Re-recorded on purpose for two cases (stop 45): `dimensions` of neither form names both forms
// instead of zod's "invalid input".
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  bartlettSphericity,
  cronbachAlpha,
  csat,
  expectationGap,
  fitSatisfactionIndex,
  importancePerformance,
  itemMoments,
  kmo,
  parseModel,
  peakEndScores,
  scoreSatisfactionIndex,
  varimax,
} from '../../src/index.js';
import { fitPlsPathModel } from '../../src/pls.js';
import { describeRecordedDoors } from '../helpers/doorOutcome.js';

const FIXTURE = join(__dirname, '../fixtures/satisfaction/surveyDoorIssues.json');

const answers = {
  q1: [4, 5, 3, 2, 4, 5, 1, 3],
  q2: [4, 4, 3, 2, 5, 5, 2, 3],
  q3: [3, 5, 2, 1, 4, 4, 1, 2],
  q4: [5, 4, 3, 3, 4, 5, 2, 3],
  overall: [4, 5, 3, 2, 4, 5, 1, 3],
};
const items = ['q1', 'q2', 'q3', 'q4'];
const moments = itemMoments(answers, { items });
const withMissing = { ...answers, q2: [4, null, 3, 2, 5, 5, 2, 3] };

const scale: [number, number] = [1, 5];
const fitted = fitSatisfactionIndex(answers, { dimensions: { a: ['q1', 'q2'], b: ['q3', 'q4'] }, scale });
/** The fitted model as JSON with one change, for the model schema's refusals. */
const brokenModel = (change: (m: any) => void) => {
  const m = JSON.parse(JSON.stringify(fitted));
  change(m);
  return m;
};
const cases: Record<string, () => unknown> = {
  'index: valid items': () => fitSatisfactionIndex(answers, { items, scale }).spec,
  'index: valid dimensions record': () => fitSatisfactionIndex(answers, { dimensions: { a: ['q1', 'q2'], b: ['q3', 'q4'] }, scale }).spec,
  'index: valid dimensions list, variance rule, varimax, listwise': () =>
    fitSatisfactionIndex(withMissing, {
      dimensions: [
        { name: 'a', items: ['q1', 'q2'] },
        { name: 'b', items: ['q3', 'q4'] },
      ],
      scale,
      retention: { rule: 'variance', target: 0.8 },
      rotation: 'varimax',
      missing: 'listwise',
    }).spec,
  'index: spec null': () => fitSatisfactionIndex(answers, null as never),
  'index: spec an array': () => fitSatisfactionIndex(answers, [] as never),
  'index: no scale': () => fitSatisfactionIndex(answers, { items } as never),
  'index: scale reversed': () => fitSatisfactionIndex(answers, { items, scale: [5, 1] }),
  'index: scale with Infinity': () => fitSatisfactionIndex(answers, { items, scale: [1, Infinity] }),
  'index: scale of strings and too long': () => fitSatisfactionIndex(answers, { items, scale: ['1', 5, 7] as never }),
  'index: scale of one number': () => fitSatisfactionIndex(answers, { items, scale: [1] as never }),
  'index: one item': () => fitSatisfactionIndex(answers, { items: ['q1'], scale }),
  'index: repeated item': () => fitSatisfactionIndex(answers, { items: ['q1', 'q1'], scale }),
  'index: empty item name': () => fitSatisfactionIndex(answers, { items: ['q1', ''], scale }),
  'index: items not a list': () => fitSatisfactionIndex(answers, { items: 'q1' as never, scale }),
  'index: items and dimensions': () => fitSatisfactionIndex(answers, { items, dimensions: { a: ['q1', 'q2'], b: ['q3', 'q4'] }, scale }),
  'index: neither items nor dimensions': () => fitSatisfactionIndex(answers, { scale }),
  'index: one dimension': () => fitSatisfactionIndex(answers, { dimensions: { a: ['q1', 'q2'] }, scale }),
  'index: dimension without items': () =>
    fitSatisfactionIndex(answers, {
      dimensions: [
        { name: 'a', items: [] },
        { name: 'b', items: ['q3'] },
      ],
      scale,
    }),
  'index: item in two dimensions': () => fitSatisfactionIndex(answers, { dimensions: { a: ['q1', 'q2'], b: ['q2', 'q4'] }, scale }),
  'index: repeated dimension name': () =>
    fitSatisfactionIndex(answers, {
      dimensions: [
        { name: 'a', items: ['q1', 'q2'] },
        { name: 'a', items: ['q3', 'q4'] },
      ],
      scale,
    }),
  'index: dimensions a string': () => fitSatisfactionIndex(answers, { dimensions: 'a' as never, scale }),
  'index: variance target over 1': () => fitSatisfactionIndex(answers, { items, scale, retention: { rule: 'variance', target: 1.5 } }),
  'index: fixed k of 0': () => fitSatisfactionIndex(answers, { items, scale, retention: { rule: 'fixed', k: 0 } }),
  'index: fixed k of 1.5': () => fitSatisfactionIndex(answers, { items, scale, retention: { rule: 'fixed', k: 1.5 } }),
  'index: unknown rule': () => fitSatisfactionIndex(answers, { items, scale, retention: { rule: 'scree' } as never }),
  'index: retention a word': () => fitSatisfactionIndex(answers, { items, scale, retention: 'kaiser' as never }),
  'index: kaiser with a target': () => fitSatisfactionIndex(answers, { items, scale, retention: { rule: 'kaiser', target: 0.5 } as never }),
  'index: unknown rotation': () => fitSatisfactionIndex(answers, { items, scale, rotation: 'promax' as never }),
  'index: unknown missing word': () => fitSatisfactionIndex(answers, { items, scale, missing: 'drop' as never }),
  'index: unknown key': () => fitSatisfactionIndex(answers, { items, scale, weights: [1, 2] } as never),
  'index: several problems': () => fitSatisfactionIndex(answers, { items: ['q1'], scale: [3, 3], rotation: 'x', missing: 1, extra: true } as never),
  'alpha: valid': () => cronbachAlpha(withMissing, items, { missing: 'listwise' }),
  'alpha: valid from moments': () => cronbachAlpha(moments, ['q1', 'q3', 'q4']),
  'alpha: items a string': () => cronbachAlpha(answers, 'q1' as never),
  'alpha: one item': () => cronbachAlpha(answers, ['q1']),
  'alpha: repeated items': () => cronbachAlpha(answers, ['q1', 'q2', 'q1']),
  'alpha: unknown missing word': () => cronbachAlpha(answers, items, { missing: 'pairwise' as never }),
  'alpha: unknown option': () => cronbachAlpha(answers, items, { method: 'raw' } as never),
  'alpha: options null': () => cronbachAlpha(answers, items, null as never),
  'alpha: moments with a bad summary': () => cronbachAlpha({ ...moments, summary: 'moments' }, items),
  'alpha: moments with n 1 and short mean': () => cronbachAlpha({ ...moments, n: 1, mean: [1, 2] }, items),
  'alpha: moments asymmetric': () => {
    const covariance = moments.covariance.map((row) => [...row]);
    covariance[0][1] += 0.5;
    return cronbachAlpha({ ...moments, covariance }, items);
  },
  'alpha: moments with a negative variance and a short row': () => {
    const covariance = moments.covariance.map((row) => [...row]);
    covariance[2][2] = -1;
    covariance[3] = covariance[3].slice(0, 2);
    return cronbachAlpha({ ...moments, covariance }, items);
  },
  'alpha: moments with a mean outside min and max': () => cronbachAlpha({ ...moments, min: [1, 1, 1, 9], max: [5, 5, 5, 9] }, items),
  'alpha: moments with NaN and an unknown key': () => cronbachAlpha({ ...moments, mean: [NaN, 1, 1, 1], skew: [] }, items),
  'alpha: moments with repeated items': () => cronbachAlpha({ ...moments, items: ['q1', 'q1', 'q3', 'q4'] }, items),
  'kmo: valid': () => kmo(answers, items),
  'kmo: bad options': () => kmo(answers, items, { missing: 'all' } as never),
  'kmo: bad items': () => kmo(answers, [] as never),
  'bartlett: valid skip': () => bartlettSphericity(withMissing, items, { missing: 'skip' }),
  'bartlett: bad options': () => bartlettSphericity(answers, items, { missing: 'error', x: 1 } as never),
  'bartlett: bad items': () => bartlettSphericity(answers, ['q1', 7] as never),
  'itemMoments: valid listwise': () => itemMoments(withMissing, { items, missing: 'listwise' }),
  'itemMoments: bad spec': () => itemMoments(answers, { items: ['q1'], missing: 'x' } as never),
  'gap: valid': () => expectationGap(answers, { pairs: [{ perceived: 'q1', expected: 'q2' }], scale }),
  'gap: bad scale and missing': () => expectationGap(answers, { pairs: [{ perceived: 'q1', expected: 'q2' }], scale: [5, 5], missing: 'no' } as never),
  'ipa: valid': () => importancePerformance(answers, { items, overall: 'overall', scale }),
  'ipa: bad items, scale and missing': () => importancePerformance(answers, { items: ['q1'], overall: 'overall', scale: [2, 1], missing: 'none' } as never),
  'csat: valid': () => csat([5, 4, 4, 3, 2, 5, null], { scale: [1, 5] }),
  'csat: bad scale': () => csat([5, 4], { scale: [5, 1] }),
  'csat: scale missing': () => csat([5, 4], {} as never),
  'csat: top box wider than the scale': () => csat([5, 4], { scale: [1, 3], topBox: 4 }),
  'peakEnd: bad scale': () =>
    peakEndScores({ customer: ['a'], order: [1], rating: [3] }, { customer: 'customer', order: 'order', rating: 'rating', scale: [3, 1] } as never),
  'index scores: bad missing option': () => scoreSatisfactionIndex(fitSatisfactionIndex(answers, { items, scale }), answers, { missing: 'listwise3' } as never),
  'varimax: valid': () =>
    varimax(
      [
        [0.7, 0.5],
        [0.7, 0.4],
        [0.6, -0.5],
        [0.5, -0.6],
      ],
      { normalize: false },
    ),
  'varimax: bad options': () =>
    varimax(
      [
        [0.7, 0.5],
        [0.6, -0.5],
      ],
      { normalize: 'yes', eps: 2, tol: 1 } as never,
    ),
  'varimax: empty matrix': () => varimax([]),
  'varimax: bad rows': () => varimax([[0.7, NaN], 'x', [0.6, -0.5, 1], [Infinity, 1]] as never),
  'model: valid round trip': () => parseModel(JSON.stringify(fitted)),
  'model: weights that do not sum to 1': () => parseModel(JSON.stringify(brokenModel((m) => (m.weights[0] += 0.5)))),
  'model: items not the spec order': () => parseModel(JSON.stringify(brokenModel((m) => m.items.reverse()))),
  'model: dimensions gone': () => parseModel(JSON.stringify(brokenModel((m) => (m.dimensions = null)))),
  'model: a dimension renamed, an item sd missing': () =>
    parseModel(
      JSON.stringify(
        brokenModel((m) => {
          m.dimensions[1].name = 'c';
          m.itemSds.pop();
        }),
      ),
    ),
  'model: bad components and diagnostics': () =>
    parseModel(
      JSON.stringify(
        brokenModel((m) => {
          m.components.rotation = 'promax';
          m.components.components = 0;
          m.components.varianceExplained.rotation = 'none';
          m.fitted.n = -1;
          m.fitted.diagnostics.kmo = { overall: 'high', items: [] };
          m.fitted.diagnostics.bartlett.df = null;
          m.fitted.diagnostics.alpha.ifItemDeleted[0].alpha = 'x';
          m.extra = 1;
        }),
      ),
    ),
  'model: bad spec inside': () => parseModel(JSON.stringify(brokenModel((m) => (m.spec.scale = [5, 1])))),
  'model: scored while broken': () =>
    scoreSatisfactionIndex(
      brokenModel((m) => (m.weights = [1])),
      answers,
    ),
  'model: scored with another kind': () => scoreSatisfactionIndex({ kind: 'rfm' } as never, answers),
  'pls: bad scale and missing': () =>
    fitPlsPathModel(answers, {
      constructs: { A: { items: ['q1', 'q2'] }, B: { items: ['q3', 'q4'] } },
      paths: [['A', 'B']],
      scale: [1, NaN],
      missing: 'listwise2',
    } as never),
};

describeRecordedDoors('the satisfaction doors refuse as they did before the move to zod/mini', FIXTURE, cases);

describe("fitSatisfactionIndex's default retention", () => {
  it('is a fresh object in each model (editing one model leaves later fits alone)', () => {
    const first = fitSatisfactionIndex(answers, { items, scale });
    (first.spec.retention as { rule: string }).rule = 'fixed';
    const second = fitSatisfactionIndex(answers, { items, scale });
    expect(second.spec.retention).toEqual({ rule: 'kaiser' });
    expect(second.spec.retention).not.toBe(first.spec.retention);
  });
});
