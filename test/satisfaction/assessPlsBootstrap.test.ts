import { describe, expect, it } from 'vitest';
import { assessPlsPathModel, bootstrapPlsPathModel, ECSI_MODEL, fitPlsPathModel, PLS_GUIDELINES } from '../../src/pls.js';
import { seededRandom, streamSeed } from '../../src/internal/random.js';
import { quantileOfSorted } from '../../src/internal/percentiles.js';
import { readFixtureCsv } from '../helpers/fixtures.js';

// assessPlsPathModel's bootstrap (issue 20). Independent check of the HTMT inference: each
// resample is rebuilt as a data set (the respondents the resample drew, repeated) and its HTMT
// taken from a plain fit + assessment of that data set; the p values and bounds must be those of
// these values. Loadings and weights must be bootstrapPlsPathModel's for the same seed.
const mobi = readFixtureCsv('satisfaction/ecsi_mobi.csv').columns as Record<string, Float64Array>;
const model = fitPlsPathModel(mobi, ECSI_MODEL);

const resampled = (data: Record<string, Float64Array>, seed: number, b: number) => {
  const n = Object.values(data)[0].length;
  const random = seededRandom(streamSeed(seed, b));
  const picks = Array.from({ length: n }, () => Math.floor(random.uniform() * n));
  // the bootstrap counts draws per respondent; the same multiset, in respondent order
  picks.sort((x, y) => x - y);
  return Object.fromEntries(Object.entries(data).map(([k, v]) => [k, Float64Array.from(picks, (i) => v[i])]));
};

describe('assessPlsPathModel bootstrap', () => {
  it('tests HTMT and HTMT2 against 0.85, 0.90 and 1 on the figure of each resample, recomputed from the resampled data', () => {
    const B = 20;
    const report = assessPlsPathModel(model, mobi, { bootstrap: { resamples: B, seed: 3, level: 0.9 } });
    const boot = report.bootstrap!;
    expect(boot.guideline).toBe(PLS_GUIDELINES.htmtInference);
    expect(PLS_GUIDELINES.htmtInference.limits).toEqual([0.85, 0.9, 1]);
    const perResample = Array.from({ length: B }, (_, b) => {
      const data = resampled(mobi, 3, b);
      return assessPlsPathModel(fitPlsPathModel(data, ECSI_MODEL), data).htmt;
    });
    const defined = boot.htmt.filter((pair) => pair.htmt !== null);
    expect(defined.length).toBeGreaterThan(5);
    // HTMT and HTMT2 alike: the interval and the tests from the resamples where the figure is defined
    for (const kind of ['htmt', 'htmt2'] as const) {
      for (const [k, pair] of boot.htmt.entries()) {
        // a single-item construct has no HTMT (null on the data, null here)
        expect(pair[kind] === null).toBe(report.htmt[k][kind].value === null);
        if (pair[kind] === null) continue;
        const h = pair[kind];
        expect(h.estimate).toBe(report.htmt[k][kind].value);
        const all = perResample.map((r) => r[k][kind].value);
        const values = Float64Array.from(all.filter((v): v is number => v !== null)).sort();
        expect(h.undefinedResamples, `${kind} ${pair.a}–${pair.b}`).toBe(B - values.length);
        expect(h.lower).toBeCloseTo(quantileOfSorted(values, 0.05), 10);
        expect(h.upper).toBeCloseTo(quantileOfSorted(values, 0.95), 10);
        for (const test of h.tests) {
          expect(test.p).toBe(values.filter((v) => v >= test.threshold).length / values.length);
          expect(test.upper).toBeCloseTo(quantileOfSorted(values, 0.9), 10);
          expect(test.rejected).toBe(test.upper < test.threshold);
          expect(test.verdict).toContain(String(test.threshold));
        }
      }
    }
    expect(boot.htmt.filter((pair) => pair.htmt2 !== null).length).toBeGreaterThan(5);
    expect(defined.map((h) => h.htmt!.tests.map((t) => t.threshold))).toEqual(defined.map(() => [0.85, 0.9, 1]));
  });

  it('gives the loadings and weights of bootstrapPlsPathModel for the same seed (percentile and BCa)', () => {
    const report = assessPlsPathModel(model, mobi, { bootstrap: { resamples: 200, seed: 6 } });
    const boot = bootstrapPlsPathModel(model, mobi, { samples: 200, seed: 6 });
    expect(report.bootstrap!.loadings).toEqual(boot.loadings);
    expect(report.bootstrap!.weights).toEqual(boot.weights);
    expect(report.bootstrap!.jackknife).toEqual(boot.jackknife);
    expect(report.bootstrap!.level).toBe(0.95);
    expect(assessPlsPathModel(model, mobi).bootstrap).toBeUndefined();
  });

  it('counts and reports resamples where HTMT2 is not defined (a heterotrait correlation changes sign)', () => {
    const random = seededRandom(41);
    const n = 150;
    const cols: Record<string, Float64Array> = {};
    for (const name of ['A1', 'A2', 'A3', 'B1', 'B2', 'B3']) cols[name] = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const xi = random.normal();
      const eta = 0.45 * xi + random.normal();
      for (const a of ['A1', 'A2', 'A3']) cols[a][i] = xi + 0.6 * random.normal();
      for (const b of ['B1', 'B2', 'B3']) cols[b][i] = eta + 0.6 * random.normal();
    }
    const spec = { constructs: { A: { items: ['A1', 'A2', 'A3'] }, B: { items: ['B1', 'B2', 'B3'] } }, paths: [['A', 'B']] as [string, string][] };
    const weak = fitPlsPathModel(cols, spec);
    const report = assessPlsPathModel(weak, cols, { bootstrap: { resamples: 300, seed: 2 } });
    expect(report.htmt[0].htmt2.value, JSON.stringify(report.htmt) + report.warnings.join('; ')).not.toBeNull();
    const h2 = report.bootstrap!.htmt[0].htmt2!;
    expect(h2.undefinedResamples).toBeGreaterThan(0);
    expect(h2.undefinedResamples).toBeLessThan(300);
    expect(report.warnings.some((w) => w.includes(`HTMT2 of "A" and "B" not defined in ${h2.undefinedResamples} of 300 resamples`))).toBe(true);
    for (const v of [h2.lower, h2.upper, h2.sd, ...h2.tests.map((t) => t.p)]) expect(Number.isFinite(v)).toBe(true);
    expect(report.bootstrap!.htmt[0].htmt!.undefinedResamples).toBe(0);
  });
});

