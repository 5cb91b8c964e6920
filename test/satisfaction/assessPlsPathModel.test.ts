import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CustomerValueError } from '../../src/index.js';
import { assessPlsPathModel, ECSI_MODEL, fitPlsPathModel } from '../../src/pls.js';
import { caught, fixturePath, readFixtureCsv, readFixtureJson } from '../helpers/fixtures.js';

// Witnesses:
// - SmartPLS 2.0.M3's own output for the ECSI model on mobi, as shipped by semPLS
//   (cran/semPLS tests/SmartPLS/results/ecsi/{centroid,factorial}/, copied verbatim to
//   test/fixtures/satisfaction/smartpls2_ecsi/, source and settings in its README.md);
// - an independent numpy implementation from the formulas (make_pls_assessment.py →
//   pls_assessment_reference.json) for HTMT, HTMT2, VIFs, f², R², SRMR, ρA, ρC and AVE.
const mobi = readFixtureCsv('satisfaction/ecsi_mobi.csv').columns as Record<string, Float64Array>;

/** A SmartPLS 2 matrix (tab separated, decimal commas) as { row: { column: value } }. */
function smartPls(scheme: string, file: string): Record<string, Record<string, number>> {
  const lines = readFileSync(fixturePath(`satisfaction/smartpls2_ecsi/${scheme}/${file}.txt`), 'utf8')
    .trimEnd()
    .split('\n');
  const columns = lines[0]
    .split('\t')
    .slice(1)
    .map((c) => c.trim());
  const out: Record<string, Record<string, number>> = {};
  for (const line of lines.slice(1)) {
    const [row, ...cells] = line.split('\t');
    out[row.trim()] = Object.fromEntries(cells.map((cell, k) => [columns[k], Number(cell.trim().replace(',', '.'))]));
  }
  return out;
}

describe('fitPlsPathModel equals SmartPLS 2.0 on the ECSI model (semPLS fixtures)', () => {
  // SmartPLS printed 8 decimals; we agree to 2e-8 (largest gap 1.2e-8, in the cross-loadings):
  // both programs stop at Σ|Δw| < 1e-7, which leaves iteration noise of that order
  for (const scheme of ['centroid', 'factorial'] as const) {
    it(`${scheme} scheme: outer weights, path coefficients, total effects, cross-loadings`, () => {
      const model = fitPlsPathModel(mobi, { ...ECSI_MODEL, scheme });
      const report = assessPlsPathModel(model, mobi);
      const weights = smartPls(scheme, 'outerWeights');
      const cross = smartPls(scheme, 'crossLoadings');
      let checked = 0;
      for (const row of report.indicators) {
        expect(Math.abs(row.weight - weights[row.item][row.construct])).toBeLessThan(2e-8);
        checked++;
      }
      report.crossLoadings.rows.forEach((row) => {
        row.values.forEach((value, j) => expect(Math.abs(value - cross[row.item][report.constructs[j]])).toBeLessThan(2e-8));
        checked += row.values.length;
      });
      const paths = smartPls(scheme, 'pathCoefficients');
      for (const path of report.paths) expect(Math.abs(path.coefficient - paths[path.from][path.to])).toBeLessThan(2e-8);
      // every non-zero SmartPLS path is one of ours
      const nonZero = Object.entries(paths).flatMap(([from, row]) =>
        Object.entries(row)
          .filter(([, v]) => v !== 0)
          .map(([to]) => `${from}→${to}`),
      );
      expect(nonZero.sort()).toEqual(report.paths.map((p) => `${p.from}→${p.to}`).sort());
      const totals = smartPls(scheme, 'totalEffects');
      for (const effect of model.totalEffects) expect(Math.abs(effect.effect - totals[effect.from][effect.to])).toBeLessThan(2e-8);
      expect(model.totalEffects.length).toBe(Object.values(totals).flatMap((row) => Object.values(row).filter((v) => v !== 0)).length);
      expect(checked).toBe(24 + 24 * 7);
    });
  }
});

type Reference = {
  weights: Record<string, number[]>;
  reliability: Record<string, { rhoC: number; rhoA: number; ave: number }>;
  outerVif: Record<string, number[]>;
  htmt: Record<string, number>;
  htmt2: Record<string, number | null>;
  innerVif: Record<string, number>;
  fSquared: Record<string, number>;
  rSquared: Record<string, number>;
  adjustedRSquared: Record<string, number>;
  srmr: { saturated: number; estimated: number };
};
const ref = readFixtureJson<Reference>('satisfaction/pls_assessment_reference.json');

