// A standalone SVG of a customer value pyramid: one band per tier, top tier at the apex,
// band height proportional to nothing but order (tiers differ by orders of magnitude in size),
// labelled with each tier's share of customers and of revenue. No browser or canvas needed.

const PALETTE = ['#0b3c5d', '#328cc1', '#6fb1d6', '#d9e8f2', '#f2f2f2']; // colour-blind-safe blues

const escape = (text) => String(text).replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);
const percent = (share) => (share === null ? 'n/a' : `${(100 * share).toFixed(1)}%`);

/**
 * @param {{ tier: string, customerShare: number, revenueShare: number | null, profitShare?: number | null }[]} tiers top first
 * @param {{ title: string, subtitle?: string, shareNames?: string[] }} labels shareNames name the share columns
 */
export function pyramidSvg(tiers, { title, subtitle = '', shareNames = ['customers', 'revenue', 'profit'] }) {
  const width = 760;
  const bandHeight = 64;
  const top = 70;
  const apexX = 230;
  const baseHalf = 200;
  const height = top + bandHeight * tiers.length + 40;
  const halfAt = (y) => (baseHalf * (y - top)) / (bandHeight * tiers.length);
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="Helvetica, Arial, sans-serif" role="img" aria-label="${escape(title)}">`,
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    `<text x="20" y="30" font-size="18" font-weight="bold" fill="#222">${escape(title)}</text>`,
    `<text x="20" y="52" font-size="12" fill="#555">${escape(subtitle)}</text>`,
    `<text x="470" y="${top - 6}" font-size="12" font-weight="bold" fill="#333">${escape(shareNames.slice(0, tiers.some((t) => t.profitShare != null) ? 3 : 2).join(' · '))}</text>`,
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
    parts.push(`<text x="${apexX}" y="${mid + 5}" font-size="${i === 0 ? 12 : 14}" text-anchor="middle" fill="${ink}">${escape(t.tier)}</text>`);
    const shares = [percent(t.customerShare), percent(t.revenueShare), ...(t.profitShare != null ? [percent(t.profitShare)] : [])].join(' · ');
    parts.push(`<line x1="${apexX + h1 + 8}" y1="${mid}" x2="460" y2="${mid}" stroke="#bbbbbb" stroke-dasharray="3,3"/>`);
    parts.push(`<text x="470" y="${mid + 5}" font-size="14" fill="#222">${escape(t.tier)}: ${shares}</text>`);
  });
  parts.push(`<text x="20" y="${height - 14}" font-size="11" fill="#777">Shares per tier. Tiers are cut on a value score over several dimensions, not one raw figure.</text>`);
  parts.push('</svg>');
  return `${parts.join('\n')}\n`;
}