describe('assessPlsPathModel with its bootstrap on threads (customer-value/node, built)', () => {
  it('gives the one-thread report exactly, on 2 and 3 threads, from ESM and CommonJS builds', async () => {
    const built = await import('../../dist/node.js');
    const one = assessPlsPathModel(model, mobi, { bootstrap: { resamples: 800, seed: 5 } });
    const two = built.assessPlsPathModel(model, mobi, { bootstrap: { resamples: 800, seed: 5, threads: 2 } });
    expect(JSON.stringify(two)).toBe(JSON.stringify(one));
    const { createRequire } = await import('node:module');
    const cjs = createRequire(import.meta.url)('../../dist/node.cjs');
    expect(JSON.stringify(cjs.assessPlsPathModel(model, mobi, { bootstrap: { resamples: 800, seed: 5, threads: 3 } }))).toBe(JSON.stringify(one));
    // the bootstrap on threads is still a bootstrap: intervals around the estimates
    const loading = two.bootstrap!.loadings[0];
    expect(loading.lower).toBeLessThan(loading.estimate);
    expect(loading.upper).toBeGreaterThan(loading.estimate);
  });

  it('refuses a bad threads option naming it', async () => {
    const built = await import('../../dist/node.js');
    let error: unknown = null;
    try {
      built.assessPlsPathModel(model, mobi, { bootstrap: { resamples: 100, threads: 0 } });
    } catch (e) {
      error = e;
    }
    expect(error).toMatchObject({ code: 'invalid_spec' });
    expect((error as { issues: { path: string }[] }).issues[0].path).toBe('options.bootstrap.threads');
  });
});
