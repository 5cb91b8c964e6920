import { checkChart, chartSchemas } from './chartInputs.js';
import { textWidth } from '../internal/textWidth.js';
import { footnoteExtra, headerExtra, svgDocument, svgFootnote, svgHeader, type ChartLabels } from './svgFrame.js';
import { plotFrame, plotLeft, plotLegend, polyline } from './svgPlot.js';
import { vegaLiteFrame, type VegaLiteSpec } from './vegaLiteSpec.js';
import { timeLabelOf } from '../internal/chartTimeAxis.js';

/** The parts of a `probabilityAliveHistory` result the chart draws. */
export interface ProbabilityAliveSeries {
  readonly time: ArrayLike<number>;
  readonly alive: ArrayLike<number>;
  readonly purchases: ArrayLike<number>;
  readonly T: number;
  /** True for a BG/BB result: times are transaction opportunities (the default `timeLabel` is then "opportunities"). */
  readonly opportunities?: boolean;
}

/** Labels of the history chart: `timeLabel` names the x axis (default "time"; "opportunities" for BG/BB). */
export type ProbabilityAliveHistoryLabels = ChartLabels & { readonly timeLabel?: string };

const CAPTION =
  "How to read it: the line is the probability that this customer is still active, given only the purchases made up to each moment; it falls while the customer stays silent and jumps at each purchase (the marks at the foot), so a long fall means the customer is overdue by the model's standard.";

/**
 * A standalone SVG of one customer's P(alive) history (lifetimes' `plot_history_alive`): the line
 * from the first purchase to T, each purchase marked at the foot of the plot, with a
 * one-sentence caption.
 *
 * @param history The result of `probabilityAliveHistory`.
 * @param labels `title`, `subtitle`, `timeLabel` (the x axis, default "time"; "opportunities" for a BG/BB result).
 * @example
 * const model = { kind: 'betaGeo', version: 2, spec: { timeUnit: 'week', columns: { frequency: 'frequency', recency: 'recency', T: 'T', monetary: 'monetary' }, missing: 'error', maxIterations: 1000 }, params: { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 }, standardErrors: null, fitted: { n: 2357, skipped: 0, warnings: [], diagnostics: { logLikelihood: -9582.4, groups: 1016, iterations: 0 } } };
 * const svg = probabilityAliveHistorySvg(probabilityAliveHistory(model, [0, 3, 7], { T: 30 }), { title: 'Customer 42', timeLabel: 'week' });
 * [svg.includes('How to read it'), svg.includes('purchase')]; // => [true, true]
 */
export function probabilityAliveHistorySvg(history: ProbabilityAliveSeries, labels: ProbabilityAliveHistoryLabels): string {
  checkChart('probabilityAliveHistorySvg', chartSchemas.aliveHistory, history, labels);
  const { title, subtitle = '' } = labels;
  const timeLabel = timeLabelOf(labels.timeLabel, history.opportunities, 'time', 'opportunities');
  const width = Math.ceil(Math.max(760, textWidth(timeLabel, 13) + 160));
  const top = 80 + headerExtra(width, title, subtitle);
  const height = top + 320 + 60 + footnoteExtra(width, CAPTION) + 20;
  const time = Array.from(history.time);
  const xMin = time[0];
  // a history of one moment (first purchase at T) gets one time unit of axis
  const xMax = time[time.length - 1] > xMin ? time[time.length - 1] : xMin + 1;
  const { parts, area } = plotFrame(
    { left: plotLeft(1.15, 320), right: width - 30, top, bottom: top + 320 },
    { min: xMin, max: xMax, title: timeLabel, ticks: true },
    { top: 1.15, title: 'P(alive)' },
  );
  parts.unshift(...svgHeader(width, height, title, subtitle));
  for (const p of Array.from(history.purchases)) {
    const x = area.sx(p).toFixed(1);
    parts.push(`<line x1="${x}" y1="${area.bottom}" x2="${x}" y2="${area.bottom - 14}" stroke="#D55E00" stroke-width="2"/>`);
  }
  parts.push(`<path d="${polyline(time.map((t, k) => [area.sx(t), area.sy(history.alive[k])]))}" fill="none" stroke="#0072B2" stroke-width="2"/>`);
  parts.push(
    ...plotLegend(area, [
      { text: 'P(alive)', color: '#0072B2' },
      { text: 'purchase', color: '#D55E00', box: true },
    ]),
  );
  parts.push(...svgFootnote(width, height - 10, CAPTION));
  return svgDocument(parts);
}

/**
 * One customer's P(alive) history as an interactive Vega-Lite chart: the line, and a rule at
 * each purchase; the caption as its description.
 *
 * @example
 * const model = { kind: 'betaGeo', version: 2, spec: { timeUnit: 'week', columns: { frequency: 'frequency', recency: 'recency', T: 'T', monetary: 'monetary' }, missing: 'error', maxIterations: 1000 }, params: { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 }, standardErrors: null, fitted: { n: 2357, skipped: 0, warnings: [], diagnostics: { logLikelihood: -9582.4, groups: 1016, iterations: 0 } } };
 * const spec = probabilityAliveHistoryVegaLite(probabilityAliveHistory(model, [0, 3], { T: 5 }), { title: 'Customer 42' });
 * [spec.layer.length, spec.data.values.length]; // => [2, 6]
 */
export function probabilityAliveHistoryVegaLite(
  history: ProbabilityAliveSeries,
  labels: ProbabilityAliveHistoryLabels,
): VegaLiteSpec & { layer: unknown[]; data: { values: unknown[] } } {
  checkChart('probabilityAliveHistoryVegaLite', chartSchemas.aliveHistory, history, labels);
  const { title, subtitle = '' } = labels;
  const timeLabel = timeLabelOf(labels.timeLabel, history.opportunities, 'time', 'opportunities');
  const values = Array.from(history.time, (time, k) => ({ time, alive: history.alive[k] }));
  return vegaLiteFrame(title, subtitle, {
    description: CAPTION,
    data: { values },
    layer: [
      {
        mark: { type: 'line', tooltip: true, color: '#0072B2' },
        encoding: {
          x: { field: 'time', type: 'quantitative', title: timeLabel },
          y: { field: 'alive', type: 'quantitative', title: 'P(alive)', scale: { domain: [0, 1] } },
        },
      },
      {
        data: { values: Array.from(history.purchases, (time) => ({ time })) },
        mark: { type: 'rule', color: '#D55E00', strokeDash: [2, 3] },
        encoding: { x: { field: 'time', type: 'quantitative' } },
      },
    ],
  }) as never;
}
