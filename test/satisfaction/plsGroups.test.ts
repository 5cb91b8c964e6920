import { describe, expect, it } from 'vitest';
import { CustomerValueError, fitRfm, fitSegments, fitValuePyramid, rfmSegments, scoreRfm, scoreSegments, scoreValuePyramid } from '../../src/index.js';
import { comparePlsGroups, ECSI_MODEL, fitPlsPathModel, measurementInvariance, satisfactionIndex100, satisfactionIndexByGroup } from '../../src/pls.js';
import { adjustPValues, welchTest } from '../../src/internal/plsGroups.js';
import { seededRandom } from '../../src/internal/random.js';
import { caught, readFixtureCsv, readFixtureJson } from '../helpers/fixtures.js';

// Reference: an independent numpy implementation at the data level (make_micom_mga.py →
// micom_mga_reference.json; its PLS self-checked against pls_ecsi_reference.json, itself checked
// against seminr), on the bundled ECSI survey split by a real column: CUSCO ≥ 8 ('well') or not
// ('poorly'), with the ECSI model less its Complaints construct. The script ports the library's
// documented generators, so permutation p values and bootstrap standard errors are reproduced.
const mobi = readFixtureCsv('satisfaction/ecsi_mobi.csv').columns as Record<string, Float64Array>;
const handled = { ...mobi, handled: Array.from(mobi.CUSCO, (v) => (v >= 8 ? 'well' : 'poorly')) };
type Reference = {
  levels: [string, string];
  sizes: [number, number];
  seed: number;
  permutations: number;
  samples: number;
  micom: {
    construct: string;
    c: number;
    cQuantile: number;
    cP: number;
    meanDifference: number;
    meanInterval: [number, number];
    meanP: number;
    logVarianceRatio: number;
    varianceInterval: [number, number];
    varianceP: number;
  }[];
  mga: {
    from: string;
    to: string;
    coefficients: [number, number];
    difference: number;
    permutationP: number;
    standardErrors: [number, number];
    t: number;
    df: number;
    p: number;
  }[];
};
const ref = readFixtureJson<Reference>('satisfaction/micom_mga_reference.json');
const spec = {
  constructs: Object.fromEntries(Object.entries(ECSI_MODEL.constructs).filter(([name]) => name !== 'Complaints')),
  paths: ECSI_MODEL.paths.filter(([a, b]) => a !== 'Complaints' && b !== 'Complaints'),
};
const options = { group: 'handled', seed: ref.seed, permutations: ref.permutations };

describe('measurementInvariance (MICOM)', () => {
  const micom = measurementInvariance(handled, spec, options);

  it('equals the numpy peer on the ECSI survey split by complaint handling (1e-10)', () => {
    expect(micom.groups).toEqual([
      { level: ref.levels[0], n: ref.sizes[0] },
      { level: ref.levels[1], n: ref.sizes[1] },
    ]);
    expect(micom.failed).toBe(0);
    expect(micom.constructs.map((c) => c.construct)).toEqual(ref.micom.map((r) => r.construct));
    micom.constructs.forEach((got, j) => {
      const want = ref.micom[j];
      expect(got.compositional.c).toBeCloseTo(want.c, 10);
      expect(got.compositional.quantile).toBeCloseTo(want.cQuantile, 10);
      expect(got.compositional.p).toBeCloseTo(want.cP, 12);
      expect(got.means.difference).toBeCloseTo(want.meanDifference, 10);
      expect([got.means.lower, got.means.upper]).toEqual(want.meanInterval.map((v) => expect.closeTo(v, 10)));
      expect(got.means.p).toBeCloseTo(want.meanP, 12);
      expect(got.variances.difference).toBeCloseTo(want.logVarianceRatio, 10);
      expect([got.variances.lower, got.variances.upper]).toEqual(want.varianceInterval.map((v) => expect.closeTo(v, 10)));
      expect(got.variances.p).toBeCloseTo(want.varianceP, 12);
      // the decisions follow the published rules from these numbers
      expect(got.compositional.established).toBe(want.c >= want.cQuantile);
      const meansEqual = want.meanDifference >= want.meanInterval[0] && want.meanDifference <= want.meanInterval[1];
      const variancesEqual = want.logVarianceRatio >= want.varianceInterval[0] && want.logVarianceRatio <= want.varianceInterval[1];
      expect(got.invariance).toBe(!got.compositional.established ? 'none' : meansEqual && variancesEqual ? 'full' : 'partial');
    });
    // customers unhappy with complaint handling have a lower image: the mean is not invariant
    expect(micom.constructs[0].means.established).toBe(false);
    expect(micom.rules.source).toMatch(/Henseler, Ringle & Sarstedt \(2016\)/);
  });

  it('is exactly symmetric in the groups: c and every p unchanged, differences negated', () => {
    const swapped = measurementInvariance(handled, spec, { ...options, levels: [ref.levels[1], ref.levels[0]] });
    expect(swapped.groups.map((g) => g.level)).toEqual([ref.levels[1], ref.levels[0]]);
    micom.constructs.forEach((a, j) => {
      const b = swapped.constructs[j];
      expect(b.compositional).toEqual(a.compositional);
      expect(b.means.p).toBe(a.means.p);
      expect(b.variances.p).toBe(a.variances.p);
      expect(b.means.difference).toBe(-a.means.difference);
      expect(b.variances.difference).toBe(-a.variances.difference);
      // the permutation interval is negated bit for bit, not only to 12 digits (review of session 35)
      expect([b.means.lower, b.means.upper]).toEqual([-a.means.upper, -a.means.lower]);
      expect([b.variances.lower, b.variances.upper]).toEqual([-a.variances.upper, -a.variances.lower]);
      expect(b.invariance).toBe(a.invariance);
    });
  });

  it('is seeded: the same seed gives the same result', () => {
    expect(measurementInvariance(handled, spec, options)).toEqual(micom);
  });
});

