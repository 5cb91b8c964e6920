import { describe, expect, it } from 'vitest';
import {
  bartlettSphericity,
  cronbachAlpha,
  fitSatisfactionIndex,
  itemMoments,
  kmo,
  parseModel,
  scoreSatisfactionIndex,
  type ItemMoments,
} from '../../src/index.js';
import { fitPlsPathModel } from '../../src/pls.js';
import { caught } from '../helpers/fixtures.js';
import { ECSI_ITEMS, GENERATED_ITEMS, ecsiSurvey, expectRelativelyEqual, generatedSurvey, indexSpecs } from '../helpers/surveyMoments.js';

// The witness is the same call on the rows: item moments carry everything the index fit, alpha,
// KMO and Bartlett read (means and covariances, from which SDs and correlations follow with the
// same formulas), so the moment path must give the rows' results — bit for bit when the moments
// come from itemMoments (the same momentMatrix), including three-level indexes whose dimension
// scores' moments follow from the item covariances (exact in exact arithmetic: 1e-12 here).

const surveys = { ecsi: { data: ecsiSurvey(), items: ECSI_ITEMS }, generated: { data: generatedSurvey(), items: GENERATED_ITEMS } };

describe('itemMoments(data, spec)', () => {
  it('counts complete answers listwise and gives means, covariances, min and max of the complete rows', () => {
    const data = { q1: [1, 2, 3, null, 5], q2: [2, Number.NaN, 4, 5, 6], q3: [3, 3, 5, 6, 8] };
    const m = itemMoments(data, { items: ['q1', 'q2', 'q3'], missing: 'skip' });
    // complete rows 0, 2, 4: q1 = 1, 3, 5; q2 = 2, 4, 6; q3 = 3, 5, 8 (hand-computed)
    expect(m).toEqual({
      summary: 'itemMoments',
      items: ['q1', 'q2', 'q3'],
      n: 3,
      skipped: 2,
      mean: [3, 4, 16 / 3],
      covariance: [
        [4, 4, 5],
        [4, 4, 5],
        [5, 5, 19 / 3],
      ],
      min: [1, 2, 3],
      max: [5, 6, 8],
    });
    expect(JSON.parse(JSON.stringify(m))).toEqual(m);
  });

  it('refuses a missing answer by default, and fewer than 2 complete answers', () => {
    expect(caught(() => itemMoments({ a: [1, null, 3], b: [1, 2, 3] }, { items: ['a', 'b'] })).code).toBe('invalid_value');
    expect(caught(() => itemMoments({ a: [1, null], b: [1, 2] }, { items: ['a', 'b'], missing: 'skip' })).code).toBe('too_few_rows');
    expect(caught(() => itemMoments({ a: [1, 2] }, { items: ['a', 'b'] })).code).toBe('missing_column');
  });
});

describe.each(Object.entries(surveys))('the %s survey: moments in place of the rows', (name, { data, items }) => {
  const moments = itemMoments(data, { items, missing: 'skip' });

  it.each(indexSpecs(name as 'ecsi' | 'generated'))('fitSatisfactionIndex, %s: the same model', (_label, spec) => {
    const rows = fitSatisfactionIndex(data, spec);
    const fromMoments = fitSatisfactionIndex(moments, spec);
    if (spec.dimensions) expectRelativelyEqual(fromMoments, rows, 1e-12);
    else expect(fromMoments).toEqual(rows);
    expect(fromMoments.fitted.n).toBe(moments.n);
    expect(fromMoments.fitted.skipped).toBe(moments.skipped);
    expect(parseModel(JSON.stringify(fromMoments))).toEqual(fromMoments);
  });

  it('cronbachAlpha, kmo and bartlettSphericity: the same results', () => {
    expect(cronbachAlpha(moments, items, { missing: 'skip' })).toEqual(cronbachAlpha(data, items, { missing: 'skip' }));
    expect(kmo(moments, items, { missing: 'skip' })).toEqual(kmo(data, items, { missing: 'skip' }));
    expect(bartlettSphericity(moments, items, { missing: 'skip' })).toEqual(bartlettSphericity(data, items, { missing: 'skip' }));
  });

  it("a subset of the items picked by name: the rows' results on the respondents complete on every item of the moments", () => {
    // listwise over the moments' items (they were computed once over all of them), not over the subset
    const complete = data[items[0]].map((_, i) => items.every((item) => Number.isFinite(data[item][i] as number)));
    const rows = Object.fromEntries(Object.entries(data).map(([k, v]) => [k, v.filter((_, i) => complete[i])]));
    const list = [items[3], items[0], items[1]];
    const same = { skipped: moments.skipped };
    expect(cronbachAlpha(moments, list, { missing: 'skip' })).toEqual({ ...cronbachAlpha(rows, list), ...same });
    expect(kmo(moments, list, { missing: 'skip' })).toEqual({ ...kmo(rows, list), ...same });
    expect(bartlettSphericity(moments, list, { missing: 'skip' })).toEqual({ ...bartlettSphericity(rows, list), ...same });
  });
});

