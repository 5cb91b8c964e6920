import { describe, expect, it } from 'vitest';
import { CustomerValueError } from '../../src/index.js';
import { ECSI_MODEL, plsPredict, type CvpatComparison, type PlsPredictResult } from '../../src/pls.js';
import { plsFolds } from '../../src/satisfaction/pls/plsFolds.js';
import { caught, readFixtureCsv, readFixtureJson } from '../helpers/fixtures.js';

// Reference: an independent numpy PLSpredict / CVPAT (make_pls_predict.py → pls_predict_reference.json):
// its own data-level PLS, lstsq linear-model benchmark, scipy's paired t test, and the folds rebuilt
// in Python from plsPredict's seed description.
const mobi = readFixtureCsv('satisfaction/ecsi_mobi.csv').columns as Record<string, Float64Array>;
type Case = Pick<PlsPredictResult, 'folds' | 'repetitions' | 'seed' | 'items' | 'constructs' | 'cvpat' | 'foldOf'>;
const reference = readFixtureJson<{ cases: Case[] }>('satisfaction/pls_predict_reference.json');

function close(actual: number | null, expected: number | null, tolerance = 1e-10) {
  expect(actual).not.toBeNull();
  expect(expected).not.toBeNull();
  expect(Math.abs((actual as number) - (expected as number))).toBeLessThanOrEqual(tolerance * Math.max(1, Math.abs(expected as number)));
}

function closeComparison(actual: CvpatComparison, expected: CvpatComparison) {
  for (const key of ['vsIndicatorAverage', 'vsLinearModel'] as const) {
    for (const field of ['plsLoss', 'benchmarkLoss', 'difference', 't', 'pTwoSided', 'pOneSided'] as const) close(actual[key][field], expected[key][field]);
  }
}

