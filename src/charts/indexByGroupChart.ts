import { formatFixed } from '../internal/formatFixed.js';
import { niceDomain } from '../internal/niceTicks.js';
import { textWidth } from '../internal/textWidth.js';
import { axisTicks } from './svgAxis.js';
import { dotRowAxis, dotRowLabels } from './dotRows.js';
import { escapeXml, footnoteExtra, headerExtra, svgDocument, svgFootnote, svgHeader, type ChartLabels } from './svgFrame.js';
import { vegaLiteFrame, type VegaLiteSpec } from './vegaLiteSpec.js';

// The satisfactionIndexByGroup view of groupComparisonSvg / groupComparisonVegaLite: k groups.

/** The parts of a `satisfactionIndexByGroup` result the group comparison chart draws. */
export interface IndexGroupComparison {
  readonly groups: readonly { readonly level: string | number; readonly n: number }[];
  readonly samples: number;
  readonly confidence: number;
  readonly constructs: readonly {
    readonly construct: string;
    readonly groups: readonly { readonly estimate: number; readonly lower: number; readonly upper: number }[];
    readonly differences: readonly {
      readonly first: string | number;
      readonly second: string | number;
      readonly estimate: number;
      readonly lower: number;
      readonly upper: number;
    }[];
  }[];
}

/** Okabe–Ito, colour-blind safe: at most eight groups. */
export const GROUP_COLOURS = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#D55E00', '#000000', '#F0E442'] as const;

/** The pair with the largest difference, and whether its interval excludes 0. */
function widest(c: IndexGroupComparison['constructs'][number]) {
  let best = c.differences[0];
  for (const d of c.differences) if (Math.abs(d.estimate) > Math.abs(best.estimate)) best = d;
  return { ...best, clear: best.lower > 0 || best.upper < 0 };
}

