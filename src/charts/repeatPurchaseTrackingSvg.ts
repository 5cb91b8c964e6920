import { checkChart, chartSchemas } from './chartInputs.js';
import { formatFixed } from '../internal/formatFixed.js';
import { textWidth } from '../internal/textWidth.js';
import { axisTicks, widestTick } from './svgAxis.js';
import { escapeXml, footnoteExtra, headerExtra, svgDocument, svgFootnote, svgHeader, type ChartLabels } from './svgFrame.js';
import { vegaLiteFrame, type VegaLiteSpec } from './vegaLiteSpec.js';
import { timeLabelOf } from '../internal/chartTimeAxis.js';

/** The parts of a `repeatPurchaseTracking` result the chart draws. */
export interface RepeatPurchaseTrackingSeries {
  /** Period ends, in the model's time unit since the origin. */
  readonly end: ArrayLike<number>;
  readonly expected: ArrayLike<number>;
  readonly expectedCumulative: ArrayLike<number>;
  readonly actual: ArrayLike<number> | null;
  readonly actualCumulative: ArrayLike<number> | null;
  /** Where the calibration period ends (same unit as `end`); a line is drawn there. */
  readonly calibrationEnd?: number | null;
  /** True for a BG/BB result: `end` counts transaction opportunities (the default `timeLabel` is then "opportunities"). */
  readonly opportunities?: boolean;
}

/** Labels of the tracking chart: `view` picks cumulative (default) or per-period counts; `timeLabel` names the x axis. */
export type RepeatPurchaseTrackingLabels = ChartLabels & { readonly timeLabel?: string; readonly view?: 'cumulative' | 'incremental' };

const CAPTION =
  'How to read it: the solid line is the repeat purchases the customers actually made, the dashed line what the model expects of the same customers from their own first purchase on. Left of the calibration line the model was fitted to these purchases, so the lines should agree; right of it the gap is the forecast error on data the model never saw.';

function seriesOf(tracking: RepeatPurchaseTrackingSeries, view: 'cumulative' | 'incremental') {
  return view === 'cumulative'
    ? { expected: tracking.expectedCumulative, actual: tracking.actualCumulative }
    : { expected: tracking.expected, actual: tracking.actual };
}

/**
 * A standalone SVG of a tracking figure (Fader, Hardie & Lee 2005, figures 1–2): actual repeat
 * purchases of the base per period (solid) against the model's expectation (dashed), cumulative
 * or per period, with the calibration end marked. A one-sentence caption says how to read it.
 *
 * @param tracking The result of `repeatPurchaseTracking` or `repeatPurchaseTrackingFromCounts`.
 * @param labels `title`, `subtitle`, `timeLabel` (the x axis, default "period"; "opportunities" for a BG/BB result), `view`.
 * @example
 * const model = { kind: 'betaGeo', version: 2, spec: { timeUnit: 'week', columns: { frequency: 'frequency', recency: 'recency', T: 'T', monetary: 'monetary' }, missing: 'error', maxIterations: 1000 }, params: { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 }, standardErrors: null, fitted: { n: 2357, skipped: 0, warnings: [], diagnostics: { logLikelihood: -9582.4, groups: 1016, iterations: 0 } } };
 * const tracking = repeatPurchaseTrackingFromCounts(model, { birth: [0, 1, 2] }, { periods: 8, actual: [0, 1, 0, 1, 0, 0, 1, 0] });
 * const svg = repeatPurchaseTrackingSvg({ ...tracking, calibrationEnd: 4 }, { title: 'Tracking', timeLabel: 'week' });
 * [svg.includes('calibration end'), svg.includes('How to read it')]; // => [true, true]
 */
