import { checkChart, chartSchemas } from './chartInputs.js';
import { escapeXml, svgDocument, svgHeader, type ChartLabels } from './svgFrame.js';
import { vegaLiteFrame, type VegaLiteSpec } from './vegaLiteSpec.js';

/** A quadrant of an importance–performance map. */
export type ImportancePerformanceQuadrant = 'keepUp' | 'priorityImprovement' | 'lowPriority' | 'possibleOverkill';
type Quadrant = ImportancePerformanceQuadrant;

/** The parts of an `importancePerformance` result the chart draws. */
export interface ImportancePerformancePoints {
  readonly items: readonly { readonly item: string; readonly importance: number; readonly performance: number; readonly quadrant: Quadrant }[];
  readonly cuts: { readonly importance: number; readonly performance: number };
}

// Okabe–Ito colour-blind-safe palette
const COLOURS = { keepUp: '#009E73', priorityImprovement: '#D55E00', lowPriority: '#999999', possibleOverkill: '#0072B2' };
const LABELS = { keepUp: 'Keep up the good work', priorityImprovement: 'Priority improvement', lowPriority: 'Low priority', possibleOverkill: 'Possible overkill' };

/**
 * A standalone SVG of an importance–performance map: items as points (performance across,
 * importance up), cut lines at the means, the four quadrants named in Okabe–Ito colours.
 *
 * @param map The result of `importancePerformance`.
 * @param labels `title`, `subtitle`, axis labels.
 * @example
 * const svg = importancePerformanceSvg({ items: [{ item: 'speed', importance: 0.6, performance: 5.1, quadrant: 'priorityImprovement' }], cuts: { importance: 0.5, performance: 6 } }, { title: 'Drivers' });
 * svg.includes('>speed<'); // => true
 */
export function importancePerformanceSvg(map: ImportancePerformancePoints, labels: ChartLabels & { readonly performanceLabel?: string; readonly importanceLabel?: string }): string {
  checkChart('importancePerformanceSvg', chartSchemas.importancePerformance, map, labels);
  const { title, subtitle = '', performanceLabel = 'performance (mean rating)', importanceLabel = 'importance' } = labels;
  const width = 760;
  const height = 540;
  const plot = { left: 80, right: width - 30, top: 80, bottom: height - 70 };
  const xs = map.items.map((i) => i.performance);
  const ys = map.items.map((i) => i.importance);
  const pad = (lo: number, hi: number): [number, number] => {
    const span = hi - lo || 1;
    return [lo - 0.08 * span, hi + 0.08 * span];
  };
  const [x0, x1] = pad(Math.min(...xs, map.cuts.performance), Math.max(...xs, map.cuts.performance));
  const [y0, y1] = pad(Math.min(...ys, map.cuts.importance), Math.max(...ys, map.cuts.importance));
  const sx = (x: number) => plot.left + ((x - x0) / (x1 - x0)) * (plot.right - plot.left);
  const sy = (y: number) => plot.bottom - ((y - y0) / (y1 - y0)) * (plot.bottom - plot.top);
  const cx = sx(map.cuts.performance);
  const cy = sy(map.cuts.importance);
  const parts = [
    ...svgHeader(width, height, title, subtitle),
    `<rect x="${plot.left}" y="${plot.top}" width="${plot.right - plot.left}" height="${plot.bottom - plot.top}" fill="none" stroke="#888"/>`,
    `<line x1="${cx.toFixed(1)}" y1="${plot.top}" x2="${cx.toFixed(1)}" y2="${plot.bottom}" stroke="#555" stroke-dasharray="5,4"/>`,
    `<line x1="${plot.left}" y1="${cy.toFixed(1)}" x2="${plot.right}" y2="${cy.toFixed(1)}" stroke="#555" stroke-dasharray="5,4"/>`,
    `<text x="${plot.left + 8}" y="${plot.top + 18}" font-size="13" font-weight="bold" fill="${COLOURS.priorityImprovement}">${LABELS.priorityImprovement}</text>`,
    `<text x="${plot.right - 8}" y="${plot.top + 18}" font-size="13" font-weight="bold" text-anchor="end" fill="${COLOURS.keepUp}">${LABELS.keepUp}</text>`,
    `<text x="${plot.left + 8}" y="${plot.bottom - 10}" font-size="13" font-weight="bold" fill="${COLOURS.lowPriority}">${LABELS.lowPriority}</text>`,
    `<text x="${plot.right - 8}" y="${plot.bottom - 10}" font-size="13" font-weight="bold" text-anchor="end" fill="${COLOURS.possibleOverkill}">${LABELS.possibleOverkill}</text>`,
    `<text x="${(plot.left + plot.right) / 2}" y="${height - 25}" font-size="13" text-anchor="middle" fill="#333">${escapeXml(performanceLabel)} →</text>`,
    `<text x="22" y="${(plot.top + plot.bottom) / 2}" font-size="13" text-anchor="middle" fill="#333" transform="rotate(-90 22 ${(plot.top + plot.bottom) / 2})">${escapeXml(importanceLabel)} →</text>`,
  ];
  for (const tick of [x0, (x0 + x1) / 2, x1]) {
    parts.push(`<text x="${sx(tick).toFixed(1)}" y="${plot.bottom + 18}" font-size="11" text-anchor="middle" fill="#666">${tick.toFixed(2)}</text>`);
  }
  for (const tick of [y0, (y0 + y1) / 2, y1]) {
    parts.push(`<text x="${plot.left - 6}" y="${(sy(tick) + 4).toFixed(1)}" font-size="11" text-anchor="end" fill="#666">${tick.toFixed(2)}</text>`);
  }
  for (const item of map.items) {
    const x = sx(item.performance);
    const y = sy(item.importance);
    parts.push(`<circle cx="${x.toFixed(1)}" cy="${y.toFixed(1)}" r="5" fill="${COLOURS[item.quadrant]}"/>`);
    parts.push(`<text x="${(x + 8).toFixed(1)}" y="${(y + 4).toFixed(1)}" font-size="11" fill="#222">${escapeXml(item.item)}</text>`);
  }
  return svgDocument(parts);
}

