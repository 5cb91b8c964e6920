import { describe, expect, it } from 'vitest';
import { fitParetoNbd, paretoNbdProbabilityAlive, probabilityAlive, probabilityAliveHistory } from '../../src/clv.js';
import type { BetaGeoModel } from '../../src/clv.js';
import { caught, readFixtureCsv, readFixtureJson } from '../helpers/fixtures.js';

// Source: test/fixtures/loyalty/make_alive_matrix_reference.py (numpy, FHL 2005 eq. 13 at Hardie's CDNOW estimates)
const reference = readFixtureJson<{
  params: BetaGeoModel['params'];
  history: { purchases: number[]; T: number; step: number; time: number[]; alive: number[] };
}>('loyalty/alive_matrix_reference.json');
const hardie: BetaGeoModel = {
  kind: 'betaGeo',
  version: 2,
  spec: { timeUnit: 'week', columns: { frequency: 'frequency', recency: 'recency', T: 'T', monetary: 'monetary' }, missing: 'error', maxIterations: 1000 },
  params: reference.params,
  standardErrors: null,
  fitted: { n: 2357, skipped: 0, warnings: [], diagnostics: { logLikelihood: -9582.43, groups: 1016, iterations: 0 } },
};
// BTYD cdnowSummary$cbs (x, t_x, T_cal)
const cbs = readFixtureCsv('loyalty/cdnow_btyd_cbs.csv').columns as Record<string, Float64Array>;
const paretoNbd = fitParetoNbd({ frequency: cbs.x, recency: cbs.t_x, T: cbs.T_cal }, { timeUnit: 'week' });

describe('probabilityAliveHistory(model, purchaseTimes, spec)', () => {
  it('follows one customer as numpy does: x and t_x updated at each purchase (eq. 13, 1e-13)', () => {
    const { purchases, T, step } = reference.history;
    const h = probabilityAliveHistory(hardie, purchases, { T, step });
    expect(h.time).toEqual(reference.history.time);
    h.alive.forEach((p, k) => expect(Math.abs(p / reference.history.alive[k] - 1)).toBeLessThan(1e-13));
    expect(h.purchases).toEqual(purchases);
    // at each purchase after the first repeat P(alive) jumps up; between purchases it only falls (BG/NBD: 1 until a repeat)
    for (let k = 1; k < h.time.length; k++) {
      if (h.frequency[k] > h.frequency[k - 1] && h.frequency[k - 1] > 0) expect(h.alive[k]).toBeGreaterThan(h.alive[k - 1]);
      else if (h.frequency[k] > 0) expect(h.alive[k]).toBeLessThan(h.alive[k - 1]);
    }
  });

  it("equals each kind's public P(alive) at every point, bit for bit, on any clock", () => {
    // a customer first seen in week 12.5 of the data, purchases on the same clock, two on one day
    const times = [12.5, 13, 13, 20.25, 31];
    for (const [model, publicAlive] of [
      [hardie, (t: object) => probabilityAlive(hardie, t).values],
      [paretoNbd, (t: object) => paretoNbdProbabilityAlive(paretoNbd, t).values],
    ] as const) {
      const h = probabilityAliveHistory(model, times, { T: 40.3, step: 0.25 });
      expect(h.time[0]).toBe(12.5);
      expect(h.time.at(-1)).toBe(40.3);
      expect(h.frequency.at(-1)).toBe(4);
      expect(h.frequency[h.time.indexOf(13)]).toBe(2);
      expect(h.age.every((a, k) => a === h.time[k] - 12.5)).toBe(true);
      const want = publicAlive({ frequency: h.frequency, recency: h.recency, T: h.age });
      h.alive.forEach((p, k) => expect(p).toBe(want[k]));
    }
  });

  it('refuses unsorted, negative and late times, naming the index', () => {
    const cases: [unknown, object, string, number | undefined][] = [
      [[0, 3, 2], { T: 5 }, 'purchaseTimes.2', 2],
      [[-1, 3], { T: 5 }, 'purchaseTimes.0', 0],
      [[0, 6], { T: 5 }, 'purchaseTimes.1', 1],
      [[0, Number.NaN], { T: 5 }, 'purchaseTimes.1', 1],
      [[], { T: 5 }, 'purchaseTimes', undefined],
      ['0,1', { T: 5 }, 'purchaseTimes', undefined],
    ];
    for (const [times, spec, path, row] of cases) {
      const error = caught(() => probabilityAliveHistory(hardie, times as never, spec as never));
      expect(error?.code, path).toBe('invalid_value');
      expect(error.issues[0]).toMatchObject({ path, ...(row === undefined ? {} : { row }) });
    }
    expect(caught(() => probabilityAliveHistory(hardie, [0, 1], { T: 5, step: 0 })).issues[0].path).toBe('spec.step');
    expect(caught(() => probabilityAliveHistory(hardie, [0, 1], { T: 1e9, step: 1e-3 })).issues[0].path).toBe('spec.step');
    expect(caught(() => probabilityAliveHistory(hardie, [0, 1], {} as never)).issues[0].path).toBe('spec.T');
  });
});