describe('comparePlsGroups (multigroup analysis)', () => {
  const mga = comparePlsGroups(handled, spec, { ...options, samples: ref.samples });

  it('equals the numpy peer: per-group paths, permutation p, bootstrap SEs, Welch t, df and p (1e-10)', () => {
    expect(mga.failed).toBe(0);
    expect(mga.failedSamples).toEqual([0, 0]);
    mga.paths.forEach((got, k) => {
      const want = ref.mga[k];
      expect([got.from, got.to]).toEqual([want.from, want.to]);
      expect(got.coefficients).toEqual(want.coefficients.map((v) => expect.closeTo(v, 10)));
      expect(got.difference).toBeCloseTo(want.difference, 10);
      expect(got.permutation.p).toBeCloseTo(want.permutationP, 12);
      expect(got.welch.standardErrors).toEqual(want.standardErrors.map((v) => expect.closeTo(v, 10)));
      expect(got.welch.t).toBeCloseTo(want.t, 10);
      expect(got.welch.df).toBeCloseTo(want.df, 8);
      expect(got.welch.p).toBeCloseTo(want.p, 10);
    });
    // Holm across the 10 paths: the smallest p times 10, then step-down, monotone
    const order = mga.paths.map((_, k) => k).sort((a, b) => mga.paths[a].permutation.p - mga.paths[b].permutation.p);
    expect(mga.paths[order[0]].permutation.pAdjusted).toBeCloseTo(Math.min(1, 10 * mga.paths[order[0]].permutation.p), 14);
    for (let r = 1; r < order.length; r++)
      expect(mga.paths[order[r]].permutation.pAdjusted).toBeGreaterThanOrEqual(mga.paths[order[r - 1]].permutation.pAdjusted);
  });

  it('is exactly symmetric in the groups (seminr #291): every p the same, differences and t negated', () => {
    const swapped = comparePlsGroups(handled, spec, { ...options, samples: ref.samples, levels: [ref.levels[1], ref.levels[0]] });
    mga.paths.forEach((a, k) => {
      const b = swapped.paths[k];
      expect(b.coefficients).toEqual([a.coefficients[1], a.coefficients[0]]);
      expect(b.difference).toBe(-a.difference);
      expect(b.permutation).toEqual(a.permutation);
      expect(b.welch.standardErrors).toEqual([a.welch.standardErrors[1], a.welch.standardErrors[0]]);
      expect(b.welch.t).toBe(-a.welch.t);
      expect([b.welch.df, b.welch.p, b.welch.pAdjusted]).toEqual([a.welch.df, a.welch.p, a.welch.pAdjusted]);
    });
  });
});

