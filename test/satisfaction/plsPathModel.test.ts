import { describe, expect, it } from 'vitest';
import { CustomerValueError, parseModel } from '../../src/index.js';
import {
  bootstrapPlsPathModel,
  ECSI_MODEL,
  fitPlsPathModel,
  importancePerformanceMap,
  satisfactionImpacts,
  satisfactionIndex100,
  scorePlsPathModel,
} from '../../src/pls.js';
import { bcaInterval } from '../../src/internal/bcaInterval.js';
import { seededRandom, streamSeed } from '../../src/internal/random.js';
import { bootstrapPlsPathModel as nodeBootstrap } from '../../src/node/index.js';
import { caught, readFixtureCsv, readFixtureJson } from '../helpers/fixtures.js';

// References: seminr's own test fixtures for the simple mobi model (seminr_mobi_simple.json,
// files and call named inside), and for the full ECSI model an independent numpy implementation
// that reproduces those seminr fixtures to 1e-10 (make_pls_reference.py → pls_ecsi_reference.json).
const mobi = readFixtureCsv('satisfaction/ecsi_mobi.csv').columns as Record<string, Float64Array>;
const seminr = readFixtureJson<{
  pathWeighting: {
    paths: Record<string, number>;
    weights: Record<string, number[]>;
    reliability: Record<string, { alpha: number; rhoC: number; AVE: number; rhoA: number }>;
    crossLoadings: Record<string, number[]>;
    htmt: Record<string, number>;
  };
  factorialWeighting: { paths: Record<string, number> };
}>('satisfaction/seminr_mobi_simple.json');
type Reference = {
  paths: Record<string, number>;
  rSquared: Record<string, number>;
  weights: Record<string, number[]>;
  loadings: Record<string, number[]>;
  iterations: number;
};
const ecsi = readFixtureJson<{
  constructs: Record<string, string[]>;
  paths: [string, string][];
  path: Reference;
  centroid: Reference;
  factorial: Reference;
  pathModeBImage: Reference;
}>('satisfaction/pls_ecsi_reference.json');

const simple = {
  constructs: {
    Image: { items: ['IMAG1', 'IMAG2', 'IMAG3', 'IMAG4', 'IMAG5'] },
    Expectation: { items: ['CUEX1', 'CUEX2', 'CUEX3'] },
    Value: { items: ['PERV1', 'PERV2'] },
    Satisfaction: { items: ['CUSA1', 'CUSA2', 'CUSA3'] },
  },
  paths: [
    ['Image', 'Satisfaction'],
    ['Expectation', 'Satisfaction'],
    ['Value', 'Satisfaction'],
  ] as [string, string][],
};

const close = (actual: number, expected: number, tolerance: number) =>
  expect(Math.abs(actual - expected), `${actual} vs ${expected}`).toBeLessThanOrEqual(tolerance);

