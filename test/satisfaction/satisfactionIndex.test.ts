import { describe, expect, it } from 'vitest';
import { fitSatisfactionIndex, parseModel, scoreSatisfactionIndex } from '../../src/index.js';
import { caught, readFixtureCsv, readFixtureJson } from '../helpers/fixtures.js';

// Reference: R 4.2.2 eigen() / stats::varimax on the ECSI mobi survey — see
// test/fixtures/satisfaction/make_reference.R (source field in r_reference.json).
const R = readFixtureJson<any>('satisfaction/r_reference.json');
const mobi = readFixtureCsv('satisfaction/ecsi_mobi.csv').columns as Record<string, Float64Array>;
const items: string[] = R.items;

const expectClose = (actual: readonly number[], expected: readonly number[], digits = 10) => {
  expect(actual.length).toBe(expected.length);
  actual.forEach((v, i) => expect(v).toBeCloseTo(expected[i], digits));
};

describe('fitSatisfactionIndex(data, spec)', () => {
  it('matches R: eigenvalues, Kaiser retention, loadings and weights (unrotated)', () => {
    const model = fitSatisfactionIndex(mobi, { items, scale: [1, 10] });
    expectClose(model.components.eigenvalues, R.kaiser.eigenvalues, 10);
    expect(model.components.components).toBe(R.kaiser.components);
    model.components.loadings.forEach((row, j) => expectClose(row, R.kaiser.loadings[j], 10));
    expectClose(model.components.coefficients, R.kaiser.coefficients, 12);
    expectClose(model.weights, R.kaiser.weights, 12);
    expect(model.fitted.n).toBe(250);
  });

  it('matches R’s stats::varimax, with 3 components kept by Kaiser’s rule and by a fixed k', () => {
    for (const [spec, ref] of [
      [{ rotation: 'varimax' }, R.kaiserVarimax],
      [{ rotation: 'varimax', retention: { rule: 'fixed', k: 3 } }, R.fixed3Varimax],
    ] as const) {
      const model = fitSatisfactionIndex(mobi, { items, scale: [1, 10], ...spec });
      expect(model.components.rotation).toBe('varimax');
      model.components.loadings.forEach((row, j) => expectClose(row, ref.loadings[j], 8));
      expectClose(model.components.componentVariances, ref.componentVariances, 8);
      expectClose(model.weights, ref.weights, 10);
      const rotation = model.components.varianceExplained.rotation!;
      expect(rotation.at(-1)!.cumulativePercent).toBeCloseTo(model.components.varianceExplained.extraction.at(-1)!.cumulativePercent, 10);
    }
  });

  it('keeps components up to a cumulative variance target like R', () => {
    const model = fitSatisfactionIndex(mobi, { items, scale: [1, 10], retention: { rule: 'variance', target: 0.7 } });
    expect(model.components.components).toBe(R.variance70.components);
    expectClose(model.weights, R.variance70.weights, 12);
    expect(model.components.varianceExplained.extraction.at(-1)!.cumulativePercent).toBeGreaterThanOrEqual(70);
  });

  it('weights a three-level indicator system (index → dimensions → items) like R', () => {
    const dimensions = Object.fromEntries(
      R.dimensions.names.map((name: string, g: number) => [name, items.filter((it) => it.startsWith(['IMAG', 'CUEX', 'PERQ', 'PERV'][g]))]),
    );
    const model = fitSatisfactionIndex(mobi, { dimensions, scale: [1, 10] });
    expect(model.dimensions!.map((d) => d.name)).toEqual(R.dimensions.names);
    model.dimensions!.forEach((d, g) => expectClose(d.weights, R.dimensions.within[g], 12));
    expectClose(
      model.dimensions!.map((d) => d.weight),
      R.dimensions.dimensionWeights,
      12,
    );
    expectClose(model.weights, R.dimensions.globalWeights, 12);
    expectClose(model.components.eigenvalues, R.dimensions.dimensionEigenvalues, 10);
  });

  it('holds the invariants: eigenvalues sum to p, weights sum to 1, mean index = weighted item means', () => {
    const model = fitSatisfactionIndex(mobi, { items, scale: [1, 10], rotation: 'varimax' });
    expect(model.components.eigenvalues.reduce((a, b) => a + b, 0)).toBeCloseTo(items.length, 10);
    expect(model.weights.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    expect(model.components.varianceExplained.initial.at(-1)!.cumulativePercent).toBeCloseTo(100, 10);
    const expectedMean = model.weights.reduce((s, w, j) => s + w * R.means[j], 0);
    expect(model.fitted.diagnostics.meanIndex).toBeCloseTo(expectedMean, 12);
    expect(model.fitted.diagnostics.meanIndex100).toBeCloseTo((100 * (expectedMean - 1)) / 9, 10);
    const scores = scoreSatisfactionIndex(model, mobi);
    expect(scores.index.reduce((a, b) => a + b, 0) / 250).toBeCloseTo(model.fitted.diagnostics.meanIndex, 10);
  });

  it('gives the same weights whatever the order of the items', () => {
    const reversed = [...items].reverse();
    const a = fitSatisfactionIndex(mobi, { items, scale: [1, 10], rotation: 'varimax' });
    const b = fitSatisfactionIndex(mobi, { items: reversed, scale: [1, 10], rotation: 'varimax' });
    items.forEach((item, j) => expect(b.weights[reversed.indexOf(item)]).toBeCloseTo(a.weights[j], 10));
  });

  it('carries reliability diagnostics that match psych', () => {
    const model = fitSatisfactionIndex(mobi, { items, scale: [1, 10] });
    expect(model.fitted.diagnostics.alpha.alpha).toBeCloseTo(R.alpha.raw, 12);
    expect(model.fitted.diagnostics.kmo!.overall).toBeCloseTo(R.kmo.overall, 12);
    expect(model.fitted.diagnostics.bartlett!.chiSquare).toBeCloseTo(R.bartlett.chisq, 8);
  });

  it('scores identically after a JSON round trip, and per dimension', () => {
    const dimensions = { Quality: items.filter((i) => i.startsWith('PERQ')), Value: ['PERV1', 'PERV2'], Image: items.filter((i) => i.startsWith('IMAG')) };
    const model = fitSatisfactionIndex(mobi, { dimensions, scale: [1, 10] });
    const loaded = parseModel(JSON.stringify(model));
    expect(loaded).toEqual(JSON.parse(JSON.stringify(model)));
    const a = scoreSatisfactionIndex(model, mobi);
    expect(scoreSatisfactionIndex(loaded as typeof model, mobi)).toEqual(a);
    expect(Object.keys(a.dimensions!)).toEqual(['Quality', 'Value', 'Image']);
    // the index is the dimension-weighted sum of dimension scores
    const w = model.dimensions!.map((d) => d.weight);
    expect(a.index[7]).toBeCloseTo(w[0] * a.dimensions!.Quality[7] + w[1] * a.dimensions!.Value[7] + w[2] * a.dimensions!.Image[7], 12);
  });

  it('refuses answers off the scale, constant items, and half-specified specs', () => {
    const off = caught(() => fitSatisfactionIndex({ a: [1, 2, 11], b: [1, 2, 3], c: [2, 2, 3] }, { items: ['a', 'b', 'c'], scale: [1, 10] }));
    expect(off.code).toBe('invalid_value');
    expect(off.message).toContain('row 2, column "a": expected an answer on the 1–10 scale, got 11');
    const constant = caught(() => fitSatisfactionIndex({ a: [1, 2, 3, 4], b: [5, 5, 5, 5], c: [2, 2, 3, 1] }, { items: ['a', 'b', 'c'], scale: [1, 10] }));
    expect(constant.code).toBe('invalid_value');
    expect(constant.message).toContain('"b": expected answers that vary across respondents, got every answer 5');
    expect(constant.message).toContain('remove it');
    expect(caught(() => fitSatisfactionIndex(mobi, { items, scale: [10, 1] })).code).toBe('invalid_spec');
    expect(caught(() => fitSatisfactionIndex(mobi, { scale: [1, 10] })).message).toContain('either items or dimensions');
    expect(caught(() => fitSatisfactionIndex(mobi, { items, scale: [1, 10], retention: { rule: 'fixed', k: 40 } })).message).toContain('at most 17 components');
    expect(caught(() => fitSatisfactionIndex(mobi, { items } as never)).issues[0].path).toBe('spec.scale');
  });

  it("drops respondents with a missing answer only when asked (missing: 'skip'), and counts them", () => {
    const data = { a: [1, 2, 3, 4, 5, NaN], b: [2, 1, 4, 3, 5, 5], c: [1, 3, 2, 5, 4, 4] };
    expect(caught(() => fitSatisfactionIndex(data, { items: ['a', 'b', 'c'], scale: [1, 5] })).code).toBe('invalid_value');
    const model = fitSatisfactionIndex(data, { items: ['a', 'b', 'c'], scale: [1, 5], missing: 'skip' });
    expect([model.fitted.n, model.fitted.skipped]).toEqual([5, 1]);
    const scores = scoreSatisfactionIndex(model, data);
    expect(scores.skipped).toBe(1);
    expect(Number.isNaN(scores.index[5])).toBe(true);
    expect(Number.isNaN(scores.index[4])).toBe(false);
  });

  it('reports, rather than hides, a negative weight, and warns on a singular correlation matrix', () => {
    // c duplicates a + b exactly: singular; d runs against the others
    const a = [1, 2, 3, 4, 5, 6, 7, 2, 4, 6];
    const b = [2, 1, 4, 3, 6, 5, 7, 3, 3, 5];
    const data = { a, b, c: a.map((v, i) => (v + b[i]) / 2), d: [4, 5, 2, 3, 1, 2, 1, 4, 3, 2] };
    const model = fitSatisfactionIndex(data, { items: ['a', 'b', 'c', 'd'], scale: [1, 7], retention: { rule: 'fixed', k: 1 } });
    expect(model.weights[3]).toBeLessThan(0);
    expect(model.fitted.warnings.join('\n')).toContain('item "d" has a negative weight');
    expect(model.fitted.diagnostics.kmo).toBeNull();
    expect(model.fitted.warnings.join('\n')).toContain('singular');
    expect(JSON.stringify(model)).not.toContain('NaN');
  });
});
