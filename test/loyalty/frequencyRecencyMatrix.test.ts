import { describe, expect, it } from 'vitest';
import {
  conditionalExpectedPurchases,
  fitBetaGeo,
  fitParetoNbd,
  frequencyRecencyMatrix,
  paretoNbdConditionalExpectedPurchases,
  paretoNbdProbabilityAlive,
  probabilityAlive,
} from '../../src/clv.js';
import type { BetaGeoModel } from '../../src/clv.js';
import { caught, readFixtureCsv, readFixtureJson } from '../helpers/fixtures.js';

// Source: test/fixtures/loyalty/make_alive_matrix_reference.py (numpy, FHL 2005 eq. 13 at Hardie's CDNOW estimates)
const reference = readFixtureJson<{
  params: BetaGeoModel['params'];
  matrix: { T: number; recency: number[]; values: (number | null)[][] };
}>('loyalty/alive_matrix_reference.json');
const spec = {
  timeUnit: 'week',
  columns: { frequency: 'frequency', recency: 'recency', T: 'T', monetary: 'monetary' },
  missing: 'error',
  maxIterations: 1000,
} as const;
const hardie: BetaGeoModel = {
  kind: 'betaGeo',
  version: 2,
  spec,
  params: reference.params,
  standardErrors: null,
  fitted: { n: 2357, skipped: 0, warnings: [], diagnostics: { logLikelihood: -9582.43, groups: 1016, iterations: 0 } },
};
// BTYD cdnowSummary$cbs (x, t_x, T_cal)
const cbs = readFixtureCsv('loyalty/cdnow_btyd_cbs.csv').columns as Record<string, Float64Array>;
const table = { frequency: cbs.x, recency: cbs.t_x, T: cbs.T_cal };
const betaGeo = fitBetaGeo(table, { timeUnit: 'week' });
const paretoNbd = fitParetoNbd(table, { timeUnit: 'week' });

/** Every history of a matrix as a table, with the cell it came from. */
function histories(m: ReturnType<typeof frequencyRecencyMatrix>) {
  const cells: [number, number][] = [];
  const out = { frequency: [] as number[], recency: [] as number[], T: [] as number[] };
  m.frequency.forEach((x, i) =>
    m.recency.forEach((tx, j) => {
      if (x === 0 && tx !== 0) return;
      cells.push([i, j]);
      out.frequency.push(x);
      out.recency.push(tx);
      out.T.push(m.T);
    }),
  );
  return { cells, table: out };
}

describe('frequencyRecencyMatrix(model, spec, customers)', () => {
  it('gives BG/NBD P(alive) on the week grid as numpy does (eq. 13, 1e-13)', () => {
    const m = frequencyRecencyMatrix(hardie, { quantity: 'alive', T: reference.matrix.T, maxFrequency: 12 });
    expect(m.recency).toEqual(reference.matrix.recency);
    expect(m.frequency).toEqual(Array.from({ length: 13 }, (_, x) => x));
    m.values.forEach((row, x) =>
      row.forEach((v, j) => {
        const want = reference.matrix.values[x][j];
        if (want === null) expect(v).toBeNull();
        else expect(Math.abs(v! / want - 1)).toBeLessThan(1e-13);
      }),
    );
  });

  it("equals each kind's public prediction at every cell, bit for bit", () => {
    const cases = [
      [betaGeo, 'alive', (t: object) => probabilityAlive(betaGeo, t).values],
      [betaGeo, 'expected', (t: object) => conditionalExpectedPurchases(betaGeo, t, 10).values],
      [paretoNbd, 'alive', (t: object) => paretoNbdProbabilityAlive(paretoNbd, t).values],
      [paretoNbd, 'expected', (t: object) => paretoNbdConditionalExpectedPurchases(paretoNbd, t, 10).values],
    ] as const;
    for (const [model, quantity, publicValues] of cases) {
      const m = frequencyRecencyMatrix(model, { quantity, T: 38.5, maxFrequency: 25, step: 0.75, ...(quantity === 'expected' ? { t: 10 } : {}) });
      const { cells, table: h } = histories(m);
      const want = publicValues(h);
      expect(cells.length).toBe(want.length);
      cells.forEach(([i, j], k) => expect(m.values[i][j]).toBe(want[k]));
    }
  });

  it('takes T and maxFrequency from a calibration summary, and states its grid', () => {
    const m = frequencyRecencyMatrix(betaGeo, { quantity: 'alive' }, table);
    expect(m.T).toBe(Math.max(...cbs.T_cal));
    expect(m.frequency.length).toBe(Math.max(...cbs.x) + 1);
    // columns: whole weeks, then T itself (38.86 is not a whole week)
    expect(m.recency.slice(-2)).toEqual([38, m.T]);
    expect(m.values.every((row) => row.length === m.recency.length)).toBe(true);
    expect(m.values[0].filter((v) => v !== null)).toEqual([1]);
    expect(m).toMatchObject({ quantity: 'alive', t: null, timeUnit: 'week' });
    // given values win over the summary's
    const small = frequencyRecencyMatrix(betaGeo, { quantity: 'expected', t: 5, maxFrequency: 2, maxRecency: 10, step: 5 }, table);
    expect(small.recency).toEqual([0, 5, 10]);
    expect(small.values.length).toBe(3);
    // P(alive) rises with recency at a fixed frequency, and the expectation with frequency at recency T
    for (let x = 1; x < m.values.length; x++) for (let j = 1; j < m.recency.length; j++) expect(m.values[x][j]!).toBeGreaterThanOrEqual(m.values[x][j - 1]!);
  });

  it('refuses a grid it cannot evaluate, naming the field', () => {
    const cases: [object, unknown, string][] = [
      [{ quantity: 'alive', maxFrequency: 3 }, undefined, 'spec.T'],
      [{ quantity: 'alive', T: 10 }, undefined, 'spec.maxFrequency'],
      [{ quantity: 'expected', T: 10, maxFrequency: 3 }, undefined, 'spec.t'],
      [{ quantity: 'alive', T: 10, maxFrequency: 3, t: 2 }, undefined, 'spec.t'],
      [{ quantity: 'alive', T: 10, maxFrequency: 3, maxRecency: 11 }, undefined, 'spec.maxRecency'],
      [{ quantity: 'alive', T: 1000, maxFrequency: 2000, step: 0.5 }, undefined, 'spec.step'],
      [{ quantity: 'alive', T: -1, maxFrequency: 3 }, undefined, 'spec.T'],
      [{ quantity: 'odds', T: 10, maxFrequency: 3 }, undefined, 'spec.quantity'],
    ];
    for (const [s, customers, path] of cases) {
      const error = caught(() => frequencyRecencyMatrix(betaGeo, s as never, customers as never));
      expect(error?.code, path).toBe('invalid_spec');
      expect(error.issues[0].path).toBe(path);
    }
    expect(caught(() => frequencyRecencyMatrix({ kind: 'gammaGamma' }, { quantity: 'alive', T: 1, maxFrequency: 1 })).code).toBe('invalid_model');
    const bad = caught(() => frequencyRecencyMatrix(betaGeo, { quantity: 'alive' }, { frequency: [1, 0], recency: [2, 1], T: [3, 4] }));
    expect(bad.code).toBe('invalid_value');
    expect(bad.issues[0]).toMatchObject({ row: 1, column: 'recency' });
  });
});
