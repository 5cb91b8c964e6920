import { checkChart, chartSchemas } from './chartInputs.js';
import { formatFixed } from '../internal/formatFixed.js';
import { textWidth } from '../internal/textWidth.js';
import { axisTicks } from './svgAxis.js';
import { escapeXml, footnoteExtra, headerExtra, svgDocument, svgFootnote, svgHeader, type ChartLabels } from './svgFrame.js';
import { vegaLiteFrame, type VegaLiteSpec } from './vegaLiteSpec.js';
import { pluralOf, timeLabelOf } from '../internal/chartTimeAxis.js';

/** The parts of a `frequencyRecencyMatrix` result the chart draws. */
export interface FrequencyRecencyCells {
  readonly quantity: 'alive' | 'expected';
  readonly T: number;
  readonly t: number | null;
  readonly frequency: readonly number[];
  readonly recency: readonly number[];
  readonly values: readonly (readonly (number | null)[])[];
  /** True for a BG/BB result: T, t and recency count transaction opportunities (the default `timeLabel` is then "opportunity"). */
  readonly opportunities?: boolean;
}

/** Labels of the matrix chart: `timeLabel` names the unit of recency (default "time unit"; "opportunity" for BG/BB). */
export type FrequencyRecencyLabels = ChartLabels & { readonly timeLabel?: string };

function caption(m: FrequencyRecencyCells, unit: string): string {
  const T = formatFixed(m.T, 2).replace(/\.?0+$/, '');
  const units = pluralOf(unit);
  const empty =
    m.opportunities === true
      ? 'A customer with no repeat transaction has recency 0, and no customer transacts more often than the opportunities up to the last transaction: those cells are empty.'
      : 'A customer with no repeat purchase has recency 0: the rest of the bottom row is empty.';
  return m.quantity === 'alive'
    ? `How to read it: each cell is a customer observed for ${T} ${units} with that many repeat purchases (up) and the last one at that time (across); the darker the cell, the likelier the customer is still active, so customers who bought often but not lately (top left) are the ones the model has given up on. ${empty}`
    : `How to read it: each cell is a customer observed for ${T} ${units} with that many repeat purchases (up) and the last one at that time (across); the darker the cell, the more purchases the model expects of that customer in the next ${formatFixed(m.t ?? 0, 2).replace(/\.?0+$/, '')} ${units}, so the best prospects are top right. ${empty}`;
}

/** Sequential blues, light (low) to dark (high); `t` in [0, 1]. */
function blue(t: number): string {
  const c = [239, 243, 255].map((from, i) => Math.round(from + ([8, 48, 107][i] - from) * Math.min(1, Math.max(0, t))));
  return `rgb(${c.join(',')})`;
}

/**
 * A standalone SVG heat map of a `frequencyRecencyMatrix` (lifetimes'
 * `plot_frequency_recency_matrix` / `plot_probability_alive_matrix`): repeat purchases up,
 * recency across, the colour the model's P(alive) or expected purchases, with a colour key and a
 * one-sentence caption. Cells with no possible history (x = 0, recency > 0) are left white.
 *
 * @param matrix The result of `frequencyRecencyMatrix`.
 * @param labels `title`, `subtitle`, `timeLabel` (the time unit's name, default "time unit"; "opportunity" for a BG/BB result).
 * @example
 * const model = { kind: 'betaGeo', version: 2, spec: { timeUnit: 'week', columns: { frequency: 'frequency', recency: 'recency', T: 'T', monetary: 'monetary' }, missing: 'error', maxIterations: 1000 }, params: { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 }, standardErrors: null, fitted: { n: 2357, skipped: 0, warnings: [], diagnostics: { logLikelihood: -9582.4, groups: 1016, iterations: 0 } } };
 * const svg = frequencyRecencyMatrixSvg(frequencyRecencyMatrix(model, { quantity: 'alive', T: 39, maxFrequency: 10 }), { title: 'P(alive)', timeLabel: 'week' });
 * [svg.includes('How to read it'), svg.includes('P(alive)')]; // => [true, true]
 */
