import { checkChart, chartSchemas } from './chartInputs.js';
import { formatFixed } from '../internal/formatFixed.js';
import { textWidth } from '../internal/textWidth.js';
import { axisTicks, widestTick } from './svgAxis.js';
import { escapeXml, footnoteExtra, headerExtra, svgDocument, svgFootnote, svgHeader, type ChartLabels } from './svgFrame.js';
import { vegaLiteFrame, type VegaLiteSpec } from './vegaLiteSpec.js';

/**
 * A histogram of customer lifetime values (or any non-negative money amount): bins of equal
 * width up to the 99th percentile (the long tail above goes into the last bar, labelled "+"),
 * with the mean and median marked — CLV is skewed, so the two differ and both matter. Axes:
 * customers up, value across, both titled and ticked at round numbers (1, 2 or 5 × 10^k).
 *
 * @param values CLV per customer (NaN ignored).
 * @param labels `title`, `subtitle`, `bins` (default 30), `unit` (default `'$'`).
 * @example
 * const svg = clvDistributionSvg([1, 2, 2, 3, 10, 40], { title: 'CLV', bins: 4 });
 * [svg.includes('median $2.50'), svg.includes('mean $9.67')]; // => [true, true]
 */
export function clvDistributionSvg(values: ArrayLike<number>, labels: ChartLabels & { readonly bins?: number; readonly unit?: string }): string {
  checkChart('clvDistributionSvg', chartSchemas.values, values, labels);
  const { title, subtitle = '', bins = 30, unit = '$' } = labels;
  const h = clvHistogram(values, bins);
  const money = (v: number, decimals = 2) => {
    const text = formatFixed(Math.abs(v), decimals, true);
    return `${v < 0 && /[1-9]/.test(text) ? '-' : ''}${unit}${text}`;
  };
  const maxCount = Math.max(...h.counts, 1);
  const note = `${h.n.toLocaleString('en-US')} customers; bars up to the 99th percentile${h.tail > 0 ? `, the last bar also holds the ${h.tail.toLocaleString('en-US')} above it` : ''}.`;
  const markers = (
    [
      [h.median, `median ${money(h.median)}`, '#D55E00', 0],
      [h.mean, `mean ${money(h.mean)}`, '#009E73', 18],
    ] as const
  ).filter(([value]) => Number.isFinite(value));
  const yTicks = axisTicks(0, maxCount, 270, 'y', (v, d) => formatFixed(v, d, true));
  const left = Math.ceil(44 + widestTick(yTicks));
  const width = Math.ceil(Math.max(760, left + 30 + 2 * Math.max(0, ...markers.map(([, label]) => textWidth(label, 12) + 10))));
  const top = 80 + headerExtra(width, title, subtitle);
  const height = top + 340 + footnoteExtra(width, note);
  const lo = h.edges[0];
  const hi = h.edges[h.edges.length - 1];
  // room on the right for half the last tick label, centred on the plot's edge
  const xTicks = (length: number) => axisTicks(lo, hi, length, 'x', (v, d) => money(v, d));
  const rightMargin = Math.ceil(Math.max(30, 8 + textWidth(xTicks(width - left - 30).at(-1)?.label ?? '', 11) / 2));
  const plot = { left, right: width - rightMargin, top, bottom: top + 270 };
  const barWidth = (plot.right - plot.left) / h.counts.length;
  const sx = (v: number) => plot.left + ((v - lo) / (hi - lo || 1)) * (plot.right - plot.left);
  const sy = (c: number) => plot.bottom - (c / maxCount) * (plot.bottom - plot.top);
  const middle = (plot.top + plot.bottom) / 2;
  const parts = [...svgHeader(width, height, title, subtitle)];
  parts.push(`<text x="24" y="${middle}" font-size="13" text-anchor="middle" fill="#333" transform="rotate(-90 24 ${middle})">customers</text>`);
  for (const tick of yTicks) {
    parts.push(`<line x1="${plot.left}" y1="${sy(tick.value).toFixed(1)}" x2="${plot.right}" y2="${sy(tick.value).toFixed(1)}" stroke="#eeeeee"/>`);
    parts.push(`<text x="${plot.left - 8}" y="${(sy(tick.value) + 4).toFixed(1)}" font-size="11" text-anchor="end" fill="#555">${tick.label}</text>`);
  }
  parts.push(`<line x1="${plot.left}" y1="${plot.bottom}" x2="${plot.right}" y2="${plot.bottom}" stroke="#888"/>`);
  h.counts.forEach((count, b) => {
    const barHeight = (count / maxCount) * (plot.bottom - plot.top);
    parts.push(
      `<rect x="${(plot.left + b * barWidth + 1).toFixed(1)}" y="${(plot.bottom - barHeight).toFixed(1)}" width="${Math.max(0.5, barWidth - 2).toFixed(1)}" height="${barHeight.toFixed(1)}" fill="${b === h.counts.length - 1 && h.tail > 0 ? '#56B4E9' : '#0072B2'}"/>`,
    );
  });
  for (const [value, label, colour, dy] of markers) {
    const x = Math.min(sx(Math.min(value, hi)), plot.right);
    const w = textWidth(label, 12);
    // the label on the side of its line with room
    const right = x + 6 + w <= plot.right;
    const x0 = right ? x + 3 : x - 9 - w;
    parts.push(
      `<line x1="${x.toFixed(1)}" y1="${plot.top}" x2="${x.toFixed(1)}" y2="${plot.bottom}" stroke="${colour}" stroke-dasharray="5,4" stroke-width="2"/>`,
    );
    parts.push(`<rect x="${x0.toFixed(1)}" y="${plot.top + dy}" width="${(w + 6).toFixed(0)}" height="16" fill="#ffffff" opacity="0.85"/>`);
    parts.push(`<text x="${(x0 + 3).toFixed(1)}" y="${plot.top + 12 + dy}" font-size="12" fill="${colour}">${escapeXml(label)}</text>`);
  }
  for (const tick of xTicks(plot.right - plot.left)) {
    parts.push(`<line x1="${sx(tick.value).toFixed(1)}" y1="${plot.bottom}" x2="${sx(tick.value).toFixed(1)}" y2="${plot.bottom + 4}" stroke="#888"/>`);
    parts.push(
      `<text x="${sx(tick.value).toFixed(1)}" y="${plot.bottom + 18}" font-size="11" text-anchor="middle" fill="#555">${escapeXml(tick.label)}</text>`,
    );
  }
  parts.push(
    `<text x="${(plot.left + plot.right) / 2}" y="${plot.bottom + 40}" font-size="13" text-anchor="middle" fill="#333">customer lifetime value</text>`,
  );
  parts.push(...svgFootnote(width, height - 14, note));
  return svgDocument(parts);
}

