import { describe, expect, it } from 'vitest';
import { bootstrapPlsPathModel, fitPlsPathModel } from '../../src/pls.js';
import { seededRandom } from '../../src/internal/random.js';
import { readFixtureCsv } from '../helpers/fixtures.js';

// The sign rule (issue 20): each construct correlates positively with the majority of its items.
// The ECSI figures themselves are pinned to seminr's fixtures in plsPathModel.test.ts (which the
// rule must leave unchanged: every ECSI construct already loads positively on all its items).
const mobi = readFixtureCsv('satisfaction/ecsi_mobi.csv').columns as Record<string, Float64Array>;
const spec = {
  constructs: {
    Image: { items: ['IMAG1', 'IMAG2', 'IMAG3', 'IMAG4', 'IMAG5'] },
    Expectation: { items: ['CUEX1', 'CUEX2', 'CUEX3'] },
    Satisfaction: { items: ['CUSA1', 'CUSA2', 'CUSA3'] },
  },
  paths: [
    ['Image', 'Satisfaction'],
    ['Expectation', 'Satisfaction'],
  ] as [string, string][],
};

/** A mixed block: one strong forward item and two weak reverse-keyed ones (seeded, n = 400). */
function mixedBlock() {
  const random = seededRandom(20);
  const n = 400;
  const cols: Record<string, Float64Array> = {};
  for (const name of ['A1', 'A2', 'A3', 'M1', 'M2', 'M3']) cols[name] = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const xi = random.normal();
    const eta = 0.7 * xi + 0.7 * random.normal();
    for (const a of ['A1', 'A2', 'A3']) cols[a][i] = xi + 0.6 * random.normal();
    cols.M1[i] = eta + 0.3 * random.normal();
    cols.M2[i] = -0.3 * eta + random.normal();
    cols.M3[i] = -0.3 * eta + random.normal();
  }
  return cols;
}
const mixedSpec = { constructs: { A: { items: ['A1', 'A2', 'A3'] }, M: { items: ['M1', 'M2', 'M3'] } }, paths: [['A', 'M']] as [string, string][] };

describe('PLS sign rule', () => {
  it('gives positive loadings to a construct whose items are all reverse-keyed; only the signs of its paths change', () => {
    const forward = fitPlsPathModel(mobi, spec);
    // CUSA answered on 1–10: 11 − x reverses every Satisfaction item
    const reversed = fitPlsPathModel(
      { ...mobi, CUSA1: mobi.CUSA1.map((x) => 11 - x), CUSA2: mobi.CUSA2.map((x) => 11 - x), CUSA3: mobi.CUSA3.map((x) => 11 - x) },
      spec,
    );
    const satisfaction = reversed.constructs.find((c) => c.name === 'Satisfaction')!;
    for (const l of satisfaction.loadings) expect(l).toBeGreaterThan(0);
    forward.constructs.forEach((c, j) => c.loadings.forEach((l, k) => expect(reversed.constructs[j].loadings[k]).toBeCloseTo(l, 10)));
    forward.paths.forEach((p, k) => {
      expect(Math.sign(reversed.paths[k].coefficient)).toBe(-Math.sign(p.coefficient));
      expect(reversed.paths[k].coefficient).toBeCloseTo(-p.coefficient, 10);
    });
    expect(reversed.rSquared.Satisfaction.rSquared).toBeCloseTo(forward.rSquared.Satisfaction.rSquared, 10);
  });

  it('orients a mixed block with the majority of its items, not with its strongest item', () => {
    const model = fitPlsPathModel(mixedBlock(), mixedSpec);
    const m = model.constructs.find((c) => c.name === 'M')!;
    // without the rule the iteration settles with M1 (loadings +, −, −); the majority is M2, M3
    expect(m.loadings[0]).toBeLessThan(0);
    expect(m.loadings[1]).toBeGreaterThan(0);
    expect(m.loadings[2]).toBeGreaterThan(0);
    // the flip is a sign only: path and R² as before up to sign (R² = path² with one predecessor)
    expect(model.rSquared.M.rSquared).toBeCloseTo(model.paths[0].coefficient ** 2, 12);
    expect(model.paths[0].coefficient).toBeLessThan(0);
    for (const c of model.constructs) expect(c.loadings.filter((l) => l > 0).length).toBeGreaterThanOrEqual(2);
  });

  it('orients every bootstrap resample by the same rule, so resamples do not come out mirror-imaged', () => {
    const data = mixedBlock();
    const model = fitPlsPathModel(data, mixedSpec);
    const boot = bootstrapPlsPathModel(model, data, { samples: 300, seed: 5 });
    // a mirror-imaged resample would put −M2's loading into the draws and pull the mean toward 0
    for (const l of boot.loadings.filter((x) => x.construct === 'M')) {
      expect(Math.sign(l.lower)).toBe(Math.sign(l.estimate));
      expect(Math.sign(l.upper)).toBe(Math.sign(l.estimate));
    }
    expect(boot.paths[0].upper).toBeLessThan(0);
  });
});