export function frequencyRecencyMatrixSvg(matrix: FrequencyRecencyCells, labels: FrequencyRecencyLabels): string {
  checkChart('frequencyRecencyMatrixSvg', chartSchemas.frequencyRecency, matrix, labels);
  const { title, subtitle = '' } = labels;
  const timeLabel = timeLabelOf(labels.timeLabel, matrix.opportunities, 'time unit');
  const text = caption(matrix, timeLabel);
  const rows = matrix.frequency.length;
  const columns = matrix.recency.length;
  const key = matrix.quantity === 'alive' ? 'P(alive)' : `expected purchases, next ${formatFixed(matrix.t ?? 0, 2).replace(/\.?0+$/, '')}`;
  const recencyTitle = `recency: ${matrix.opportunities === true ? 'opportunity' : 'time'} of the last purchase (${pluralOf(timeLabel)} after the first)`;
  const width = Math.ceil(Math.max(760, textWidth(recencyTitle, 13) + 280));
  const top = 80 + headerExtra(width, title, subtitle);
  const left = 80;
  const plotWidth = width - 240;
  const plotHeight = 340;
  const height = top + plotHeight + 70 + footnoteExtra(width, text) + 20;
  let max = 0;
  for (const row of matrix.values) for (const v of row) if (v !== null) max = Math.max(max, v);
  const scaleTop = matrix.quantity === 'alive' ? 1 : max > 0 ? max : 1;
  // cells span the midpoints between recency values; rows are one repeat purchase high
  const r = matrix.recency;
  const rMin = r[0];
  const rMax = r[columns - 1];
  const rSpan = rMax - rMin || 1;
  const edge = (j: number) => (j === 0 ? rMin : j === columns ? rMax : (r[j - 1] + r[j]) / 2);
  const sx = (v: number) => left + ((v - rMin) / rSpan) * plotWidth;
  const cellHeight = plotHeight / rows;
  const parts = [...svgHeader(width, height, title, subtitle)];
  parts.push(`<rect x="${left}" y="${top}" width="${plotWidth}" height="${plotHeight}" fill="#ffffff" stroke="#888"/>`);
  for (let i = 0; i < rows; i++) {
    const y = top + plotHeight - (i + 1) * cellHeight;
    for (let j = 0; j < columns; j++) {
      const v = matrix.values[i][j];
      if (v === null) continue;
      const x0 = columns === 1 ? left : sx(edge(j));
      const x1 = columns === 1 ? left + plotWidth : sx(edge(j + 1));
      parts.push(
        `<rect x="${x0.toFixed(2)}" y="${y.toFixed(2)}" width="${Math.max(0.5, x1 - x0).toFixed(2)}" height="${cellHeight.toFixed(2)}" fill="${blue(v / scaleTop)}"/>`,
      );
    }
  }
  parts.push(`<rect x="${left}" y="${top}" width="${plotWidth}" height="${plotHeight}" fill="none" stroke="#888"/>`);
  // y ticks: frequencies, as many as fit
  const yTicks = axisTicks(matrix.frequency[0], matrix.frequency[rows - 1], plotHeight, 'y', (v) => formatFixed(v, 0)).filter(
    (tick) => Number.isInteger(tick.value) && tick.value >= matrix.frequency[0] && tick.value <= matrix.frequency[rows - 1],
  );
  for (const tick of yTicks) {
    const y = top + plotHeight - (tick.value - matrix.frequency[0] + 0.5) * cellHeight;
    parts.push(`<text x="${left - 8}" y="${(y + 4).toFixed(1)}" font-size="11" text-anchor="end" fill="#555">${tick.label}</text>`);
  }
  if (columns > 1) {
    for (const tick of axisTicks(rMin, rMax, plotWidth, 'x', (v, d) => formatFixed(v, d, true))) {
      parts.push(
        `<line x1="${sx(tick.value).toFixed(1)}" y1="${top + plotHeight}" x2="${sx(tick.value).toFixed(1)}" y2="${top + plotHeight + 4}" stroke="#888"/>`,
      );
      parts.push(`<text x="${sx(tick.value).toFixed(1)}" y="${top + plotHeight + 18}" font-size="11" text-anchor="middle" fill="#555">${tick.label}</text>`);
    }
  } else {
    parts.push(
      `<text x="${left + plotWidth / 2}" y="${top + plotHeight + 18}" font-size="11" text-anchor="middle" fill="#555">${formatFixed(rMin, 2, true)}</text>`,
    );
  }
  const middle = top + plotHeight / 2;
  parts.push(
    `<text x="24" y="${middle}" font-size="13" text-anchor="middle" fill="#333" transform="rotate(-90 24 ${middle})">repeat purchases (frequency)</text>`,
  );
  parts.push(
    `<text x="${left + plotWidth / 2}" y="${top + plotHeight + 40}" font-size="13" text-anchor="middle" fill="#333">${escapeXml(recencyTitle)}</text>`,
  );
  // colour key: ten steps, labelled at the ends and the middle
  const keyLeft = left + plotWidth + 40;
  const keyHeight = 200;
  for (let k = 0; k < 10; k++) {
    parts.push(
      `<rect x="${keyLeft}" y="${(top + keyHeight - (k + 1) * (keyHeight / 10)).toFixed(1)}" width="18" height="${keyHeight / 10}" fill="${blue((k + 0.5) / 10)}"/>`,
    );
  }
  const decimals = scaleTop >= 100 ? 0 : scaleTop >= 1 ? 1 : 2;
  for (const at of [0, 0.5, 1]) {
    parts.push(
      `<text x="${keyLeft + 24}" y="${(top + keyHeight - at * keyHeight + 4).toFixed(1)}" font-size="11" fill="#555">${formatFixed(at * scaleTop, decimals, true)}</text>`,
    );
  }
  const keyWords =
    textWidth(key, 11) > width - keyLeft - 20 && key.includes(',') ? [key.slice(0, key.indexOf(',') + 1), key.slice(key.indexOf(',') + 2)] : [key];
  keyWords.forEach((line, n) => parts.push(`<text x="${keyLeft}" y="${top + keyHeight + 22 + n * 14}" font-size="11" fill="#333">${escapeXml(line)}</text>`));
  parts.push(...svgFootnote(width, height - 10, text));
  return svgDocument(parts);
}