describe('assessPlsPathModel against the numpy peer (make_pls_assessment.py), ECSI, path scheme', () => {
  const model = fitPlsPathModel(mobi, { ...ECSI_MODEL, tolerance: 1e-12 });
  const report = assessPlsPathModel(model, mobi);
  const close = (actual: number | null, expected: number) => expect(Math.abs((actual ?? Number.NaN) - expected)).toBeLessThan(1e-10);

  it('estimates the same weights (the peer estimates on its own)', () => {
    for (const c of model.constructs) c.weights.forEach((w, a) => close(w, ref.weights[c.name][a]));
  });

  it('ρA, ρC, AVE', () => {
    for (const r of report.reliability) {
      close(r.rhoA.value, ref.reliability[r.construct].rhoA);
      close(r.rhoC.value, ref.reliability[r.construct].rhoC);
      close(r.ave.value, ref.reliability[r.construct].ave);
    }
    expect(report.reliability).toHaveLength(7);
  });

  it("Cronbach's α raw and standardized by their definitions, from the item columns", () => {
    // raw: k/(k − 1)·(1 − Σ var(x_i) / var(Σ x_i)); standardized: k·r̄ / (1 + (k − 1)·r̄), r̄ the mean inter-item correlation
    const mean = (x: ArrayLike<number>) => Array.from(x).reduce((a, b) => a + b, 0) / x.length;
    const cov = (x: ArrayLike<number>, y: ArrayLike<number>) => {
      const [mx, my] = [mean(x), mean(y)];
      let sum = 0;
      for (let i = 0; i < x.length; i++) sum += (x[i] - mx) * (y[i] - my);
      return sum / (x.length - 1);
    };
    let checked = 0;
    for (const r of report.reliability) {
      const k = r.items.length;
      if (k < 2) continue;
      const columns = r.items.map((item) => mobi[item]);
      const total = Float64Array.from(columns[0], (_, i) => columns.reduce((sum, c) => sum + c[i], 0));
      const raw = (k / (k - 1)) * (1 - columns.reduce((sum, c) => sum + cov(c, c), 0) / cov(total, total));
      let rbar = 0;
      for (let a = 0; a < k; a++)
        for (let b = a + 1; b < k; b++) rbar += cov(columns[a], columns[b]) / Math.sqrt(cov(columns[a], columns[a]) * cov(columns[b], columns[b]));
      rbar /= (k * (k - 1)) / 2;
      close(r.alphaRaw.value, raw);
      close(r.alpha.value, (k * rbar) / (1 + (k - 1) * rbar));
      checked++;
    }
    expect(checked).toBe(6); // Complaints has one item
  });

  it('HTMT and HTMT2 for every pair (21), null where undefined', () => {
    expect(report.htmt).toHaveLength(21);
    let compared = 0;
    for (const pair of report.htmt) {
      const key = `${pair.a}|${pair.b}`;
      if (pair.a === 'Complaints' || pair.b === 'Complaints') {
        expect([pair.htmt.value, pair.htmt2.value, pair.htmt.verdict]).toEqual([null, null, null]);
        continue;
      }
      close(pair.htmt.value, ref.htmt[key]);
      const h2 = ref.htmt2[key];
      if (h2 === null) expect(pair.htmt2.value).toBeNull();
      else close(pair.htmt2.value, h2);
      compared++;
    }
    expect(compared).toBe(15);
    // Quality–Loyalty has a negative item correlation (PERQ2·CUSL2): HTMT2 undefined, said so
    expect(report.warnings.some((w) => w.includes('HTMT2 of "Quality" and "Loyalty"'))).toBe(true);
  });

  it('judges HTMT and cross-loadings by size: scoring a construct the other way round changes no figure and no verdict', () => {
    // every Value item negated: its heterotrait correlations all change sign, the constructs are as distinct as before
    const flipped = { ...mobi, PERV1: mobi.PERV1.map((x) => -x), PERV2: mobi.PERV2.map((x) => -x) };
    const other = assessPlsPathModel(fitPlsPathModel(flipped, { ...ECSI_MODEL, tolerance: 1e-12 }), flipped);
    for (const [k, pair] of report.htmt.entries()) {
      const got = other.htmt[k];
      for (const key of ['htmt', 'htmt2'] as const) {
        if (pair[key].value === null) expect(got[key].value).toBeNull();
        else expect(got[key].value).toBeCloseTo(pair[key].value, 12);
        expect(got[key].verdict).toBe(pair[key].verdict);
      }
    }
    expect(other.crossLoadings.rows.map((r) => r.verdict)).toEqual(report.crossLoadings.rows.map((r) => r.verdict));
  });

  it('outer VIF (all blocks, flagged by mode) and inner VIF', () => {
    let k = 0;
    for (const c of model.constructs) {
      c.items.forEach((_, a) => {
        const row = report.indicators[k++];
        close(row.vif.value, ref.outerVif[c.name][a]);
        expect(row.vifApplies).toBe(false);
      });
    }
    expect(report.innerVif).toHaveLength(12);
    for (const v of report.innerVif) close(v.vif.value, ref.innerVif[`${v.from}|${v.to}`]);
  });

  it('f², R², adjusted R²', () => {
    expect(report.paths.map((p) => `${p.from}|${p.to}`)).toEqual(ECSI_MODEL.paths.map(([a, b]) => `${a}|${b}`));
    for (const p of report.paths) close(p.fSquared.value, ref.fSquared[`${p.from}|${p.to}`]);
    expect(report.rSquared).toHaveLength(6);
    for (const r of report.rSquared) {
      close(r.rSquared.value, ref.rSquared[r.construct]);
      close(r.adjusted, ref.adjustedRSquared[r.construct]);
    }
  });

  it('SRMR of the composite model, saturated and estimated', () => {
    close(report.srmr.saturated.value, ref.srmr.saturated);
    close(report.srmr.estimated.value, ref.srmr.estimated);
  });
});