export function repeatPurchaseTrackingSvg(tracking: RepeatPurchaseTrackingSeries, labels: RepeatPurchaseTrackingLabels): string {
  checkChart('repeatPurchaseTrackingSvg', chartSchemas.tracking, tracking, labels);
  const { title, subtitle = '', view = 'cumulative' } = labels;
  const timeLabel = timeLabelOf(labels.timeLabel, tracking.opportunities, 'period', 'opportunities');
  const { expected, actual } = seriesOf(tracking, view);
  const n = tracking.end.length;
  const end = Array.from(tracking.end);
  const width = Math.ceil(Math.max(760, textWidth(timeLabel, 13) + 160));
  const top = 80 + headerExtra(width, title, subtitle);
  const height = top + 418 + footnoteExtra(width, CAPTION);
  let yMax = 0;
  for (let k = 0; k < n; k++) yMax = Math.max(yMax, expected[k], actual === null ? 0 : actual[k]);
  // headroom above the highest point, for the legend
  const yTop = yMax > 0 ? yMax * 1.15 : 1;
  const yTicks = axisTicks(0, yTop, 320, 'y', (v, d) => formatFixed(v, d, true)).filter((t) => t.value <= yTop);
  const left = 44 + widestTick(yTicks);
  const plot = { left, right: width - 30, top, bottom: top + 320 };
  const tMax = Math.max(end[n - 1], 1e-9);
  const sx = (t: number) => plot.left + (t / tMax) * (plot.right - plot.left);
  const sy = (v: number) => plot.bottom - (v / yTop) * (plot.bottom - plot.top);
  const path = (values: ArrayLike<number>) => {
    // the line starts at 0 at the origin when cumulative; per period, each count sits at its period's end
    let d = view === 'cumulative' ? `M ${sx(0).toFixed(1)} ${sy(0).toFixed(1)} L` : 'M';
    d += end.map((t, k) => ` ${sx(t).toFixed(1)} ${sy(values[k]).toFixed(1)}`).join(' L');
    return d;
  };
  const middle = (plot.top + plot.bottom) / 2;
  const yTitle = view === 'cumulative' ? 'repeat purchases, cumulative' : 'repeat purchases per period';
  const parts = [
    ...svgHeader(width, height, title, subtitle),
    `<rect x="${plot.left}" y="${plot.top}" width="${plot.right - plot.left}" height="${plot.bottom - plot.top}" fill="none" stroke="#888"/>`,
    `<text x="18" y="${middle}" font-size="13" text-anchor="middle" fill="#333" transform="rotate(-90 18 ${middle})">${yTitle}</text>`,
  ];
  for (const tick of yTicks) {
    parts.push(`<line x1="${plot.left}" y1="${sy(tick.value).toFixed(1)}" x2="${plot.right}" y2="${sy(tick.value).toFixed(1)}" stroke="#eeeeee"/>`);
    parts.push(`<text x="${plot.left - 8}" y="${(sy(tick.value) + 4).toFixed(1)}" font-size="11" text-anchor="end" fill="#555">${tick.label}</text>`);
  }
  for (const tick of axisTicks(0, tMax, plot.right - plot.left, 'x', (v, d) => formatFixed(v, d, true))) {
    parts.push(`<line x1="${sx(tick.value).toFixed(1)}" y1="${plot.bottom}" x2="${sx(tick.value).toFixed(1)}" y2="${plot.bottom + 4}" stroke="#888"/>`);
    parts.push(`<text x="${sx(tick.value).toFixed(1)}" y="${plot.bottom + 18}" font-size="11" text-anchor="middle" fill="#555">${tick.label}</text>`);
  }
  const calibration = tracking.calibrationEnd ?? null;
  if (calibration !== null && calibration > 0 && calibration <= tMax) {
    const x = sx(calibration);
    const label = 'calibration end';
    const right = x + 6 + textWidth(label, 12) <= plot.right - 4;
    parts.push(`<line x1="${x.toFixed(1)}" y1="${plot.top}" x2="${x.toFixed(1)}" y2="${plot.bottom}" stroke="#777" stroke-dasharray="2,3"/>`);
    parts.push(
      `<text x="${(x + (right ? 6 : -6)).toFixed(1)}" y="${plot.bottom - 10}" font-size="12" text-anchor="${right ? 'start' : 'end'}" fill="#555">${label}</text>`,
    );
  }
  parts.push(`<path d="${path(expected)}" fill="none" stroke="#D55E00" stroke-width="2" stroke-dasharray="7,4"/>`);
  if (actual !== null) parts.push(`<path d="${path(actual)}" fill="none" stroke="#0072B2" stroke-width="2"/>`);
  // legend, top left inside the plot
  const legend = [
    ...(actual === null ? [] : [{ text: 'actual', color: '#0072B2', dash: '' }]),
    { text: 'expected (model)', color: '#D55E00', dash: ' stroke-dasharray="7,4"' },
  ];
  const legendWidth = 58 + Math.max(...legend.map((item) => textWidth(item.text, 12)));
  parts.push(
    `<rect x="${plot.left + 6}" y="${plot.top + 4}" width="${legendWidth.toFixed(1)}" height="${legend.length * 18 + 6}" fill="#ffffff" fill-opacity="0.85" stroke="#dddddd"/>`,
  );
  legend.forEach((item, i) => {
    const y = plot.top + 18 + i * 18;
    parts.push(`<line x1="${plot.left + 12}" y1="${y - 4}" x2="${plot.left + 40}" y2="${y - 4}" stroke="${item.color}" stroke-width="2"${item.dash}/>`);
    parts.push(`<text x="${plot.left + 46}" y="${y}" font-size="12" fill="#333">${item.text}</text>`);
  });
  parts.push(
    `<text x="${(plot.left + plot.right) / 2}" y="${plot.bottom + 40}" font-size="13" text-anchor="middle" fill="#333">${escapeXml(timeLabel)}</text>`,
  );
  parts.push(...svgFootnote(width, height - 10, CAPTION));
  return svgDocument(parts);
}