/** Two constructs X → Y, three items each, n respondents; the path is `beta`. */
function simulate(n: number, beta: number, seed: number) {
  const random = seededRandom(seed);
  const columns: Record<string, number[]> = { x1: [], x2: [], x3: [], y1: [], y2: [], y3: [] };
  for (let i = 0; i < n; i++) {
    const x = random.normal();
    const y = beta * x + Math.sqrt(1 - beta * beta) * random.normal();
    for (const k of [1, 2, 3]) {
      columns[`x${k}`].push(0.8 * x + 0.6 * random.normal());
      columns[`y${k}`].push(0.8 * y + 0.6 * random.normal());
    }
  }
  return columns;
}
const xy = { constructs: { X: { items: ['x1', 'x2', 'x3'] }, Y: { items: ['y1', 'y2', 'y3'] } }, paths: [['X', 'Y']] as [string, string][] };

describe('calibration and power', () => {
  it('a random split of one population gives roughly uniform p values across seeds', () => {
    const population = simulate(200, 0.5, 11);
    const random = seededRandom(5);
    const permutationPs: number[] = [];
    const welchPs: number[] = [];
    const meanPs: number[] = [];
    const compositionPs: number[] = [];
    for (let r = 0; r < 40; r++) {
      const half = Array.from({ length: 200 }, () => (random.uniform() < 0.5 ? 'a' : 'b'));
      const data = { ...population, half };
      const mga = comparePlsGroups(data, xy, { group: 'half', permutations: 99, samples: 60, seed: r + 1 });
      permutationPs.push(mga.paths[0].permutation.p);
      welchPs.push(mga.paths[0].welch.p);
      const micom = measurementInvariance(data, xy, { group: 'half', permutations: 99, seed: r + 1 });
      meanPs.push(micom.constructs[1].means.p);
      compositionPs.push(micom.constructs[0].compositional.p);
    }
    for (const ps of [permutationPs, welchPs, meanPs, compositionPs]) {
      const mean = ps.reduce((a, b) => a + b, 0) / ps.length;
      // uniform: mean 0.5 (SD of the mean of 40 ≈ 0.046), few below 0.05 (expected 2 of 40)
      expect(mean).toBeGreaterThan(0.35);
      expect(mean).toBeLessThan(0.65);
      expect(ps.filter((p) => p < 0.05).length).toBeLessThanOrEqual(6);
      expect(ps.filter((p) => p < 0.5).length).toBeGreaterThanOrEqual(12);
      expect(ps.filter((p) => p < 0.5).length).toBeLessThanOrEqual(28);
    }
  });

  it('a planted difference in the path (0.7 against 0.1) is detected by both tests', () => {
    const a = simulate(150, 0.7, 21);
    const b = simulate(150, 0.1, 22);
    const data: Record<string, unknown[]> = { group: [...Array(150).fill('strong'), ...Array(150).fill('weak')] };
    for (const key of Object.keys(a)) data[key] = [...a[key], ...b[key]];
    const mga = comparePlsGroups(data, xy, { group: 'group', permutations: 199, samples: 200 });
    const [path] = mga.paths;
    // composites attenuate the planted paths a little (items with loadings 0.8)
    expect(path.coefficients[0]).toBeGreaterThan(0.45);
    expect(path.coefficients[1]).toBeLessThan(0.25);
    expect(path.difference).toBeGreaterThan(0.3);
    expect(path.permutation.p).toBe(0.005); // none of 199 permutations as extreme: 1 / 200
    expect(path.welch.p).toBeLessThan(0.001);
    expect(path.permutation.pAdjusted).toBe(path.permutation.p); // one path: nothing to correct
  });

  it('a planted shift in the mean of one construct is found by MICOM step 3, its composition staying invariant', () => {
    const a = simulate(150, 0.5, 31);
    const b = simulate(150, 0.5, 32);
    const data: Record<string, unknown[]> = { group: [...Array(150).fill('a'), ...Array(150).fill('b')] };
    for (const key of Object.keys(a)) data[key] = [...a[key], ...b[key].map((v) => (key.startsWith('y') ? v + 0.8 : v))];
    const micom = measurementInvariance(data, xy, { group: 'group', permutations: 199 });
    const y = micom.constructs[1];
    expect(y.means.difference).toBeLessThan(-0.5);
    expect(y.means.p).toBe(0.005);
    expect(y.means.established).toBe(false);
    expect(y.compositional.established).toBe(true);
    expect(y.invariance).toBe('partial');
  });

  it('compares the value tiers of the library: do top-tier customers weigh quality differently?', () => {
    // customers with spend; the top 30% by value weigh quality at 0.7, the rest at 0.15
    const random = seededRandom(8);
    const n = 400;
    const spend = Array.from({ length: n }, () => Math.exp(3 + random.normal()));
    const sorted = [...spend].sort((x, y) => y - x);
    const cut = sorted[Math.round(0.3 * n) - 1];
    const data: Record<string, number[]> = { spend, q1: [], q2: [], q3: [], s1: [], s2: [], s3: [] };
    spend.forEach((value) => {
      const beta = value >= cut ? 0.7 : 0.15;
      const q = random.normal();
      const s = beta * q + Math.sqrt(1 - beta * beta) * random.normal();
      for (const k of [1, 2, 3]) {
        data[`q${k}`].push(0.8 * q + 0.6 * random.normal());
        data[`s${k}`].push(0.8 * s + 0.6 * random.normal());
      }
    });
    const pyramid = fitValuePyramid(data, {
      dimensions: [{ column: 'spend' }],
      tiers: {
        method: 'quantile',
        cuts: [
          { name: 'top', share: 0.3 },
          { name: 'rest', share: 0.7 },
        ],
      },
    });
    const scores = scoreValuePyramid(pyramid, data);
    const tier = Array.from(scores.tier, (t) => scores.tierNames[t]);
    const model = {
      constructs: { Quality: { items: ['q1', 'q2', 'q3'] }, Satisfaction: { items: ['s1', 's2', 's3'] } },
      paths: [['Quality', 'Satisfaction']] as [string, string][],
    };
    const mga = comparePlsGroups({ ...data, tier }, model, { group: 'tier', levels: ['top', 'rest'], permutations: 199, samples: 200 });
    expect(mga.groups).toEqual([
      { level: 'top', n: 120 },
      { level: 'rest', n: 280 },
    ]);
    expect(mga.paths[0].difference).toBeGreaterThan(0.3);
    expect(mga.paths[0].permutation.pAdjusted).toBeLessThan(0.01);
  });
});

