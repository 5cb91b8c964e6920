import { checkChart, checkChartOptions, chartOptionSchemas, chartSchemas } from './chartInputs.js';
import { formatFixed } from '../internal/formatFixed.js';
import { niceDomain } from '../internal/niceTicks.js';
import { textWidth } from '../internal/textWidth.js';
import { axisTicks } from './svgAxis.js';
import { dotRowAxis, dotRowLabels } from './dotRows.js';
import { escapeXml, footnoteExtra, headerExtra, svgDocument, svgFootnote, svgHeader, type ChartLabels } from './svgFrame.js';
import { vegaLiteFrame, type VegaLiteSpec } from './vegaLiteSpec.js';
import { indexGroupSvg, indexGroupVegaLite, type IndexGroupComparison } from './indexByGroupChart.js';

export type { IndexGroupComparison } from './indexByGroupChart.js';

const isIndex = (input: unknown): input is IndexGroupComparison => typeof input === 'object' && input !== null && 'constructs' in input;

/** The parts of a `comparePlsGroups` result the chart draws. */
export interface PlsGroupComparison {
  readonly groups: readonly [{ readonly level: string | number; readonly n: number }, { readonly level: string | number; readonly n: number }];
  readonly permutations: number;
  readonly correction: string;
  readonly paths: readonly {
    readonly from: string;
    readonly to: string;
    readonly coefficients: readonly [number, number];
    readonly difference: number;
    readonly permutation: { readonly p: number; readonly pAdjusted: number };
    readonly welch: { readonly p: number; readonly pAdjusted: number };
  }[];
}

/** Options of `groupComparisonSvg` and `groupComparisonVegaLite`. */
export interface GroupComparisonOptions {
  /** The test whose corrected p marks a difference (default `'permutation'`; `'welch'`). */
  readonly test?: 'permutation' | 'welch';
  /** Significance level (default 0.05): a path is marked when its corrected p is below it. */
  readonly alpha?: number;
}

const COLOURS = ['#0072B2', '#E69F00'] as const;
const TESTS = { permutation: 'permutation test', welch: 'Welch–Satterthwaite test' };
const CORRECTIONS: Record<string, string> = { holm: 'Holm', bonferroni: 'Bonferroni', benjaminiHochberg: 'Benjamini–Hochberg', none: 'no' };

function rows(fn: string, comparison: PlsGroupComparison, options: unknown) {
  const { test, alpha } = checkChartOptions(fn, chartOptionSchemas.groupComparison, options);
  const out = comparison.paths.map((p) => {
    const pAdjusted = p[test].pAdjusted;
    return { path: `${p.from} → ${p.to}`, coefficients: p.coefficients, difference: p.difference, pAdjusted, significant: pAdjusted < alpha };
  });
  return { test, alpha, rows: out };
}

const pText = (p: number) => (Number.isNaN(p) ? 'p n/a' : p < 0.001 ? 'p < 0.001' : `p ${formatFixed(p, 3)}`);

/**
 * A standalone SVG comparing groups of respondents, drawn from either of two results.
 *
 * **`satisfactionIndexByGroup`** (two or more groups): one row per construct, each group's mean
 * 0–100 index as a dot with its bootstrap interval as a bar (Okabe–Ito colours, at most eight
 * groups), and at the right the difference with its interval — group 1 − group 2 for two groups,
 * the pair furthest apart for more — printed bold and marked "*" when the interval excludes 0.
 * `options` are not used.
 *
 * **`comparePlsGroups`** (two groups): one row per
 * path, each group's coefficient as a dot (Okabe–Ito blue and orange, joined by a line) on a
 * common axis with 0 marked, and at the right the difference (group 1 − group 2) with its corrected
 * p value; paths whose corrected p is below `alpha` are printed bold and marked "*". The legend
 * names the groups with their sizes; the footnote names the test, its permutations and the
 * correction. A test that could not be made (NaN p) reads "p n/a" and is never marked.
 *
 * @param comparison The result of `comparePlsGroups` or of `satisfactionIndexByGroup`.
 * @param labels `title`, `subtitle`.
 * @param options `test` (`'permutation'`), `alpha` (0.05).
 * @throws {CustomerValueError} `invalid_value` for a malformed comparison or more than eight groups; `invalid_spec` for an unknown test, an alpha outside (0, 1), an unknown label or option.
 * @example
 * const comparison = { groups: [{ level: 'top tier', n: 120 }, { level: 'the rest', n: 130 }], permutations: 1000, correction: 'holm', paths: [
 *   { from: 'Quality', to: 'Satisfaction', coefficients: [0.71, 0.42], difference: 0.29, permutation: { p: 0.004, pAdjusted: 0.008 }, welch: { p: 0.01, pAdjusted: 0.02 } },
 *   { from: 'Value', to: 'Satisfaction', coefficients: [0.2, 0.25], difference: -0.05, permutation: { p: 0.6, pAdjusted: 0.6 }, welch: { p: 0.55, pAdjusted: 0.55 } }] };
 * const svg = groupComparisonSvg(comparison, { title: 'Top tier vs the rest' });
 * [svg.includes('>Δ 0.29 · p 0.008 *<'), svg.includes('>Δ -0.05 · p 0.600<')]; // => [true, true]
 * const index = { groups: [{ level: 'top', n: 66 }, { level: 'middle', n: 125 }, { level: 'low', n: 59 }], samples: 1000, confidence: 0.95, constructs: [
 *   { construct: 'Satisfaction', groups: [{ estimate: 83.1, lower: 80.2, upper: 85.9 }, { estimate: 74.5, lower: 72.3, upper: 76.8 }, { estimate: 60.2, lower: 55.9, upper: 64.3 }],
 *     differences: [{ first: 'top', second: 'middle', estimate: 8.6, lower: 5, upper: 12.1 }, { first: 'top', second: 'low', estimate: 22.9, lower: 17.8, upper: 28 }, { first: 'middle', second: 'low', estimate: 14.3, lower: 9.6, upper: 19.1 }] }] };
 * groupComparisonSvg(index, { title: 'Satisfaction by tier' }).includes('>top − low 22.9 [17.8, 28.0] *<'); // => true
 */
