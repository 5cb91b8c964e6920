import { describe, expect, it } from 'vitest';
import {
  groupComparisonSvg,
  groupComparisonVegaLite,
  htmtHeatmapSvg,
  htmtHeatmapVegaLite,
  importancePerformanceSvg,
  importancePerformanceVegaLite,
  plsPathDiagramSvg,
  plsPathDiagramVegaLite,
} from '../../src/charts/index.js';
import { CustomerValueError } from '../../src/errors.js';
import {
  assessPlsPathModel,
  bootstrapPlsPathModel,
  comparePlsGroups,
  ECSI_MODEL,
  fitPlsPathModel,
  importancePerformanceMap,
  satisfactionIndexByGroup,
} from '../../src/pls.js';
import { caught, readFixtureCsv } from '../helpers/fixtures.js';
import { textBoxes } from '../helpers/svgText.js';

// The PLS charts of issue 20 on the ECSI mobile-phone survey (250 respondents): what each draws is
// read back from the SVG and compared with the result it was given (each interval printed is that
// path's bootstrap percentile interval; each path marked n.s. is one whose interval covers 0).

const mobi = readFixtureCsv('satisfaction/ecsi_mobi.csv').columns as Record<string, Float64Array>;
const model = fitPlsPathModel(mobi, ECSI_MODEL);
const bootstrap = bootstrapPlsPathModel(model, mobi, { samples: 300, seed: 4 });
const texts = (svg: string) => textBoxes(svg).map((b) => b.text);
const two = (v: number) => (Math.abs(v) < 0.005 ? 0 : v).toFixed(2);

describe('plsPathDiagramSvg(model, labels, { bootstrap }) / plsPathDiagramVegaLite', () => {
  const svg = plsPathDiagramSvg(model, { title: 'ECSI' }, { bootstrap });

  it('labels every path with its bootstrap percentile interval under its coefficient', () => {
    const shown = texts(svg);
    for (const p of model.paths) {
      const b = bootstrap.paths.find((q) => q.from === p.from && q.to === p.to)!;
      expect(b.estimate).toBe(p.coefficient);
      expect(shown, `${p.from} → ${p.to}`).toContain(`[${two(b.lower)}, ${two(b.upper)}]`);
    }
    expect(shown.filter((t) => /^\[.*\]$/.test(t))).toHaveLength(model.paths.length);
  });

  it('marks n.s. (and draws grey) exactly the paths whose interval covers 0', () => {
    const covering = bootstrap.paths.filter((b) => b.lower <= 0 && b.upper >= 0);
    expect(covering.length).toBeGreaterThan(0); // ECSI: Expectation → Satisfaction and Complaints → Loyalty
    expect(texts(svg).filter((t) => t.endsWith(' n.s.'))).toEqual(covering.map((b) => `${two(b.estimate)} n.s.`));
    expect(svg.match(/marker-end="url\(#arrow-ns\)"/g)).toHaveLength(covering.length);
    expect(svg.match(/marker-end="url\(#arrow\)"/g)).toHaveLength(model.paths.length - covering.length);
  });

  it('states the level and the resamples in the footnote', () => {
    expect(svg).toContain('95% bootstrap percentile intervals (300 resamples)');
    expect(plsPathDiagramSvg(model, { title: 'ECSI' })).not.toContain('bootstrap');
  });

  it('Vega-Lite: each bar with its interval as an error bar', () => {
    const values = plsPathDiagramVegaLite(model, { title: 'ECSI' }, { bootstrap }).data.values as {
      path: string;
      lower: number;
      upper: number;
      coversZero: boolean;
    }[];
    expect(values.map((v) => [v.path, v.lower, v.upper, v.coversZero])).toEqual(
      bootstrap.paths.map((b) => [`${b.from} → ${b.to}`, b.lower, b.upper, b.lower <= 0 && b.upper >= 0]),
    );
  });

  it('refuses a bootstrap of another model, naming the path', () => {
    const missing = caught(() => plsPathDiagramSvg(model, { title: 'x' }, { bootstrap: { ...bootstrap, paths: bootstrap.paths.slice(1) } }));
    expect(missing).toBeInstanceOf(CustomerValueError);
    expect(missing.code).toBe('invalid_value');
    expect(missing.message).toContain(`${model.paths[0].from} → ${model.paths[0].to}`);
    const other = bootstrap.paths.map((b, k) => (k === 2 ? { ...b, estimate: b.estimate + 0.01 } : b));
    const moved = caught(() => plsPathDiagramVegaLite(model, { title: 'x' }, { bootstrap: { ...bootstrap, paths: other } }));
    expect(moved.message).toContain(`${model.paths[2].from} → ${model.paths[2].to}`);
    expect(moved.issues[0].path).toBe('options.bootstrap.paths.2.estimate');
  });

  it('refuses an interval whose lower end is above its upper end, an unknown option, and a NaN end', () => {
    const flipped = bootstrap.paths.map((b, k) => (k === 0 ? { ...b, lower: b.upper, upper: b.lower } : b));
    expect(caught(() => plsPathDiagramSvg(model, { title: 'x' }, { bootstrap: { ...bootstrap, paths: flipped } })).issues[0].path).toBe(
      'options.bootstrap.paths.0',
    );
    expect(caught(() => plsPathDiagramSvg(model, { title: 'x' }, { intervals: bootstrap } as never)).message).toContain('options');
    const nan = bootstrap.paths.map((b, k) => (k === 1 ? { ...b, lower: NaN } : b));
    expect(caught(() => plsPathDiagramSvg(model, { title: 'x' }, { bootstrap: { ...bootstrap, paths: nan } })).issues[0].path).toBe(
      'options.bootstrap.paths.1.lower',
    );
  });
});