describe("groups straight from the library's own segmentations (RFM segments, k-means segments) on the ECSI respondents", () => {
  // each ECSI respondent joined (by row) to a customer record with seeded purchase behaviour
  const random = seededRandom(20);
  const n = mobi.CUSA1.length;
  const customers = {
    days: Array.from({ length: n }, () => Math.floor(1 + 365 * random.uniform())),
    orders: Array.from({ length: n }, () => Math.floor(1 + 12 * random.uniform() ** 2)),
    spend: Array.from({ length: n }, () => Math.round(20 + 500 * random.uniform() ** 2)),
  };
  const rfm = rfmSegments(
    scoreRfm(fitRfm(customers, { recency: { column: 'days', better: 'lower' }, frequency: { column: 'orders' }, monetary: { column: 'spend' } }), customers),
  );
  const kmeans = scoreSegments(fitSegments(customers, { features: ['orders', 'spend'], k: 3, seed: 1 }), customers);
  const model = fitPlsPathModel(mobi, { ...spec, scale: [1, 10] });
  const satisfaction = satisfactionIndex100(model, mobi, 'Satisfaction').index100;
  const code = (name: string) => rfm.segments.indexOf(name);

  it('the segment columns as the functions return them: codes in typed arrays (Uint8Array, Int32Array), every respondent matched', () => {
    expect(rfm.segment).toBeInstanceOf(Uint8Array);
    expect(rfm.unmatched).toBe(0);
    expect(kmeans.segment).toBeInstanceOf(Int32Array);
    expect(kmeans.skipped).toBe(0);
  });

  it('rows no RFM rule matched (code 255) are missing answers once the codes are mapped to names, never a group of their own', () => {
    // only two rules: the other score pairs stay unmatched
    const partial = rfmSegments(
      scoreRfm(fitRfm(customers, { recency: { column: 'days', better: 'lower' }, frequency: { column: 'orders' }, monetary: { column: 'spend' } }), customers),
      [
        { name: 'recent', recency: [4, 5], frequency: [1, 5] },
        { name: 'lapsed', recency: [1, 2], frequency: [1, 5] },
      ],
    );
    expect(partial.unmatched).toBeGreaterThan(0);
    const named = Array.from(partial.segment, (c) => partial.segments[c] ?? null);
    const byCode = satisfactionIndexByGroup(model, { ...mobi, segment: partial.segment }, { group: 'segment', samples: 50 });
    expect(byCode.groups.map((g) => g.level)).toContain(255); // the pitfall the option's documentation names
    // missing answers follow the model's policy: refused, naming the rows, or left out and counted with missing: 'skip'
    const refused = caught(() => satisfactionIndexByGroup(model, { ...mobi, segment: named }, { group: 'segment', samples: 50 }));
    expect(refused.issues[0]).toMatchObject({ column: 'segment', received: 'null' });
    const skipping = fitPlsPathModel(mobi, { ...spec, scale: [1, 10], missing: 'skip' });
    const byName = satisfactionIndexByGroup(skipping, { ...mobi, segment: named }, { group: 'segment', samples: 50 });
    expect(byName.groups.map((g) => g.level).sort()).toEqual(['lapsed', 'recent']);
    expect(byName.skipped).toBe(partial.unmatched);
    expect(byName.groups.reduce((a, g) => a + g.n, 0)).toBe(n - partial.unmatched);
  });

  for (const [name, column, levelNames] of [
    ['RFM segment', () => rfm.segment, () => rfm.segments],
    ['k-means segment', () => kmeans.segment, () => kmeans.labels],
  ] as const) {
    it(`satisfactionIndexByGroup on the ${name} codes: each group's index is the mean of its respondents' 0–100 Satisfaction`, () => {
      const codes = column();
      const byGroup = satisfactionIndexByGroup(model, { ...mobi, segment: codes }, { group: 'segment', samples: 50 });
      const counts = new Map<number, number>();
      for (const c of codes) counts.set(c, (counts.get(c) ?? 0) + 1);
      expect(byGroup.groups.map((g) => [g.level, g.n]).sort((a, b) => Number(a[0]) - Number(b[0]))).toEqual([...counts].sort((a, b) => a[0] - b[0]));
      expect(byGroup.groups).toHaveLength(levelNames().length);
      // recomputed here: the whole sample's index (the model's weights) averaged over the group's rows
      const index = byGroup.constructs.find((c) => c.construct === 'Satisfaction')!;
      byGroup.groups.forEach((g, k) => {
        const rows = Array.from(codes.keys()).filter((i) => codes[i] === g.level);
        const mean = rows.reduce((a, i) => a + satisfaction[i], 0) / rows.length;
        expect(Math.abs(index.groups[k].estimate - mean)).toBeLessThan(1e-9);
      });
    });

    it(`comparePlsGroups and measurementInvariance on two ${name}s: codes and names give the same tests; swapping the levels negates the differences and keeps every p`, () => {
      const codes = column();
      const names = levelNames();
      const [a, b] = name === 'RFM segment' ? [code('atRisk'), code('hibernating')] : [0, 1];
      const data = { ...mobi, segment: codes, named: Array.from(codes, (c) => names[c]) };
      const run = (group: string, levels: [string | number, string | number]) => ({
        mga: comparePlsGroups(data, spec, { group, levels, permutations: 99, samples: 50, seed: 3 }),
        micom: measurementInvariance(data, spec, { group, levels, permutations: 99, seed: 3 }),
      });
      const ab = run('segment', [a, b]);
      const ba = run('segment', [b, a]);
      const named = run('named', [names[a], names[b]]);
      expect(ab.mga.groups.map((g) => g.n)).toEqual([codes.filter((c) => c === a).length, codes.filter((c) => c === b).length]);
      expect(named.mga.groups).toEqual([
        { level: names[a], n: ab.mga.groups[0].n },
        { level: names[b], n: ab.mga.groups[1].n },
      ]);
      ab.mga.paths.forEach((path, k) => {
        expect(named.mga.paths[k].difference).toBe(path.difference);
        expect(named.mga.paths[k].permutation.p).toBe(path.permutation.p);
        expect(ba.mga.paths[k].difference).toBeCloseTo(-path.difference, 12);
        expect(ba.mga.paths[k].permutation.p).toBe(path.permutation.p);
        expect(ba.mga.paths[k].welch.p).toBe(path.welch.p);
      });
      ab.micom.constructs.forEach((c, k) => {
        expect(named.micom.constructs[k]).toEqual(c);
        const swapped = ba.micom.constructs[k];
        expect(swapped.compositional.p).toBe(c.compositional.p);
        expect(swapped.means.p).toBe(c.means.p);
        expect(swapped.variances.p).toBe(c.variances.p);
        expect(swapped.means.difference).toBeCloseTo(-c.means.difference, 12);
      });
    });
  }
});