describe('fitPlsPathModel', () => {
  it("reproduces seminr's fixtures for the simple mobi model: paths, weights, reliability, cross-loadings, HTMT", () => {
    const model = fitPlsPathModel(mobi, simple);
    expect(model.fitted.diagnostics.converged).toBe(true);
    for (const p of model.paths) close(p.coefficient, seminr.pathWeighting.paths[p.from], 1e-10);
    for (const c of model.constructs) {
      c.weights.forEach((w, k) => close(w, seminr.pathWeighting.weights[c.name][k], 1e-10));
      const r = seminr.pathWeighting.reliability[c.name];
      close(c.alpha!, r.alpha, 1e-10);
      close(c.rhoC!, r.rhoC, 1e-10);
      close(c.ave!, r.AVE, 1e-10);
      close(c.rhoA!, r.rhoA, 1e-10);
      expect(c.alphaRaw).not.toBeCloseTo(c.alpha!, 4); // raw alpha is a different figure
    }
    const items = model.constructs.flatMap((c) => c.items);
    items.forEach((item, k) => model.crossLoadings[k].forEach((v, j) => close(v, seminr.pathWeighting.crossLoadings[item][j], 1e-10)));
    for (const h of model.htmt) close(h.value as number, seminr.pathWeighting.htmt[`${h.a}|${h.b}`], 1e-10);
    const factorial = fitPlsPathModel(mobi, { ...simple, scheme: 'factorial' });
    for (const p of factorial.paths) close(p.coefficient, seminr.factorialWeighting.paths[p.from], 1e-10);
  });

  for (const [variant, scheme, modes] of [
    ['path', 'path', {}],
    ['centroid', 'centroid', {}],
    ['factorial', 'factorial', {}],
    ['pathModeBImage', 'path', { Image: 'B', Value: 'B' }],
  ] as const) {
    it(`matches the numpy reference on the full ECSI model (${variant})`, () => {
      const reference = ecsi[variant];
      const constructs = Object.fromEntries(
        Object.entries(ecsi.constructs).map(([name, items]) => [name, { items, mode: (modes as Record<string, 'A' | 'B'>)[name] ?? 'A' }]),
      );
      const model = fitPlsPathModel(mobi, { constructs, paths: ecsi.paths, scheme });
      expect(model.fitted.diagnostics.converged).toBe(true);
      expect(model.fitted.diagnostics.iterations).toBe(reference.iterations);
      for (const p of model.paths) close(p.coefficient, reference.paths[`${p.from}->${p.to}`], 1e-9);
      for (const [name, r2] of Object.entries(reference.rSquared)) close(model.rSquared[name].rSquared, r2, 1e-9);
      for (const c of model.constructs) {
        c.weights.forEach((w, k) => close(w, reference.weights[c.name][k], 1e-9));
        c.loadings.forEach((l, k) => close(l, reference.loadings[c.name][k], 1e-9));
      }
    });
  }

  it('holds the properties PLS must: mode-A weights ∝ item correlations with the proxy; invariant to item order, row order and item scale', () => {
    // two constructs A → B: A's inner proxy is B's score, so A's weights ∝ cor(items of A, score of B)
    const two = fitPlsPathModel(mobi, {
      constructs: { Quality: { items: ['PERQ1', 'PERQ2', 'PERQ3', 'PERQ4'] }, Satisfaction: { items: ['CUSA1', 'CUSA2', 'CUSA3'] } },
      paths: [['Quality', 'Satisfaction']],
      tolerance: 1e-13,
    });
    const cross = two.crossLoadings.slice(0, 4).map((row) => row[1]);
    const ratios = two.constructs[0].weights.map((w, k) => w / cross[k]);
    for (const r of ratios) close(r, ratios[0], 1e-9);
    const base = fitPlsPathModel(mobi, simple);
    // item order within a construct: weights permute with the items
    const reordered = fitPlsPathModel(mobi, {
      ...simple,
      constructs: { ...simple.constructs, Image: { items: ['IMAG5', 'IMAG3', 'IMAG1', 'IMAG4', 'IMAG2'] } },
    });
    const byItem = (m: typeof base) => Object.fromEntries(m.constructs.flatMap((c) => c.items.map((item, k) => [item, c.weights[k]])));
    const [a, b] = [byItem(base), byItem(reordered)];
    for (const item of Object.keys(a)) close(b[item], a[item], 1e-10);
    // row order and a linear change of an item's scale (x → 10x + 3) change nothing
    const n = mobi.IMAG1.length;
    const order = Array.from({ length: n }, (_, i) => (i * 97) % n);
    const shuffled = Object.fromEntries(
      Object.entries(mobi).map(([k, v]) => [k, Float64Array.from(order, (i) => v[i] * (k === 'CUSA2' ? 10 : 1) + (k === 'CUSA2' ? 3 : 0))]),
    );
    const moved = fitPlsPathModel(shuffled, simple);
    moved.paths.forEach((p, k) => close(p.coefficient, base.paths[k].coefficient, 1e-10));
  });

  it('saves as JSON, loads with parseModel, and rejects a tampered model', () => {
    const model = fitPlsPathModel(mobi, simple);
    const loaded = parseModel(JSON.stringify(model));
    expect(loaded).toEqual(JSON.parse(JSON.stringify(model)));
    const tampered = JSON.parse(JSON.stringify(model));
    tampered.constructs[0].weights.pop();
    expect(caught(() => parseModel(tampered)).issues[0].path).toContain('constructs.0.weights');
  });

  it('names what is wrong with a spec or the data', () => {
    const bad = (spec: unknown) => caught(() => fitPlsPathModel(mobi, spec as never));
    expect(bad({ ...simple, paths: [...simple.paths, ['Satisfaction', 'Image']] }).message).toContain('cycle');
    expect(bad({ ...simple, paths: [['Image', 'Loyalty'], ...simple.paths] }).issues[0]).toMatchObject({ path: 'spec.paths.0' });
    expect(bad({ ...simple, constructs: { ...simple.constructs, Value: { items: ['PERV1', 'IMAG1'] } } }).issues[0].received).toContain('"IMAG1" also in');
    expect(bad({ ...simple, paths: simple.paths.slice(0, 2) }).issues[0]).toMatchObject({ path: 'spec.constructs.Value' });
    expect(bad({ ...simple, scheme: 'magic' }).code).toBe('invalid_spec');
    expect(bad({ ...simple, constructs: { ...simple.constructs, Value: { items: ['PERV1', 'PERV9'] } } }).code).toBe('missing_column');
    const constant = { ...mobi, PERV2: new Float64Array(mobi.PERV2.length).fill(7) };
    expect(caught(() => fitPlsPathModel(constant, simple)).issues[0]).toMatchObject({ column: 'PERV2' });
  });
});

