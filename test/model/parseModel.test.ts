import { describe, expect, it } from 'vitest';
import { fitRfm, fitValuePyramid, parseModel, scoreRfm, scoreValuePyramid } from '../../src/index.js';
import { caught } from '../helpers/fixtures.js';

const data = { r: [5, 3, 8, 1, 9, 2, 7, 4, 6, 10], f: [1, 0, 2, 0, 5, 1, 3, 0, 2, 8], m: [20, 5, 35, 4, 90, 11, 40, 7, 22, 150] };
const rfm = fitRfm(data, { recency: { column: 'r', better: 'lower' }, frequency: { column: 'f' }, monetary: { column: 'm' }, bins: 3 });
const pyramid = fitValuePyramid(data, {
  dimensions: [{ column: 'm', transform: 'log1p', weight: 2 }, { column: 'f' }, { column: 'r', better: 'lower', scale: 'minmax' }],
  tiers: {
    method: 'quantile',
    cuts: [
      { name: 'gold', share: 0.2 },
      { name: 'silver', share: 0.3 },
      { name: 'bronze', share: 0.5 },
    ],
  },
});

describe('parseModel(json)', () => {
  it('round-trips every model kind through JSON text and through a parsed object', () => {
    for (const model of [rfm, pyramid]) {
      const text = JSON.stringify(model);
      expect(JSON.stringify(parseModel(text))).toBe(text);
      expect(parseModel(JSON.parse(text))).toEqual(JSON.parse(text));
    }
    expect(scoreRfm(parseModel(JSON.stringify(rfm)) as typeof rfm, data)).toEqual(scoreRfm(rfm, data));
    expect(scoreValuePyramid(parseModel(JSON.stringify(pyramid)) as typeof pyramid, data)).toEqual(scoreValuePyramid(pyramid, data));
  });

  it('rejects text that is not JSON, unknown kinds and other versions', () => {
    const notJson = caught(() => parseModel('{"kind": "rfm",'));
    expect(notJson.code).toBe('invalid_model');
    expect(notJson.message).toContain('not valid JSON');
    const unknown = caught(() => parseModel({ kind: 'crystalBall' }));
    expect(unknown.code).toBe('invalid_model');
    expect(unknown.message).toContain('"rfm", "valuePyramid"');
    expect(caught(() => parseModel(null)).code).toBe('invalid_model');
    const future = caught(() => parseModel({ ...rfm, version: 3 }));
    expect(future.code).toBe('invalid_model');
    expect(future.issues[0].path).toBe('model.version');
  });

  it('rejects tampered models, naming the field', () => {
    const cases: [string, (m: any) => void, string][] = [
      ['pyramid thresholds out of order', (m) => (m.thresholds = [m.thresholds[1], m.thresholds[0]]), 'model.thresholds'],
      ['a tier name dropped', (m) => m.tierNames.pop(), 'model.tierNames'],
      ['a zero spread', (m) => (m.scaling[0].spread = 0), 'model.scaling.0.spread'],
      ['an extra key', (m) => (m.backdoor = true), 'model'],
      ['a weight as a string', (m) => (m.scaling[1].weight = '0.5'), 'model.scaling.1.weight'],
    ];
    for (const [what, tamper, column] of cases) {
      const copy = JSON.parse(JSON.stringify(pyramid));
      tamper(copy);
      const error = caught(() => parseModel(copy));
      expect(error.code, what).toBe('invalid_model');
      expect(
        error.issues.map((i: { path: string }) => i.path),
        what,
      ).toContain(column);
    }
    const rfmCopy = JSON.parse(JSON.stringify(rfm));
    rfmCopy.thresholds.frequency.push(99);
    expect(caught(() => parseModel(rfmCopy)).issues[0].path).toBe('model.thresholds.frequency');
  });

  it('ignores a __proto__ key in model JSON instead of letting it through', () => {
    const text = JSON.stringify(rfm).replace('{', '{"__proto__":{"polluted":1},');
    const error = caught(() => parseModel(text));
    expect(error.code).toBe('invalid_model');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
