import { describe, expect, it } from 'vitest';
import { bootstrapPlsPathModel, fitPlsPathModel } from '../../src/pls.js';
import { bootstrapPlsPathModel as nodeBootstrap } from '../../src/node/index.js';
import { bcaInterval } from '../../src/internal/bcaInterval.js';
import { bootstrapDrawColumns } from '../../src/satisfaction/pls/bootstrapDrawColumns.js';
import { estimatedRows, jackknifeUnits, prepareBootstrap, runJackknife, runResamples, sortedColumn } from '../../src/satisfaction/pls/bootstrapPlsPathModel.js';
import { readFixtureCsv } from '../helpers/fixtures.js';

// BCa beside the percentile intervals (issue 20). The formula is checked against scipy in
// test/internal/bcaInterval.test.ts; here: the jackknife is what it claims (each unit's estimate
// is the fit without it, checked by refitting), the bounds are that formula on these draws, and
// nothing depends on threads.
const mobi = readFixtureCsv('satisfaction/ecsi_mobi.csv').columns as Record<string, Float64Array>;
const spec = {
  constructs: { Value: { items: ['PERV1', 'PERV2'] }, Quality: { items: ['PERQ1', 'PERQ2', 'PERQ3'] }, Satisfaction: { items: ['CUSA1', 'CUSA2', 'CUSA3'] } },
  paths: [
    ['Quality', 'Value'],
    ['Value', 'Satisfaction'],
    ['Quality', 'Satisfaction'],
  ] as [string, string][],
};
const model = fitPlsPathModel(mobi, spec);

const without = (data: Record<string, Float64Array>, drop: Set<number>) =>
  Object.fromEntries(Object.entries(data).map(([k, v]) => [k, v.filter((_, i) => !drop.has(i))]));

describe('bootstrapPlsPathModel BCa intervals', () => {
  it('leave-one-out jackknife: each row is the fit without that respondent', () => {
    const job = prepareBootstrap(model, mobi);
    const jack = runJackknife(job, 1);
    expect(jack.count).toBe(250);
    for (const i of [0, 17, 249]) {
      const refit = fitPlsPathModel(without(mobi, new Set([i])), spec);
      refit.paths.forEach((path, k) => expect(Math.abs(jack.values[i * jack.width + k] - path.coefficient)).toBeLessThan(1e-10));
    }
  });

  it('delete-a-group jackknife above 1,000 respondents: groups dealt by the seed, each row the fit without its group', () => {
    // five copies of the respondents, each shifted a little so no two rows are equal
    const big: Record<string, Float64Array> = {};
    for (const [k, v] of Object.entries(mobi))
      big[k] = Float64Array.from({ length: 5 * v.length }, (_, i) => v[i % v.length] + Math.floor(i / v.length) * 1e-3 * ((i * 7919) % 13));
    const bigModel = fitPlsPathModel(big, spec);
    const job = prepareBootstrap(bigModel, big);
    const a = runJackknife(job, 9);
    expect(a.count).toBe(1000);
    expect(Array.from(runJackknife(job, 9).values)).toEqual(Array.from(a.values));
    expect(Array.from(runJackknife(job, 10).values)).not.toEqual(Array.from(a.values));
    // the units partition the respondents into groups of 1 or 2 (1,250 over 1,000), and row g is the fit without group g
    const { order } = jackknifeUnits(1250, 9);
    expect(Array.from(order).sort((x, y) => x - y)).toEqual(Array.from({ length: 1250 }, (_, i) => i));
    for (const g of [0, 400, 999]) {
      const members = new Set<number>();
      for (let at = g; at < 1250; at += 1000) members.add(order[at]);
      expect(members.size).toBe(g < 250 ? 2 : 1);
      const refit = fitPlsPathModel(without(big, members), spec);
      refit.paths.forEach((path, k) => expect(Math.abs(a.values[g * a.width + k] - path.coefficient)).toBeLessThan(1e-10));
      // the downdated item means and sds (the IPMA's BCa performances read them) are the rest's own
      const columns = bootstrapDrawColumns(refit.constructs.length, refit.paths.length, job.p, 0);
      expect(a.width).toBe(columns.width);
      refit.constructs
        .flatMap((c) => c.items.map((_, i) => ({ mean: c.itemMeans[i], sd: c.itemSds[i], weight: c.weights[i] })))
        .forEach(({ mean, sd, weight }, k) => {
          expect(Math.abs(a.values[g * a.width + columns.itemMeans + k] - mean)).toBeLessThan(1e-12);
          expect(Math.abs(a.values[g * a.width + columns.itemSds + k] - sd)).toBeLessThan(1e-12);
          expect(Math.abs(a.values[g * a.width + columns.weights + k] - weight)).toBeLessThan(1e-10);
        });
    }
    const boot = bootstrapPlsPathModel(bigModel, big, { samples: 50, seed: 9 });
    expect(boot.jackknife).toEqual({ units: 1000, grouped: true, failed: 0 });
  });

  it('gives the BCa bounds of the shared formula on its own resamples and jackknife, and the percentile bounds beside them', () => {
    const boot = bootstrapPlsPathModel(model, mobi, { samples: 400, seed: 4, confidence: 0.9 });
    const job = prepareBootstrap(model, mobi);
    const rows = estimatedRows([runResamples(job, 4, 0, 400)]).rows;
    const jack = estimatedRows([runJackknife(job, 4)]).rows;
    expect(boot.jackknife).toEqual({ units: 250, grouped: false, failed: 0 });
    boot.paths.forEach((path, k) => {
      const bca = bcaInterval(sortedColumn(rows, k), path.estimate, sortedColumn(jack, k), 0.9)!;
      expect(path.bcaLower).toBe(bca.lower);
      expect(path.bcaUpper).toBe(bca.upper);
      expect(path.bcaLower!).toBeLessThan(path.estimate);
      expect(path.bcaUpper!).toBeGreaterThan(path.estimate);
    });
    for (const l of boot.loadings) expect(l.bcaLower).not.toBeNull();
  });

  it('is the same on one thread and on several', () => {
    const one = nodeBootstrap(model, mobi, { samples: 600, seed: 8, threads: 1 });
    const two = nodeBootstrap(model, mobi, { samples: 600, seed: 8, threads: 2 });
    expect(two).toEqual(one);
    expect(bootstrapPlsPathModel(model, mobi, { samples: 600, seed: 8 })).toEqual(one);
  });
});
