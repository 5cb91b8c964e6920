import { describe, expect, it } from 'vitest';
import { expectationGap, fitSatisfactionIndex, importancePerformance, overallMismatch } from '../../src/index.js';
import { caught, readFixtureCsv, readFixtureJson } from '../helpers/fixtures.js';

// Reference: R 4.2.2 cor(), lm() on scaled data and t.test(paired = TRUE) on the ECSI mobi
// survey — see test/fixtures/satisfaction/make_reference.R.
const R = readFixtureJson<any>('satisfaction/r_reference.json');
const mobi = readFixtureCsv('satisfaction/ecsi_mobi.csv').columns as Record<string, Float64Array>;

describe('importancePerformance(data, spec)', () => {
  const items: string[] = R.drivers.items;

  it('derives importance by correlation with the overall rating like R’s cor()', () => {
    const map = importancePerformance(mobi, { items, overall: 'CUSA1', scale: [1, 10] });
    map.items.forEach((entry, j) => {
      expect(entry.importance).toBeCloseTo(R.drivers.correlation[j], 12);
      expect(entry.performance).toBeCloseTo(R.drivers.means[j], 12);
      expect(entry.performance100).toBeCloseTo((100 * (R.drivers.means[j] - 1)) / 9, 10);
    });
    expect(map.r2).toBeNull();
  });

  it('derives importance by standardized regression like R’s lm(scale(y) ~ scale(X))', () => {
    const map = importancePerformance(mobi, { items, overall: 'CUSA1', importance: 'regression' });
    map.items.forEach((entry, j) => expect(entry.importance).toBeCloseTo(R.drivers.beta[j], 10));
    expect(map.r2).toBeCloseTo(R.drivers.r2, 10);
  });

  it('puts each item in the quadrant its position says, split at the means or at given cuts', () => {
    const map = importancePerformance(mobi, { items, overall: 'CUSA1' });
    const meanImportance = R.drivers.correlation.reduce((a: number, b: number) => a + b, 0) / items.length;
    expect(map.cuts.importance).toBeCloseTo(meanImportance, 12);
    for (const entry of map.items) {
      const important = entry.importance >= map.cuts.importance;
      const performing = entry.performance >= map.cuts.performance;
      const expected = important ? (performing ? 'keepUp' : 'priorityImprovement') : performing ? 'possibleOverkill' : 'lowPriority';
      expect(entry.quadrant).toBe(expected);
    }
    const everythingImportant = importancePerformance(mobi, { items, overall: 'CUSA1', cuts: { importance: -1, performance: 0 } });
    expect(new Set(everythingImportant.items.map((e) => e.quadrant))).toEqual(new Set(['keepUp']));
  });

  it('refuses collinear items under regression and a constant overall rating', () => {
    const a = [1, 2, 3, 4, 5, 6];
    const b = [2, 1, 4, 3, 6, 5];
    const collinear = caught(() =>
      importancePerformance({ a, b, c: a.map((v, i) => v + b[i]), y: [1, 3, 2, 5, 4, 6] }, { items: ['a', 'b', 'c'], overall: 'y', importance: 'regression' }),
    );
    expect(collinear.message).toContain('singular');
    expect(caught(() => importancePerformance({ a, b, y: [3, 3, 3, 3, 3, 3] }, { items: ['a', 'b'], overall: 'y' })).message).toContain('"y"');
  });
});

describe('expectationGap(data, spec)', () => {
  const pairs = [
    { perceived: 'PERQ1', expected: 'CUEX1', name: 'overall quality' },
    { perceived: 'PERQ6', expected: 'CUEX3', name: 'reliability' },
  ];

  it('matches R’s paired t tests and shares of let-down respondents', () => {
    const result = expectationGap(mobi, { pairs, scale: [1, 10] });
    result.pairs.forEach((pair, q) => {
      expect(pair.meanGap).toBeCloseTo(R.gaps.meanGap[q], 12);
      expect(pair.t!).toBeCloseTo(R.gaps.t[q], 10);
      expect(pair.p!).toBeCloseTo(R.gaps.p[q], 12);
      expect(pair.df).toBe(R.gaps.df);
      expect(pair.negativeShare).toBeCloseTo(R.gaps.negativeShare[q], 12);
      expect(pair.meanGap).toBeCloseTo(pair.meanPerceived - pair.meanExpected, 12);
    });
    expect(result.overall.negativeShare).toBeCloseTo(R.gaps.respondentNegativeShare, 12);
    expect(result.gap['overall quality'][0]).toBe(mobi.PERQ1[0] - mobi.CUEX1[0]);
  });

  it('reports no t test when every gap is equal, rather than NaN', () => {
    const result = expectationGap({ p: [5, 6, 7], e: [4, 5, 6] }, { pairs: [{ perceived: 'p', expected: 'e' }] });
    expect(result.pairs[0]).toMatchObject({ name: 'p', meanGap: 1, sdGap: 0, t: null, p: null });
    expect(JSON.stringify(result.pairs)).not.toContain('NaN');
  });

  it('refuses duplicate pair names and off-scale answers', () => {
    expect(caught(() => expectationGap(mobi, { pairs: [pairs[0], { ...pairs[1], name: 'overall quality' }] })).code).toBe('invalid_spec');
    expect(caught(() => expectationGap({ p: [5, 11], e: [4, 5] }, { pairs: [{ perceived: 'p', expected: 'e' }], scale: [1, 10] })).message).toContain(
      'row 1, column "p"',
    );
  });
});

