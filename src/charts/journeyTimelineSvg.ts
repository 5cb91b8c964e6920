import { checkChart, chartSchemas } from './chartInputs.js';
import { escapeXml, svgDocument, svgHeader, type ChartLabels } from './svgFrame.js';
import { vegaLiteFrame, type VegaLiteSpec } from './vegaLiteSpec.js';

/** One customer journey: its touchpoints in order with their ratings. */
export interface JourneySteps {
  readonly steps: readonly { readonly touchpoint: string; readonly rating: number }[];
  /** The answer scale `[min, max]`. */
  readonly scale: readonly [number, number];
  /** Step index of the peak (default: the rating farthest from the scale's midpoint). */
  readonly peak?: number;
}

/**
 * A journey's peak-end timeline: each touchpoint's rating in order as a line over the scale,
 * the peak and the end (the two moments the peak-end rule says are remembered) marked, and
 * their average against the mean of all moments.
 *
 * @param journey The steps, the scale and optionally the peak step.
 * @param labels `title`, `subtitle`.
 * @example
 * const svg = journeyTimelineSvg({ steps: [{ touchpoint: 'order', rating: 8 }, { touchpoint: 'delivery', rating: 2 }, { touchpoint: 'support', rating: 7 }], scale: [1, 10] }, { title: 'Journey' });
 * [svg.includes('peak: delivery 2'), svg.includes('end: support 7'), svg.includes('peak-end 4.5')]; // => [true, true, true]
 */
export function journeyTimelineSvg(journey: JourneySteps, labels: ChartLabels): string {
  checkChart('journeyTimelineSvg', chartSchemas.journey, journey, labels);
  const { title, subtitle = '' } = labels;
  const { steps, scale } = journey;
  const [lo, hi] = scale;
  const mid = (lo + hi) / 2;
  const peak = journey.peak ?? steps.reduce((best, s, i) => (Math.abs(s.rating - mid) > Math.abs(steps[best].rating - mid) ? i : best), 0);
  const end = steps.length - 1;
  const width = Math.max(560, 140 + steps.length * 110);
  const height = 420;
  const plot = { left: 70, right: width - 50, top: 90, bottom: height - 90 };
  const sx = (i: number) => plot.left + (steps.length === 1 ? 0.5 : i / (steps.length - 1)) * (plot.right - plot.left);
  const sy = (r: number) => plot.bottom - ((r - lo) / (hi - lo)) * (plot.bottom - plot.top);
  const mean = steps.reduce((a, s) => a + s.rating, 0) / Math.max(steps.length, 1);
  const peakEnd = (steps[peak].rating + steps[end].rating) / 2;
  const parts = [...svgHeader(width, height, title, subtitle)];
  for (const r of [lo, mid, hi]) {
    parts.push(`<line x1="${plot.left}" y1="${sy(r).toFixed(1)}" x2="${plot.right}" y2="${sy(r).toFixed(1)}" stroke="#eeeeee"/>`);
    parts.push(`<text x="${plot.left - 8}" y="${(sy(r) + 4).toFixed(1)}" font-size="11" text-anchor="end" fill="#555">${r}</text>`);
  }
  parts.push(`<line x1="${plot.left}" y1="${sy(mean).toFixed(1)}" x2="${plot.right}" y2="${sy(mean).toFixed(1)}" stroke="#999999" stroke-dasharray="4,4"/>`);
  parts.push(`<text x="${plot.right}" y="${(sy(mean) - 6).toFixed(1)}" font-size="11" text-anchor="end" fill="#777">mean ${mean.toFixed(1)} · peak-end ${peakEnd.toFixed(1)}</text>`);
  parts.push(`<polyline points="${steps.map((s, i) => `${sx(i).toFixed(1)},${sy(s.rating).toFixed(1)}`).join(' ')}" fill="none" stroke="#0072B2" stroke-width="2.5"/>`);
  steps.forEach((s, i) => {
    const special = i === peak ? '#D55E00' : i === end ? '#009E73' : '#0072B2';
    parts.push(`<circle cx="${sx(i).toFixed(1)}" cy="${sy(s.rating).toFixed(1)}" r="${i === peak || i === end ? 7 : 5}" fill="${special}"/>`);
    parts.push(`<text x="${sx(i).toFixed(1)}" y="${plot.bottom + 20}" font-size="11" text-anchor="middle" fill="#333">${escapeXml(s.touchpoint)}</text>`);
  });
  parts.push(`<text x="20" y="${height - 34}" font-size="12" fill="#D55E00">${escapeXml(`peak: ${steps[peak].touchpoint} ${steps[peak].rating}`)}</text>`);
  parts.push(`<text x="220" y="${height - 34}" font-size="12" fill="#009E73">${escapeXml(`end: ${steps[end].touchpoint} ${steps[end].rating}`)}</text>`);
  parts.push(`<text x="20" y="${height - 12}" font-size="11" fill="#777">Remembered experience follows the peak and the end (Kahneman et al. 1993), not the mean of the moments.</text>`);
  return svgDocument(parts);
}

/**
 * A journey's ratings as an interactive Vega-Lite line chart, peak and end highlighted.
 *
 * @example
 * const spec = journeyTimelineVegaLite({ steps: [{ touchpoint: 'order', rating: 8 }, { touchpoint: 'delivery', rating: 2 }], scale: [1, 10] }, { title: 'Journey' });
 * spec.data.values.map((v) => v.moment); // => ['', 'peak, end']
 */
export function journeyTimelineVegaLite(journey: JourneySteps, labels: ChartLabels): VegaLiteSpec & { data: { values: { moment: string }[] } } {
  checkChart('journeyTimelineVegaLite', chartSchemas.journey, journey, labels);
  const { title, subtitle = '' } = labels;
  const { steps, scale } = journey;
  const mid = (scale[0] + scale[1]) / 2;
  const peak = journey.peak ?? steps.reduce((best, s, i) => (Math.abs(s.rating - mid) > Math.abs(steps[best].rating - mid) ? i : best), 0);
  const values = steps.map((s, i) => ({ step: i + 1, touchpoint: s.touchpoint, rating: s.rating, moment: [i === peak ? 'peak' : '', i === steps.length - 1 ? 'end' : ''].filter(Boolean).join(', ') }));
  const x = { field: 'step', type: 'ordinal', title: null, axis: { labelExpr: `[${values.map((v) => JSON.stringify(v.touchpoint)).join(',')}][datum.value - 1]` } };
  const y = { field: 'rating', type: 'quantitative', scale: { domain: [scale[0], scale[1]] } };
  return vegaLiteFrame(title, subtitle, {
    data: { values },
    layer: [
      { mark: { type: 'line', color: '#0072B2' }, encoding: { x, y } },
      { mark: { type: 'point', filled: true, size: 90, tooltip: true }, encoding: { x, y, color: { field: 'moment', type: 'nominal', scale: { domain: ['', 'peak', 'end', 'peak, end'], range: ['#0072B2', '#D55E00', '#009E73', '#CC79A7'] } } } },
    ],
  }) as never;
}
