import { checkChart, chartSchemas } from './chartInputs.js';
import { formatFixed } from '../internal/formatFixed.js';
import { niceDomain } from '../internal/niceTicks.js';
import { placeLabels } from '../internal/placeLabels.js';
import { textWidth } from '../internal/textWidth.js';
import { axisTicks, widestTick } from './svgAxis.js';
import { escapeXml, footnoteExtra, headerExtra, svgDocument, svgFootnote, svgHeader, type ChartLabels } from './svgFrame.js';
import { vegaLiteFrame, type VegaLiteSpec } from './vegaLiteSpec.js';

/** A quadrant of an importance–performance map. */
export type ImportancePerformanceQuadrant = 'keepUp' | 'priorityImprovement' | 'lowPriority' | 'possibleOverkill';
type Quadrant = ImportancePerformanceQuadrant;

/** The parts of an `importancePerformance` result the chart draws. */
export interface ImportancePerformancePoints {
  readonly items: readonly {
    readonly item: string;
    readonly importance: number;
    readonly performance: number;
    readonly quadrant: Quadrant;
    /** Optional interval of the importance (e.g. its bootstrap percentile interval), drawn as a vertical error bar; null or absent: no bar. */
    readonly importanceInterval?: readonly [number, number] | null;
  }[];
  readonly cuts: { readonly importance: number; readonly performance: number };
  /** Level of the importance intervals (0.95), stated in the footnote when items carry them. */
  readonly confidence?: number;
}

// Okabe–Ito colour-blind-safe palette
const COLOURS = { keepUp: '#009E73', priorityImprovement: '#D55E00', lowPriority: '#999999', possibleOverkill: '#0072B2' };
const LABELS = {
  keepUp: 'Keep up the good work',
  priorityImprovement: 'Priority improvement',
  lowPriority: 'Low priority',
  possibleOverkill: 'Possible overkill',
};

/**
 * A standalone SVG of an importance–performance map: items as points (performance across,
 * importance up), cut lines at the means, the four quadrants named in Okabe–Ito colours. Axes
 * run over round numbers with 1-2-5 ticks; each item's label goes to the nearest free spot
 * around its point (clear of the other points, labels and quadrant names; a grey leader line
 * when moved out), so clustered items stay readable. Items carrying an `importanceInterval` get
 * a vertical error bar over it (the labels keep clear of the bars), and a footnote states the
 * level (`confidence`). A PLS importance–performance map (`importancePerformanceMap` with
 * `options.bootstrap`) carries its `importanceInterval`s: pass its constructs as items
 * (`{ ...c, item: c.construct }`) and its `bootstrap.confidence`.
 *
 * @param map The result of `importancePerformance` (or of `importancePerformanceMap`, as items), optionally with intervals.
 * @param labels `title`, `subtitle`, axis labels.
 * @example
 * const svg = importancePerformanceSvg({ items: [{ item: 'speed', importance: 0.6, performance: 5.1, quadrant: 'priorityImprovement' }], cuts: { importance: 0.5, performance: 6 } }, { title: 'Drivers' });
 * svg.includes('>speed<'); // => true
 * const withIntervals = importancePerformanceSvg({ items: [{ item: 'speed', importance: 0.6, performance: 5.1, quadrant: 'priorityImprovement', importanceInterval: [0.45, 0.72] }], cuts: { importance: 0.5, performance: 6 }, confidence: 0.95 }, { title: 'Drivers' });
 * withIntervals.includes('95% intervals of the importance'); // => true
 */
