import { textWidth } from '../../src/internal/textWidth.js';

/** An axis-aligned box in the SVG's user units. */
export interface Box {
  readonly x0: number;
  readonly y0: number;
  readonly x1: number;
  readonly y1: number;
}

/** One `<text>` element of a chart with the box its glyphs can occupy. */
export interface TextBox extends Box {
  readonly text: string;
  readonly index: number;
}

// DejaVu Sans: ascender 0.928 em (accents reach it), descender 0.236 em.
const ASCENT = 0.93;
const DESCENT = 0.24;

const attribute = (tag: string, name: string) => new RegExp(`\\s${name}="([^"]*)"`).exec(tag)?.[1];
const unescape = (text: string) =>
  text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');

/** The chart's size from the root element's viewBox. */
export function viewBox(svg: string): { width: number; height: number } {
  const [, , width, height] = (attribute(/<svg[^>]*>/.exec(svg)?.[0] ?? '', 'viewBox') ?? '').split(/\s+/).map(Number);
  return { width, height };
}

/**
 * Every `<text>` in a chart with its estimated box: the width from `textWidth` (DejaVu Sans
 * advance widths, erring wide), the height from the font's ascent and descent, placed by
 * `text-anchor` and turned by a `rotate(a cx cy)` transform.
 */
export function textBoxes(svg: string): TextBox[] {
  const rootSize = Number(attribute(/<svg[^>]*>/.exec(svg)?.[0] ?? '', 'font-size') ?? 16);
  return [...svg.matchAll(/<text\b([^>]*)>([^<]*)<\/text>/g)].map((m, index) => {
    const tag = ` ${m[1]}`;
    const text = unescape(m[2]);
    const x = Number(attribute(tag, 'x') ?? 0);
    const y = Number(attribute(tag, 'y') ?? 0);
    const size = Number(attribute(tag, 'font-size') ?? rootSize);
    const bold = /bold|[6-9]00/.test(attribute(tag, 'font-weight') ?? '');
    const width = textWidth(text, size, bold);
    const anchor = attribute(tag, 'text-anchor') ?? 'start';
    const left = anchor === 'middle' ? x - width / 2 : anchor === 'end' ? x - width : x;
    let box: Box = { x0: left, y0: y - ASCENT * size, x1: left + width, y1: y + DESCENT * size };
    const rotate = /rotate\(\s*(-?[\d.]+)(?:[ ,]+(-?[\d.]+)[ ,]+(-?[\d.]+))?\s*\)/.exec(attribute(tag, 'transform') ?? '');
    if (rotate) {
      const angle = (Number(rotate[1]) * Math.PI) / 180;
      const [cx, cy] = [Number(rotate[2] ?? 0), Number(rotate[3] ?? 0)];
      const corners = [
        [box.x0, box.y0],
        [box.x1, box.y0],
        [box.x0, box.y1],
        [box.x1, box.y1],
      ].map(([px, py]) => [cx + (px - cx) * Math.cos(angle) - (py - cy) * Math.sin(angle), cy + (px - cx) * Math.sin(angle) + (py - cy) * Math.cos(angle)]);
      box = {
        x0: Math.min(...corners.map((c) => c[0])),
        y0: Math.min(...corners.map((c) => c[1])),
        x1: Math.max(...corners.map((c) => c[0])),
        y1: Math.max(...corners.map((c) => c[1])),
      };
    }
    return { ...box, text, index };
  });
}

/** Circles (points of a scatter or a timeline) as boxes. */
export function circleBoxes(svg: string): Box[] {
  return [...svg.matchAll(/<circle\b([^>]*)\/?>/g)].map((m) => {
    const [cx, cy, r] = ['cx', 'cy', 'r'].map((name) => Number(attribute(` ${m[1]}`, name) ?? 0));
    return { x0: cx - r, y0: cy - r, x1: cx + r, y1: cy + r };
  });
}

/** Whether two boxes share more than `tolerance` px in both directions. */
export function intersects(a: Box, b: Box, tolerance = 0.5): boolean {
  return Math.min(a.x1, b.x1) - Math.max(a.x0, b.x0) > tolerance && Math.min(a.y1, b.y1) - Math.max(a.y0, b.y0) > tolerance;
}

/** A filled `<rect>` of a chart (not its background, not an outline with fill="none"). */
export interface FilledRect extends Box {
  readonly fill: string;
}

/** The chart's filled rectangles: bars, cells, legend swatches and label backings. */
export function filledRects(svg: string): FilledRect[] {
  return [...svg.matchAll(/<rect\b([^>]*)\/?>/g)].flatMap((m) => {
    const tag = ` ${m[1]}`;
    const fill = attribute(tag, 'fill') ?? '#000000';
    if (fill === 'none' || attribute(tag, 'x') === undefined) return []; // outlines; the background has no x
    const [x, y, width, height] = ['x', 'y', 'width', 'height'].map((name) => Number(attribute(tag, name) ?? 0));
    return [{ x0: x, y0: y, x1: x + width, y1: y + height, fill }];
  });
}

/** Whether `inner` lies within `outer` (to `tolerance` px). */
export function contains(outer: Box, inner: Box, tolerance = 0.5): boolean {
  return inner.x0 >= outer.x0 - tolerance && inner.y0 >= outer.y0 - tolerance && inner.x1 <= outer.x1 + tolerance && inner.y1 <= outer.y1 + tolerance;
}