describe('overallMismatch(model, data, options)', () => {
  const items = ['PERQ1', 'PERQ2', 'PERQ3', 'PERQ4', 'PERQ5', 'PERQ6', 'PERQ7'];
  const model = fitSatisfactionIndex(mobi, { items, scale: [1, 10] });

  it('flags exactly the respondents whose overall rating is far from their composite', () => {
    const result = overallMismatch(model, mobi, { overall: 'CUSA1', threshold: 25 });
    let expected = 0;
    for (let i = 0; i < 250; i++) {
      const composite = items.reduce((s, item, j) => s + model.weights[j] * mobi[item][i], 0);
      const residual = (100 * (mobi.CUSA1[i] - 1)) / 9 - (100 * (composite - 1)) / 9;
      expect(result.residual[i]).toBeCloseTo(residual, 10);
      if (Math.abs(residual) > 25) expected++;
    }
    expect(result.count).toBe(expected);
    expect(result.overallBelowItems + result.overallAboveItems).toBe(result.count);
    expect(result.share).toBeCloseTo(expected / 250, 12);
    expect(result.rows.every((row) => result.flagged[row] === 1)).toBe(true);
  });

  it('puts an overall rating on its own scale onto 0–100', () => {
    const survey = { ...mobi, overall5: mobi.CUSA1.map((v) => 1 + ((v - 1) * 4) / 9) };
    const same = overallMismatch(model, survey, { overall: 'overall5', overallScale: [1, 5], threshold: 25 });
    const direct = overallMismatch(model, mobi, { overall: 'CUSA1', threshold: 25 });
    same.residual.forEach((r, i) => expect(r).toBeCloseTo(direct.residual[i], 10));
    expect(caught(() => overallMismatch(model, mobi, { overall: 'CUSA1' } as never)).issues[0].path).toBe('options.threshold');
  });
});

describe('expectationGap: cancelling gaps', () => {
  it('gives a respondent whose gaps cancel a mean gap of exactly 0, not counted as let down', () => {
    // Gaps (6, −5, −1) and (3, −1, −2): a running mean of d/3 gave −5.6e-17 and +1.1e-16.
    const survey = { p1: [7, 4, 5], e1: [1, 1, 5], p2: [1, 2, 5], e2: [6, 3, 5], p3: [5, 1, 5], e3: [6, 3, 5] };
    const gaps = expectationGap(survey, {
      pairs: [
        { perceived: 'p1', expected: 'e1' },
        { perceived: 'p2', expected: 'e2' },
        { perceived: 'p3', expected: 'e3' },
      ],
      scale: [1, 7],
    });
    expect(Array.from(gaps.respondentGap)).toEqual([0, 0, 0]);
    expect(gaps.overall.negativeShare).toBe(0);
  });

  it('gives the same mean gap whatever the order of the pairs', () => {
    const survey = { p1: [7, 6], e1: [1, 2], p2: [1, 1], e2: [6, 7], p3: [5, 4.5], e3: [6, 3.2] };
    const pairs = [
      { perceived: 'p1', expected: 'e1' },
      { perceived: 'p2', expected: 'e2' },
      { perceived: 'p3', expected: 'e3' },
    ];
    const forward = expectationGap(survey, { pairs }).respondentGap;
    const backward = expectationGap(survey, { pairs: [...pairs].reverse() }).respondentGap;
    expect(Array.from(backward)).toEqual(Array.from(forward));
  });
});