describe('htmtHeatmapSvg(assessment, labels, { threshold, measure }) / htmtHeatmapVegaLite', () => {
  const assessment = assessPlsPathModel(model, mobi);
  const pairs = (measure: 'htmt' | 'htmt2') => assessment.htmt.map((h) => ({ a: h.a, b: h.b, value: h[measure].value }));

  it('prints every pair once, lower triangle, with its HTMT; flags exactly those at or above 0.85 by default', () => {
    const svg = htmtHeatmapSvg(assessment, { title: 'HTMT' });
    const n = assessment.constructs.length;
    const shown = texts(svg).filter((t) => /^(≥ )?-?\d\.\d\d$|^—$/.test(t));
    expect(shown).toHaveLength((n * (n - 1)) / 2);
    const above = pairs('htmt').filter((p) => p.value !== null && Math.abs(p.value) >= 0.85);
    expect(above.length).toBeGreaterThan(0); // ECSI: Image–Loyalty 0.867 among them
    expect(shown.filter((t) => t.startsWith('≥ ')).sort()).toEqual(above.map((p) => `≥ ${two(p.value!)}`).sort());
    for (const p of pairs('htmt')) expect(shown).toContain(p.value === null ? '—' : `${Math.abs(p.value) >= 0.85 ? '≥ ' : ''}${two(p.value)}`);
    expect(svg.match(/fill="#D55E00"/g)).toHaveLength(above.length + 1); // the cells and the legend swatch
    expect(texts(svg)).toContain('HTMT ≥ 0.85: discriminant validity in doubt');
    expect(texts(svg).join(' ')).toContain('Henseler, Ringle & Sarstedt 2015');
  });

  it('takes another threshold and HTMT2, stated in the legend', () => {
    const svg = htmtHeatmapSvg(assessment, { title: 'HTMT2' }, { threshold: 0.9, measure: 'htmt2' });
    const above = pairs('htmt2').filter((p) => p.value !== null && Math.abs(p.value) >= 0.9);
    expect(
      texts(svg)
        .filter((t) => t.startsWith('≥ '))
        .sort(),
    ).toEqual(above.map((p) => `≥ ${two(p.value!)}`).sort());
    expect(texts(svg)).toContain('HTMT2 ≥ 0.90: discriminant validity in doubt');
    const values = htmtHeatmapVegaLite(assessment, { title: 'x' }, { threshold: 0.9, measure: 'htmt2' }).data.values as {
      row: string;
      column: string;
      value: number;
      above: boolean;
    }[];
    expect(values.filter((v) => v.above).length).toBe(above.length);
    for (const v of values) expect(pairs('htmt2').find((p) => (p.a === v.row && p.b === v.column) || (p.b === v.row && p.a === v.column))?.value).toBe(v.value);
  });

  it("with the assessment's bootstrap: each cell's one-sided upper bound beneath its HTMT, outlined exactly where it is not below the threshold", () => {
    const boot = assessPlsPathModel(model, mobi, { bootstrap: { resamples: 300, seed: 2 } });
    const b = boot.bootstrap!;
    for (const [measure, threshold] of [
      ['htmt', 0.85],
      ['htmt2', 0.9],
    ] as const) {
      const svg = htmtHeatmapSvg(boot, { title: 'HTMT' }, { measure, threshold });
      const boxes = textBoxes(svg);
      const uppers = b.htmt.filter((h) => h[measure] !== null).map((h) => ({ a: h.a, b: h.b, upper: h[measure]!.tests[0].upper }));
      expect(uppers.length).toBeGreaterThan(0);
      // the bound printed under the value of its own cell: same x, the next line down
      const values = boxes.filter((t) => /^(≥ )?-?\d\.\d\d$/.test(t.text));
      const bounds = boxes.filter((t) => t.text.startsWith('upper '));
      expect(bounds).toHaveLength(uppers.length);
      for (const u of uppers) {
        const v = boot.htmt.find((h) => h.a === u.a && h.b === u.b)![measure].value!;
        const shown = values.find(
          (t) =>
            t.text === `${Math.abs(v) >= threshold ? '≥ ' : ''}${two(v)}` &&
            bounds.some((q) => Math.abs(q.x0 + q.x1 - t.x0 - t.x1) < 0.01 && q.y1 > t.y1 && q.y1 - t.y1 < 20 && q.text === `upper ${two(u.upper)}`),
        );
        expect(shown, `${u.a} – ${u.b}`).toBeDefined();
      }
      // the test: H0 HTMT ≥ threshold not rejected where upper ≥ threshold, as the assessment decides at its own limits
      const notBelow = uppers.filter((u) => u.upper >= threshold);
      expect(svg.match(/fill="none" stroke="#111111"/g)).toHaveLength(notBelow.length + 1); // the cells and the legend swatch
      for (const h of b.htmt) {
        const test = h[measure]?.tests.find((t) => t.threshold === threshold);
        if (test) expect(test.rejected).toBe(test.upper < threshold);
      }
      const text = texts(svg).join(' ');
      expect(text).toContain(`outlined: one-sided 95% upper bound ≥ ${threshold.toFixed(2)}, not significantly below it`);
      expect(text).toContain('300 resamples');
      const values2 = htmtHeatmapVegaLite(boot, { title: 'x' }, { measure, threshold }).data.values as {
        row: string;
        column: string;
        upper: number | null;
        significantlyBelow: boolean | null;
      }[];
      for (const v of values2) {
        const u = uppers.find((p) => (p.a === v.row && p.b === v.column) || (p.b === v.row && p.a === v.column));
        expect(v.upper).toBe(u ? u.upper : null);
        expect(v.significantlyBelow).toBe(u ? u.upper < threshold : null);
      }
    }
    // the upper bounds vary with the resamples; without bootstrap the chart is the plain one
    expect(htmtHeatmapSvg({ constructs: boot.constructs, htmt: boot.htmt }, { title: 'HTMT' })).toBe(htmtHeatmapSvg(assessment, { title: 'HTMT' }));
  });

  it('judges by size: a negative HTMT past the threshold is flagged', () => {
    const matrix = { constructs: ['A', 'B'], htmt: [{ a: 'A', b: 'B', htmt: { value: -0.95 }, htmt2: { value: -0.95 } }] };
    expect(texts(htmtHeatmapSvg(matrix, { title: 'x' }))).toContain('≥ -0.95');
  });

  it('refuses a threshold outside (0, 2], an unknown measure or option, and a non-finite value', () => {
    for (const options of [{ threshold: 0 }, { threshold: NaN }, { measure: 'srmr' }, { limit: 0.9 }]) {
      const error = caught(() => htmtHeatmapSvg(assessment, { title: 'x' }, options as never));
      expect(error).toBeInstanceOf(CustomerValueError);
      expect(error.code).toBe('invalid_spec');
      expect(error.issues[0].path).toMatch(/^options/);
    }
    const broken = { ...assessment, htmt: assessment.htmt.map((h, k) => (k === 3 ? { ...h, htmt: { value: Infinity } } : h)) };
    expect(caught(() => htmtHeatmapSvg(broken, { title: 'x' })).issues[0].path).toBe('input.htmt.3.htmt.value');
  });
});