/**
 * An importance–performance map as an interactive Vega-Lite scatter with the mean cut lines.
 *
 * @example
 * const spec = importancePerformanceVegaLite({ items: [{ item: 'speed', importance: 0.6, performance: 5.1, quadrant: 'priorityImprovement' }], cuts: { importance: 0.5, performance: 6 } }, { title: 'Drivers' });
 * spec.layer.length; // => 4
 */
export function importancePerformanceVegaLite(map: ImportancePerformancePoints, labels: ChartLabels & { readonly performanceLabel?: string; readonly importanceLabel?: string }): VegaLiteSpec & { layer: unknown[] } {
  checkChart('importancePerformanceVegaLite', chartSchemas.importancePerformance, map, labels);
  const { title, subtitle = '', performanceLabel = 'performance (mean rating)', importanceLabel = 'importance' } = labels;
  const values = map.items.map((i) => ({ item: i.item, importance: i.importance, performance: i.performance, quadrant: LABELS[i.quadrant] }));
  const x = { field: 'performance', type: 'quantitative', title: performanceLabel, scale: { zero: false } };
  const y = { field: 'importance', type: 'quantitative', title: importanceLabel, scale: { zero: false } };
  return vegaLiteFrame(title, subtitle, {
    data: { values },
    layer: [
      { mark: { type: 'point', filled: true, size: 80, tooltip: true }, encoding: { x, y, color: { field: 'quadrant', type: 'nominal', scale: { domain: Object.values(LABELS), range: Object.keys(LABELS).map((k) => COLOURS[k as Quadrant]) } } } },
      { mark: { type: 'text', dx: 8, align: 'left' }, encoding: { x, y, text: { field: 'item' } } },
      { mark: { type: 'rule', strokeDash: [5, 4] }, encoding: { x: { datum: map.cuts.performance } } },
      { mark: { type: 'rule', strokeDash: [5, 4] }, encoding: { y: { datum: map.cuts.importance } } },
    ],
  }) as never;
}