export function groupComparisonSvg(comparison: PlsGroupComparison | IndexGroupComparison, labels: ChartLabels, options?: GroupComparisonOptions): string {
  if (isIndex(comparison)) {
    checkChart('groupComparisonSvg', chartSchemas.indexGroupComparison, comparison, labels);
    checkChartOptions('groupComparisonSvg', chartOptionSchemas.groupComparison, options);
    return indexGroupSvg(comparison, labels);
  }
  checkChart('groupComparisonSvg', chartSchemas.groupComparison, comparison, labels);
  const { test, alpha, rows: paths } = rows('groupComparisonSvg', comparison, options);
  const { title, subtitle = '' } = labels;
  const all = paths.flatMap((p) => [...p.coefficients]);
  const [x0, x1] = niceDomain(Math.min(0, ...all), Math.max(0, ...all), 5);
  const right = (p: (typeof paths)[number]) => `Δ ${formatFixed(p.difference, 2)} · ${pText(p.pAdjusted)}${p.significant ? ' *' : ''}`;
  const pathW = Math.ceil(Math.max(60, ...paths.map((p) => textWidth(p.path, 12))));
  const notes = paths.map(right);
  const rightW = Math.ceil(Math.max(80, ...notes.map((note) => textWidth(note, 12, true))));
  const plotW = 420;
  const left = 20 + pathW + 14;
  const width = left + plotW + 20 + rightW + 20;
  const rowH = 28;
  const legend = comparison.groups.map((g, k) => `group ${k + 1}: ${String(g.level)} (n = ${g.n.toLocaleString('en-US')})`);
  const legendW = textWidth(legend[0], 12) + textWidth(legend[1], 12) + 2 * 16 + 24;
  const w = Math.ceil(Math.max(width, legendW + 40));
  const correction = CORRECTIONS[comparison.correction] ?? comparison.correction;
  const note =
    `Dots: each group's standardized path coefficient. Δ = group 1 − group 2; p: two-sided ${TESTS[test]}` +
    `${test === 'permutation' ? ` (${comparison.permutations.toLocaleString('en-US')} permutations)` : ''}, ${correction} correction across paths; * p < ${alpha}.`;
  const top = 70 + headerExtra(w, title, subtitle);
  const plotTop = top + 30;
  const plotBottom = plotTop + Math.max(1, paths.length) * rowH;
  const height = plotBottom + 34 + 30 + footnoteExtra(w, note);
  const sx = (v: number) => left + ((v - x0) / (x1 - x0 || 1)) * plotW;
  const ticks = axisTicks(x0, x1, plotW, 'x', (v, d) => formatFixed(v, d));
  const parts = [...svgHeader(w, height, title, subtitle)];
  // legend
  let lx = 20;
  legend.forEach((text, k) => {
    parts.push(`<circle cx="${lx + 5}" cy="${top}" r="5" fill="${COLOURS[k]}"/>`);
    parts.push(`<text x="${lx + 16}" y="${top + 4}" font-size="12" fill="#333">${escapeXml(text)}</text>`);
    lx += 16 + textWidth(text, 12) + 24;
  });
  parts.push(`<line x1="${sx(0).toFixed(1)}" y1="${plotTop - 6}" x2="${sx(0).toFixed(1)}" y2="${plotBottom}" stroke="#888" stroke-dasharray="4,3"/>`);
  parts.push(...dotRowAxis(left, plotW, plotBottom, ticks, sx, 'standardized path coefficient'));
  paths.forEach((p, i) => {
    const y = plotTop + i * rowH + rowH / 2;
    const [name, note] = dotRowLabels(left, left + plotW + 20, y, p.path, notes[i], p.significant);
    parts.push(name);
    const [a, b] = p.coefficients.map(sx);
    parts.push(`<line x1="${a.toFixed(1)}" y1="${y}" x2="${b.toFixed(1)}" y2="${y}" stroke="${p.significant ? '#333' : '#bbbbbb'}" stroke-width="2"/>`);
    p.coefficients.forEach((c, k) => parts.push(`<circle cx="${sx(c).toFixed(1)}" cy="${y}" r="5" fill="${COLOURS[k]}"/>`));
    parts.push(note);
  });
  if (paths.length === 0) parts.push(`<text x="${left + 8}" y="${plotTop + 18}" font-size="12" fill="#777">no paths</text>`);
  parts.push(...svgFootnote(w, height - 14, note));
  return svgDocument(parts);
}

