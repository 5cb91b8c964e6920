// A standalone SVG heat map of cohort retention: one row per acquisition cohort, one column per
// period since acquisition, each cell shaded by its retention rate and labelled in percent.

const escape = (text) => String(text).replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);

/** Sequential colour-blind-safe blues (light → dark) for a value in [0, max]. */
function shade(value, max) {
  const t = Math.sqrt(Math.max(0, Math.min(1, value / max)));
  const from = [239, 243, 255];
  const to = [8, 69, 148];
  const c = from.map((f, i) => Math.round(f + (to[i] - f) * t));
  return { fill: `rgb(${c.join(',')})`, ink: t > 0.55 ? '#ffffff' : '#111111' };
}

/**
 * @param {{ cohorts: string[], size: number[], retention: (number | null)[][] }} result from cohortRetention
 * @param {{ title: string, subtitle?: string, periodName?: string }} labels
 */
export function cohortHeatmapSvg(result, { title, subtitle = '', periodName = 'period' }) {
  const columns = Math.max(...result.retention.map((row) => row.length));
  const cell = { w: 38, h: 30 };
  const left = 150;
  const top = 90;
  const width = left + columns * cell.w + 30;
  const height = top + result.cohorts.length * cell.h + 50;
  // Offset 0 is 100% by definition; shade the rest on their own range so differences show.
  const max = Math.max(...result.retention.flatMap((row) => row.slice(1).filter((v) => v !== null)), 0.01);
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="Helvetica, Arial, sans-serif" role="img" aria-label="${escape(title)}">`,
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    `<text x="20" y="30" font-size="18" font-weight="bold" fill="#222">${escape(title)}</text>`,
    `<text x="20" y="52" font-size="12" fill="#555">${escape(subtitle)}</text>`,
    `<text x="${left}" y="${top - 22}" font-size="12" fill="#333">${escape(periodName)}s since first purchase →</text>`,
  ];
  for (let k = 0; k < columns; k++) {
    parts.push(`<text x="${left + k * cell.w + cell.w / 2}" y="${top - 6}" font-size="11" text-anchor="middle" fill="#555">${k}</text>`);
  }
  result.cohorts.forEach((cohort, c) => {
    const y = top + c * cell.h;
    parts.push(`<text x="${left - 8}" y="${y + cell.h / 2 + 4}" font-size="12" text-anchor="end" fill="#222">${escape(cohort)} (n=${result.size[c].toLocaleString('en-US')})</text>`);
    result.retention[c].forEach((value, k) => {
      if (value === null) return;
      const { fill, ink } = k === 0 ? { fill: '#d9d9d9', ink: '#111111' } : shade(value, max);
      const x = left + k * cell.w;
      parts.push(`<rect x="${x}" y="${y}" width="${cell.w - 2}" height="${cell.h - 2}" fill="${fill}"/>`);
      parts.push(`<text x="${x + (cell.w - 2) / 2}" y="${y + cell.h / 2 + 3}" font-size="10" text-anchor="middle" fill="${ink}">${Math.round(100 * value)}</text>`);
    });
  });
  parts.push(`<text x="20" y="${height - 16}" font-size="11" fill="#777">Cells: % of the cohort buying in that ${escape(periodName)}. Column 0 is 100% by definition.</text>`);
  parts.push('</svg>');
  return `${parts.join('\n')}\n`;
}
