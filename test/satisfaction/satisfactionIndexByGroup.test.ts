import { describe, expect, it } from 'vitest';
import { CustomerValueError } from '../../src/index.js';
import { ECSI_MODEL, fitPlsPathModel, importancePerformanceMap, satisfactionImpacts, satisfactionIndex100, satisfactionIndexByGroup } from '../../src/pls.js';
import { caught, readFixtureCsv, readFixtureJson } from '../helpers/fixtures.js';

// Reference: an independent numpy implementation at the data level (make_index_groups.py →
// index_groups_reference.json; its PLS self-checked against pls_ecsi_reference.json, itself
// checked against seminr) on the bundled ECSI survey (full 7-construct model, answers 1–10) split
// by a real column: CUSCO ≥ 8 ('well') or not ('poorly'). The peer computes the impacts by OLS on
// the per-respondent indices (not the library's standardized effect × slope ratio) and ports the
// library's documented generators, so the bootstrap intervals are reproduced draw for draw.
const mobi = readFixtureCsv('satisfaction/ecsi_mobi.csv').columns as Record<string, Float64Array>;
const handled = { ...mobi, handled: Array.from(mobi.CUSCO, (v) => (v >= 8 ? 'well' : 'poorly')) };
type Summary = { estimate: number; sd: number; lower: number; upper: number };
type Reference = {
  levels: [string, string];
  sizes: [number, number];
  seed: number;
  samples: number;
  impactSamples: number;
  byGroup: Record<'model' | 'estimated', { construct: string; weights: number[]; groups: [Summary, Summary]; difference: Summary }[]>;
  levels3: string[];
  sizes3: number[];
  byGroup3: Record<
    'model' | 'estimated',
    { construct: string; weights: number[]; groups: Summary[]; difference: Summary; differences: (Summary & { first: string; second: string })[] }[]
  >;
  impacts: { driver: string; target: string; impact: number; sd: number; lower: number; upper: number }[];
};
const ref = readFixtureJson<Reference>('satisfaction/index_groups_reference.json');
const spec = { ...ECSI_MODEL, scale: [1, 10] as [number, number] };
const model = fitPlsPathModel(mobi, spec);
const options = { group: 'handled', seed: ref.seed, samples: ref.samples };

function expectSummary(got: { estimate: number; sd: number; lower: number; upper: number }, want: Summary) {
  expect(got.estimate).toBeCloseTo(want.estimate, 9);
  expect(got.sd).toBeCloseTo(want.sd, 9);
  expect(got.lower).toBeCloseTo(want.lower, 9);
  expect(got.upper).toBeCloseTo(want.upper, 9);
}

