import { checkChart, chartSchemas } from './chartInputs.js';
import { escapeXml, svgDocument, svgHeader, type ChartLabels } from './svgFrame.js';
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
  const rowHeight = 26 * features.length + 30;
  const width = 760;
  const left = 250;
  const mid = left + (width - left - 40) / 2;
  const unit = (width - left - 40) / 2 / 2.5; // px per SD, ±2.5 SD
  const top = 80;
  const height = top + profiles.length * rowHeight + 40;
  const parts = [
    ...svgHeader(width, height, title, subtitle),
    `<line x1="${mid}" y1="${top - 10}" x2="${mid}" y2="${height - 40}" stroke="#888"/>`,
  ];
  features.forEach((f, j) => {
    parts.push(`<rect x="${left + j * 170}" y="${height - 28}" width="12" height="12" fill="${COLOURS[j % COLOURS.length]}"/>`);
    parts.push(`<text x="${left + j * 170 + 18}" y="${height - 18}" font-size="11" fill="#333">${escapeXml(f)}</text>`);
  });
  profiles.forEach((p, r) => {
    const y0 = top + r * rowHeight;
    parts.push(`<text x="20" y="${y0 + 16}" font-size="13" font-weight="bold" fill="#222">${(100 * p.share).toFixed(1)}% (${p.size.toLocaleString('en-US')})</text>`);
    parts.push(`<text x="20" y="${y0 + 34}" font-size="11" fill="#444">${escapeXml(p.label)}</text>`);
    p.deviations.forEach((d, j) => {
      const clipped = Math.max(-2.5, Math.min(2.5, d));
      const x = clipped >= 0 ? mid : mid + clipped * unit;
      const y = y0 + 6 + j * 26;
      parts.push(`<rect x="${x.toFixed(1)}" y="${y}" width="${Math.abs(clipped * unit).toFixed(1)}" height="18" fill="${COLOURS[j % COLOURS.length]}"/>`);
      parts.push(`<text x="${(clipped >= 0 ? mid + clipped * unit + 4 : mid + clipped * unit - 4).toFixed(1)}" y="${y + 13}" font-size="10" text-anchor="${clipped >= 0 ? 'start' : 'end'}" fill="#333">${d.toFixed(2)}</text>`);
    });
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
  const values = model.profiles.flatMap((p) => model.spec.features.map((feature, j) => ({ segment: `${p.label} (${(100 * p.share).toFixed(1)}%)`, feature, deviation: p.deviations[j] })));
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
