// A standalone SVG of segment profiles: one row per segment (size and label), one bar per
// feature showing the segment mean's deviation from the overall mean in standard deviations.

const escape = (text) => String(text).replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);
const COLOURS = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#D55E00'];

export function segmentProfileSvg(model, { title, subtitle = '' }) {
  const features = model.spec.features;
  const profiles = [...model.profiles].sort((a, b) => b.size - a.size);
  const rowHeight = 26 * features.length + 30;
  const width = 760;
  const left = 250;
  const mid = left + (width - left - 40) / 2;
  const unit = (width - left - 40) / 2 / 2.5; // px per SD, ±2.5 SD
  const top = 80;
  const height = top + profiles.length * rowHeight + 40;
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="Helvetica, Arial, sans-serif" role="img" aria-label="${escape(title)}">`,
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    `<text x="20" y="30" font-size="18" font-weight="bold" fill="#222">${escape(title)}</text>`,
    `<text x="20" y="52" font-size="12" fill="#555">${escape(subtitle)}</text>`,
    `<line x1="${mid}" y1="${top - 10}" x2="${mid}" y2="${height - 40}" stroke="#888"/>`,
  ];
  features.forEach((f, j) => {
    parts.push(`<rect x="${left + j * 170}" y="${height - 28}" width="12" height="12" fill="${COLOURS[j % COLOURS.length]}"/>`);
    parts.push(`<text x="${left + j * 170 + 18}" y="${height - 18}" font-size="11" fill="#333">${escape(f)}</text>`);
  });
  profiles.forEach((p, r) => {
    const y0 = top + r * rowHeight;
    parts.push(`<text x="20" y="${y0 + 16}" font-size="13" font-weight="bold" fill="#222">${(100 * p.share).toFixed(1)}% (${p.size.toLocaleString('en-US')})</text>`);
    parts.push(`<text x="20" y="${y0 + 34}" font-size="11" fill="#444">${escape(p.label)}</text>`);
    p.deviations.forEach((d, j) => {
      const clipped = Math.max(-2.5, Math.min(2.5, d));
      const x = clipped >= 0 ? mid : mid + clipped * unit;
      const y = y0 + 6 + j * 26;
      parts.push(`<rect x="${x.toFixed(1)}" y="${y}" width="${Math.abs(clipped * unit).toFixed(1)}" height="18" fill="${COLOURS[j % COLOURS.length]}"/>`);
      parts.push(`<text x="${(clipped >= 0 ? mid + clipped * unit + 4 : mid + clipped * unit - 4).toFixed(1)}" y="${y + 13}" font-size="10" text-anchor="${clipped >= 0 ? 'start' : 'end'}" fill="#333">${d.toFixed(2)}</text>`);
    });
  });
  parts.push('</svg>');
  return `${parts.join('\n')}\n`;
}