describe('plsPredict', () => {
  for (const expected of reference.cases) {
    it(`equals the numpy peer on the full ECSI model (${expected.folds} folds × ${expected.repetitions}, seed ${expected.seed}) to 1e-10`, () => {
      const result = plsPredict(mobi, ECSI_MODEL, { folds: expected.folds, repetitions: expected.repetitions, seed: expected.seed });
      expect(result.foldOf).toEqual(expected.foldOf);
      expect(result.exogenous).toEqual(['Image']);
      expect(result.endogenous).toEqual(['Expectation', 'Quality', 'Value', 'Satisfaction', 'Complaints', 'Loyalty']);
      expect(result.items.map((i) => [i.construct, i.item])).toEqual(expected.items.map((i) => [i.construct, i.item]));
      result.items.forEach((item, q) => {
        for (const kind of ['pls', 'linearModel', 'indicatorAverage'] as const) {
          for (const field of ['rmse', 'mae', 'q2predict'] as const) close(item[kind][field], expected.items[q][kind][field]);
        }
      });
      result.constructs.forEach((c, t) => {
        expect(c.construct).toBe(expected.constructs[t].construct);
        for (const field of ['rmse', 'mae', 'q2predict'] as const) close(c[field], expected.constructs[t][field]);
      });
      closeComparison(result.cvpat.overall, expected.cvpat.overall);
      result.cvpat.constructs.forEach((c, t) => {
        expect(c.construct).toBe(expected.cvpat.constructs[t].construct);
        closeComparison(c, expected.cvpat.constructs[t]);
      });
      expect(result.notConverged).toBe(0);
    });
  }

  it('gives the linear-model benchmark the closed-form leave-one-out residuals e / (1 − h) with k = n', () => {
    // invariant: the LOO residual of OLS is the full-sample residual over 1 − the hat value
    const n = 40;
    const take = (column: string) => mobi[column].subarray(0, n);
    const data = { PERV1: take('PERV1'), PERV2: take('PERV2'), CUSA1: take('CUSA1'), CUSA2: take('CUSA2') };
    const spec = {
      constructs: { Value: { items: ['PERV1', 'PERV2'] }, Satisfaction: { items: ['CUSA1', 'CUSA2'] } },
      paths: [['Value', 'Satisfaction']] as [string, string][],
    };
    const result = plsPredict(data, spec, { folds: n, repetitions: 1 });
    expect(new Set(result.foldOf[0]).size).toBe(n);
    // X = [1, PERV1, PERV2]; (X'X)⁻¹ by Gauss–Jordan
    const X = Array.from({ length: n }, (_, i) => [1, data.PERV1[i], data.PERV2[i]]);
    const xtx = [0, 1, 2].map((a) => [0, 1, 2].map((b) => X.reduce((s, row) => s + row[a] * row[b], 0)));
    const inverse = invert3(xtx);
    const hat = X.map((row) => [0, 1, 2].reduce((s, a) => s + [0, 1, 2].reduce((t, b) => t + row[a] * inverse[a][b] * row[b], 0), 0));
    for (const [q, item] of (['CUSA1', 'CUSA2'] as const).entries()) {
      const y = data[item];
      const xty = [0, 1, 2].map((a) => X.reduce((s, row, i) => s + row[a] * y[i], 0));
      const beta = [0, 1, 2].map((a) => [0, 1, 2].reduce((s, b) => s + inverse[a][b] * xty[b], 0));
      const loo = X.map((row, i) => (y[i] - (beta[0] + beta[1] * row[1] + beta[2] * row[2])) / (1 - hat[i]));
      const mean = y.reduce((s, v) => s + v, 0) / n;
      // the leave-one-out mean's error: (y − ȳ) · n / (n − 1)
      const sse0 = y.reduce((s, v) => s + (((v - mean) * n) / (n - 1)) * (((v - mean) * n) / (n - 1)), 0);
      const sse = loo.reduce((s, e) => s + e * e, 0);
      const lm = result.items[q].linearModel;
      close(lm.rmse, Math.sqrt(sse / n), 1e-10);
      close(lm.mae, loo.reduce((s, e) => s + Math.abs(e), 0) / n, 1e-10);
      close(lm.q2predict, 1 - sse / sse0, 1e-10);
      close(result.items[q].indicatorAverage.rmse, Math.sqrt(sse0 / n), 1e-10);
    }
  });

  it('depends only on the seed: folds balanced, other seeds other folds', () => {
    const spec = {
      constructs: { Value: { items: ['PERV1', 'PERV2'] }, Satisfaction: { items: ['CUSA1', 'CUSA2', 'CUSA3'] } },
      paths: [['Value', 'Satisfaction']] as [string, string][],
    };
    const a = plsPredict(mobi, spec, { folds: 7, repetitions: 3, seed: 5 });
    const b = plsPredict(mobi, spec, { folds: 7, repetitions: 3, seed: 5 });
    const c = plsPredict(mobi, spec, { folds: 7, repetitions: 3, seed: 6 });
    expect(b).toEqual(a);
    expect(c.foldOf[0]).not.toEqual(a.foldOf[0]);
    expect(a.foldOf[1]).not.toEqual(a.foldOf[0]);
    for (const folds of a.foldOf) {
      const sizes = Array.from({ length: 7 }, (_, f) => folds.filter((x) => x === f + 1).length);
      expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
      expect(sizes.reduce((s, v) => s + v, 0)).toBe(250);
    }
    expect(a.items.every((i) => i.indicatorAverage.q2predict === 0)).toBe(true);
  });

  it('drops respondents with missing answers under missing: skip and counts them', () => {
    const CUSA1 = Float64Array.from(mobi.CUSA1);
    CUSA1[3] = Number.NaN;
    const spec = {
      constructs: { Value: { items: ['PERV1', 'PERV2'] }, Satisfaction: { items: ['CUSA1', 'CUSA2', 'CUSA3'] } },
      paths: [['Value', 'Satisfaction']] as [string, string][],
      missing: 'skip' as const,
    };
    const result = plsPredict({ ...mobi, CUSA1 }, spec, { repetitions: 1 });
    expect([result.n, result.skipped, result.foldOf[0].length]).toEqual([249, 1, 249]);
  });

  it('refuses more folds than respondents, and names the fold and item constant in a training part', () => {
    const spec = {
      constructs: { Value: { items: ['PERV1', 'PERV2'] }, Satisfaction: { items: ['CUSA1', 'CUSA2'] } },
      paths: [['Value', 'Satisfaction']] as [string, string][],
    };
    const small = {
      PERV1: mobi.PERV1.subarray(0, 12),
      PERV2: mobi.PERV2.subarray(0, 12),
      CUSA1: mobi.CUSA1.subarray(0, 12),
      CUSA2: mobi.CUSA2.subarray(0, 12),
    };
    const tooMany = caught(() => plsPredict(small, spec, { folds: 13 }));
    expect(tooMany).toBeInstanceOf(CustomerValueError);
    expect(tooMany.code).toBe('invalid_value');
    expect(tooMany.issues[0]).toMatchObject({ function: 'plsPredict', path: 'options.folds', received: '13' });
    // PERV2 varies in respondent 4 only: leaving it out makes PERV2 constant in that training part
    const PERV2 = new Float64Array(12).fill(6);
    PERV2[4] = 9;
    const fold = plsFolds(12, 12, 1, 0)[4] + 1;
    const constant = caught(() => plsPredict({ ...small, PERV2 }, spec, { folds: 12, repetitions: 1, seed: 1 }));
    expect(constant).toBeInstanceOf(CustomerValueError);
    expect(constant.code).toBe('invalid_value');
    expect(constant.message).toContain(`item "PERV2" is constant in the training part of fold ${fold} of repetition 1`);
    expect(constant.issues[0]).toMatchObject({ function: 'plsPredict', column: 'PERV2', received: `every training answer 6 in fold ${fold} of repetition 1` });
    expect(caught(() => plsPredict(small, spec, { folds: 1 })).code).toBe('invalid_spec');
  });

  it('checks its options at the door (the contract suite attacks the model spec)', () => {
    const spec = {
      constructs: { Value: { items: ['PERV1', 'PERV2'] }, Satisfaction: { items: ['CUSA1', 'CUSA2'] } },
      paths: [['Value', 'Satisfaction']] as [string, string][],
    };
    const bad: unknown[] = [
      { folds: 2.5 },
      { repetitions: 0 },
      { seed: 'one' },
      { fold: 5 },
      { folds: () => 1 },
      { repetitions: Symbol('x') },
      { seed: { nested: true } },
      'options',
    ];
    for (const options of bad) {
      const error = caught(() => plsPredict(mobi, spec, options as never));
      expect(error).toBeInstanceOf(CustomerValueError);
      expect(error.code).toBe('invalid_spec');
      expect(error.issues[0].path).toMatch(/^options/);
    }
  });
});

function invert3(m: number[][]): number[][] {
  const a = m.map((row, i) => [...row, ...[0, 1, 2].map((j) => (i === j ? 1 : 0))]);
  for (let c = 0; c < 3; c++) {
    let pivot = c;
    for (let r = c + 1; r < 3; r++) if (Math.abs(a[r][c]) > Math.abs(a[pivot][c])) pivot = r;
    [a[c], a[pivot]] = [a[pivot], a[c]];
    const d = a[c][c];
    for (let j = 0; j < 6; j++) a[c][j] /= d;
    for (let r = 0; r < 3; r++) {
      if (r === c) continue;
      const f = a[r][c];
      for (let j = 0; j < 6; j++) a[r][j] -= f * a[c][j];
    }
  }
  return a.map((row) => row.slice(3));
}
