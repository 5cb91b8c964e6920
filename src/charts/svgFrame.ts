/**
 * Escape text for SVG/XML content and attributes.
 *
 * @example
 * escapeXml('Q&A <"top">'); // => 'Q&amp;A &lt;&quot;top&quot;&gt;'
 */
export function escapeXml(text: unknown): string {
  return String(text).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);
}

/** The opening of a standalone chart: the `<svg>` element, a white background, title and subtitle. */
export function svgHeader(width: number, height: number, title: string, subtitle: string): string[] {
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="Helvetica, Arial, sans-serif" role="img" aria-label="${escapeXml(title)}">`,
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    `<text x="20" y="30" font-size="18" font-weight="bold" fill="#222">${escapeXml(title)}</text>`,
    `<text x="20" y="52" font-size="12" fill="#555">${escapeXml(subtitle)}</text>`,
  ];
}

/** Close the chart's parts into one SVG document string. */
export function svgDocument(parts: readonly string[]): string {
  return `${[...parts, '</svg>'].join('\n')}\n`;
}

/** Labels every chart takes. */
export interface ChartLabels {
  readonly title: string;
  readonly subtitle?: string;
}