describe('p value corrections and the Welch test', () => {
  it('Holm, Bonferroni and Benjamini–Hochberg by their definitions (R p.adjust)', () => {
    // by hand: sorted 0.005, 0.01, 0.03, 0.04; Holm 4·0.005, 3·0.01, max(2·0.03, ·), max(0.04, 0.06); BH from the top: min(4/r·p)
    const ps = [0.01, 0.04, 0.03, 0.005];
    expect(adjustPValues(ps, 'holm').map((v) => Math.round(v * 1e12) / 1e12)).toEqual([0.03, 0.06, 0.06, 0.02]);
    expect(adjustPValues(ps, 'bonferroni').map((v) => Math.round(v * 1e12) / 1e12)).toEqual([0.04, 0.16, 0.12, 0.02]);
    expect(adjustPValues(ps, 'benjaminiHochberg').map((v) => Math.round(v * 1e12) / 1e12)).toEqual([0.02, 0.04, 0.04, 0.02]);
    expect(adjustPValues(ps, 'none')).toEqual(ps);
  });

  it('a p that is not a number stays NaN and leaves the family of the others (R p.adjust, na.rm)', () => {
    // R: p.adjust(c(0.01, 0.04, 0.03, 0.005), 'holm') etc. — the same as without the NaN, which before leaked into every later path
    const ps = [0.01, Number.NaN, 0.04, 0.03, 0.005];
    const round = (v: number) => Math.round(v * 1e12) / 1e12;
    expect(adjustPValues(ps, 'holm').map(round)).toEqual([0.03, Number.NaN, 0.06, 0.06, 0.02]);
    expect(adjustPValues(ps, 'bonferroni').map(round)).toEqual([0.04, Number.NaN, 0.16, 0.12, 0.02]);
    expect(adjustPValues(ps, 'benjaminiHochberg').map(round)).toEqual([0.02, Number.NaN, 0.04, 0.04, 0.02]);
  });

  it('Welch: swapping the groups negates t and keeps df and p bit for bit', () => {
    const a = welchTest(0.123456789, 0.0712345, 0.1033, 137, 91);
    const b = welchTest(-0.123456789, 0.1033, 0.0712345, 91, 137);
    expect(b.t).toBe(-a.t);
    expect([b.df, b.p]).toEqual([a.df, a.p]);
  });
});

