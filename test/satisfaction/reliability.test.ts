import { describe, expect, it } from 'vitest';
import { bartlettSphericity, cronbachAlpha, fitSatisfactionIndex, kmo, parseModel, varimax } from '../../src/index.js';
import { fitPlsPathModel } from '../../src/pls.js';
import { chiSquareUpperTail, logGamma, regularizedBeta, studentTTwoSided } from '../../src/internal/specialFunctions.js';
import { caught, readFixtureCsv, readFixtureJson } from '../helpers/fixtures.js';

// Reference: psych 2.2.9 alpha / KMO / cortest.bartlett in R 4.2.2 — see
// test/fixtures/satisfaction/make_reference.R (source field in r_reference.json).
const R = readFixtureJson<any>('satisfaction/r_reference.json');
const mobi = readFixtureCsv('satisfaction/ecsi_mobi.csv').columns as Record<string, Float64Array>;
const items: string[] = R.items;

describe('cronbachAlpha(data, items)', () => {
  const result = cronbachAlpha(mobi, items);
  it('matches psych::alpha: raw and standardized alpha, alpha if deleted, r.drop', () => {
    expect(result.alpha).toBeCloseTo(R.alpha.raw, 12);
    expect(result.standardizedAlpha).toBeCloseTo(R.alpha.std, 12);
    expect(result.averageCorrelation).toBeCloseTo(R.alpha.average_r, 12);
    result.ifItemDeleted.forEach((d, j) => {
      expect(d.item).toBe(items[j]);
      expect(d.alpha).toBeCloseTo(R.alpha.dropRaw[j], 12);
      expect(d.standardizedAlpha).toBeCloseTo(R.alpha.dropStd[j], 12);
      expect(d.itemRestCorrelation).toBeCloseTo(R.alpha.rDrop[j], 12);
    });
    expect(result.n).toBe(250);
  });

  it('is 1 for identical items and needs at least two distinct items', () => {
    const x = [1, 2, 3, 4, 5];
    expect(cronbachAlpha({ a: x, b: x }, ['a', 'b']).alpha).toBeCloseTo(1, 12);
    expect(caught(() => cronbachAlpha({ a: x }, ['a'])).code).toBe('invalid_spec');
    expect(caught(() => cronbachAlpha({ a: x, b: x }, ['a', 'a'])).message).toContain('distinct item names');
  });
});

describe('kmo(data, items)', () => {
  it('matches psych::KMO overall and per item', () => {
    const result = kmo(mobi, items);
    expect(result.overall).toBeCloseTo(R.kmo.overall, 12);
    result.items.forEach((entry, j) => expect(entry.msa).toBeCloseTo(R.kmo.items[j], 12));
  });

  it('refuses a singular correlation matrix with a clear error', () => {
    const a = [1, 2, 3, 4, 5, 6];
    const b = [2, 1, 4, 3, 6, 5];
    const error = caught(() => kmo({ a, b, c: a.map((v, i) => v + b[i]) }, ['a', 'b', 'c']));
    expect(error.code).toBe('invalid_value');
    expect(error.message).toContain('singular');
    expect(error.message).toContain('drop an item that duplicates others');
  });
});

describe('bartlettSphericity(data, items)', () => {
  it('matches psych::cortest.bartlett, down to a p-value of 1e-299', () => {
    const result = bartlettSphericity(mobi, items);
    expect(result.chiSquare).toBeCloseTo(R.bartlett.chisq, 8);
    expect(result.df).toBe(R.bartlett.df);
    expect(result.p / R.bartlett.p).toBeCloseTo(1, 6);
  });
});

describe('special functions', () => {
  // Reference values: R 4.2.2 — lgamma(), pchisq(lower.tail = FALSE), pbeta(), 2 * pt(-|t|).
  it('agree with R', () => {
    expect(logGamma(0.5)).toBeCloseTo(0.5723649429247001, 13);
    expect(logGamma(100)).toBeCloseTo(359.1342053695754, 10);
    expect(chiSquareUpperTail(3.84, 1)).toBeCloseTo(0.05004352124870522, 12);
    expect(chiSquareUpperTail(150, 136)).toBeCloseTo(0.1944866458781121, 12);
    expect(regularizedBeta(0.3, 2, 5)).toBeCloseTo(0.5798250000000001, 12);
    expect(studentTTwoSided(2.228, 10)).toBeCloseTo(0.05001177181711133, 12);
    expect(chiSquareUpperTail(0, 3)).toBe(1);
  });
});