/**
 * A multigroup comparison as an interactive Vega-Lite dot plot: each path's two group
 * coefficients, with the difference, its corrected p and whether it is significant in the tooltip.
 * (Given a `satisfactionIndexByGroup` result, the other signature: each construct's index per group.)
 *
 * @param options `test` (`'permutation'`), `alpha` (0.05).
 * @example
 * const comparison = { groups: [{ level: 'a', n: 50 }, { level: 'b', n: 60 }], permutations: 500, correction: 'holm', paths: [
 *   { from: 'Value', to: 'Satisfaction', coefficients: [0.5, 0.2], difference: 0.3, permutation: { p: 0.01, pAdjusted: 0.01 }, welch: { p: 0.08, pAdjusted: 0.08 } }] };
 * groupComparisonVegaLite(comparison, { title: 'a vs b' }, { test: 'welch' }).data.values.map((v) => [v.group, v.significant]); // => [['a', false], ['b', false]]
 */
export function groupComparisonVegaLite(
  comparison: PlsGroupComparison,
  labels: ChartLabels,
  options?: GroupComparisonOptions,
): VegaLiteSpec & { data: { values: { path: string; group: string; coefficient: number; difference: number; pAdjusted: number; significant: boolean }[] } };
/**
 * The group comparison of a `satisfactionIndexByGroup` result (two or more groups) as an
 * interactive Vega-Lite chart: each construct's index per group as a dot with its interval as a rule.
 *
 * @param options not used (the path comparison's `test`, `alpha` are accepted).
 * @example
 * const index = { groups: [{ level: 'a', n: 80 }, { level: 'b', n: 90 }, { level: 'c', n: 70 }], samples: 500, confidence: 0.95, constructs: [
 *   { construct: 'Loyalty', groups: [{ estimate: 70, lower: 66, upper: 74 }, { estimate: 64, lower: 60, upper: 68 }, { estimate: 58, lower: 53, upper: 63 }],
 *     differences: [{ first: 'a', second: 'b', estimate: 6, lower: 0.5, upper: 11.5 }, { first: 'a', second: 'c', estimate: 12, lower: 6, upper: 18 }, { first: 'b', second: 'c', estimate: 6, lower: 0, upper: 12 }] }] };
 * groupComparisonVegaLite(index, { title: 'Loyalty by segment' }).data.values.map((v) => v.group); // => ['a', 'b', 'c']
 */
export function groupComparisonVegaLite(
  comparison: IndexGroupComparison,
  labels: ChartLabels,
  options?: GroupComparisonOptions,
): VegaLiteSpec & { data: { values: { construct: string; group: string; index: number; lower: number; upper: number }[] } };
export function groupComparisonVegaLite(
  comparison: PlsGroupComparison | IndexGroupComparison,
  labels: ChartLabels,
  options?: GroupComparisonOptions,
): VegaLiteSpec {
  if (isIndex(comparison)) {
    checkChart('groupComparisonVegaLite', chartSchemas.indexGroupComparison, comparison, labels);
    checkChartOptions('groupComparisonVegaLite', chartOptionSchemas.groupComparison, options);
    return indexGroupVegaLite(comparison, labels);
  }
  checkChart('groupComparisonVegaLite', chartSchemas.groupComparison, comparison, labels);
  const { rows: paths } = rows('groupComparisonVegaLite', comparison, options);
  const { title, subtitle = '' } = labels;
  const names = comparison.groups.map((g) => String(g.level));
  const values = paths.flatMap((p) =>
    names.map((group, k) => ({
      path: p.path,
      group,
      coefficient: p.coefficients[k],
      difference: p.difference,
      pAdjusted: p.pAdjusted,
      significant: p.significant,
    })),
  );
  return vegaLiteFrame(title, subtitle, {
    data: { values },
    layer: [
      {
        mark: { type: 'line', color: '#bbbbbb' },
        encoding: {
          y: { field: 'path', type: 'nominal', sort: null, title: null },
          x: { field: 'coefficient', type: 'quantitative' },
          detail: { field: 'path' },
        },
      },
      {
        mark: { type: 'point', filled: true, size: 80, tooltip: true },
        encoding: {
          y: { field: 'path', type: 'nominal', sort: null, title: null },
          x: { field: 'coefficient', type: 'quantitative', title: 'standardized path coefficient' },
          color: { field: 'group', type: 'nominal', scale: { domain: names, range: [...COLOURS] } },
        },
      },
    ],
  });
}