describe('satisfactionIndexByGroup', () => {
  const estimated = satisfactionIndexByGroup(spec, handled, options);
  const fixed = satisfactionIndexByGroup(model, handled, options);

  it('equals the numpy peer: index per group, difference, stratified bootstrap intervals, both weightings (1e-9)', () => {
    for (const [result, kind] of [
      [estimated, 'estimated'],
      [fixed, 'model'],
    ] as const) {
      expect(result.weighting).toBe(kind);
      expect(result.groups).toEqual([
        { level: ref.levels[0], n: ref.sizes[0] },
        { level: ref.levels[1], n: ref.sizes[1] },
      ]);
      expect(result.failed).toBe(0);
      expect(result.constructs.map((c) => c.construct)).toEqual(ref.byGroup[kind].map((c) => c.construct));
      result.constructs.forEach((got, j) => {
        const want = ref.byGroup[kind][j];
        expect(got.weights.map((w) => w.weight)).toEqual(want.weights.map((v) => expect.closeTo(v, 10)));
        expectSummary(got.groups[0], want.groups[0]);
        expectSummary(got.groups[1], want.groups[1]);
        expectSummary(got.difference, want.difference);
      });
    }
    // customers who rate complaint handling 8+ are more satisfied: the interval of the difference excludes 0
    const satisfaction = estimated.constructs.find((c) => c.construct === 'Satisfaction')!;
    expect(satisfaction.difference.upper).toBeLessThan(0);
  });

  it("each group's index is the mean of satisfactionIndex100's per-respondent index over the group", () => {
    for (const construct of ['Satisfaction', 'Loyalty', 'Value']) {
      const each = satisfactionIndex100(model, mobi, construct).index100;
      const got = fixed.constructs.find((c) => c.construct === construct)!;
      ['poorly', 'well'].forEach((level, g) => {
        const values = Array.from(each).filter((_, i) => handled.handled[i] === level);
        expect(got.groups[g].estimate).toBeCloseTo(values.reduce((a, b) => a + b, 0) / values.length, 10);
      });
    }
  });

  it('swapping the groups swaps the group figures and negates the difference and its interval, bit for bit', () => {
    for (const [given, result] of [
      [spec, estimated],
      [model, fixed],
    ] as const) {
      const swapped = satisfactionIndexByGroup(given, handled, { ...options, levels: [ref.levels[1], ref.levels[0]] });
      expect(swapped.groups.map((g) => g.level)).toEqual([ref.levels[1], ref.levels[0]]);
      result.constructs.forEach((a, j) => {
        const b = swapped.constructs[j];
        expect(b.groups).toEqual([a.groups[1], a.groups[0]]);
        expect(b.difference.estimate).toBe(-a.difference.estimate);
        expect(b.difference.sd).toBe(a.difference.sd);
        expect([b.difference.lower, b.difference.upper]).toEqual([-a.difference.upper, -a.difference.lower]);
      });
    }
  });

  it('is seeded: the same seed gives the same result, another seed other intervals', () => {
    expect(satisfactionIndexByGroup(spec, handled, options)).toEqual(estimated);
    const other = satisfactionIndexByGroup(spec, handled, { ...options, seed: ref.seed + 1 });
    expect(other.constructs[0].difference.estimate).toBe(estimated.constructs[0].difference.estimate);
    expect(other.constructs[0].difference.lower).not.toBe(estimated.constructs[0].difference.lower);
  });

  it('equals the numpy peer with three groups: every level by default, each index and every pairwise difference (1e-9)', () => {
    // the peer's three-way split of CUSCO: ≥ 9 'top', ≥ 6 'middle', else 'low'
    const tiers = { ...mobi, tier: Array.from(mobi.CUSCO, (v) => (v >= 9 ? 'top' : v >= 6 ? 'middle' : 'low')) };
    for (const [given, kind] of [
      [spec, 'estimated'],
      [model, 'model'],
    ] as const) {
      const result = satisfactionIndexByGroup(given, tiers, { group: 'tier', seed: ref.seed, samples: ref.samples });
      expect(result.groups).toEqual(ref.levels3.map((level, g) => ({ level, n: ref.sizes3[g] })));
      expect(result.outside).toBe(0);
      expect(result.failed).toBe(0);
      result.constructs.forEach((got, j) => {
        const want = ref.byGroup3[kind][j];
        expect(got.construct).toBe(want.construct);
        expect(got.weights.map((w) => w.weight)).toEqual(want.weights.map((v) => expect.closeTo(v, 10)));
        expect(got.groups.length).toBe(3);
        got.groups.forEach((g, k) => expectSummary(g, want.groups[k]));
        expectSummary(got.difference, want.difference);
        expect(got.differences.map((d) => [d.first, d.second])).toEqual(want.differences.map((d) => [d.first, d.second]));
        got.differences.forEach((d, k) => expectSummary(d, want.differences[k]));
        // the first pair is the compatible `difference`
        expect(got.differences[0]).toEqual({ first: ref.levels3[0], second: ref.levels3[1], ...got.difference });
      });
    }
  });

  it('a two-group call lists its one difference in differences', () => {
    for (const c of estimated.constructs) expect(c.differences).toEqual([{ first: ref.levels[0], second: ref.levels[1], ...c.difference }]);
  });

  it('takes any column as the group, comparing the levels given and counting the rest', () => {
    const tiers = { ...mobi, tier: Array.from(mobi.CUSL1, (v) => (v >= 9 ? 'top' : v >= 6 ? 'middle' : 'low')) };
    const result = satisfactionIndexByGroup(model, tiers, { group: 'tier', levels: ['top', 'low'], samples: 50 });
    const count = (level: string) => tiers.tier.filter((t) => t === level).length;
    expect(result.groups).toEqual([
      { level: 'top', n: count('top') },
      { level: 'low', n: count('low') },
    ]);
    expect(result.outside).toBe(count('middle'));
    // without levels, every level in order of first appearance
    const all = satisfactionIndexByGroup(model, tiers, { group: 'tier', samples: 50 });
    expect(all.groups.map((g) => g.level).sort()).toEqual(['low', 'middle', 'top']);
    expect(all.outside).toBe(0);
    const one = { ...mobi, tier: Array.from(mobi.CUSL1, () => 'all') };
    const error = caught(() => satisfactionIndexByGroup(model, one, { group: 'tier', samples: 50 }));
    expect(error).toBeInstanceOf(CustomerValueError);
    expect(error.code).toBe('invalid_value');
    expect(error.message).toMatch(/has 1 level, not two or more/);
    expect(error.issues[0].received).toBe('1 level: "all"');
    const repeated = caught(() => satisfactionIndexByGroup(model, tiers, { group: 'tier', levels: ['top', 'top'], samples: 50 }));
    expect(repeated.code).toBe('invalid_spec');
    expect(repeated.issues[0].path).toMatch(/^options\.levels/);
  });

  it('refuses a group with fewer respondents than constructs, naming the group', () => {
    // 4 respondents in group "few", fewer than the model's 7 constructs
    const few = { ...mobi, g: Array.from(mobi.CUSCO, (_, i) => (i < 4 ? 'few' : 'rest')) };
    const error = caught(() => satisfactionIndexByGroup(model, few, { group: 'g', samples: 50 }));
    expect(error).toBeInstanceOf(CustomerValueError);
    expect(error.code).toBe('too_few_rows');
    expect(error.message).toContain('"few"');
    expect(error.message).toContain('4 respondents');
  });

  it('refuses a model without an answer scale, naming the option', () => {
    const error = caught(() => satisfactionIndexByGroup(ECSI_MODEL, handled, options));
    expect(error).toBeInstanceOf(CustomerValueError);
    expect(error.code).toBe('invalid_spec');
    expect(error.issues[0]).toMatchObject({ function: 'satisfactionIndexByGroup', path: 'options.scale' });
  });
});

