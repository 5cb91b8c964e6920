import { describe, expect, it } from 'vitest';
import { fitRfm, parseModel, scoreRfm } from '../../src/index.js';
import { caught, readFixtureCsv, readFixtureJson } from '../helpers/fixtures.js';

// Reference: numpy inverted-CDF quantiles (R type 1) — see test/fixtures/value/make_reference.py.
const reference = readFixtureJson<any>('value/numpy_reference.json');
const cdnow = readFixtureCsv('value/cdnow_customers_summary_with_monetary.csv').columns as Record<string, Float64Array>;
const withInactive = { ...cdnow, inactive: cdnow.T.map((t, i) => t - cdnow.t_x[i]) };

const spec = {
  recency: { column: 't_x', better: 'higher' },
  frequency: { column: 'x' },
  monetary: { column: 'zbar' },
} as const;

describe('fitRfm(data, spec) / scoreRfm(model, data)', () => {
  const model = fitRfm(cdnow, spec);

  it('learns numpy’s type-1 quintile thresholds on the CDNOW summary', () => {
    expect(model.thresholds.recency).toEqual(reference.rfm.thresholds.recency);
    expect(model.thresholds.frequency).toEqual(reference.rfm.thresholds.frequency);
    expect(model.thresholds.monetary).toEqual(reference.rfm.thresholds.monetary);
    expect(model.fitted.diagnostics.scoreCounts).toEqual({
      recency: reference.rfm.scoreCounts.recency,
      frequency: reference.rfm.scoreCounts.frequency,
      monetary: reference.rfm.scoreCounts.monetary,
    });
    expect(model.fitted.n).toBe(2357);
  });

  it('scores like numpy, cell by cell, and every cell count matches', () => {
    const scores = scoreRfm(model, cdnow);
    expect(Array.from(scores.recency.slice(0, 20))).toEqual(reference.rfm.first20.recency);
    expect(Array.from(scores.frequency.slice(0, 20))).toEqual(reference.rfm.first20.frequency);
    expect(Array.from(scores.monetary.slice(0, 20))).toEqual(reference.rfm.first20.monetary);
    const cells: Record<string, number> = {};
    for (const c of scores.cell) cells[c] = (cells[c] ?? 0) + 1;
    expect(cells).toEqual(reference.rfm.cells);
    for (let i = 0; i < scores.total.length; i++) {
      expect(scores.total[i]).toBe(scores.recency[i] + scores.frequency[i] + scores.monetary[i]);
    }
  });

  it('flips scores when lower is better (weeks since last purchase)', () => {
    const inactiveModel = fitRfm(withInactive, { ...spec, recency: { column: 'inactive', better: 'lower' } });
    expect(inactiveModel.thresholds.recency).toEqual(reference.rfm.thresholds.inactive);
    expect(inactiveModel.fitted.diagnostics.scoreCounts.recency).toEqual(reference.rfm.scoreCounts.inactive);
    const scores = scoreRfm(inactiveModel, withInactive);
    expect(Array.from(scores.recency.slice(0, 20))).toEqual(reference.rfm.first20.inactive);
  });

  it('gives tied values the same score and keeps scores monotone in the value', () => {
    const scores = scoreRfm(model, cdnow);
    const byValue = new Map<number, number>();
    for (let i = 0; i < cdnow.x.length; i++) {
      const seen = byValue.get(cdnow.x[i]);
      if (seen !== undefined) expect(scores.frequency[i]).toBe(seen);
      byValue.set(cdnow.x[i], scores.frequency[i]);
    }
    const sorted = [...byValue.entries()].sort((a, b) => a[0] - b[0]);
    for (let i = 1; i < sorted.length; i++) expect(sorted[i][1]).toBeGreaterThanOrEqual(sorted[i - 1][1]);
  });

  it('reuses thresholds on new data, ends included, and survives a JSON round trip', () => {
    const fresh = { t_x: [-5, 0, 17.86, 17.87, 1e6], x: [0, 1, 2, 3, 100], zbar: [0, 5.78, 5.79, 27.57, 1e9] };
    const loaded = parseModel(JSON.stringify(model));
    const direct = scoreRfm(model, fresh);
    expect(Array.from(direct.recency)).toEqual([1, 1, 4, 5, 5]);
    expect(Array.from(direct.frequency)).toEqual([1, 3, 4, 5, 5]);
    expect(Array.from(direct.monetary)).toEqual([1, 3, 4, 4, 5]);
    expect(scoreRfm(loaded as typeof model, fresh)).toEqual(direct);
  });

  it('supports 2–9 bins, and a bins = 10 spec is refused', () => {
    const three = fitRfm(cdnow, { ...spec, bins: 3 });
    expect(three.thresholds.monetary).toHaveLength(2);
    expect(caught(() => fitRfm(cdnow, { ...spec, bins: 10 })).code).toBe('invalid_spec');
  });

  it('marks rows skipped for missing values with 0 and counts them', () => {
    const data = { t_x: [1, 2, NaN, 4, 5, 6], x: [1, 2, 3, 4, 5, 6], zbar: [1, 2, 3, 4, 5, null] };
    expect(caught(() => fitRfm(data, { ...spec, bins: 2 })).code).toBe('invalid_value');
    const m = fitRfm(data, { ...spec, bins: 2, missing: 'skip' });
    expect(m.fitted.n).toBe(4);
    expect(m.fitted.skipped).toBe(2);
    const scores = scoreRfm(m, data);
    expect(scores.skipped).toBe(2);
    expect(Array.from(scores.cell)).toEqual([111, 111, 0, 222, 222, 0]);
  });

  it('requires an explicit recency direction and rejects bad specs and models', () => {
    const noDirection = caught(() => fitRfm(cdnow, { ...spec, recency: { column: 't_x' } } as never));
    expect(noDirection.code).toBe('invalid_spec');
    expect(noDirection.issues[0].path).toBe('spec.recency.better');
    expect(caught(() => fitRfm(cdnow, { ...spec, frequency: { column: 'nope' } })).code).toBe('missing_column');
    expect(caught(() => fitRfm({ t_x: [1, 2], x: [1, 2], zbar: [1, 2] }, spec)).code).toBe('too_few_rows');
    const tampered = JSON.parse(JSON.stringify(model));
    tampered.thresholds.recency = [3, 2, 1, 0];
    const error = caught(() => scoreRfm(tampered, cdnow));
    expect(error.code).toBe('invalid_model');
    expect(error.message).toContain('model.thresholds.recency');
    expect(caught(() => scoreRfm({ kind: 'valuePyramid' } as never, cdnow)).code).toBe('invalid_model');
  });
});