describe('scorePlsPathModel and bootstrapPlsPathModel', () => {
  const model = fitPlsPathModel(mobi, simple);

  it('scores respondents with unit-variance construct scores whose correlations are the model’s', () => {
    const { scores, skipped } = scorePlsPathModel(model, mobi);
    expect(skipped).toBe(0);
    const names = model.constructs.map((c) => c.name);
    const n = mobi.IMAG1.length;
    const stats = names.map((name) => {
      const y = scores[name];
      const mean = y.reduce((a, b) => a + b, 0) / n;
      const sd = Math.sqrt(y.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1));
      return { y, mean, sd };
    });
    for (const s of stats) {
      close(s.mean, 0, 1e-12);
      close(s.sd, 1, 1e-12);
    }
    names.forEach((_, i) =>
      names.forEach((__, j) => {
        const r = stats[i].y.reduce((a, v, k) => a + v * stats[j].y[k], 0) / (n - 1);
        close(r, model.constructCorrelations[i][j], 1e-10);
      }),
    );
  });

  it("agrees with seminr's bootstrap (500 resamples) within resampling noise, and is reproducible by seed", () => {
    const boot = bootstrapPlsPathModel(model, mobi, { samples: 5000, seed: 11 });
    expect([boot.failed, boot.notConverged]).toEqual([0, 0]);
    const reference = readFixtureJson<{ pathWeighting: { bootstrap500: Record<string, { sd: number; ci: [number, number] }> } }>(
      'satisfaction/seminr_mobi_simple.json',
    ).pathWeighting.bootstrap500;
    for (const p of boot.paths) {
      const r = reference[p.from];
      // a 500-resample SD is itself uncertain by about ±3% (1/sqrt(2·500)); allow 12%
      expect(Math.abs(p.sd / r.sd - 1), `${p.from} sd ${p.sd} vs seminr ${r.sd}`).toBeLessThan(0.12);
      expect(Math.abs(p.lower - r.ci[0]), `${p.from} lower`).toBeLessThan(0.03);
      expect(Math.abs(p.upper - r.ci[1]), `${p.from} upper`).toBeLessThan(0.03);
      expect(p.lower).toBeLessThan(p.estimate);
      expect(p.upper).toBeGreaterThan(p.estimate);
      close(p.t, p.estimate / p.sd, 1e-12);
    }
    const again = bootstrapPlsPathModel(model, mobi, { samples: 200, seed: 11 });
    expect(bootstrapPlsPathModel(model, mobi, { samples: 200, seed: 11 })).toEqual(again);
    expect(bootstrapPlsPathModel(model, mobi, { samples: 200, seed: 12 }).paths[0].sd).not.toBe(again.paths[0].sd);
    expect(boot.weights.map((w) => w.item)).toEqual(model.constructs.flatMap((c) => c.items));
    expect(caught(() => bootstrapPlsPathModel(model, mobi, { samples: 3 })).issues[0]).toMatchObject({ path: 'options.samples' });
  });
});

