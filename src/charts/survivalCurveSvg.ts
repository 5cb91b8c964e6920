import { checkChart, chartSchemas } from './chartInputs.js';
import { escapeXml, svgDocument, svgHeader, type ChartLabels } from './svgFrame.js';
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
 * the median marked.
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
  const width = 760;
  const height = 460;
  const plot = { left: 70, right: width - 30, top: 80, bottom: height - 60 };
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
  const parts = [
    ...svgHeader(width, height, title, subtitle),
    `<rect x="${plot.left}" y="${plot.top}" width="${plot.right - plot.left}" height="${plot.bottom - plot.top}" fill="none" stroke="#888"/>`,
  ];
  for (const s of [0, 0.25, 0.5, 0.75, 1]) {
    parts.push(`<line x1="${plot.left}" y1="${sy(s)}" x2="${plot.right}" y2="${sy(s)}" stroke="#eeeeee"/>`);
    parts.push(`<text x="${plot.left - 8}" y="${sy(s) + 4}" font-size="11" text-anchor="end" fill="#555">${Math.round(100 * s)}%</text>`);
  }
  // ticks at a 1-2-5 step giving about six labels
  const raw = tMax / 6;
  const power = Math.pow(10, Math.floor(Math.log10(raw)));
  const tick = [1, 2, 5, 10].map((m) => m * power).find((v) => v >= raw) ?? 10 * power;
  for (let t = 0; t <= tMax + 1e-9; t += tick) {
    parts.push(`<text x="${sx(t)}" y="${plot.bottom + 18}" font-size="11" text-anchor="middle" fill="#555">${Math.round(t)}</text>`);
  }
  parts.push(`<path d="${step(curve.upper)}" fill="none" stroke="#56B4E9" stroke-dasharray="4,3"/>`);
  parts.push(`<path d="${step(curve.lower)}" fill="none" stroke="#56B4E9" stroke-dasharray="4,3"/>`);
  parts.push(`<path d="${step(curve.survival)}" fill="none" stroke="#0072B2" stroke-width="2.5"/>`);
  if (curve.median !== null) {
    parts.push(`<line x1="${sx(curve.median)}" y1="${sy(0.5)}" x2="${sx(curve.median)}" y2="${plot.bottom}" stroke="#D55E00" stroke-dasharray="5,4"/>`);
    parts.push(`<text x="${sx(curve.median) + 6}" y="${sy(0.5) - 8}" font-size="12" fill="#D55E00">median ${curve.median.toFixed(1)}</text>`);
  }
  parts.push(`<text x="${(plot.left + plot.right) / 2}" y="${height - 22}" font-size="13" text-anchor="middle" fill="#333">${escapeXml(timeLabel)}</text>`);
  parts.push(`<text x="20" y="${height - 6}" font-size="11" fill="#777">Kaplan–Meier estimate (solid) with 95% Greenwood confidence band (dashed, log scale).</text>`);
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
  const values = [{ time: 0, survival: 1, lower: 1, upper: 1 }, ...Array.from(curve.time, (time, i) => ({ time, survival: curve.survival[i], lower: curve.lower[i], upper: curve.upper[i] }))];
  const x = { field: 'time', type: 'quantitative', title: timeLabel };
  return vegaLiteFrame(title, subtitle, {
    data: { values },
    layer: [
      { mark: { type: 'area', interpolate: 'step-after', opacity: 0.25, color: '#56B4E9' }, encoding: { x, y: { field: 'lower', type: 'quantitative' }, y2: { field: 'upper' } } },
      { mark: { type: 'line', interpolate: 'step-after', color: '#0072B2', tooltip: true }, encoding: { x, y: { field: 'survival', type: 'quantitative', axis: { format: '.0%' }, title: 'still active' } } },
    ],
  }) as never;
}