describe('moments in place of the rows: what they cannot do, and bad moments', () => {
  const data = generatedSurvey();
  const moments = itemMoments(data, { items: GENERATED_ITEMS, missing: 'skip' });
  const spec = { items: GENERATED_ITEMS, scale: [1, 7] as [number, number], missing: 'skip' as const };

  it('refuses per-respondent work (scores, PLS) naming the function and what is missing', () => {
    const model = fitSatisfactionIndex(moments, spec);
    const error = caught(() => scoreSatisfactionIndex(model, moments));
    expect(error.code).toBe('invalid_value');
    expect(error.message).toContain('scoreSatisfactionIndex: needs the answers row by row, not item moments');
    const pls = caught(() =>
      fitPlsPathModel(moments, { constructs: { A: { items: ['a1', 'a2'] }, B: { items: ['b1', 'b2'] } }, paths: [['A', 'B']], missing: 'skip' }),
    );
    expect(pls.message).toContain('fitPlsPathModel: needs the answers row by row');
  });

  it("refuses moments that left respondents out when missing is 'error' (as the rows would)", () => {
    const error = caught(() => fitSatisfactionIndex(moments, { ...spec, missing: 'error' }));
    expect(error.code).toBe('invalid_value');
    expect(error.issues[0]).toMatchObject({ path: 'data.skipped', received: String(moments.skipped) });
    expect(caught(() => cronbachAlpha(moments, ['a1', 'a2'])).issues[0].path).toBe('data.skipped');
  });

  it('checks answers against the scale through min and max, or through the means without them', () => {
    const error = caught(() => fitSatisfactionIndex(moments, { ...spec, scale: [2, 7] }));
    expect(error.code).toBe('invalid_value');
    expect(error.issues[0]).toMatchObject({ column: 'a1', expected: 'an answer on the 2–7 scale', received: 'a smallest answer of 1' });
    const { min: _min, max: _max, ...bare } = moments;
    expect(fitSatisfactionIndex(bare, spec)).toEqual(fitSatisfactionIndex(moments, spec));
    expect(caught(() => fitSatisfactionIndex(bare, { ...spec, scale: [5, 7] })).issues[0]).toMatchObject({
      column: 'a1',
      received: `a mean of ${moments.mean[0]}`,
    });
  });

  it('names an item the moments lack, too few respondents, a constant item', () => {
    const absent = caught(() => kmo(moments, ['a1', 'zz'], { missing: 'skip' }));
    expect(absent).toMatchObject({ code: 'missing_column' });
    expect(absent.issues[0]).toMatchObject({ column: 'zz', received: 'no such item' });
    expect(caught(() => cronbachAlpha({ ...moments, n: 2, skipped: 0 }, ['a1', 'a2'])).code).toBe('too_few_rows');
    const constant: ItemMoments = { ...moments, covariance: moments.covariance.map((row, j) => row.map((c, k) => (j === 0 || k === 0 ? 0 : c))) };
    expect(caught(() => cronbachAlpha(constant, ['a1', 'a2'], { missing: 'skip' })).issues[0]).toMatchObject({
      column: 'a1',
      expected: 'answers that vary across respondents',
    });
  });

  it.each([
    [
      'an asymmetric covariance',
      (m: ItemMoments) => ({ ...m, covariance: m.covariance.map((row, j) => row.map((c, k) => (j === 1 && k === 0 ? c + 1e-9 : c))) }),
      'data.covariance.1.0',
    ],
    [
      'a negative variance',
      (m: ItemMoments) => ({ ...m, covariance: m.covariance.map((row, j) => row.map((c, k) => (j === 2 && k === 2 ? -1 : c))) }),
      'data.covariance.2.2',
    ],
    ['a NaN mean', (m: ItemMoments) => ({ ...m, mean: m.mean.map((v, j) => (j === 1 ? Number.NaN : v)) }), 'data.mean.1'],
    ['a short mean', (m: ItemMoments) => ({ ...m, mean: m.mean.slice(1) }), 'data.mean'],
    ['a ragged covariance', (m: ItemMoments) => ({ ...m, covariance: m.covariance.map((row, j) => (j === 3 ? row.slice(1) : row)) }), 'data.covariance.3'],
    ['n below 2', (m: ItemMoments) => ({ ...m, n: 1 }), 'data.n'],
    ['a mean outside min and max', (m: ItemMoments) => ({ ...m, mean: m.mean.map((v, j) => (j === 0 ? 9 : v)) }), 'data.mean.0'],
    ['an unknown key', (m: ItemMoments) => ({ ...m, extra: 1 }), 'data'],
  ])('refuses %s with invalid_value naming the path', (_label, corrupt, path) => {
    const error = caught(() => fitSatisfactionIndex(corrupt(moments), spec));
    expect(error.code).toBe('invalid_value');
    expect(error.issues.map((issue: { path: string }) => issue.path)).toContain(path);
  });

  it('collinear items: the same singular-matrix warning and null KMO/Bartlett as the rows, and the same refusal from kmo', () => {
    const a = [1, 2, 3, 4, 5, 6, 2];
    const b = [2, 1, 4, 3, 6, 5, 5];
    const rows = { a, b, c: a.map((v, i) => v + b[i]) };
    const m = itemMoments(rows, { items: ['a', 'b', 'c'] });
    const s = { items: ['a', 'b', 'c'], scale: [1, 12] as [number, number] };
    expect(fitSatisfactionIndex(m, s)).toEqual(fitSatisfactionIndex(rows, s));
    expect(fitSatisfactionIndex(m, s).fitted.diagnostics.kmo).toBeNull();
    expect(caught(() => kmo(m, ['a', 'b', 'c'])).message).toBe(caught(() => kmo(rows, ['a', 'b', 'c'])).message);
  });

  it('refuses a covariance that is not positive semi-definite (no data has it)', () => {
    // three items pairwise correlated 0.9, 0.9 and −0.9: each pair possible, the three together not
    const bad: ItemMoments = {
      summary: 'itemMoments',
      items: ['x', 'y', 'z'],
      n: 100,
      mean: [4, 4, 4],
      covariance: [
        [1, 0.9, 0.9],
        [0.9, 1, -0.9],
        [0.9, -0.9, 1],
      ],
    };
    const error = caught(() => bartlettSphericity(bad, ['x', 'y', 'z']));
    expect(error.code).toBe('invalid_value');
    expect(error.message).toContain('not positive semi-definite');
    expect(error.issues[0].path).toBe('data.covariance');
  });
});