describe('satisfactionIndex100, importancePerformanceMap and the ECSI preset', () => {
  const reference = readFixtureJson<{
    index100: Record<string, { mean: number; sd: number; weights: number[] }>;
    ipmaSimple: Record<string, { importance: number; performance: number }>;
  }>('satisfaction/pls_ecsi_reference.json');
  const model = fitPlsPathModel(mobi, { ...ECSI_MODEL, scale: [1, 10] });

  it('gives a seeded bootstrap interval of the mean index, as wide as the normal theory says (the mean of n answers: sd/√n)', () => {
    const plain = satisfactionIndex100(model, mobi, 'Satisfaction');
    expect(plain.meanInterval).toBeUndefined();
    const index = satisfactionIndex100(model, mobi, 'Satisfaction', { bootstrap: { samples: 2000, seed: 7 } });
    const interval = index.meanInterval!;
    expect([interval.samples, interval.seed, interval.confidence]).toEqual([2000, 7, 0.95]);
    expect(index.mean).toBe(plain.mean);
    // the bootstrap SD of a mean estimates sd/√n (√((n − 1)/n)·sd/√n exactly, in expectation); its relative error at 2,000 resamples is about 1.6%
    const se = index.sd / Math.sqrt(index.n);
    expect(Math.abs(interval.sd / se - 1)).toBeLessThan(0.06);
    expect(Math.abs((interval.upper - interval.lower) / (2 * 1.959964 * se) - 1)).toBeLessThan(0.1);
    expect(interval.lower).toBeLessThan(index.mean);
    expect(interval.upper).toBeGreaterThan(index.mean);
    expect(satisfactionIndex100(model, mobi, 'Satisfaction', { bootstrap: { samples: 2000, seed: 7 } }).meanInterval).toEqual(interval);
    expect(satisfactionIndex100(model, mobi, 'Satisfaction', { bootstrap: { samples: 2000, seed: 8 } }).meanInterval!.lower).not.toBe(interval.lower);
    const error = caught(() => satisfactionIndex100(model, mobi, 'Satisfaction', { bootstrap: { samples: 5 } }));
    expect(error.code).toBe('invalid_spec');
    expect(error.issues[0].path).toBe('options.bootstrap.samples');
  });

  it('gives the ACSI-style 0–100 index of every construct as the numpy reference does', () => {
    for (const [name, want] of Object.entries(reference.index100)) {
      const index = satisfactionIndex100(model, mobi, name);
      close(index.mean, want.mean, 1e-9);
      close(index.sd, want.sd, 1e-9);
      index.weights.forEach((w, k) => close(w.weight, want.weights[k], 1e-12));
      // with positive weights the index is a weighted mean answer: within 0–100
      if (index.warnings.length === 0)
        expect(
          index.index100.every((v) => v >= 0 && v <= 100),
          name,
        ).toBe(true);
    }
    expect(Object.keys(reference.index100).filter((name) => satisfactionIndex100(model, mobi, name).warnings.length > 0)).toEqual([]);
    // a reverse-worded item gets a negative weight: reported, since the index is then no weighted mean
    const reversed = { ...mobi, CUSA4R: mobi.CUSA1.map((v) => 11 - v) };
    const withReversed = fitPlsPathModel(reversed, {
      ...simple,
      constructs: { ...simple.constructs, Satisfaction: { items: ['CUSA1', 'CUSA2', 'CUSA3', 'CUSA4R'] } },
      scale: [1, 10],
    });
    expect(satisfactionIndex100(withReversed, reversed, 'Satisfaction').warnings[0]).toContain('negative weight for CUSA4R');
    // a linear function of the construct score: perfectly correlated with it
    const { scores } = scorePlsPathModel(model, mobi);
    const index = satisfactionIndex100(model, mobi, 'Satisfaction').index100;
    const n = index.length;
    const m = index.reduce((a, b) => a + b, 0) / n;
    const r =
      index.reduce((a, v, i) => a + (v - m) * scores.Satisfaction[i], 0) /
      Math.sqrt(index.reduce((a, v) => a + (v - m) ** 2, 0) * scores.Satisfaction.reduce((a, v) => a + v * v, 0));
    close(r, 1, 1e-12);
    expect(caught(() => satisfactionIndex100(fitPlsPathModel(mobi, simple), mobi, 'Satisfaction')).issues[0]).toMatchObject({ path: 'options.scale' });
    expect(caught(() => satisfactionIndex100(model, mobi, 'Happiness')).issues[0].expected).toContain('"Loyalty"');
    expect(
      caught(() => fitPlsPathModel({ ...mobi, CUSA1: mobi.CUSA1.map((v, i) => (i === 4 ? 11 : v)) }, { ...ECSI_MODEL, scale: [1, 10] })).issues[0],
    ).toMatchObject({ column: 'CUSA1', row: 4 });
  });

  it('maps importance (unstandardized total effects) against performance, as regressing the indices gives', () => {
    const simpleModel = fitPlsPathModel(mobi, { ...simple, scale: [1, 10] });
    const map = importancePerformanceMap(simpleModel, mobi, 'Satisfaction');
    for (const point of map.constructs) {
      close(point.importance, reference.ipmaSimple[point.construct].importance, 1e-9);
      close(point.performance, reference.ipmaSimple[point.construct].performance, 1e-9);
    }
    expect(map.constructs.find((c) => c.construct === 'Image')?.quadrant).toBe('keepUp');
    expect(map.constructs.find((c) => c.construct === 'Value')?.quadrant).toBe('lowPriority');
    const loyalty = importancePerformanceMap(model, mobi, 'Loyalty');
    // indirect routes count: Quality reaches Loyalty only through Value and Satisfaction
    const quality = loyalty.constructs.find((c) => c.construct === 'Quality')!;
    const effect = model.totalEffects.find((e) => e.from === 'Quality' && e.to === 'Loyalty')!.effect;
    close(quality.standardizedEffect, effect, 1e-15);
    const path = (from: string, to: string) => model.paths.find((p) => p.from === from && p.to === to)!.coefficient;
    const viaSatisfaction = path('Satisfaction', 'Loyalty') + path('Satisfaction', 'Complaints') * path('Complaints', 'Loyalty');
    close(effect, (path('Quality', 'Satisfaction') + path('Quality', 'Value') * path('Value', 'Satisfaction')) * viaSatisfaction, 1e-12);
    expect(caught(() => importancePerformanceMap(model, mobi, 'Image')).message).toContain('no construct has a path to "Image"');
  });

  /** The respondents of resample b as bootstrapPlsPathModel draws them (documented: n draws from the stream streamSeed(seed, b)). */
  const resampleOf = (seed: number, b: number): Record<string, Float64Array> => {
    const n = mobi.CUSA1.length;
    const random = seededRandom(streamSeed(seed, b));
    const picks = Array.from({ length: n }, () => Math.floor(random.uniform() * n));
    return Object.fromEntries(Object.entries(mobi).map(([name, column]) => [name, Float64Array.from(picks, (i) => column[i])]));
  };
  /** R's default quantile (type 7) of unsorted values, written out here. */
  const type7 = (values: number[], q: number) => {
    const sorted = [...values].sort((a, b) => a - b);
    const h = (sorted.length - 1) * q;
    const lo = Math.floor(h);
    return sorted[lo] + (h - lo) * ((sorted[Math.min(lo + 1, sorted.length - 1)] ?? sorted[lo]) - sorted[lo]);
  };

  it('bootstrap importance intervals: the percentile interval of the importances of the model refitted on each resampled data set', () => {
    const samples = 40;
    const map = importancePerformanceMap(model, mobi, 'Loyalty', { bootstrap: { samples, seed: 5, confidence: 0.9 } });
    expect(map.bootstrap).toEqual({ samples, seed: 5, confidence: 0.9, method: 'percentile', failed: 0 });
    // the point estimates do not move
    const plain = importancePerformanceMap(model, mobi, 'Loyalty');
    expect(plain.bootstrap).toBeUndefined();
    expect(plain.constructs.every((c) => c.importanceInterval === undefined && c.performanceInterval === undefined)).toBe(true);
    expect(map.constructs.map(({ importanceInterval: _, performanceInterval: __, ...c }) => c)).toEqual(plain.constructs);
    // independently: refit the model on each resampled data set and take the map's importances
    // there (sds of the resample's own indices, not the library's per-draw identity)
    const perResample = Array.from({ length: samples }, (_, b) => {
      const data = resampleOf(5, b);
      return importancePerformanceMap(fitPlsPathModel(data, { ...ECSI_MODEL, scale: [1, 10] }), data, 'Loyalty').constructs;
    });
    map.constructs.forEach((c, k) => {
      const values = perResample.map((r) => r[k].importance);
      expect(perResample.every((r) => r[k].construct === c.construct)).toBe(true);
      const [lower, upper] = c.importanceInterval!;
      close(lower, type7(values, 0.05), 1e-6);
      close(upper, type7(values, 0.95), 1e-6);
      expect(lower).toBeLessThan(upper);
      // the performance: the refitted map's mean index on each resampled data set
      const performances = perResample.map((r) => r[k].performance);
      const [low, high] = c.performanceInterval!;
      close(low, type7(performances, 0.05), 1e-6);
      close(high, type7(performances, 0.95), 1e-6);
      expect(low).toBeLessThan(c.performance);
      expect(high).toBeGreaterThan(c.performance);
    });
  });

  it("BCa importance intervals: the BCa formula (checked against scipy in test/internal/bcaInterval.test.ts) on the refitted resamples' and leave-one-out importances", () => {
    const samples = 40;
    const map = importancePerformanceMap(model, mobi, 'Satisfaction', { bootstrap: { samples, seed: 5, confidence: 0.9, method: 'bca' } });
    const spec = { ...ECSI_MODEL, scale: [1, 10] as [number, number] };
    const importances = (data: Record<string, Float64Array>) => importancePerformanceMap(fitPlsPathModel(data, spec), data, 'Satisfaction').constructs;
    const resampled = Array.from({ length: samples }, (_, b) => importances(resampleOf(5, b)));
    // 250 respondents: the jackknife leaves each out in turn (leave-one-out up to 1,000)
    const n = mobi.CUSA1.length;
    const jackknife = Array.from({ length: n }, (_, i) =>
      importances(Object.fromEntries(Object.entries(mobi).map(([name, column]) => [name, column.filter((_, r) => r !== i)]))),
    );
    map.constructs.forEach((c, k) => {
      const sorted = Float64Array.from(resampled, (r) => r[k].importance).sort();
      const jack = Float64Array.from(jackknife, (r) => r[k].importance).sort();
      const expected = bcaInterval(sorted, c.importance, jack, 0.9)!;
      const [lower, upper] = c.importanceInterval!;
      close(lower, expected.lower, 1e-6);
      close(upper, expected.upper, 1e-6);
      const performances = Float64Array.from(resampled, (r) => r[k].performance).sort();
      const jackPerformances = Float64Array.from(jackknife, (r) => r[k].performance).sort();
      const bcaPerformance = bcaInterval(performances, c.performance, jackPerformances, 0.9)!;
      close(c.performanceInterval![0], bcaPerformance.lower, 1e-6);
      close(c.performanceInterval![1], bcaPerformance.upper, 1e-6);
    });
  });

  it('bootstrap importance intervals are seeded: the same seed gives the same map, another seed another; BCa differs from the percentile', () => {
    const options = { bootstrap: { samples: 30, seed: 11 } };
    const a = importancePerformanceMap(model, mobi, 'Satisfaction', options);
    expect(importancePerformanceMap(model, mobi, 'Satisfaction', options)).toEqual(a);
    const b = importancePerformanceMap(model, mobi, 'Satisfaction', { bootstrap: { samples: 30, seed: 12 } });
    expect(b.constructs.map((c) => c.importanceInterval)).not.toEqual(a.constructs.map((c) => c.importanceInterval));
    expect(a.bootstrap).toMatchObject({ samples: 30, seed: 11, confidence: 0.95 });
    const bca = importancePerformanceMap(model, mobi, 'Satisfaction', { bootstrap: { samples: 30, seed: 11, method: 'bca' } });
    expect(bca.bootstrap?.method).toBe('bca');
    expect(bca.constructs.map((c) => c.importanceInterval)).not.toEqual(a.constructs.map((c) => c.importanceInterval));
    for (const c of bca.constructs) {
      const [lower, upper] = c.importanceInterval!;
      expect(lower).toBeLessThan(c.importance);
      expect(upper).toBeGreaterThan(c.importance);
    }
  });

  it("under missing: 'skip' with one construct's answers missing, describes the model's respondents: points, intervals and impacts agree", () => {
    // two of Loyalty's items missing for 42 respondents (every 6th), nothing else: under 'skip' the
    // model is estimated on the 208 who answered everything; Image, Quality … are answered by all 250
    const n = mobi.CUSA1.length;
    const gap = (i: number) => i % 6 === 1;
    const withGaps = { ...mobi, CUSL1: mobi.CUSL1.map((v, i) => (gap(i) ? Number.NaN : v)), CUSL3: mobi.CUSL3.map((v, i) => (gap(i) ? Number.NaN : v)) };
    const complete = Object.fromEntries(Object.entries(mobi).map(([name, column]) => [name, column.filter((_, i) => !gap(i))]));
    expect(complete.CUSA1.length).toBe(n - 42);
    const skipped = fitPlsPathModel(withGaps, { ...ECSI_MODEL, scale: [1, 10], missing: 'skip' });
    const listwise = fitPlsPathModel(complete, { ...ECSI_MODEL, scale: [1, 10] });
    const options = { bootstrap: { samples: 30, seed: 3, confidence: 0.9 } };
    const map = importancePerformanceMap(skipped, withGaps, 'Loyalty', options);
    // the same people, so the same map as on the complete rows alone (same resamples of the same rows)
    const reference = importancePerformanceMap(listwise, complete, 'Loyalty', options);
    close(map.targetPerformance, reference.targetPerformance, 1e-9);
    map.constructs.forEach((c, k) => {
      const r = reference.constructs[k];
      expect(c.construct).toBe(r.construct);
      close(c.importance, r.importance, 1e-9);
      close(c.performance, r.performance, 1e-9);
      for (const side of [0, 1]) {
        close(c.importanceInterval![side], r.importanceInterval![side], 1e-9);
        close(c.performanceInterval![side], r.performanceInterval![side], 1e-9);
      }
      // each point inside its own interval, and the performance the mean index of those rows
      expect(c.importanceInterval![0]).toBeLessThan(c.importance);
      expect(c.importanceInterval![1]).toBeGreaterThan(c.importance);
      expect(c.performanceInterval![0]).toBeLessThan(c.performance);
      expect(c.performanceInterval![1]).toBeGreaterThan(c.performance);
      close(c.performance, satisfactionIndex100(listwise, complete, c.construct).mean, 1e-9);
    });
    // what the map used to show: each construct's mean over its own 250 answers, another population
    const image = map.constructs.find((c) => c.construct === 'Image')!;
    expect(Math.abs(image.performance - satisfactionIndex100(skipped, withGaps, 'Image').mean)).toBeGreaterThan(0.05);
    // the importance is the impact per index point that satisfactionImpacts reports on the same model
    const impacts = satisfactionImpacts(skipped, withGaps, { target: 'Loyalty', samples: 10 });
    for (const c of map.constructs) close(c.importance, impacts.impacts.find((i) => i.driver === c.construct)!.effectPerPoint, 1e-12);
  });

  it('refuses bad bootstrap options, naming the field', () => {
    const path = (bootstrap: Record<string, unknown>) => {
      const error = caught(() => importancePerformanceMap(model, mobi, 'Loyalty', { bootstrap }));
      expect(error).toBeInstanceOf(CustomerValueError);
      return error.issues[0].path;
    };
    expect(path({ confidence: 1 })).toBe('options.bootstrap.confidence');
    expect(path({ confidence: 0 })).toBe('options.bootstrap.confidence');
    expect(path({ samples: 5 })).toBe('options.bootstrap.samples');
    expect(path({ method: 'normal' })).toBe('options.bootstrap.method');
    expect(path({ level: 0.9 })).toBe('options.bootstrap');
  });
});