/** @internal Equal-width bins up to the 99th percentile, the tail folded into the last bin. */
export function clvHistogram(values: ArrayLike<number>, bins: number) {
  const sorted = Float64Array.from(Array.from(values).filter((v) => Number.isFinite(v))).sort();
  const n = sorted.length;
  const at = (q: number) => {
    if (n === 0) return Number.NaN;
    const h = (n - 1) * q;
    const lo = Math.floor(h);
    return sorted[lo] + (h - lo) * (sorted[Math.min(lo + 1, n - 1)] - sorted[lo]);
  };
  const min = n ? sorted[0] : 0;
  const cap = n ? Math.max(at(0.99), min + 1e-9) : 1;
  const edges = Array.from({ length: bins + 1 }, (_, b) => min + ((cap - min) * b) / bins);
  const counts = new Array<number>(bins).fill(0);
  let tail = 0;
  let sum = 0;
  for (const v of sorted) {
    sum += v;
    if (v > cap) tail++;
    counts[Math.min(bins - 1, Math.floor(((v - min) / (cap - min)) * bins))]++;
  }
  return { edges, counts, tail, n, mean: n ? sum / n : Number.NaN, median: at(0.5) };
}

/**
 * The CLV distribution as an interactive Vega-Lite histogram (the same bins as the SVG).
 *
 * @example
 * const spec = clvDistributionVegaLite([1, 2, 2, 3, 10, 40], { title: 'CLV', bins: 4 });
 * spec.data.values.map((v) => v.customers); // => [5, 0, 0, 1]
 */
export function clvDistributionVegaLite(
  values: ArrayLike<number>,
  labels: ChartLabels & { readonly bins?: number },
): VegaLiteSpec & { data: { values: { from: number; to: number; customers: number }[] } } {
  checkChart('clvDistributionVegaLite', chartSchemas.values, values, labels);
  const { title, subtitle = '', bins = 30 } = labels;
  const h = clvHistogram(values, bins);
  return vegaLiteFrame(title, subtitle, {
    data: { values: h.counts.map((customers, b) => ({ from: h.edges[b], to: h.edges[b + 1], customers })) },
    mark: { type: 'bar', tooltip: true },
    encoding: {
      x: { field: 'from', type: 'quantitative', bin: 'binned', title: 'customer lifetime value' },
      x2: { field: 'to' },
      y: { field: 'customers', type: 'quantitative' },
    },
  }) as never;
}