describe('importancePerformanceSvg with importance intervals', () => {
  const ipma = importancePerformanceMap(fitPlsPathModel(mobi, { ...ECSI_MODEL, scale: [1, 10] }), mobi, 'Loyalty');
  const map = {
    items: ipma.constructs.map((c, k) => ({
      item: c.construct,
      importance: c.importance,
      performance: c.performance,
      quadrant: c.quadrant,
      importanceInterval: [c.importance - 0.05 * (k + 1), c.importance + 0.1] as [number, number],
    })),
    cuts: ipma.cuts,
    confidence: 0.9,
  };

  it('draws one error bar per item, spanning its interval on the importance axis, and states the level', () => {
    const svg = importancePerformanceSvg(map, { title: 'IPMA' });
    const bars = [...svg.matchAll(/<line x1="([\d.]+)" y1="([\d.]+)" x2="\1" y2="([\d.]+)" stroke="#555" stroke-width="1.5"\/>/g)].map((m) => ({
      x: Number(m[1]),
      span: Number(m[3]) - Number(m[2]),
    }));
    expect(bars).toHaveLength(map.items.length);
    // the bars' lengths are proportional to the intervals' widths (one px-per-unit for all)
    const pxPerUnit = bars[0].span / (0.05 * 1 + 0.1);
    bars.forEach((b, k) => expect(b.span).toBeCloseTo(pxPerUnit * (0.05 * (k + 1) + 0.1), 0));
    expect(texts(svg)).toContain('Vertical bars: 90% intervals of the importance.');
    expect(importancePerformanceSvg({ ...map, items: map.items.map(({ importanceInterval: _, ...i }) => i) }, { title: 'IPMA' })).not.toContain(
      'Vertical bars',
    );
  });

  it("draws importancePerformanceMap's own bootstrap intervals as they come, and no bar for a null interval (an undefined BCa)", () => {
    const booted = importancePerformanceMap(fitPlsPathModel(mobi, { ...ECSI_MODEL, scale: [1, 10] }), mobi, 'Loyalty', { bootstrap: { samples: 50, seed: 3 } });
    const items = booted.constructs.map((c) => ({ ...c, item: c.construct }));
    const barsOf = (svg: string) => [...svg.matchAll(/<line x1="([\d.]+)" y1="([\d.]+)" x2="\1" y2="([\d.]+)" stroke="#555" stroke-width="1.5"\/>/g)].length;
    const svg = importancePerformanceSvg({ items, cuts: booted.cuts, confidence: booted.bootstrap!.confidence }, { title: 'IPMA' });
    expect(barsOf(svg)).toBe(items.length);
    expect(texts(svg)).toContain('Vertical bars: 95% intervals of the importance.');
    const oneNull = items.map((i, k) => (k === 0 ? { ...i, importanceInterval: null } : i));
    expect(barsOf(importancePerformanceSvg({ items: oneNull, cuts: booted.cuts, confidence: 0.95 }, { title: 'IPMA' }))).toBe(items.length - 1);
  });

  it('Vega-Lite: the intervals as rules; a reversed interval is refused naming the item', () => {
    const spec = importancePerformanceVegaLite(map, { title: 'IPMA' });
    expect(spec.layer).toHaveLength(5);
    expect((spec.data as { values: { lower: number }[] }).values.map((v) => v.lower)).toEqual(map.items.map((i) => i.importanceInterval[0]));
    const reversed = { ...map, items: map.items.map((i, k) => (k === 2 ? { ...i, importanceInterval: [1, 0] as [number, number] } : i)) };
    expect(caught(() => importancePerformanceSvg(reversed, { title: 'x' })).issues[0].path).toBe('input.items.2.importanceInterval');
  });
});

