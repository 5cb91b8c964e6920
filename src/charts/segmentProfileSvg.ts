import { checkChart, chartSchemas } from './chartInputs.js';
import { formatFixed } from '../internal/formatFixed.js';
import { textWidth } from '../internal/textWidth.js';
import { escapeXml, headerExtra, svgDocument, svgHeader, type ChartLabels } from './svgFrame.js';
import { wrapText } from './wrapText.js';
import { vegaLiteFrame, type VegaLiteSpec } from './vegaLiteSpec.js';

/** The parts of a `fitSegments` model the chart draws. */
export interface SegmentProfiles {
  readonly spec: { readonly features: readonly string[] };
  readonly profiles: readonly { readonly size: number; readonly share: number; readonly label: string; readonly deviations: readonly number[] }[];
}

const COLOURS = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#D55E00'];

/**
 * A standalone SVG of segment profiles: one row per segment (share, size and label), one bar per
 * feature for the segment mean's deviation from the overall mean in standard deviations.
 *
 * @param model A `fitSegments` model.
 * @param labels `title`, `subtitle`.
 * @example
 * const model = fitSegments({ x: [1, 1.1, 0.9, 5, 5.2, 4.8], y: [0, 0.1, 0.2, 3, 3.1, 2.9] }, { features: ['x', 'y'], k: 2, seed: 1 });
 * segmentProfileSvg(model, { title: 'Segments' }).includes('50.0% (3)'); // => true
 */
export function segmentProfileSvg(model: SegmentProfiles, labels: ChartLabels): string {
  checkChart('segmentProfileSvg', chartSchemas.segments, model, labels);
  const { title, subtitle = '' } = labels;
  const features = model.spec.features;
  const profiles = [...model.profiles].sort((a, b) => b.size - a.size);
  const width = 760;
  // Left column: share and size, then the label wrapped to the column's width.
  const labelWidth = 210;
  const shares = profiles.map((p) => `${formatFixed(100 * p.share, 1)}% (${p.size.toLocaleString('en-US')})`);
  const lines = profiles.map((p) => wrapText(p.label, labelWidth, 11));
  const left = Math.ceil(40 + Math.max(labelWidth, ...shares.map((t) => textWidth(t, 13, true))));
  const values = profiles.map((p) => p.deviations.map((d) => formatFixed(d, 2)));
  const valueRoom = 6 + Math.max(...values.flat().map((v) => textWidth(v, 10)));
  const mid = left + (width - left - 20) / 2;
  const unit = ((width - left - 20) / 2 - valueRoom) / 2.5; // px per SD, ±2.5 SD
  const rowHeights = lines.map((l) => Math.max(26 * features.length + 30, 40 + 14 * l.length));
  const top = 80 + headerExtra(width, title, subtitle);
  // Legend: swatch and feature name per entry, wrapped onto as many rows as it needs.
  const legend: { x: number; row: number; name: string; j: number }[] = [];
  let legendX = 20;
  let legendRow = 0;
  features.forEach((name, j) => {
    const w = 18 + textWidth(name, 11);
    if (legendX > 20 && legendX + w > width - 20) {
      legendX = 20;
      legendRow++;
    }
    legend.push({ x: legendX, row: legendRow, name, j });
    legendX += w + 24;
  });
  const barsBottom = top + rowHeights.reduce((a, b) => a + b, 0);
  const height = barsBottom + 30 + 18 * (legendRow + 1);
  const parts = [...svgHeader(width, height, title, subtitle), `<line x1="${mid}" y1="${top - 10}" x2="${mid}" y2="${barsBottom}" stroke="#888"/>`];
  for (const entry of legend) {
    const y = barsBottom + 16 + 18 * entry.row;
    parts.push(`<rect x="${entry.x}" y="${y}" width="12" height="12" fill="${COLOURS[entry.j % COLOURS.length]}"/>`);
    parts.push(`<text x="${entry.x + 18}" y="${y + 10}" font-size="11" fill="#333">${escapeXml(entry.name)}</text>`);
  }
  let y0 = top;
  profiles.forEach((p, r) => {
    parts.push(`<text x="20" y="${y0 + 16}" font-size="13" font-weight="bold" fill="#222">${shares[r]}</text>`);
    lines[r].forEach((line, k) => parts.push(`<text x="20" y="${y0 + 34 + 14 * k}" font-size="11" fill="#444">${escapeXml(line)}</text>`));
    p.deviations.forEach((d, j) => {
      const clipped = Math.max(-2.5, Math.min(2.5, d));
      const x = clipped >= 0 ? mid : mid + clipped * unit;
      const y = y0 + 6 + j * 26;
      parts.push(`<rect x="${x.toFixed(1)}" y="${y}" width="${Math.abs(clipped * unit).toFixed(1)}" height="18" fill="${COLOURS[j % COLOURS.length]}"/>`);
      parts.push(
        `<text x="${(clipped >= 0 ? mid + clipped * unit + 4 : mid + clipped * unit - 4).toFixed(1)}" y="${y + 13}" font-size="10" text-anchor="${clipped >= 0 ? 'start' : 'end'}" fill="#333">${values[r][j]}</text>`,
      );
    });
    y0 += rowHeights[r];
  });
  return svgDocument(parts);
}

/**
 * Segment profiles as an interactive Vega-Lite chart: each segment's deviation from the overall
 * mean per feature, in standard deviations.
 *
 * @example
 * const model = fitSegments({ x: [1, 1.1, 0.9, 5, 5.2, 4.8], y: [0, 0.1, 0.2, 3, 3.1, 2.9] }, { features: ['x', 'y'], k: 2, seed: 1 });
 * segmentProfileVegaLite(model, { title: 'Segments' }).data.values.length; // => 4
 */
export function segmentProfileVegaLite(model: SegmentProfiles, labels: ChartLabels): VegaLiteSpec & { data: { values: unknown[] } } {
  checkChart('segmentProfileVegaLite', chartSchemas.segments, model, labels);
  const { title, subtitle = '' } = labels;
  const values = model.profiles.flatMap((p) =>
    model.spec.features.map((feature, j) => ({ segment: `${p.label} (${(100 * p.share).toFixed(1)}%)`, feature, deviation: p.deviations[j] })),
  );
  return vegaLiteFrame(title, subtitle, {
    data: { values },
    mark: { type: 'bar', tooltip: true },
    encoding: {
      y: { field: 'segment', type: 'nominal', title: null },
      yOffset: { field: 'feature' },
      x: { field: 'deviation', type: 'quantitative', title: 'segment mean − overall mean (SD)' },
      color: { field: 'feature', type: 'nominal', scale: { scheme: 'tableau10' } },
    },
  }) as never;
}
