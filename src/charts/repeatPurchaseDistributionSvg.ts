import { checkChart, chartSchemas } from './chartInputs.js';
import { textWidth } from '../internal/textWidth.js';
import { escapeXml, footnoteExtra, headerExtra, svgDocument, svgFootnote, svgHeader, type ChartLabels } from './svgFrame.js';
import { plotFrame, plotLeft, plotLegend } from './svgPlot.js';
import { vegaLiteFrame, type VegaLiteSpec } from './vegaLiteSpec.js';

/** The parts of a `repeatPurchaseDistribution` result the chart draws. */
export interface FrequencyDistribution {
  /** Bin labels `'0'`, `'1'`, …, `'7+'`. */
  readonly label: readonly string[];
  /** Customers in each bin. */
  readonly actual: ArrayLike<number>;
  /** Customers the model expects in each bin. */
  readonly expected: ArrayLike<number>;
  /** True for a BG/BB result: the bins count opportunities with a repeat transaction (the x axis says so). */
  readonly opportunities?: boolean;
}

const CAPTION =
  'How to read it: for each number of repeat purchases in the calibration period, the blue bar counts the customers who made that many and the orange bar how many the model expects; bars of equal height mean the model reproduces the data it was fitted to, and a bin where they part is a kind of customer it does not describe.';

function binsTitle(distribution: FrequencyDistribution): string {
  return distribution.opportunities === true
    ? 'opportunities with a repeat transaction in the calibration period'
    : 'repeat purchases in the calibration period';
}

/**
 * A standalone SVG of a `repeatPurchaseDistribution` (BTYD's `bgnbd.PlotFrequencyInCalibration`;
 * lifetimes' `plot_period_transactions`): actual and expected customers per number of repeat
 * purchases as paired bars, with a one-sentence caption.
 *
 * @param distribution The result of `repeatPurchaseDistribution`.
 * @param labels `title`, `subtitle`.
 * @example
 * const svg = repeatPurchaseDistributionSvg({ label: ['0', '1', '2+'], actual: [60, 25, 15], expected: [58.2, 27.1, 14.7] }, { title: 'Repeat purchases' });
 * [svg.includes('How to read it'), svg.includes('>2+<')]; // => [true, true]
 */
export function repeatPurchaseDistributionSvg(distribution: FrequencyDistribution, labels: ChartLabels): string {
  checkChart('repeatPurchaseDistributionSvg', chartSchemas.frequencyBins, distribution, labels);
  const { title, subtitle = '' } = labels;
  const bins = distribution.label.length;
  const widestLabel = Math.max(...distribution.label.map((l) => textWidth(l, 11)));
  const width = Math.ceil(Math.max(760, 120 + bins * Math.max(36, widestLabel + 12)));
  const top = 80 + headerExtra(width, title, subtitle);
  const height = top + 320 + 60 + footnoteExtra(width, CAPTION) + 20;
  let yMax = 0;
  for (let k = 0; k < bins; k++) yMax = Math.max(yMax, distribution.actual[k], distribution.expected[k]);
  const yTop = yMax > 0 ? yMax * 1.2 : 1;
  const { parts, area } = plotFrame(
    { left: plotLeft(yTop, 320), right: width - 30, top, bottom: top + 320 },
    { min: 0, max: bins, title: binsTitle(distribution), ticks: false },
    { top: yTop, title: 'customers' },
  );
  parts.unshift(...svgHeader(width, height, title, subtitle));
  const slot = (area.right - area.left) / bins;
  const bar = Math.min(40, slot * 0.38);
  for (let k = 0; k < bins; k++) {
    const center = area.left + (k + 0.5) * slot;
    for (const [value, color, dx] of [
      [distribution.actual[k], '#0072B2', -bar - 1],
      [distribution.expected[k], '#E69F00', 1],
    ] as const) {
      const y = area.sy(Math.max(0, value));
      parts.push(
        `<rect x="${(center + dx).toFixed(1)}" y="${y.toFixed(1)}" width="${bar.toFixed(1)}" height="${(area.bottom - y).toFixed(1)}" fill="${color}"/>`,
      );
    }
    parts.push(
      `<text x="${center.toFixed(1)}" y="${area.bottom + 18}" font-size="11" text-anchor="middle" fill="#555">${escapeXml(distribution.label[k])}</text>`,
    );
  }
  parts.push(
    ...plotLegend(area, [
      { text: 'actual', color: '#0072B2', box: true },
      { text: 'expected (model)', color: '#E69F00', box: true },
    ]),
  );
  parts.push(...svgFootnote(width, height - 10, CAPTION));
  return svgDocument(parts);
}

/**
 * A `repeatPurchaseDistribution` as an interactive Vega-Lite grouped bar chart (actual and
 * expected customers per bin), with the caption as its description.
 *
 * @example
 * const spec = repeatPurchaseDistributionVegaLite({ label: ['0', '1', '2+'], actual: [60, 25, 15], expected: [58.2, 27.1, 14.7] }, { title: 'Repeat purchases' });
 * spec.data.values.length; // => 6
 */
export function repeatPurchaseDistributionVegaLite(distribution: FrequencyDistribution, labels: ChartLabels): VegaLiteSpec & { data: { values: unknown[] } } {
  checkChart('repeatPurchaseDistributionVegaLite', chartSchemas.frequencyBins, distribution, labels);
  const { title, subtitle = '' } = labels;
  const values = distribution.label.flatMap((bin, k) => [
    { bin, order: k, series: 'actual', customers: distribution.actual[k] },
    { bin, order: k, series: 'expected (model)', customers: distribution.expected[k] },
  ]);
  return vegaLiteFrame(title, subtitle, {
    description: CAPTION,
    data: { values },
    mark: { type: 'bar', tooltip: true },
    encoding: {
      x: { field: 'bin', type: 'ordinal', sort: { field: 'order' }, title: binsTitle(distribution) },
      xOffset: { field: 'series', type: 'nominal' },
      y: { field: 'customers', type: 'quantitative', title: 'customers' },
      color: { field: 'series', type: 'nominal', scale: { domain: ['actual', 'expected (model)'], range: ['#0072B2', '#E69F00'] } },
    },
  }) as never;
}
