import { textWidth } from '../internal/textWidth.js';
import { wrapText } from './wrapText.js';

/**
 * Escape text for SVG/XML content and attributes.
 *
 * @example
 * escapeXml('Q&A <"top">'); // => 'Q&amp;A &lt;&quot;top&quot;&gt;'
 */
export function escapeXml(text: unknown): string {
  return String(text).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);
}

const MARGIN = 20;
const TITLE_LINE = 22;
const SUBTITLE_LINE = 15;

/** @internal Title and subtitle wrapped to the chart's width (18 px bold, 12 px). */
function headerLines(width: number, title: string, subtitle: string) {
  const titles = wrapText(title, width - 2 * MARGIN, 18, true);
  const subtitles = subtitle === '' ? [] : wrapText(subtitle, width - 2 * MARGIN, 12);
  return { titles, subtitles };
}

/**
 * @internal How far a chart's content moves down because its title or subtitle wraps onto more
 * lines at `width` (0 for a one-line title and subtitle).
 */
export function headerExtra(width: number, title: string, subtitle: string): number {
  const { titles, subtitles } = headerLines(width, title, subtitle);
  return (titles.length - 1) * TITLE_LINE + Math.max(0, subtitles.length - 1) * SUBTITLE_LINE;
}

/** @internal The width a line of text needs on a chart: its estimated width plus the margins. */
export function widthFor(text: string, fontSize: number, bold = false): number {
  return Math.ceil(textWidth(text, fontSize, bold) + 2 * MARGIN);
}

/**
 * The opening of a standalone chart: the `<svg>` element, a white background, title and subtitle
 * (wrapped at the chart's width; `headerExtra` says how much room the extra lines take).
 */
export function svgHeader(width: number, height: number, title: string, subtitle: string): string[] {
  const { titles, subtitles } = headerLines(width, title, subtitle);
  const subtitleTop = 52 + (titles.length - 1) * TITLE_LINE;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="Helvetica, Arial, sans-serif" role="img" aria-label="${escapeXml(title)}">`,
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    ...titles.map((line, i) => `<text x="${MARGIN}" y="${30 + i * TITLE_LINE}" font-size="18" font-weight="bold" fill="#222">${escapeXml(line)}</text>`),
    ...subtitles.map((line, i) => `<text x="${MARGIN}" y="${subtitleTop + i * SUBTITLE_LINE}" font-size="12" fill="#555">${escapeXml(line)}</text>`),
  ];
}

/**
 * @internal A footnote at the chart's foot, wrapped at its width (11 px grey), its last line's
 * baseline at `bottom`; with `footnoteHeight` for the room it takes.
 */
export function svgFootnote(width: number, bottom: number, text: string): string[] {
  const lines = wrapText(text, width - 2 * MARGIN, 11);
  return lines.map((line, i) => `<text x="${MARGIN}" y="${bottom - (lines.length - 1 - i) * 14}" font-size="11" fill="#777">${escapeXml(line)}</text>`);
}

/** @internal The room (px) a footnote's extra lines take beyond its first. */
export function footnoteExtra(width: number, text: string): number {
  return (wrapText(text, width - 2 * MARGIN, 11).length - 1) * 14;
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
