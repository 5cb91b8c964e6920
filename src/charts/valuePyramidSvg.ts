import { checkChart, chartSchemas } from './chartInputs.js';
import { formatFixed } from '../internal/formatFixed.js';
import { textWidth } from '../internal/textWidth.js';
import { escapeXml, footnoteExtra, headerExtra, svgDocument, svgFootnote, svgHeader, type ChartLabels } from './svgFrame.js';
import { vegaLiteFrame, type VegaLiteSpec } from './vegaLiteSpec.js';

/** One tier's shares, as in `tierSummary`. */
export interface PyramidTierShares {
  readonly tier: string;
  readonly customerShare: number;
  readonly revenueShare: number | null;
  readonly profitShare?: number | null;
}

const PALETTE = ['#0b3c5d', '#328cc1', '#6fb1d6', '#d9e8f2', '#f2f2f2']; // colour-blind-safe blues

const percent = (share: number | null) => (share === null ? 'n/a' : `${formatFixed(100 * share, 1)}%`);

/**
 * A standalone SVG of a customer value pyramid: one band per tier, top tier at the apex (band
 * height shows order only — tiers differ by orders of magnitude in size), each labelled with its
 * share of customers, revenue and, when given, profit. Deterministic; no browser or canvas.
 * Text is measured (DejaVu Sans advance widths, wider than Helvetica and Arial): the canvas grows
 * to hold the share column, the title and subtitle wrap, and a tier name too wide for its band is
 * left to the row on the right.
 *
 * @param tiers Tiers top first, as `tierSummary(...).tiers`.
 * @param labels `title`, `subtitle`, and `shareNames` naming the share columns.
 * @example
 * const svg = valuePyramidSvg([{ tier: 'top', customerShare: 0.2, revenueShare: 0.8 }, { tier: 'rest', customerShare: 0.8, revenueShare: 0.2 }], { title: 'Pyramid' });
 * [svg.startsWith('<svg'), svg.includes('top: 20.0% · 80.0%')]; // => [true, true]
 */
export function valuePyramidSvg(tiers: readonly PyramidTierShares[], labels: ChartLabels & { readonly shareNames?: readonly string[] }): string {
  checkChart('valuePyramidSvg', chartSchemas.tiers, tiers, labels);
  const { title, subtitle = '', shareNames = ['customers', 'revenue', 'profit'] } = labels;
  const bandHeight = 64;
  const apexX = 230;
  const baseHalf = 200;
  const shareX = apexX + baseHalf + 40;
  // The share column is as wide as its widest line: the canvas grows to hold it (never clipped).
  const header = shareNames.slice(0, tiers.some((t) => t.profitShare != null) ? 3 : 2).join(' · ');
  const rows = tiers.map(
    (t) => `${t.tier}: ${[percent(t.customerShare), percent(t.revenueShare), ...(t.profitShare != null ? [percent(t.profitShare)] : [])].join(' · ')}`,
  );
  const note = 'Shares per tier. Tiers are cut on a value score over several dimensions, not one raw figure.';
  const width = Math.ceil(Math.max(760, shareX + 20 + Math.max(textWidth(header, 12, true), ...rows.map((r) => textWidth(r, 14)))));
  const top = 80 + headerExtra(width, title, subtitle);
  const height = top + bandHeight * tiers.length + 40 + footnoteExtra(width, note);
  const halfAt = (y: number) => (baseHalf * (y - top)) / (bandHeight * tiers.length);
  const parts = [
    ...svgHeader(width, height, title, subtitle),
    `<text x="${shareX}" y="${top - 6}" font-size="12" font-weight="bold" fill="#333">${escapeXml(header)}</text>`,
  ];
  tiers.forEach((t, i) => {
    const y0 = top + i * bandHeight;
    const y1 = y0 + bandHeight;
    const [h0, h1] = [halfAt(y0), halfAt(y1)];
    const points = [
      [apexX - h0, y0],
      [apexX + h0, y0],
      [apexX + h1, y1],
      [apexX - h1, y1],
    ]
      .map(([x, y]) => `${x.toFixed(1)},${y.toFixed(1)}`)
      .join(' ');
    const fill = PALETTE[Math.min(i, PALETTE.length - 1)];
    const ink = i < 2 ? '#ffffff' : '#111111';
    const mid = (y0 + y1) / 2;
    parts.push(`<polygon points="${points}" fill="${fill}" stroke="#ffffff" stroke-width="2"/>`);
    // The tier's name inside its band only where the band is wide enough; the row on the right names it anyway.
    const size = i === 0 ? 12 : 14;
    if (textWidth(t.tier, size) + 8 <= 2 * halfAt(mid))
      parts.push(`<text x="${apexX}" y="${mid + 5}" font-size="${size}" text-anchor="middle" fill="${ink}">${escapeXml(t.tier)}</text>`);
    parts.push(`<line x1="${apexX + h1 + 8}" y1="${mid}" x2="${shareX - 10}" y2="${mid}" stroke="#bbbbbb" stroke-dasharray="3,3"/>`);
    parts.push(`<text x="${shareX}" y="${mid + 5}" font-size="14" fill="#222">${escapeXml(rows[i])}</text>`);
  });
  parts.push(...svgFootnote(width, height - 14, note));
  return svgDocument(parts);
}

/**
 * The value pyramid's tier shares as an interactive Vega-Lite grouped bar chart (share of
 * customers, revenue and, when present, profit per tier).
 *
 * @example
 * const spec = valuePyramidVegaLite([{ tier: 'top', customerShare: 0.2, revenueShare: 0.8 }], { title: 'Pyramid' });
 * [spec.mark.type, spec.data.values.length]; // => ['bar', 2]
 */
export function valuePyramidVegaLite(
  tiers: readonly PyramidTierShares[],
  labels: ChartLabels & { readonly shareNames?: readonly string[] },
): VegaLiteSpec & { mark: { type: string }; data: { values: unknown[] } } {
  checkChart('valuePyramidVegaLite', chartSchemas.tiers, tiers, labels);
  const { title, subtitle = '', shareNames = ['customers', 'revenue', 'profit'] } = labels;
  const values = tiers.flatMap((t, order) => [
    { tier: t.tier, order, share: shareNames[0], value: t.customerShare },
    ...(t.revenueShare === null ? [] : [{ tier: t.tier, order, share: shareNames[1], value: t.revenueShare }]),
    ...(t.profitShare == null ? [] : [{ tier: t.tier, order, share: shareNames[2], value: t.profitShare }]),
  ]);
  return vegaLiteFrame(title, subtitle, {
    data: { values },
    mark: { type: 'bar', tooltip: true },
    encoding: {
      y: { field: 'tier', type: 'nominal', sort: { field: 'order' }, title: null },
      yOffset: { field: 'share' },
      x: { field: 'value', type: 'quantitative', axis: { format: '.0%' }, title: 'share' },
      color: { field: 'share', type: 'nominal', scale: { scheme: 'tableau10' }, title: null },
    },
  }) as never;
}