export function indexGroupSvg(result: IndexGroupComparison, labels: ChartLabels): string {
  const { title, subtitle = '' } = labels;
  const K = result.groups.length;
  const rows = result.constructs;
  const all = rows.flatMap((c) => c.groups.flatMap((g) => [g.lower, g.upper]));
  const [x0, x1] = all.length === 0 ? [0, 100] : niceDomain(Math.max(0, Math.min(...all)), Math.min(100, Math.max(...all)), 5);
  // each row's pair furthest apart, and the note at its right: computed once per row
  const furthest = rows.map(widest);
  const notes = furthest.map((d) => {
    const pair = K === 2 ? 'Δ' : `${String(d.first)} − ${String(d.second)}`;
    return `${pair} ${formatFixed(d.estimate, 1)} [${formatFixed(d.lower, 1)}, ${formatFixed(d.upper, 1)}]${d.clear ? ' *' : ''}`;
  });
  const nameW = Math.ceil(Math.max(60, ...rows.map((c) => textWidth(c.construct, 12, true))));
  const rightW = Math.ceil(Math.max(80, ...notes.map((note) => textWidth(note, 12, true))));
  const plotW = 420;
  const left = 20 + nameW + 14;
  const width = left + plotW + 20 + rightW + 20;
  const rowH = 14 + 10 * K;
  const legend = result.groups.map((g, k) => `group ${k + 1}: ${String(g.level)} (n = ${g.n.toLocaleString('en-US')})`);
  const w = Math.ceil(Math.max(width, Math.min(900, ...legend.map((t) => textWidth(t, 12) + 60))));
  // legend entries flow into lines no wider than the chart
  const legendLines: { text: string; k: number; x: number }[][] = [[]];
  let lx = 20;
  legend.forEach((text, k) => {
    const entryW = 16 + textWidth(text, 12) + 24;
    if (lx > 20 && lx + entryW > w - 20) {
      legendLines.push([]);
      lx = 20;
    }
    legendLines[legendLines.length - 1].push({ text, k, x: lx });
    lx += entryW;
  });
  const level = `${formatFixed(100 * result.confidence, 0)}%`;
  const note =
    `Dots: each group's mean 0–100 index (the same weights in every group); bars: ${level} stratified bootstrap intervals (${result.samples.toLocaleString('en-US')} resamples). ` +
    `At right: ${K === 2 ? 'group 1 − group 2' : 'the pair of groups furthest apart'}, with its ${level} interval; * the interval excludes 0.`;
  const top = 70 + headerExtra(w, title, subtitle);
  const plotTop = top + 18 * legendLines.length + 12;
  const plotBottom = plotTop + Math.max(1, rows.length) * rowH;
  const height = plotBottom + 34 + 30 + footnoteExtra(w, note);
  const sx = (v: number) => left + ((v - x0) / (x1 - x0 || 1)) * plotW;
  const ticks = axisTicks(x0, x1, plotW, 'x', (v, d) => formatFixed(v, d));
  const parts = [...svgHeader(w, height, title, subtitle)];
  legendLines.forEach((line, r) => {
    for (const { text, k, x } of line) {
      parts.push(`<circle cx="${x + 5}" cy="${top + 18 * r}" r="5" fill="${GROUP_COLOURS[k]}"/>`);
      parts.push(`<text x="${x + 16}" y="${top + 18 * r + 4}" font-size="12" fill="#333">${escapeXml(text)}</text>`);
    }
  });
  parts.push(...dotRowAxis(left, plotW, plotBottom, ticks, sx, 'index (0–100)'));
  rows.forEach((c, i) => {
    const y0 = plotTop + i * rowH + 7;
    const mid = plotTop + i * rowH + rowH / 2;
    const [name, note] = dotRowLabels(left, left + plotW + 20, mid, c.construct, notes[i], furthest[i].clear);
    parts.push(name);
    c.groups.forEach((g, k) => {
      const y = y0 + 10 * k + 5;
      parts.push(`<line x1="${sx(g.lower).toFixed(1)}" y1="${y}" x2="${sx(g.upper).toFixed(1)}" y2="${y}" stroke="${GROUP_COLOURS[k]}" stroke-width="2"/>`);
      parts.push(`<circle cx="${sx(g.estimate).toFixed(1)}" cy="${y}" r="4" fill="${GROUP_COLOURS[k]}"/>`);
    });
    parts.push(note);
  });
  if (rows.length === 0) parts.push(`<text x="${left + 8}" y="${plotTop + 18}" font-size="12" fill="#777">no constructs</text>`);
  parts.push(...svgFootnote(w, height - 14, note));
  return svgDocument(parts);
}

export function indexGroupVegaLite(
  result: IndexGroupComparison,
  labels: ChartLabels,
): VegaLiteSpec & { data: { values: { construct: string; group: string; index: number; lower: number; upper: number }[] } } {
  const { title, subtitle = '' } = labels;
  const names = result.groups.map((g) => String(g.level));
  const values = result.constructs.flatMap((c) =>
    names.map((group, k) => ({ construct: c.construct, group, index: c.groups[k].estimate, lower: c.groups[k].lower, upper: c.groups[k].upper })),
  );
  const colour = { field: 'group', type: 'nominal', scale: { domain: names, range: GROUP_COLOURS.slice(0, names.length) } };
  return vegaLiteFrame(title, subtitle, {
    data: { values },
    encoding: {
      y: { field: 'construct', type: 'nominal', sort: null, title: null },
      yOffset: { field: 'group', sort: names },
    },
    layer: [
      { mark: { type: 'rule' }, encoding: { x: { field: 'lower', type: 'quantitative' }, x2: { field: 'upper' }, color: colour } },
      {
        mark: { type: 'point', filled: true, size: 60, tooltip: true },
        encoding: { x: { field: 'index', type: 'quantitative', title: 'index (0–100)' }, color: colour },
      },
    ],
  }) as never;
}