describe('bad input', () => {
  it('refuses a group with fewer respondents than constructs, naming the group', () => {
    const data = { ...handled, tiny: Array.from(mobi.CUSCO, (_, i) => (i < 4 ? 'few' : 'many')) };
    const error = caught(() => measurementInvariance(data, spec, { group: 'tiny' }));
    expect(error).toBeInstanceOf(CustomerValueError);
    expect(error.code).toBe('too_few_rows');
    expect(error.issues[0]).toMatchObject({ function: 'measurementInvariance', column: 'tiny' });
    expect(error.issues[0].expected).toMatch(/group "few".*6 constructs/);
    expect(caught(() => comparePlsGroups(data, spec, { group: 'tiny' })).code).toBe('too_few_rows');
  });

  it('refuses an item constant within a group, naming the group, the construct and the item', () => {
    const data = { ...handled, PERV2: Array.from(mobi.PERV2, (v, i) => (handled.handled[i] === 'well' ? 9 : v)) };
    const error = caught(() => comparePlsGroups(data, spec, { group: 'handled' }));
    expect(error.code).toBe('invalid_value');
    expect(error.message).toMatch(/^comparePlsGroups: item "PERV2" of construct "Value" is constant within group "well"/);
    expect(error.issues).toEqual([
      expect.objectContaining({ column: 'PERV2', path: 'spec.constructs.Value.items', received: 'every answer 9 in group "well"' }),
    ]);
  });

  it('asks for levels when the column has more than two, and refuses a level not in it', () => {
    const data = { ...handled, tier: Array.from(mobi.CUSCO, (v) => (v >= 9 ? 'A' : v >= 6 ? 'B' : 'C')) };
    const error = caught(() => comparePlsGroups(data, spec, { group: 'tier' }));
    expect(error.code).toBe('invalid_value');
    expect(error.issues[0].hint).toMatch(/levels: \[/);
    const ok = measurementInvariance(data, spec, { group: 'tier', levels: ['A', 'C'], permutations: 19 });
    expect(ok.outside).toBe(data.tier.filter((t) => t === 'B').length);
    expect(caught(() => measurementInvariance(data, spec, { group: 'tier', levels: ['A', 'D'] })).issues[0].path).toBe('options.levels');
    expect(caught(() => measurementInvariance(data, spec, { group: 'CUSA1' })).code).toBe('invalid_spec');
  });
});