describe('groupComparisonSvg(comparePlsGroups result, labels, { test, alpha }) / groupComparisonVegaLite', () => {
  const handled = { ...mobi, handled: Array.from(mobi.CUSCO, (v) => (v >= 8 ? 'well' : 'poorly')) };
  const spec = {
    constructs: { Value: { items: ['PERV1', 'PERV2'] }, Quality: { items: ['PERQ1', 'PERQ2', 'PERQ3'] }, Satisfaction: { items: ['CUSA1', 'CUSA2', 'CUSA3'] } },
    paths: [
      ['Quality', 'Value'],
      ['Quality', 'Satisfaction'],
      ['Value', 'Satisfaction'],
    ] as [string, string][],
  };
  const mga = comparePlsGroups(handled, spec, { group: 'handled', permutations: 199, samples: 100 });

  it('prints each path with both groups drawn at their coefficients, the difference and its corrected p; marks those below alpha', () => {
    for (const [test, alpha] of [
      ['permutation', 0.05],
      ['welch', 0.5],
    ] as const) {
      const svg = groupComparisonSvg(mga, { title: 'MGA' }, { test, alpha });
      const shown = texts(svg);
      for (const p of mga.paths) {
        const q = p[test].pAdjusted;
        const mark = q < alpha ? ' *' : '';
        expect(shown, `${test} ${p.from} → ${p.to}`).toContain(`Δ ${two(p.difference)} · ${q < 0.001 ? 'p < 0.001' : `p ${q.toFixed(3)}`}${mark}`);
      }
      expect(shown.filter((t) => t.endsWith(' *'))).toHaveLength(mga.paths.filter((p) => p[test].pAdjusted < alpha).length);
      // two dots per path, in the two groups' colours, plus the legend's two
      expect(svg.match(/<circle [^>]*fill="#0072B2"/g)).toHaveLength(mga.paths.length + 1);
      expect(svg.match(/<circle [^>]*fill="#E69F00"/g)).toHaveLength(mga.paths.length + 1);
    }
    expect(texts(groupComparisonSvg(mga, { title: 'MGA' }))).toContain(`group 1: ${String(mga.groups[0].level)} (n = ${mga.groups[0].n})`);
  });

  it('draws the dots where the coefficients are: same order and spacing as the coefficients', () => {
    const svg = groupComparisonSvg(mga, { title: 'MGA' });
    const xs = [...svg.matchAll(/<circle cx="([\d.]+)" cy="[\d.]+" r="5" fill="#0072B2"\/>/g)].slice(1).map((m) => Number(m[1]));
    const cs = mga.paths.map((p) => p.coefficients[0]);
    const scale = (xs[1] - xs[0]) / (cs[1] - cs[0]);
    xs.forEach((x, k) => expect(x - xs[0]).toBeCloseTo(scale * (cs[k] - cs[0]), 0));
  });

  it('a NaN p reads "p n/a" and is never marked; Vega-Lite lists both groups per path', () => {
    const nan = { ...mga, paths: mga.paths.map((p, k) => (k === 0 ? { ...p, permutation: { p: NaN, pAdjusted: NaN } } : p)) };
    expect(texts(groupComparisonSvg(nan, { title: 'x' }, { alpha: 0.99 }))).toContain(`Δ ${two(mga.paths[0].difference)} · p n/a`);
    const values = groupComparisonVegaLite(mga, { title: 'x' }).data.values;
    expect(values.map((v) => v.coefficient)).toEqual(mga.paths.flatMap((p) => [...p.coefficients]));
    expect(caught(() => groupComparisonSvg(mga, { title: 'x' }, { alpha: 1 })).issues[0].path).toBe('options.alpha');
    expect(caught(() => groupComparisonSvg({ ...mga, paths: [{ ...mga.paths[0], coefficients: [NaN, 1] }] }, { title: 'x' })).issues[0].path).toBe(
      'input.paths.0.coefficients.0',
    );
  });
});