describe('varimax(loadings)', () => {
  it('takes Float64Array and Float32Array rows (loadings as a PCA returns them), with the same result as arrays', () => {
    const rows = [
      [0.7, 0.5],
      [0.7, 0.4],
      [0.6, -0.5],
      [0.5, -0.6],
    ];
    const plain = varimax(rows);
    expect(varimax(rows.map((r) => Float64Array.from(r)))).toEqual(plain);
    const f32 = rows.map((r) => Float32Array.from(r));
    expect(varimax(f32)).toEqual(varimax(f32.map((r) => Array.from(r))));
    expect(caught(() => varimax([Float64Array.from([0.5, Number.NaN]), Float64Array.from([0.1, 0.2])])).issues[0]).toMatchObject({ row: 0 });
  });

  it('returns one component unchanged and refuses ragged input', () => {
    expect(varimax([[0.5], [0.7]]).loadings).toEqual([[0.5], [0.7]]);
    expect(caught(() => varimax([[0.5, 0.1], [0.7]])).code).toBe('invalid_value');
  });

  it('keeps communalities (row sums of squares) and gives an orthogonal rotation', () => {
    const a = [
      [0.7, 0.5],
      [0.7, 0.4],
      [0.6, -0.5],
      [0.5, -0.6],
      [0.4, 0.1],
    ];
    const { loadings, rotation } = varimax(a);
    a.forEach((row, j) => expect(loadings[j][0] ** 2 + loadings[j][1] ** 2).toBeCloseTo(row[0] ** 2 + row[1] ** 2, 12));
    expect(rotation[0][0] * rotation[0][1] + rotation[1][0] * rotation[1][1]).toBeCloseTo(0, 12);
    expect(rotation[0][0] ** 2 + rotation[1][0] ** 2).toBeCloseTo(1, 12);
  });
});

describe('diagnostics not defined on the data are null with a reason, and the model round-trips', () => {
  it('KMO of uncorrelated items (an orthogonal design: every correlation exactly 0)', () => {
    const orth = { a: [1, 1, 2, 2, 1, 1, 2, 2], b: [1, 2, 1, 2, 1, 2, 1, 2], c: [1, 2, 2, 1, 1, 2, 2, 1], d: [1, 1, 1, 1, 2, 2, 2, 2] };
    const model = fitSatisfactionIndex(orth, { items: ['a', 'b', 'c', 'd'], scale: [1, 2] });
    expect(model.fitted.diagnostics.kmo!.overall).toBeNull();
    expect(model.fitted.diagnostics.kmo!.items.map((i) => i.msa)).toEqual([null, null, null, null]);
    expect(model.fitted.warnings.join(' ')).toContain('KMO is not defined');
    expect(parseModel(JSON.stringify(model))).toEqual(JSON.parse(JSON.stringify(model)));
    expect(kmo(orth, ['a', 'b', 'c', 'd']).overall).toBeNull();
  });

  it('alpha if an item is deleted, on a tiny sample where the other items cancel', () => {
    const tiny = { a: [1, 2, 3], b: [3, 2, 1], c: [1, 3, 2] };
    const model = fitSatisfactionIndex(tiny, { items: ['a', 'b', 'c'], scale: [1, 3] });
    expect(model.fitted.diagnostics.alpha.ifItemDeleted[2]).toMatchObject({ item: 'c', alpha: null, standardizedAlpha: null, itemRestCorrelation: null });
    expect(model.fitted.warnings.join(' ')).toContain('alpha without item "c" is not defined');
    expect(parseModel(JSON.stringify(model))).toEqual(JSON.parse(JSON.stringify(model)));
    expect(cronbachAlpha(tiny, ['a', 'b']).alpha).toBeNull(); // a + b is constant
  });

  it('ρA of uncorrelated binary items in a PLS model', () => {
    const binary = { a: [0, 1, 0, 1], b: [0, 1, 1, 0], d: [1, 0, 0, 1], e: [0, 0, 1, 1] };
    const model = fitPlsPathModel(binary, { constructs: { X: { items: ['a', 'b'] }, Y: { items: ['d', 'e'] } }, paths: [['X', 'Y']], scale: [0, 1] });
    expect(model.constructs.map((c) => c.rhoA)).toEqual([null, null]);
    expect(model.fitted.warnings.join(' ')).toContain('rhoA of construct "X" not defined');
    expect(parseModel(JSON.stringify(model))).toEqual(JSON.parse(JSON.stringify(model)));
  });
});
