import { checkChart, chartSchemas } from './chartInputs.js';
import { formatFixed } from '../internal/formatFixed.js';
import { textWidth } from '../internal/textWidth.js';
import { axisTicks } from './svgAxis.js';
import { escapeXml, footnoteExtra, headerExtra, svgDocument, svgFootnote, svgHeader, type ChartLabels } from './svgFrame.js';
import { vegaLiteFrame, type VegaLiteSpec } from './vegaLiteSpec.js';

/** The parts of a `kaplanMeier` result the chart draws. */
export interface SurvivalCurve {
  readonly time: ArrayLike<number>;
  readonly survival: ArrayLike<number>;
  readonly lower: ArrayLike<number>;
  readonly upper: ArrayLike<number>;
  readonly median: number | null;
}

/**
 * A standalone SVG of a Kaplan–Meier survival curve: the step function, its confidence band and
 * the median marked. Axes: share still active (0–100%, titled) up, `timeLabel` across with round
 * ticks (1, 2 or 5 × 10^k).
 *
 * @param curve The result of `kaplanMeier`.
 * @param labels `title`, `subtitle`, `timeLabel` (the x axis).
 * @example
 * const svg = survivalCurveSvg(kaplanMeier([1, 2, 3, 4], [1, 1, 0, 1]), { title: 'Lifetime', timeLabel: 'weeks' });
 * [svg.includes('median 3.0'), svg.includes('weeks')]; // => [true, true]
 */
export function survivalCurveSvg(curve: SurvivalCurve, labels: ChartLabels & { readonly timeLabel?: string }): string {
  checkChart('survivalCurveSvg', chartSchemas.survival, curve, labels);
  const { title, subtitle = '', timeLabel = 'time' } = labels;
  const note = 'Kaplan–Meier estimate (solid) with 95% Greenwood confidence band (dashed, log scale).';
  const width = Math.ceil(Math.max(760, textWidth(timeLabel, 13) + 120));
  const top = 80 + headerExtra(width, title, subtitle);
  const height = top + 398 + footnoteExtra(width, note);
  const plot = { left: 78, right: width - 30, top, bottom: top + 320 };
  const tMax = Math.max(...Array.from(curve.time), 1);
  const sx = (t: number) => plot.left + (t / tMax) * (plot.right - plot.left);
  const sy = (s: number) => plot.bottom - s * (plot.bottom - plot.top);
  const step = (values: ArrayLike<number>) => {
    let d = `M ${sx(0).toFixed(1)} ${sy(1).toFixed(1)}`;
    let previous = 1;
    Array.from(curve.time).forEach((t, i) => {
      d += ` H ${sx(t).toFixed(1)} V ${sy(values[i] ?? previous).toFixed(1)}`;
      previous = values[i] ?? previous;
    });
    return `${d} H ${sx(tMax).toFixed(1)}`;
  };
  const middle = (plot.top + plot.bottom) / 2;
  const parts = [
    ...svgHeader(width, height, title, subtitle),
    `<rect x="${plot.left}" y="${plot.top}" width="${plot.right - plot.left}" height="${plot.bottom - plot.top}" fill="none" stroke="#888"/>`,
    `<text x="24" y="${middle}" font-size="13" text-anchor="middle" fill="#333" transform="rotate(-90 24 ${middle})">still active</text>`,
  ];
  for (const s of [0, 0.25, 0.5, 0.75, 1]) {
    parts.push(`<line x1="${plot.left}" y1="${sy(s)}" x2="${plot.right}" y2="${sy(s)}" stroke="#eeeeee"/>`);
    parts.push(`<text x="${plot.left - 8}" y="${sy(s) + 4}" font-size="11" text-anchor="end" fill="#555">${Math.round(100 * s)}%</text>`);
  }
  for (const tick of axisTicks(0, tMax, plot.right - plot.left, 'x', (v, d) => formatFixed(v, d, true))) {
    parts.push(`<line x1="${sx(tick.value).toFixed(1)}" y1="${plot.bottom}" x2="${sx(tick.value).toFixed(1)}" y2="${plot.bottom + 4}" stroke="#888"/>`);
    parts.push(`<text x="${sx(tick.value).toFixed(1)}" y="${plot.bottom + 18}" font-size="11" text-anchor="middle" fill="#555">${tick.label}</text>`);
  }
  parts.push(`<path d="${step(curve.upper)}" fill="none" stroke="#56B4E9" stroke-dasharray="4,3"/>`);
  parts.push(`<path d="${step(curve.lower)}" fill="none" stroke="#56B4E9" stroke-dasharray="4,3"/>`);
  parts.push(`<path d="${step(curve.survival)}" fill="none" stroke="#0072B2" stroke-width="2.5"/>`);
  if (curve.median !== null) {
    const label = `median ${formatFixed(curve.median, 1)}`;
    // beside the median line, on the side with room
    const right = sx(curve.median) + 6 + textWidth(label, 12) <= plot.right - 4;
    parts.push(`<line x1="${sx(curve.median)}" y1="${sy(0.5)}" x2="${sx(curve.median)}" y2="${plot.bottom}" stroke="#D55E00" stroke-dasharray="5,4"/>`);
    parts.push(
      `<text x="${sx(curve.median) + (right ? 6 : -6)}" y="${sy(0.5) - 8}" font-size="12" text-anchor="${right ? 'start' : 'end'}" fill="#D55E00">${escapeXml(label)}</text>`,
    );
  }
  parts.push(
    `<text x="${(plot.left + plot.right) / 2}" y="${plot.bottom + 40}" font-size="13" text-anchor="middle" fill="#333">${escapeXml(timeLabel)}</text>`,
  );
  parts.push(...svgFootnote(width, height - 10, note));
  return svgDocument(parts);
}

/**
 * A Kaplan–Meier curve as an interactive Vega-Lite step chart with its confidence band.
 *
 * @example
 * const spec = survivalCurveVegaLite(kaplanMeier([1, 2, 3, 4], [1, 1, 0, 1]), { title: 'Lifetime' });
 * spec.layer.length; // => 2
 */
export function survivalCurveVegaLite(curve: SurvivalCurve, labels: ChartLabels & { readonly timeLabel?: string }): VegaLiteSpec & { layer: unknown[] } {
  checkChart('survivalCurveVegaLite', chartSchemas.survival, curve, labels);
  const { title, subtitle = '', timeLabel = 'time' } = labels;
  const values = [
    { time: 0, survival: 1, lower: 1, upper: 1 },
    ...Array.from(curve.time, (time, i) => ({ time, survival: curve.survival[i], lower: curve.lower[i], upper: curve.upper[i] })),
  ];
  const x = { field: 'time', type: 'quantitative', title: timeLabel };
  return vegaLiteFrame(title, subtitle, {
    data: { values },
    layer: [
      {
        mark: { type: 'area', interpolate: 'step-after', opacity: 0.25, color: '#56B4E9' },
        encoding: { x, y: { field: 'lower', type: 'quantitative' }, y2: { field: 'upper' } },
      },
      {
        mark: { type: 'line', interpolate: 'step-after', color: '#0072B2', tooltip: true },
        encoding: { x, y: { field: 'survival', type: 'quantitative', axis: { format: '.0%' }, title: 'still active' } },
      },
    ],
  }) as never;
}