describe('groupComparisonSvg(satisfactionIndexByGroup result, labels) / groupComparisonVegaLite: k groups', () => {
  const tiers = { ...mobi, tier: Array.from(mobi.CUSCO, (v) => (v >= 9 ? 'top' : v >= 6 ? 'middle' : 'low')) };
  const byTier = satisfactionIndexByGroup({ ...ECSI_MODEL, scale: [1, 10] }, tiers, { group: 'tier', samples: 100 });
  const one = (v: number) => v.toFixed(1);
  const colours = ['#0072B2', '#E69F00', '#009E73'];

  it("draws every group's index as a dot with its interval, in its own colour, and the pair furthest apart at the right", () => {
    const svg = groupComparisonSvg(byTier, { title: 'By tier' });
    const shown = texts(svg);
    byTier.groups.forEach((g, k) => {
      expect(shown).toContain(`group ${k + 1}: ${g.level} (n = ${g.n})`);
      // one dot per construct plus the legend's, one interval bar per construct
      expect(svg.match(new RegExp(`<circle [^>]*fill="${colours[k]}"`, 'g'))).toHaveLength(byTier.constructs.length + 1);
      expect(svg.match(new RegExp(`<line [^>]*stroke="${colours[k]}"`, 'g'))).toHaveLength(byTier.constructs.length);
    });
    for (const c of byTier.constructs) {
      const d = [...c.differences].sort((a, b) => Math.abs(b.estimate) - Math.abs(a.estimate))[0];
      const mark = d.lower > 0 || d.upper < 0 ? ' *' : '';
      expect(shown).toContain(`${d.first} − ${d.second} ${one(d.estimate)} [${one(d.lower)}, ${one(d.upper)}]${mark}`);
    }
  });

  it('places each dot at its index and each bar at its interval on one axis', () => {
    const svg = groupComparisonSvg(byTier, { title: 'By tier' });
    const dots = [...svg.matchAll(/<circle cx="([\d.]+)" cy="[\d.]+" r="4" fill="#009E73"\/>/g)].map((m) => Number(m[1]));
    const bars = [...svg.matchAll(/<line x1="([\d.]+)" y1="[\d.]+" x2="([\d.]+)" y2="[\d.]+" stroke="#009E73"/g)].map((m) => [Number(m[1]), Number(m[2])]);
    const est = byTier.constructs.map((c) => c.groups[2].estimate);
    // the scale read from the two dots furthest apart (positions are printed to 0.1 px)
    const [lo, hi] = [est.indexOf(Math.min(...est)), est.indexOf(Math.max(...est))];
    const scale = (dots[hi] - dots[lo]) / (est[hi] - est[lo]);
    dots.forEach((x, j) => {
      expect(x - dots[0]).toBeCloseTo(scale * (est[j] - est[0]), 0);
      expect(bars[j][0] - dots[j]).toBeCloseTo(scale * (byTier.constructs[j].groups[2].lower - est[j]), 0);
      expect(bars[j][1] - dots[j]).toBeCloseTo(scale * (byTier.constructs[j].groups[2].upper - est[j]), 0);
    });
  });

  it('two groups read "Δ" (group 1 − group 2); Vega-Lite lists every group per construct; more than eight groups are refused', () => {
    const handled = { ...mobi, handled: Array.from(mobi.CUSCO, (v) => (v >= 8 ? 'well' : 'poorly')) };
    const pair = satisfactionIndexByGroup({ ...ECSI_MODEL, scale: [1, 10] }, handled, { group: 'handled', samples: 50 });
    const d = pair.constructs[0].difference;
    expect(texts(groupComparisonSvg(pair, { title: 'x' })).some((t) => t.startsWith(`Δ ${one(d.estimate)} [${one(d.lower)}, ${one(d.upper)}]`))).toBe(true);
    const values = groupComparisonVegaLite(byTier, { title: 'x' }).data.values;
    expect(values.map((v) => v.index)).toEqual(byTier.constructs.flatMap((c) => c.groups.map((g) => g.estimate)));
    const nine = { ...byTier, groups: Array.from({ length: 9 }, (_, k) => ({ level: k, n: 10 })) };
    expect(caught(() => groupComparisonSvg(nine, { title: 'x' })).issues[0].path).toBe('input.groups');
  });
});