export function importancePerformanceSvg(
  map: ImportancePerformancePoints,
  labels: ChartLabels & { readonly performanceLabel?: string; readonly importanceLabel?: string },
): string {
  checkChart('importancePerformanceSvg', chartSchemas.importancePerformance, map, labels);
  const { title, subtitle = '', performanceLabel = 'performance (mean rating)', importanceLabel = 'importance' } = labels;
  const xs = map.items.map((i) => i.performance);
  const intervals = map.items.map((i) => i.importanceInterval ?? null);
  const ys = map.items.flatMap((i) => [i.importance, ...(i.importanceInterval ?? [])]);
  const withIntervals = intervals.some((i) => i !== null);
  // Axes on round numbers (d3's nice domain and 1-2-5 ticks) around the points and the cuts.
  const [x0, x1] = niceDomain(Math.min(...xs, map.cuts.performance), Math.max(...xs, map.cuts.performance), 5);
  const [y0, y1] = niceDomain(Math.min(...ys, map.cuts.importance), Math.max(...ys, map.cuts.importance), 5);
  const performanceTitle = `${performanceLabel} →`;
  const importanceTitle = `${importanceLabel} →`;
  const labelWidths = map.items.map((i) => textWidth(i.item, 11));
  const quadrantWidth = Math.max(...Object.values(LABELS).map((l) => textWidth(l, 13, true)));
  // The plot is at least wide enough for two quadrant names and the widest item label, the canvas for the axis title.
  const plotWidth = Math.ceil(Math.max(650, 2 * quadrantWidth + 40, Math.max(...labelWidths) + 40, textWidth(performanceTitle, 13) + 10));
  const plotHeight = Math.ceil(Math.max(390, textWidth(importanceTitle, 13) + 10));
  const yTicks = axisTicks(y0, y1, plotHeight - 60, 'y', (v, d) => formatFixed(v, d));
  const left = Math.ceil(44 + widestTick(yTicks));
  const width = left + plotWidth + 30;
  const level = map.confidence === undefined ? '' : `${formatFixed(100 * map.confidence, Number.isInteger(100 * map.confidence) ? 0 : 1)}% `;
  const note = withIntervals ? `Vertical bars: ${level}intervals of the importance.` : '';
  const top = 80 + headerExtra(width, title, subtitle);
  const height = top + plotHeight + 70 + (withIntervals ? 22 + footnoteExtra(width, note) : 0);
  const plot = { left, right: left + plotWidth, top, bottom: top + plotHeight };
  const xTicks = axisTicks(x0, x1, plotWidth - 16, 'x', (v, d) => formatFixed(v, d));
  // Data inset from the frame: the bands along the top and bottom edges hold the quadrant names.
  const inner = { left: plot.left + 8, right: plot.right - 8, top: plot.top + 30, bottom: plot.bottom - 30 };
  const sx = (x: number) => inner.left + ((x - x0) / (x1 - x0)) * (inner.right - inner.left);
  const sy = (y: number) => inner.bottom - ((y - y0) / (y1 - y0)) * (inner.bottom - inner.top);
  const cx = sx(map.cuts.performance);
  const cy = sy(map.cuts.importance);
  const corner = (key: Quadrant, right: boolean, topRow: boolean) => {
    const w = textWidth(LABELS[key], 13, true);
    const x = right ? plot.right - 8 : plot.left + 8;
    const y = topRow ? plot.top + 18 : plot.bottom - 10;
    return { key, x, y, anchor: right ? 'end' : 'start', box: { x0: right ? x - w : x, y0: y - 13, x1: right ? x : x + w, y1: y + 4 } };
  };
  const corners = [
    corner('priorityImprovement', false, true),
    corner('keepUp', true, true),
    corner('lowPriority', false, false),
    corner('possibleOverkill', true, false),
  ];
  const parts = [
    ...svgHeader(width, height, title, subtitle),
    `<rect x="${plot.left}" y="${plot.top}" width="${plot.right - plot.left}" height="${plot.bottom - plot.top}" fill="none" stroke="#888"/>`,
    `<line x1="${cx.toFixed(1)}" y1="${plot.top}" x2="${cx.toFixed(1)}" y2="${plot.bottom}" stroke="#555" stroke-dasharray="5,4"/>`,
    `<line x1="${plot.left}" y1="${cy.toFixed(1)}" x2="${plot.right}" y2="${cy.toFixed(1)}" stroke="#555" stroke-dasharray="5,4"/>`,
    ...corners.map(
      (c) => `<text x="${c.x}" y="${c.y}" font-size="13" font-weight="bold" text-anchor="${c.anchor}" fill="${COLOURS[c.key]}">${LABELS[c.key]}</text>`,
    ),
    `<text x="${(plot.left + plot.right) / 2}" y="${plot.bottom + 45}" font-size="13" text-anchor="middle" fill="#333">${escapeXml(performanceTitle)}</text>`,
    `<text x="22" y="${(plot.top + plot.bottom) / 2}" font-size="13" text-anchor="middle" fill="#333" transform="rotate(-90 22 ${(plot.top + plot.bottom) / 2})">${escapeXml(importanceTitle)}</text>`,
  ];
  for (const tick of xTicks) {
    parts.push(`<line x1="${sx(tick.value).toFixed(1)}" y1="${plot.bottom}" x2="${sx(tick.value).toFixed(1)}" y2="${plot.bottom + 4}" stroke="#888"/>`);
    parts.push(`<text x="${sx(tick.value).toFixed(1)}" y="${plot.bottom + 18}" font-size="11" text-anchor="middle" fill="#666">${tick.label}</text>`);
  }
  for (const tick of yTicks) {
    parts.push(`<line x1="${plot.left - 4}" y1="${sy(tick.value).toFixed(1)}" x2="${plot.left}" y2="${sy(tick.value).toFixed(1)}" stroke="#888"/>`);
    parts.push(`<text x="${plot.left - 7}" y="${(sy(tick.value) + 4).toFixed(1)}" font-size="11" text-anchor="end" fill="#666">${tick.label}</text>`);
  }
  // Labels placed clear of every point, the quadrant names and each other (leader lines when moved out).
  const points = map.items.map((item) => ({ x: sx(item.performance), y: sy(item.importance), r: 5 }));
  // error bars: a vertical line with caps, kept clear of the labels
  const bars = intervals.flatMap((interval, i) => {
    if (interval === null) return [];
    const { x } = points[i];
    const [ya, yb] = [sy(interval[0]), sy(interval[1])];
    return [{ x, y0: Math.min(ya, yb), y1: Math.max(ya, yb) }];
  });
  for (const b of bars) {
    parts.push(`<line x1="${b.x.toFixed(1)}" y1="${b.y0.toFixed(1)}" x2="${b.x.toFixed(1)}" y2="${b.y1.toFixed(1)}" stroke="#555" stroke-width="1.5"/>`);
    for (const y of [b.y0, b.y1])
      parts.push(
        `<line x1="${(b.x - 4).toFixed(1)}" y1="${y.toFixed(1)}" x2="${(b.x + 4).toFixed(1)}" y2="${y.toFixed(1)}" stroke="#555" stroke-width="1.5"/>`,
      );
  }
  const placed = placeLabels(
    points,
    labelWidths.map((w) => ({ width: w, height: 14 })),
    [...corners.map((c) => c.box), ...bars.map((b) => ({ x0: b.x - 5, y0: b.y0 - 1, x1: b.x + 5, y1: b.y1 + 1 }))],
    { x0: plot.left + 2, y0: plot.top + 2, x1: plot.right - 2, y1: plot.bottom - 2 },
  );
  map.items.forEach((item, i) => {
    const { x, y } = points[i];
    const { box, leader } = placed[i];
    if (leader) {
      const lx = Math.max(box.x0, Math.min(x, box.x1));
      const ly = Math.max(box.y0, Math.min(y, box.y1));
      parts.push(`<line x1="${x.toFixed(1)}" y1="${y.toFixed(1)}" x2="${lx.toFixed(1)}" y2="${ly.toFixed(1)}" stroke="#aaaaaa"/>`);
    }
  });
  map.items.forEach((item, i) => {
    const { x, y } = points[i];
    const { box } = placed[i];
    parts.push(`<circle cx="${x.toFixed(1)}" cy="${y.toFixed(1)}" r="5" fill="${COLOURS[item.quadrant]}"/>`);
    parts.push(`<text x="${box.x0.toFixed(1)}" y="${(box.y0 + 11).toFixed(1)}" font-size="11" fill="#222">${escapeXml(item.item)}</text>`);
  });
  if (withIntervals) parts.push(...svgFootnote(width, height - 14, note));
  return svgDocument(parts);
}