describe('satisfactionImpacts (ACSI impacts)', () => {
  const impacts = satisfactionImpacts(model, mobi, { seed: ref.seed, samples: ref.impactSamples });

  it('equals the numpy peer, which regresses the indices on each other: impacts and bootstrap intervals (1e-9)', () => {
    expect(impacts.failed).toBe(0);
    expect(impacts.impacts.length).toBe(ref.impacts.length);
    for (const got of impacts.impacts) {
      const want = ref.impacts.find((r) => r.driver === got.driver && r.target === got.target)!;
      expect(got.impact).toBeCloseTo(want.impact, 9);
      expect(got.sd).toBeCloseTo(want.sd, 9);
      expect(got.lower).toBeCloseTo(want.lower, 9);
      expect(got.upper).toBeCloseTo(want.upper, 9);
    }
  });

  it('a spec gives what its fitted model gives', () => {
    expect(satisfactionImpacts(spec, mobi, { seed: ref.seed, samples: ref.impactSamples })).toEqual(impacts);
  });

  it('scales linearly with the gain', () => {
    const double = satisfactionImpacts(model, mobi, { seed: ref.seed, samples: ref.impactSamples, gain: 10 });
    const negative = satisfactionImpacts(model, mobi, { seed: ref.seed, samples: ref.impactSamples, gain: -5 });
    impacts.impacts.forEach((a, k) => {
      // doubling is exact in binary floating point
      expect([double.impacts[k].impact, double.impacts[k].lower, double.impacts[k].upper, double.impacts[k].sd]).toEqual([
        2 * a.impact,
        2 * a.lower,
        2 * a.upper,
        2 * a.sd,
      ]);
      expect(negative.impacts[k].impact).toBe(-a.impact);
      expect([negative.impacts[k].lower, negative.impacts[k].upper]).toEqual([-a.upper, -a.lower]);
      expect(a.impact).toBeCloseTo(5 * a.effectPerPoint, 12);
    });
  });

  it('equals 5 × the importance of importancePerformanceMap (the same unstandardized total effect)', () => {
    const map = importancePerformanceMap(model, mobi, 'Loyalty');
    const onLoyalty = satisfactionImpacts(model, mobi, { target: 'Loyalty', samples: 10 });
    expect(onLoyalty.impacts.map((i) => i.driver)).toEqual(map.constructs.map((c) => c.construct));
    onLoyalty.impacts.forEach((i, k) => expect(i.impact).toBeCloseTo(5 * map.constructs[k].importance, 10));
  });

  it('refuses a target nothing leads to, and an unknown one', () => {
    const exogenous = caught(() => satisfactionImpacts(model, mobi, { target: 'Image', samples: 10 }));
    expect(exogenous).toBeInstanceOf(CustomerValueError);
    expect(exogenous.issues[0]).toMatchObject({ function: 'satisfactionImpacts', path: 'options.target' });
    const unknown = caught(() => satisfactionImpacts(model, mobi, { target: 'Delight', samples: 10 }));
    expect(unknown.code).toBe('invalid_spec');
  });
});
