import { checkChart, chartSchemas } from './chartInputs.js';
import { formatFixed } from '../internal/formatFixed.js';
import { textWidth } from '../internal/textWidth.js';
import { escapeXml, footnoteExtra, headerExtra, svgDocument, svgFootnote, svgHeader, type ChartLabels } from './svgFrame.js';
import { plotFrame, plotLeft, plotLegend, polyline } from './svgPlot.js';
import { vegaLiteFrame, type VegaLiteSpec } from './vegaLiteSpec.js';
import { pluralOf, timeLabelOf } from '../internal/chartTimeAxis.js';

/** The parts of a `holdoutByFrequency` result the chart draws. */
export interface HoldoutBins {
  /** Bin labels `'0'`, `'1'`, …, `'7+'` (calibration repeat purchases). */
  readonly label: readonly string[];
  /** Mean actual holdout purchases per bin (null: no customer). */
  readonly actual: readonly (number | null)[];
  /** Mean expected holdout purchases per bin (null: no customer). */
  readonly expected: readonly (number | null)[];
  /** The holdout's length, in the model's time unit. */
  readonly duration: number;
  /** True for a BG/BB result: the duration counts transaction opportunities (the default `timeLabel` is then "opportunity"). */
  readonly opportunities?: boolean;
}

/** Labels of the holdout chart: `timeLabel` names the unit of the holdout's length (default "time unit"; "opportunity" for BG/BB). */
export type HoldoutByFrequencyLabels = ChartLabels & { readonly timeLabel?: string };

function caption(bins: HoldoutBins, unit: string): string {
  const d = formatFixed(bins.duration, 2).replace(/\.?0+$/, '');
  return `How to read it: customers are grouped by how many repeat purchases they made in the calibration period (across); for each group the solid line is the purchases they actually made on average in the ${d} ${pluralOf(unit)} after it, and the dashed line what the model predicted for them from their calibration history alone, so where the lines part the model mis-forecasts that kind of customer on data it never saw.`;
}

/**
 * A standalone SVG of a `holdoutByFrequency` table, the "calibration vs holdout" plot (lifetimes'
 * `plot_calibration_purchases_vs_holdout_purchases`; Fader, Hardie & Lee 2005, figure 4): mean
 * actual and expected holdout purchases per calibration frequency, with a one-sentence caption
 * that says how to read it. Empty bins break the lines.
 *
 * @param bins The result of `holdoutByFrequency`.
 * @param labels `title`, `subtitle`, `timeLabel` (the time unit's name, default "time unit"; "opportunity" for a BG/BB result).
 * @example
 * const svg = holdoutByFrequencySvg({ label: ['0', '1', '2+'], actual: [0.2, 0.8, 2.1], expected: [0.25, 0.7, 1.9], duration: 39 }, { title: 'Holdout', timeLabel: 'week' });
 * [svg.includes('How to read it'), svg.includes('39 weeks')]; // => [true, true]
 */
