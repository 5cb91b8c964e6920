import { checkChart, chartSchemas } from './chartInputs.js';
import { formatFixed } from '../internal/formatFixed.js';
import { textWidth } from '../internal/textWidth.js';
import { axisTicks, widestTick } from './svgAxis.js';
import { escapeXml, footnoteExtra, headerExtra, svgDocument, svgFootnote, svgHeader, type ChartLabels } from './svgFrame.js';
import { vegaLiteFrame, type VegaLiteSpec } from './vegaLiteSpec.js';

/** The parts of a `clvRanking` result the chart draws. */
export interface ClvDecileCalibrationInput {
  /** Normalized Gini, shown on the chart. */
  readonly gini: number;
  readonly deciles: {
    /** Group numbers, 1 = highest predicted value. */
    readonly decile: ArrayLike<number>;
    /** Mean predicted value per group (null: an empty group). */
    readonly predicted: readonly (number | null)[];
    /** Mean actual value per group (null: an empty group). */
    readonly actual: readonly (number | null)[];
  };
}

/** Labels of the decile chart: `unit` names what is predicted (default `'holdout purchases'`). */
export type ClvDecileCalibrationLabels = ChartLabels & { readonly unit?: string };

const CAPTION =
  'How to read it: customers are ranked by predicted value into groups of equal size, the highest predictions in group 1; in each group the orange bar is the mean the model predicted and the blue bar the mean the customers actually reached in the holdout, so bars of equal height mean calibrated predictions and blue bars falling from left to right mean the model ranks customers well.';

const PREDICTED = '#D55E00';
const ACTUAL = '#0072B2';

/**
 * A standalone SVG of decile calibration (`clvRanking`): per group of predicted value, the mean
 * predicted (orange) beside the mean actual holdout value (blue), with the normalized Gini. A
 * one-sentence caption says how to read it.
 *
 * @param ranking The result of `clvRanking`.
 * @param labels `title`, `subtitle`, `unit` (what the values count, default `'holdout purchases'`).
 * @example
 * const ranking = clvRanking([0.1, 0.5, 1, 2, 6, 3, 0.2, 0.9, 1.5, 4], [0, 1, 2, 3, 10, 2, 0, 1, 1, 5]);
 * const svg = clvDecileCalibrationSvg(ranking, { title: 'Deciles' });
 * [svg.includes('normalized Gini'), svg.includes('How to read it')]; // => [true, true]
 */
