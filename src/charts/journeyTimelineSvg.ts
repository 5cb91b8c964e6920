import { checkChart, chartSchemas } from './chartInputs.js';
import { formatFixed } from '../internal/formatFixed.js';
import { textWidth } from '../internal/textWidth.js';
import { escapeXml, footnoteExtra, headerExtra, svgDocument, svgFootnote, svgHeader, type ChartLabels } from './svgFrame.js';
import { axisTicks } from './svgAxis.js';
import { wrapText } from './wrapText.js';
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
 * A journey's peak-end timeline: each touchpoint's rating in order as a line over the scale
 * (ticked at round numbers),
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
  const mean = steps.reduce((a, s) => a + s.rating, 0) / Math.max(steps.length, 1);
  const peakEnd = (steps[peak].rating + steps[end].rating) / 2;
  // Touchpoint names wrap under their point; a step is as wide as its longest word needs.
  const spacing = Math.ceil(Math.max(110, ...steps.flatMap((s) => s.touchpoint.split(' ').map((w) => Math.min(textWidth(w, 11), 220) + 12))));
  const names = steps.map((s) => wrapText(s.touchpoint, spacing - 12, 11));
  const nameLines = Math.max(...names.map((n) => n.length));
  const peakText = `peak: ${steps[peak].touchpoint} ${steps[peak].rating}`;
  const endText = `end: ${steps[end].touchpoint} ${steps[end].rating}`;
  const meanText = `mean of all moments ${formatFixed(mean, 1)} (dashed) · peak-end ${formatFixed(peakEnd, 1)}`;
  const note = 'Remembered experience follows the peak and the end (Kahneman et al. 1993), not the mean of the moments.';
  const width = Math.ceil(Math.max(560, 140 + steps.length * spacing, 40 + textWidth(meanText, 11)));
  const peakLines = wrapText(peakText, width - 40, 12);
  const endLines = wrapText(endText, width - 40, 12);
  const top = 90 + headerExtra(width, title, subtitle);
  const plot = { left: 70, right: width - 50, top, bottom: top + 240 };
  const summaryTop = plot.bottom + 26 + 14 * nameLines;
  const height = summaryTop + 16 * (peakLines.length + endLines.length) + 14 + 22 + footnoteExtra(width, note);
  const sx = (i: number) => plot.left + (steps.length === 1 ? 0.5 : i / (steps.length - 1)) * (plot.right - plot.left);
  const sy = (r: number) => plot.bottom - ((r - lo) / (hi - lo)) * (plot.bottom - plot.top);
  const parts = [...svgHeader(width, height, title, subtitle)];
  parts.push(`<line x1="${plot.left}" y1="${plot.top}" x2="${plot.left}" y2="${plot.bottom}" stroke="#cccccc"/>`);
  for (const tick of axisTicks(lo, hi, plot.bottom - plot.top, 'y', (v, d) => formatFixed(v, d))) {
    parts.push(`<line x1="${plot.left}" y1="${sy(tick.value).toFixed(1)}" x2="${plot.right}" y2="${sy(tick.value).toFixed(1)}" stroke="#eeeeee"/>`);
    parts.push(`<text x="${plot.left - 12}" y="${(sy(tick.value) + 4).toFixed(1)}" font-size="11" text-anchor="end" fill="#555">${tick.label}</text>`);
  }
  parts.push(`<line x1="${plot.left}" y1="${sy(mean).toFixed(1)}" x2="${plot.right}" y2="${sy(mean).toFixed(1)}" stroke="#999999" stroke-dasharray="4,4"/>`);
  parts.push(
    `<polyline points="${steps.map((s, i) => `${sx(i).toFixed(1)},${sy(s.rating).toFixed(1)}`).join(' ')}" fill="none" stroke="#0072B2" stroke-width="2.5"/>`,
  );
  steps.forEach((s, i) => {
    const special = i === peak ? '#D55E00' : i === end ? '#009E73' : '#0072B2';
    parts.push(`<circle cx="${sx(i).toFixed(1)}" cy="${sy(s.rating).toFixed(1)}" r="${i === peak || i === end ? 7 : 5}" fill="${special}"/>`);
    names[i].forEach((line, k) =>
      parts.push(`<text x="${sx(i).toFixed(1)}" y="${plot.bottom + 22 + 14 * k}" font-size="11" text-anchor="middle" fill="#333">${escapeXml(line)}</text>`),
    );
  });
  let y = summaryTop;
  for (const [lines, colour] of [
    [peakLines, '#D55E00'],
    [endLines, '#009E73'],
  ] as const) {
    for (const line of lines) {
      parts.push(`<text x="20" y="${y}" font-size="12" fill="${colour}">${escapeXml(line)}</text>`);
      y += 16;
    }
  }
  parts.push(`<text x="20" y="${y}" font-size="11" fill="#777">${escapeXml(meanText)}</text>`);
  parts.push(...svgFootnote(width, height - 12, note));
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
  const values = steps.map((s, i) => ({
    step: i + 1,
    touchpoint: s.touchpoint,
    rating: s.rating,
    moment: [i === peak ? 'peak' : '', i === steps.length - 1 ? 'end' : ''].filter(Boolean).join(', '),
  }));
  const x = {
    field: 'step',
    type: 'ordinal',
    title: null,
    axis: { labelExpr: `[${values.map((v) => JSON.stringify(v.touchpoint)).join(',')}][datum.value - 1]` },
  };
  const y = { field: 'rating', type: 'quantitative', scale: { domain: [scale[0], scale[1]] } };
  return vegaLiteFrame(title, subtitle, {
    data: { values },
    layer: [
      { mark: { type: 'line', color: '#0072B2' }, encoding: { x, y } },
      {
        mark: { type: 'point', filled: true, size: 90, tooltip: true },
        encoding: {
          x,
          y,
          color: { field: 'moment', type: 'nominal', scale: { domain: ['', 'peak', 'end', 'peak, end'], range: ['#0072B2', '#D55E00', '#009E73', '#CC79A7'] } },
        },
      },
    ],
  }) as never;
}
