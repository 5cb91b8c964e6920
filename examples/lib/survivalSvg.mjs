// A standalone SVG of a Kaplan–Meier survival curve: the step function with its confidence
// band, censoring ticks omitted for legibility, and the median marked.

const escape = (text) => String(text).replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);

/**
 * @param {{ time: number[], survival: number[], lower: number[], upper: number[], median: number | null }} curve from kaplanMeier
 * @param {{ title: string, subtitle?: string, timeLabel?: string }} labels
 */
export function survivalSvg(curve, { title, subtitle = '', timeLabel = 'time' }) {
  const width = 760;
  const height = 460;
  const plot = { left: 70, right: width - 30, top: 80, bottom: height - 60 };
  const tMax = Math.max(...curve.time, 1);
  const sx = (t) => plot.left + (t / tMax) * (plot.right - plot.left);
  const sy = (s) => plot.bottom - s * (plot.bottom - plot.top);
  const step = (values) => {
    let d = `M ${sx(0).toFixed(1)} ${sy(1).toFixed(1)}`;
    let previous = 1;
    curve.time.forEach((t, i) => {
      d += ` H ${sx(t).toFixed(1)} V ${sy(values[i] ?? previous).toFixed(1)}`;
      previous = values[i] ?? previous;
    });
    return `${d} H ${sx(tMax).toFixed(1)}`;
  };
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="Helvetica, Arial, sans-serif" role="img" aria-label="${escape(title)}">`,
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    `<text x="20" y="30" font-size="18" font-weight="bold" fill="#222">${escape(title)}</text>`,
    `<text x="20" y="52" font-size="12" fill="#555">${escape(subtitle)}</text>`,
    `<rect x="${plot.left}" y="${plot.top}" width="${plot.right - plot.left}" height="${plot.bottom - plot.top}" fill="none" stroke="#888"/>`,
  ];
  for (const s of [0, 0.25, 0.5, 0.75, 1]) {
    parts.push(`<line x1="${plot.left}" y1="${sy(s)}" x2="${plot.right}" y2="${sy(s)}" stroke="#eeeeee"/>`);
    parts.push(`<text x="${plot.left - 8}" y="${sy(s) + 4}" font-size="11" text-anchor="end" fill="#555">${Math.round(100 * s)}%</text>`);
  }
  // ticks at a 1-2-5 step giving about six labels
  const raw = tMax / 6;
  const power = Math.pow(10, Math.floor(Math.log10(raw)));
  const tick = [1, 2, 5, 10].map((m) => m * power).find((v) => v >= raw);
  for (let t = 0; t <= tMax + 1e-9; t += tick) {
    parts.push(`<text x="${sx(t)}" y="${plot.bottom + 18}" font-size="11" text-anchor="middle" fill="#555">${Math.round(t)}</text>`);
  }
  parts.push(`<path d="${step(curve.upper)}" fill="none" stroke="#56B4E9" stroke-dasharray="4,3"/>`);
  parts.push(`<path d="${step(curve.lower)}" fill="none" stroke="#56B4E9" stroke-dasharray="4,3"/>`);
  parts.push(`<path d="${step(curve.survival)}" fill="none" stroke="#0072B2" stroke-width="2.5"/>`);
  if (curve.median !== null) {
    parts.push(`<line x1="${sx(curve.median)}" y1="${sy(0.5)}" x2="${sx(curve.median)}" y2="${plot.bottom}" stroke="#D55E00" stroke-dasharray="5,4"/>`);
    parts.push(`<text x="${sx(curve.median) + 6}" y="${sy(0.5) - 8}" font-size="12" fill="#D55E00">median ${curve.median.toFixed(1)}</text>`);
  }
  parts.push(`<text x="${(plot.left + plot.right) / 2}" y="${height - 22}" font-size="13" text-anchor="middle" fill="#333">${escape(timeLabel)}</text>`);
  parts.push(`<text x="20" y="${height - 6}" font-size="11" fill="#777">Kaplan–Meier estimate (solid) with 95% Greenwood confidence band (dashed, log scale).</text>`);
  parts.push('</svg>');
  return `${parts.join('\n')}\n`;
}