describe('assessPlsPathModel: every figure carries its guideline', () => {
  const model = fitPlsPathModel(mobi, ECSI_MODEL);
  const report = assessPlsPathModel(model, mobi);

  it('thresholds and sources as data, verdicts in words', () => {
    const pair = report.htmt.find((h) => h.a === 'Quality' && h.b === 'Satisfaction')!;
    expect(pair.htmt.guideline).toEqual({
      rule: 'HTMT < 0.85 (conceptually distinct constructs) or < 0.90 (conceptually similar constructs)',
      limits: [0.85, 0.9],
      source: 'Henseler, Ringle & Sarstedt 2015',
    });
    expect(pair.htmt.verdict).toBe('at least 0.90');
    const ave = report.reliability.find((r) => r.construct === 'Loyalty')!.ave;
    expect([ave.guideline.limits, ave.guideline.source, ave.verdict]).toEqual([[0.5], 'Fornell & Larcker 1981', 'at least 0.5']);
    expect(report.innerVif[0].vif.guideline.limits).toEqual([3, 5]);
    expect(report.paths[0].fSquared.guideline).toMatchObject({ limits: [0.02, 0.15, 0.35], source: 'Cohen 1988' });
    const cusl2 = report.crossLoadings.rows.find((r) => r.item === 'CUSL2')!;
    expect(cusl2.verdict).toBe('highest on its own construct');
    const loading = report.indicators.find((r) => r.item === 'CUSL2')!.loading;
    expect(loading.verdict).toBe('below 0.708');
    // Fornell–Larcker: √AVE on the diagonal, correlations off it
    const q = report.constructs.indexOf('Quality');
    expect(report.fornellLarcker.matrix[q][q]).toBeCloseTo(Math.sqrt(model.constructs[q].ave!), 14);
    expect(report.fornellLarcker.matrix[q][report.constructs.indexOf('Satisfaction')]).toBeCloseTo(model.constructCorrelations[q][4], 14);
  });

  it('is plain JSON', () => {
    expect(JSON.parse(JSON.stringify(report))).toEqual(report);
  });

  it('flags the outer VIF as a criterion for mode B blocks only', () => {
    const spec = {
      ...ECSI_MODEL,
      constructs: { ...ECSI_MODEL.constructs, Image: { items: ['IMAG1', 'IMAG2', 'IMAG3', 'IMAG4', 'IMAG5'], mode: 'B' as const } },
    };
    const b = assessPlsPathModel(fitPlsPathModel(mobi, spec), mobi);
    expect(b.indicators.filter((r) => r.vifApplies).map((r) => r.item)).toEqual(['IMAG1', 'IMAG2', 'IMAG3', 'IMAG4', 'IMAG5']);
  });
});

describe('assessPlsPathModel: bad input', () => {
  const model = fitPlsPathModel(mobi, ECSI_MODEL);

  it('names a zero-variance item', () => {
    const constant = { ...mobi, CUEX2: new Float64Array(mobi.CUEX2.length).fill(7) };
    const error = caught(() => assessPlsPathModel(model, constant));
    expect(error).toBeInstanceOf(CustomerValueError);
    expect(error.code).toBe('invalid_value');
    expect(JSON.stringify(error.issues)).toContain('CUEX2');
    expect(error.issues[0].function).toBe('assessPlsPathModel');
  });

  it('refuses fewer respondents than constructs, naming both', () => {
    const few = Object.fromEntries(Object.entries(mobi).map(([k, v]) => [k, v.subarray(0, 6)]));
    const error = caught(() => assessPlsPathModel(model, few));
    expect(error).toBeInstanceOf(CustomerValueError);
    expect(error.code).toBe('too_few_rows');
    expect(error.issues[0]).toMatchObject({ function: 'assessPlsPathModel', path: 'data', received: expect.stringContaining('6 respondents') });
  });

  it('refuses data the model was not fitted on', () => {
    const other = Object.fromEntries(Object.entries(mobi).map(([k, v]) => [k, v.subarray(0, 200)]));
    const error = caught(() => assessPlsPathModel(model, other));
    expect(error.code).toBe('invalid_value');
    expect(error.issues[0].hint).toContain('fitPlsPathModel');
  });

  it('refuses unknown options and a non-model', () => {
    expect(caught(() => assessPlsPathModel(model, mobi, { samples: 10 } as never)).code).toBe('invalid_spec');
    expect(caught(() => assessPlsPathModel({ kind: 'rfm' } as never, mobi)).code).toBe('invalid_model');
  });
});