describe('bootstrapPlsPathModel on threads (customer-value/node, built)', () => {
  it('gives the one-thread results exactly, from ESM and CommonJS builds', async () => {
    const built = await import('../../dist/node.js');
    const pls = await import('../../dist/pls.js');
    const model = pls.fitPlsPathModel(mobi, pls.ECSI_MODEL);
    const one = bootstrapPlsPathModel(model, mobi, { samples: 1200, seed: 5 });
    const two = built.bootstrapPlsPathModel(model, mobi, { samples: 1200, seed: 5, threads: 2 });
    expect(two).toEqual(one);
    const { createRequire } = await import('node:module');
    const cjs = createRequire(import.meta.url)('../../dist/node.cjs');
    expect(cjs.bootstrapPlsPathModel(model, mobi, { samples: 1200, seed: 5, threads: 3 })).toEqual(one);
  });
});

describe('PLS scoring and bootstraps refuse answers outside the model’s scale, as the fit does', () => {
  const scaled = fitPlsPathModel(mobi, { ...simple, scale: [1, 10] });
  const offScale = { ...mobi, CUSA1: mobi.CUSA1.map((v, i) => (i === 4 ? 11 : v)) };
  const fitError = caught(() => fitPlsPathModel(offScale, { ...simple, scale: [1, 10] }));

  it.each([
    ['scorePlsPathModel', () => scorePlsPathModel(scaled, offScale)],
    ['bootstrapPlsPathModel', () => bootstrapPlsPathModel(scaled, offScale, { samples: 50, seed: 1 })],
    ['bootstrapPlsPathModel (node, threads)', () => nodeBootstrap(scaled, offScale, { samples: 50, seed: 1, threads: 2 })],
  ])('%s names the row, item and answer like fitPlsPathModel', (_, call) => {
    const error = caught(call);
    expect(error).toBeInstanceOf(CustomerValueError);
    expect(error.code).toBe(fitError.code);
    expect(error.issues[0]).toMatchObject({ column: 'CUSA1', row: 4, expected: fitError.issues[0].expected, received: fitError.issues[0].received });
  });

  it('still accepts off-scale answers for a model fitted without a scale', () => {
    const unscaled = fitPlsPathModel(mobi, simple);
    expect(scorePlsPathModel(unscaled, offScale).skipped).toBe(0);
  });
});