/**
 * A `frequencyRecencyMatrix` as an interactive Vega-Lite heat map (recency across, repeat
 * purchases up, colour the value; impossible histories left out), with the caption as its
 * description.
 *
 * @example
 * const model = { kind: 'betaGeo', version: 2, spec: { timeUnit: 'week', columns: { frequency: 'frequency', recency: 'recency', T: 'T', monetary: 'monetary' }, missing: 'error', maxIterations: 1000 }, params: { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 }, standardErrors: null, fitted: { n: 2357, skipped: 0, warnings: [], diagnostics: { logLikelihood: -9582.4, groups: 1016, iterations: 0 } } };
 * const spec = frequencyRecencyMatrixVegaLite(frequencyRecencyMatrix(model, { quantity: 'alive', T: 4, maxFrequency: 2 }), { title: 'P(alive)' });
 * spec.data.values.length; // => 11
 */
export function frequencyRecencyMatrixVegaLite(
  matrix: FrequencyRecencyCells,
  labels: FrequencyRecencyLabels,
): VegaLiteSpec & { data: { values: { frequency: number; recency: number; value: number }[] } } {
  checkChart('frequencyRecencyMatrixVegaLite', chartSchemas.frequencyRecency, matrix, labels);
  const { title, subtitle = '' } = labels;
  const timeLabel = timeLabelOf(labels.timeLabel, matrix.opportunities, 'time unit');
  const values = matrix.frequency.flatMap((frequency, i) =>
    matrix.recency.flatMap((recency, j) => {
      const value = matrix.values[i][j];
      return value === null ? [] : [{ frequency, recency, value }];
    }),
  );
  return vegaLiteFrame(title, subtitle, {
    description: caption(matrix, timeLabel),
    data: { values },
    mark: { type: 'rect', tooltip: true },
    encoding: {
      x: { field: 'recency', type: 'ordinal', title: `recency (${pluralOf(timeLabel)} after the first purchase)` },
      y: { field: 'frequency', type: 'ordinal', sort: 'descending', title: 'repeat purchases (frequency)' },
      color: {
        field: 'value',
        type: 'quantitative',
        title: matrix.quantity === 'alive' ? 'P(alive)' : 'expected purchases',
        scale: { scheme: 'blues', ...(matrix.quantity === 'alive' ? { domain: [0, 1] } : {}) },
      },
    },
  }) as never;
}