/**
 * An importance–performance map as an interactive Vega-Lite scatter with the mean cut lines (and
 * a vertical rule over each item's `importanceInterval`, when given).
 *
 * @example
 * const spec = importancePerformanceVegaLite({ items: [{ item: 'speed', importance: 0.6, performance: 5.1, quadrant: 'priorityImprovement' }], cuts: { importance: 0.5, performance: 6 } }, { title: 'Drivers' });
 * spec.layer.length; // => 4
 */
export function importancePerformanceVegaLite(
  map: ImportancePerformancePoints,
  labels: ChartLabels & { readonly performanceLabel?: string; readonly importanceLabel?: string },
): VegaLiteSpec & { layer: unknown[] } {
  checkChart('importancePerformanceVegaLite', chartSchemas.importancePerformance, map, labels);
  const { title, subtitle = '', performanceLabel = 'performance (mean rating)', importanceLabel = 'importance' } = labels;
  const values = map.items.map((i) => ({
    item: i.item,
    importance: i.importance,
    performance: i.performance,
    quadrant: LABELS[i.quadrant],
    ...(i.importanceInterval ? { lower: i.importanceInterval[0], upper: i.importanceInterval[1] } : {}),
  }));
  const x = { field: 'performance', type: 'quantitative', title: performanceLabel, scale: { zero: false } };
  const y = { field: 'importance', type: 'quantitative', title: importanceLabel, scale: { zero: false } };
  const bars = map.items.some((i) => i.importanceInterval)
    ? [{ mark: { type: 'rule' }, encoding: { x, y: { field: 'lower', type: 'quantitative' }, y2: { field: 'upper' } } }]
    : [];
  return vegaLiteFrame(title, subtitle, {
    data: { values },
    layer: [
      {
        mark: { type: 'point', filled: true, size: 80, tooltip: true },
        encoding: {
          x,
          y,
          color: {
            field: 'quadrant',
            type: 'nominal',
            scale: { domain: Object.values(LABELS), range: Object.keys(LABELS).map((k) => COLOURS[k as Quadrant]) },
          },
        },
      },
      { mark: { type: 'text', dx: 8, align: 'left' }, encoding: { x, y, text: { field: 'item' } } },
      { mark: { type: 'rule', strokeDash: [5, 4] }, encoding: { x: { datum: map.cuts.performance } } },
      { mark: { type: 'rule', strokeDash: [5, 4] }, encoding: { y: { datum: map.cuts.importance } } },
      ...bars,
    ],
  }) as never;
}
