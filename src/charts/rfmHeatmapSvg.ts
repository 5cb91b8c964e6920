import { checkChart, chartSchemas } from './chartInputs.js';
import { formatFixed } from '../internal/formatFixed.js';
import { textWidth } from '../internal/textWidth.js';
import { footnoteExtra, headerExtra, svgDocument, svgFootnote, svgHeader, type ChartLabels } from './svgFrame.js';
import { vegaLiteFrame, type VegaLiteSpec } from './vegaLiteSpec.js';

/** Per-customer R, F (and optionally M) scores, as `scoreRfm` returns them. */
export interface RfmScoreColumns {
  readonly recency: ArrayLike<number>;
  readonly frequency: ArrayLike<number>;
  readonly monetary?: ArrayLike<number>;
}

/**
 * The recency × frequency grid of RFM scores as a count table (the shape RFM segment rules are
 * written on), one cell per (R, F) pair with its share of customers and, when monetary scores
 * are given, their mean M score; cells widen to hold their figures.
 * Skipped customers (score 0) are left out.
 *
 * @param scores R and F (and M) scores per customer.
 * @param labels `title`, `subtitle`, `bins` (score levels, default the highest score seen).
 * @example
 * const svg = rfmHeatmapSvg({ recency: [5, 5, 1, 3], frequency: [5, 4, 1, 3] }, { title: 'RFM' });
 * [svg.includes('>R 5<'), svg.includes('25.0%')]; // => [true, true]
 */
export function rfmHeatmapSvg(scores: RfmScoreColumns, labels: ChartLabels & { readonly bins?: number }): string {
  checkChart('rfmHeatmapSvg', chartSchemas.rfm, scores, labels);
  const { title, subtitle = '', bins } = labels;
  const grid = rfmGrid(scores, bins);
  const k = grid.bins;
  const share = (at: number) => `${formatFixed(100 * (grid.counts[at] / Math.max(grid.total, 1)), 1)}%`;
  const detail = (at: number) => {
    const m = grid.meanMonetary[at];
    return `${grid.counts[at].toLocaleString('en-US')}${Number.isNaN(m) ? '' : ` · M ${formatFixed(m, 1)}`}`;
  };
  // Cells as wide as their widest figures (the count and mean M line grows with the data).
  const cell = Math.ceil(Math.max(72, 10 + Math.max(...grid.counts.map((_, at) => Math.max(textWidth(share(at), 12), textWidth(detail(at), 10))))));
  const left = 90;
  const note = `Cells: share of ${grid.total.toLocaleString('en-US')} customers, count${scores.monetary ? ' and mean monetary score' : ''}. Top row: most recent.`;
  const width = Math.max(left + k * cell + 40, 640);
  const top = 90 + headerExtra(width, title, subtitle);
  const height = top + k * cell + 70 + footnoteExtra(width, note);
  const parts = [...svgHeader(width, height, title, subtitle)];
  const max = Math.max(...grid.counts, 1);
  for (let r = k; r >= 1; r--) {
    const y = top + (k - r) * cell;
    parts.push(`<text x="${left - 10}" y="${y + cell / 2 + 4}" font-size="12" text-anchor="end" fill="#333">R ${r}</text>`);
    for (let f = 1; f <= k; f++) {
      const x = left + (f - 1) * cell;
      const at = (r - 1) * k + (f - 1);
      const count = grid.counts[at];
      const t = Math.sqrt(count / max);
      const c = [239, 243, 255].map((from, i) => Math.round(from + ([8, 69, 148][i] - from) * t));
      const ink = t > 0.55 ? '#ffffff' : '#111111';
      parts.push(`<rect x="${x}" y="${y}" width="${cell - 2}" height="${cell - 2}" fill="rgb(${c.join(',')})"/>`);
      parts.push(`<text x="${x + cell / 2 - 1}" y="${y + cell / 2 - 10}" font-size="12" text-anchor="middle" fill="${ink}">${share(at)}</text>`);
      parts.push(`<text x="${x + cell / 2 - 1}" y="${y + cell / 2 + 8}" font-size="10" text-anchor="middle" fill="${ink}">${detail(at)}</text>`);
    }
  }
  for (let f = 1; f <= k; f++)
    parts.push(`<text x="${left + (f - 1) * cell + cell / 2}" y="${top + k * cell + 18}" font-size="12" text-anchor="middle" fill="#333">F ${f}</text>`);
  parts.push(`<text x="${left + (k * cell) / 2}" y="${top + k * cell + 40}" font-size="12" text-anchor="middle" fill="#333">frequency score →</text>`);
  parts.push(...svgFootnote(width, height - 10, note));
  return svgDocument(parts);
}

/** @internal Counts (and mean M) per (R, F) cell, row-major by R − 1 then F − 1. */
export function rfmGrid(scores: RfmScoreColumns, bins?: number) {
  let k = bins ?? 0;
  if (bins === undefined) for (let i = 0; i < scores.recency.length; i++) k = Math.max(k, scores.recency[i], scores.frequency[i]);
  k = Math.max(k, 1);
  const counts = new Array<number>(k * k).fill(0);
  const sums = new Array<number>(k * k).fill(0);
  let total = 0;
  for (let i = 0; i < scores.recency.length; i++) {
    const r = scores.recency[i];
    const f = scores.frequency[i];
    if (r < 1 || f < 1 || r > k || f > k) continue;
    const at = (r - 1) * k + (f - 1);
    counts[at]++;
    if (scores.monetary) sums[at] += scores.monetary[i];
    total++;
  }
  const meanMonetary = counts.map((c, at) => (scores.monetary && c > 0 ? sums[at] / c : Number.NaN));
  return { bins: k, counts, meanMonetary, total };
}

/**
 * The R × F grid as an interactive Vega-Lite heat map of customer counts.
 *
 * @example
 * const spec = rfmHeatmapVegaLite({ recency: [5, 5, 1], frequency: [5, 4, 1] }, { title: 'RFM' });
 * spec.data.values.filter((v) => v.customers > 0).length; // => 3
 */
export function rfmHeatmapVegaLite(
  scores: RfmScoreColumns,
  labels: ChartLabels & { readonly bins?: number },
): VegaLiteSpec & { data: { values: { recency: number; frequency: number; customers: number }[] } } {
  checkChart('rfmHeatmapVegaLite', chartSchemas.rfm, scores, labels);
  const { title, subtitle = '', bins } = labels;
  const grid = rfmGrid(scores, bins);
  const values = grid.counts.map((customers, at) => ({
    recency: Math.floor(at / grid.bins) + 1,
    frequency: (at % grid.bins) + 1,
    customers,
    share: customers / Math.max(grid.total, 1),
  }));
  return vegaLiteFrame(title, subtitle, {
    data: { values },
    mark: { type: 'rect', tooltip: true },
    encoding: {
      x: { field: 'frequency', type: 'ordinal', title: 'frequency score' },
      y: { field: 'recency', type: 'ordinal', sort: 'descending', title: 'recency score' },
      color: { field: 'customers', type: 'quantitative', scale: { scheme: 'blues' } },
    },
  }) as never;
}