/**
 * A tracking figure as an interactive Vega-Lite line chart: actual and expected repeat purchases
 * per period (cumulative by default), with a rule at the calibration end and the caption below.
 *
 * @example
 * const model = { kind: 'betaGeo', version: 2, spec: { timeUnit: 'week', columns: { frequency: 'frequency', recency: 'recency', T: 'T', monetary: 'monetary' }, missing: 'error', maxIterations: 1000 }, params: { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 }, standardErrors: null, fitted: { n: 2357, skipped: 0, warnings: [], diagnostics: { logLikelihood: -9582.4, groups: 1016, iterations: 0 } } };
 * const tracking = repeatPurchaseTrackingFromCounts(model, { birth: [0, 1, 2] }, { periods: 8, actual: [0, 1, 0, 1, 0, 0, 1, 0] });
 * const spec = repeatPurchaseTrackingVegaLite({ ...tracking, calibrationEnd: 4 }, { title: 'Tracking' });
 * [spec.layer.length, spec.data.values.length]; // => [2, 16]
 */
export function repeatPurchaseTrackingVegaLite(
  tracking: RepeatPurchaseTrackingSeries,
  labels: RepeatPurchaseTrackingLabels,
): VegaLiteSpec & { layer: unknown[]; data: { values: unknown[] } } {
  checkChart('repeatPurchaseTrackingVegaLite', chartSchemas.tracking, tracking, labels);
  const { title, subtitle = '', view = 'cumulative' } = labels;
  const timeLabel = timeLabelOf(labels.timeLabel, tracking.opportunities, 'period', 'opportunities');
  const { expected, actual } = seriesOf(tracking, view);
  const values = Array.from(tracking.end).flatMap((end, k) => [
    ...(actual === null ? [] : [{ end, series: 'actual', purchases: actual[k] }]),
    { end, series: 'expected (model)', purchases: expected[k] },
  ]);
  const calibration = tracking.calibrationEnd ?? null;
  const layer: unknown[] = [
    {
      mark: { type: 'line', tooltip: true },
      encoding: {
        x: { field: 'end', type: 'quantitative', title: timeLabel },
        y: { field: 'purchases', type: 'quantitative', title: view === 'cumulative' ? 'repeat purchases, cumulative' : 'repeat purchases per period' },
        color: { field: 'series', type: 'nominal', scale: { domain: ['actual', 'expected (model)'], range: ['#0072B2', '#D55E00'] } },
        strokeDash: {
          field: 'series',
          type: 'nominal',
          scale: {
            domain: ['actual', 'expected (model)'],
            range: [
              [1, 0],
              [7, 4],
            ],
          },
        },
      },
    },
  ];
  if (calibration !== null)
    layer.push({
      data: { values: [{ end: calibration }] },
      mark: { type: 'rule', strokeDash: [2, 3], color: '#777' },
      encoding: { x: { field: 'end', type: 'quantitative' } },
    });
  return vegaLiteFrame(title, subtitle, { data: { values }, layer, description: CAPTION }) as never;
}