export function holdoutByFrequencySvg(bins: HoldoutBins, labels: HoldoutByFrequencyLabels): string {
  checkChart('holdoutByFrequencySvg', chartSchemas.holdoutBins, bins, labels);
  const { title, subtitle = '' } = labels;
  const timeLabel = timeLabelOf(labels.timeLabel, bins.opportunities, 'time unit');
  const text = caption(bins, timeLabel);
  const n = bins.label.length;
  const widestLabel = Math.max(...bins.label.map((l) => textWidth(l, 11)));
  const width = Math.ceil(Math.max(760, 120 + n * Math.max(30, widestLabel + 12)));
  const top = 80 + headerExtra(width, title, subtitle);
  const height = top + 320 + 60 + footnoteExtra(width, text) + 20;
  let yMax = 0;
  for (let k = 0; k < n; k++) yMax = Math.max(yMax, bins.actual[k] ?? 0, bins.expected[k] ?? 0);
  const yTop = yMax > 0 ? yMax * 1.25 : 1;
  const { parts, area } = plotFrame(
    { left: plotLeft(yTop, 320), right: width - 30, top, bottom: top + 320 },
    { min: 0, max: n, title: 'repeat purchases in the calibration period', ticks: false },
    { top: yTop, title: 'mean purchases in the holdout' },
  );
  parts.unshift(...svgHeader(width, height, title, subtitle));
  const slot = (area.right - area.left) / n;
  const at = (k: number) => area.left + (k + 0.5) * slot;
  bins.label.forEach((label, k) =>
    parts.push(`<text x="${at(k).toFixed(1)}" y="${area.bottom + 18}" font-size="11" text-anchor="middle" fill="#555">${escapeXml(label)}</text>`),
  );
  const line = (values: readonly (number | null)[]) => polyline(values.map((v, k) => [at(k), v === null ? null : area.sy(v)]));
  // a lone point between empty bins shows as a short tick
  const dots = (values: readonly (number | null)[], color: string) =>
    values.flatMap((v, k) =>
      v === null
        ? []
        : [
            `<path d="M ${(at(k) - 4).toFixed(1)} ${area.sy(v).toFixed(1)} L ${(at(k) + 4).toFixed(1)} ${area.sy(v).toFixed(1)}" stroke="${color}" stroke-width="3"/>`,
          ],
    );
  parts.push(`<path d="${line(bins.expected)}" fill="none" stroke="#D55E00" stroke-width="2" stroke-dasharray="7,4"/>`);
  parts.push(...dots(bins.expected, '#D55E00'));
  parts.push(`<path d="${line(bins.actual)}" fill="none" stroke="#0072B2" stroke-width="2"/>`);
  parts.push(...dots(bins.actual, '#0072B2'));
  const legendArea = { ...area, right: area.left + 6 + 52 + Math.max(textWidth('actual (holdout)', 12), textWidth('expected (model)', 12)) + 6 };
  parts.push(
    ...plotLegend(legendArea, [
      { text: 'actual (holdout)', color: '#0072B2' },
      { text: 'expected (model)', color: '#D55E00', dash: '7,4' },
    ]),
  );
  parts.push(...svgFootnote(width, height - 10, text));
  return svgDocument(parts);
}

/**
 * A `holdoutByFrequency` table as an interactive Vega-Lite line chart (actual and expected mean
 * holdout purchases per calibration frequency; empty bins left out), with the caption as its
 * description.
 *
 * @example
 * const spec = holdoutByFrequencyVegaLite({ label: ['0', '1', '2+'], actual: [0.2, null, 2.1], expected: [0.25, null, 1.9], duration: 39 }, { title: 'Holdout' });
 * spec.data.values.length; // => 4
 */
export function holdoutByFrequencyVegaLite(bins: HoldoutBins, labels: HoldoutByFrequencyLabels): VegaLiteSpec & { data: { values: unknown[] } } {
  checkChart('holdoutByFrequencyVegaLite', chartSchemas.holdoutBins, bins, labels);
  const { title, subtitle = '' } = labels;
  const timeLabel = timeLabelOf(labels.timeLabel, bins.opportunities, 'time unit');
  const values = bins.label.flatMap((bin, k) => [
    ...(bins.actual[k] === null ? [] : [{ bin, order: k, series: 'actual (holdout)', purchases: bins.actual[k] }]),
    ...(bins.expected[k] === null ? [] : [{ bin, order: k, series: 'expected (model)', purchases: bins.expected[k] }]),
  ]);
  return vegaLiteFrame(title, subtitle, {
    description: caption(bins, timeLabel),
    data: { values },
    mark: { type: 'line', point: true, tooltip: true },
    encoding: {
      x: { field: 'bin', type: 'ordinal', sort: { field: 'order' }, title: 'repeat purchases in the calibration period' },
      y: { field: 'purchases', type: 'quantitative', title: 'mean purchases in the holdout' },
      color: { field: 'series', type: 'nominal', scale: { domain: ['actual (holdout)', 'expected (model)'], range: ['#0072B2', '#D55E00'] } },
      strokeDash: {
        field: 'series',
        type: 'nominal',
        scale: {
          domain: ['actual (holdout)', 'expected (model)'],
          range: [
            [1, 0],
            [7, 4],
          ],
        },
      },
    },
  }) as never;
}