export function clvDecileCalibrationSvg(ranking: ClvDecileCalibrationInput, labels: ClvDecileCalibrationLabels): string {
  checkChart('clvDecileCalibrationSvg', chartSchemas.deciles, ranking, labels);
  const { title, subtitle = '', unit = 'holdout purchases' } = labels;
  const { decile, predicted, actual } = ranking.deciles;
  const groups = decile.length;
  const xTitle = `customers in groups by predicted ${unit} (1 = highest)`;
  const width = Math.ceil(Math.max(760, 8 * groups + 120, textWidth(xTitle, 13) + 160));
  const top = 80 + headerExtra(width, title, subtitle);
  const height = top + 418 + footnoteExtra(width, CAPTION);
  let yMin = 0;
  let yMax = 0;
  for (let g = 0; g < groups; g++)
    for (const v of [predicted[g], actual[g]])
      if (v !== null) {
        yMin = Math.min(yMin, v);
        yMax = Math.max(yMax, v);
      }
  // headroom above the highest bar, for the legend and the Gini
  const yTop = yMax > 0 ? yMax * 1.3 : 1;
  const yTicks = axisTicks(yMin, yTop, 320, 'y', (v, d) => formatFixed(v, d, true)).filter((t) => t.value <= yTop && t.value >= yMin);
  const left = 44 + widestTick(yTicks);
  const plot = { left, right: width - 30, top, bottom: top + 320 };
  const sy = (v: number) => plot.bottom - ((v - yMin) / (yTop - yMin)) * (plot.bottom - plot.top);
  const slot = (plot.right - plot.left) / groups;
  const bar = Math.max(1, Math.min(24, slot * 0.36));
  const middle = (plot.top + plot.bottom) / 2;
  const parts = [
    ...svgHeader(width, height, title, subtitle),
    `<rect x="${plot.left}" y="${plot.top}" width="${plot.right - plot.left}" height="${plot.bottom - plot.top}" fill="none" stroke="#888"/>`,
    `<text x="18" y="${middle}" font-size="13" text-anchor="middle" fill="#333" transform="rotate(-90 18 ${middle})">mean per customer</text>`,
  ];
  for (const tick of yTicks) {
    parts.push(`<line x1="${plot.left}" y1="${sy(tick.value).toFixed(1)}" x2="${plot.right}" y2="${sy(tick.value).toFixed(1)}" stroke="#eeeeee"/>`);
    parts.push(`<text x="${plot.left - 8}" y="${(sy(tick.value) + 4).toFixed(1)}" font-size="11" text-anchor="end" fill="#555">${tick.label}</text>`);
  }
  // a label under every group while they fit (28 px each), else under every k-th
  const every = Math.max(1, Math.ceil(28 / slot));
  const zero = sy(0);
  for (let g = 0; g < groups; g++) {
    const center = plot.left + (g + 0.5) * slot;
    for (const [value, x, color] of [
      [predicted[g], center - bar, PREDICTED],
      [actual[g], center, ACTUAL],
    ] as const) {
      if (value === null) continue;
      const y = Math.min(sy(value), zero);
      parts.push(`<rect x="${x.toFixed(1)}" y="${y.toFixed(1)}" width="${bar.toFixed(1)}" height="${Math.abs(zero - sy(value)).toFixed(1)}" fill="${color}"/>`);
    }
    if (g % every === 0) {
      parts.push(`<text x="${center.toFixed(1)}" y="${plot.bottom + 18}" font-size="11" text-anchor="middle" fill="#555">${decile[g]}</text>`);
    }
  }
  // legend, top left inside the plot; the Gini top right
  const legend = [
    { text: 'predicted (mean)', color: PREDICTED },
    { text: 'actual (mean)', color: ACTUAL },
  ];
  const legendWidth = 40 + Math.max(...legend.map((item) => textWidth(item.text, 12)));
  parts.push(
    `<rect x="${plot.left + 6}" y="${plot.top + 4}" width="${legendWidth.toFixed(1)}" height="${legend.length * 18 + 6}" fill="#ffffff" fill-opacity="0.85" stroke="#dddddd"/>`,
  );
  legend.forEach((item, i) => {
    const y = plot.top + 18 + i * 18;
    parts.push(`<rect x="${plot.left + 12}" y="${y - 10}" width="14" height="10" fill="${item.color}"/>`);
    parts.push(`<text x="${plot.left + 32}" y="${y}" font-size="12" fill="#333">${item.text}</text>`);
  });
  parts.push(
    `<text x="${plot.right - 8}" y="${plot.top + 18}" font-size="12" text-anchor="end" fill="#333">normalized Gini ${formatFixed(ranking.gini, 3, true)}</text>`,
  );
  parts.push(`<text x="${(plot.left + plot.right) / 2}" y="${plot.bottom + 40}" font-size="13" text-anchor="middle" fill="#333">${escapeXml(xTitle)}</text>`);
  parts.push(...svgFootnote(width, height - 10, CAPTION));
  return svgDocument(parts);
}

/**
 * Decile calibration as an interactive Vega-Lite grouped bar chart: mean predicted and mean
 * actual per group of predicted value, the normalized Gini as the subtitle when none is given,
 * and the caption as the description.
 *
 * @example
 * const ranking = clvRanking([0.1, 0.5, 1, 2, 6, 3, 0.2, 0.9, 1.5, 4], [0, 1, 2, 3, 10, 2, 0, 1, 1, 5]);
 * const spec = clvDecileCalibrationVegaLite(ranking, { title: 'Deciles' });
 * spec.data.values.length; // => 20
 */
export function clvDecileCalibrationVegaLite(
  ranking: ClvDecileCalibrationInput,
  labels: ClvDecileCalibrationLabels,
): VegaLiteSpec & { data: { values: unknown[] } } {
  checkChart('clvDecileCalibrationVegaLite', chartSchemas.deciles, ranking, labels);
  const { title, subtitle = '', unit = 'holdout purchases' } = labels;
  const { decile, predicted, actual } = ranking.deciles;
  const values = Array.from(decile).flatMap((group, g) => [
    ...(predicted[g] === null ? [] : [{ group, series: 'predicted (mean)', value: predicted[g] }]),
    ...(actual[g] === null ? [] : [{ group, series: 'actual (mean)', value: actual[g] }]),
  ]);
  return vegaLiteFrame(title, subtitle || `normalized Gini ${formatFixed(ranking.gini, 3, true)}`, {
    data: { values },
    mark: { type: 'bar', tooltip: true },
    encoding: {
      x: { field: 'group', type: 'ordinal', title: `customers in groups by predicted ${unit} (1 = highest)` },
      xOffset: { field: 'series', type: 'nominal', sort: ['predicted (mean)', 'actual (mean)'] },
      y: { field: 'value', type: 'quantitative', title: 'mean per customer' },
      color: { field: 'series', type: 'nominal', scale: { domain: ['predicted (mean)', 'actual (mean)'], range: [PREDICTED, ACTUAL] } },
    },
    description: CAPTION,
  }) as never;
}
