import { checkChart, chartSchemas } from './chartInputs.js';
import { escapeXml, svgDocument, svgHeader, type ChartLabels } from './svgFrame.js';
import { vegaLiteFrame, type VegaLiteSpec } from './vegaLiteSpec.js';

/**
 * A histogram of customer lifetime values (or any non-negative money amount): bins of equal
 * width up to the 99th percentile (the long tail above goes into the last bar, labelled "+"),
 * with the mean and median marked — CLV is skewed, so the two differ and both matter.
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
  const width = 760;
  const height = 420;
  const plot = { left: 70, right: width - 30, top: 80, bottom: height - 70 };
  const maxCount = Math.max(...h.counts, 1);
  const barWidth = (plot.right - plot.left) / h.counts.length;
  const sx = (v: number) => plot.left + ((v - h.edges[0]) / (h.edges[h.edges.length - 1] - h.edges[0] || 1)) * (plot.right - plot.left);
  const parts = [...svgHeader(width, height, title, subtitle)];
  parts.push(`<line x1="${plot.left}" y1="${plot.bottom}" x2="${plot.right}" y2="${plot.bottom}" stroke="#888"/>`);
  h.counts.forEach((count, b) => {
    const barHeight = (count / maxCount) * (plot.bottom - plot.top);
    parts.push(`<rect x="${(plot.left + b * barWidth + 1).toFixed(1)}" y="${(plot.bottom - barHeight).toFixed(1)}" width="${(barWidth - 2).toFixed(1)}" height="${barHeight.toFixed(1)}" fill="${b === h.counts.length - 1 && h.tail > 0 ? '#56B4E9' : '#0072B2'}"/>`);
  });
  const money = (v: number) => `${unit}${v.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
  for (const [value, label, colour, dy] of [
    [h.median, `median ${money(h.median)}`, '#D55E00', 0],
    [h.mean, `mean ${money(h.mean)}`, '#009E73', 16],
  ] as const) {
    if (!Number.isFinite(value)) continue;
    const x = Math.min(sx(Math.min(value, h.edges[h.edges.length - 1])), plot.right);
    parts.push(`<line x1="${x.toFixed(1)}" y1="${plot.top}" x2="${x.toFixed(1)}" y2="${plot.bottom}" stroke="${colour}" stroke-dasharray="5,4" stroke-width="2"/>`);
    parts.push(`<rect x="${(x + 3).toFixed(1)}" y="${plot.top + dy}" width="${(7 * label.length).toFixed(0)}" height="16" fill="#ffffff" opacity="0.85"/>`);
    parts.push(`<text x="${(x + 6).toFixed(1)}" y="${plot.top + 12 + dy}" font-size="12" fill="${colour}">${escapeXml(label)}</text>`);
  }
  for (const v of [h.edges[0], h.edges[Math.floor(h.edges.length / 2)], h.edges[h.edges.length - 1]]) {
    parts.push(`<text x="${sx(v).toFixed(1)}" y="${plot.bottom + 18}" font-size="11" text-anchor="middle" fill="#555">${escapeXml(money(v))}${v === h.edges[h.edges.length - 1] && h.tail > 0 ? '+' : ''}</text>`);
  }
  parts.push(`<text x="${plot.left - 8}" y="${plot.top + 4}" font-size="11" text-anchor="end" fill="#555">${maxCount.toLocaleString('en-US')}</text>`);
  parts.push(`<text x="20" y="${height - 14}" font-size="11" fill="#777">${escapeXml(`${h.n.toLocaleString('en-US')} customers; bars up to the 99th percentile${h.tail > 0 ? `, the last bar also holds the ${h.tail.toLocaleString('en-US')} above it` : ''}.`)}</text>`);
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
export function clvDistributionVegaLite(values: ArrayLike<number>, labels: ChartLabels & { readonly bins?: number }): VegaLiteSpec & { data: { values: { from: number; to: number; customers: number }[] } } {
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
