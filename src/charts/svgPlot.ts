import { formatFixed } from '../internal/formatFixed.js';
import { textWidth } from '../internal/textWidth.js';
import { axisTicks, widestTick, type AxisTick } from './svgAxis.js';
import { escapeXml } from './svgFrame.js';

/** @internal A plot area in px, with its value ranges. */
export interface PlotArea {
  readonly left: number;
  readonly right: number;
  readonly top: number;
  readonly bottom: number;
  /** x in value units → px. */
  readonly sx: (v: number) => number;
  /** y in value units → px. */
  readonly sy: (v: number) => number;
}

/** @internal One entry of a legend: a line (solid or dashed) or a filled box. */
export interface LegendItem {
  readonly text: string;
  readonly color: string;
  readonly dash?: string;
  readonly box?: boolean;
}

const fmt = (v: number, d: number) => formatFixed(v, d, true);

/** @internal The px the y tick labels of [0, yTop] take on a plot of `height` px (of [yLog, yTop] on a log axis from yLog > 0). */
export function yTickWidth(yTop: number, height: number, yLog?: number): number {
  return widestTick(yLog === undefined ? axisTicks(0, yTop, height, 'y', fmt).filter((t) => t.value <= yTop) : logTicks(yLog, yTop, height));
}

/**
 * @internal Ticks of a log axis over [lo, hi] (0 < lo < hi): the powers of ten inside, with 2 and 5
 * times them when they fit (labels 1.4 lines apart on a `length`-px axis), labelled as plain numbers.
 */
export function logTicks(lo: number, hi: number, length: number): AxisTick[] {
  const span = Math.log10(hi) - Math.log10(lo);
  const pxPerDecade = length / (span || 1);
  const steps = pxPerDecade * Math.log10(2.5) >= 1.4 * 11 ? [1, 2, 5] : [1];
  const ticks: AxisTick[] = [];
  for (let k = Math.floor(Math.log10(lo)); k <= Math.ceil(Math.log10(hi)); k++)
    for (const m of steps) {
      const value = m * Math.pow(10, k);
      if (value >= lo * (1 - 1e-12) && value <= hi * (1 + 1e-12)) ticks.push({ value, label: fmt(value, Math.max(0, -k)) });
    }
  return ticks;
}

/**
 * @internal A framed plot with y grid lines and tick labels over [0, yTop], numeric x ticks over
 * [xMin, xMax] (or none when `xTicks` is false: the caller labels categories), and axis titles.
 * Returns the parts and the area's scales.
 */
export function plotFrame(
  box: { left: number; right: number; top: number; bottom: number },
  x: { min: number; max: number; title: string; ticks: boolean },
  y: { top: number; title: string; log?: number },
): { parts: string[]; area: PlotArea } {
  const { left, right, top, bottom } = box;
  const span = x.max - x.min || 1;
  const sx = (v: number) => left + ((v - x.min) / span) * (right - left);
  const lo = y.log;
  const sy =
    lo === undefined
      ? (v: number) => bottom - (v / y.top) * (bottom - top)
      : (v: number) => bottom - ((Math.log(Math.max(v, lo)) - Math.log(lo)) / (Math.log(y.top) - Math.log(lo))) * (bottom - top);
  const parts = [`<rect x="${left}" y="${top}" width="${right - left}" height="${bottom - top}" fill="none" stroke="#888"/>`];
  const yTicks = lo === undefined ? axisTicks(0, y.top, bottom - top, 'y', fmt).filter((t) => t.value <= y.top) : logTicks(lo, y.top, bottom - top);
  for (const tick of yTicks) {
    const py = sy(tick.value).toFixed(1);
    parts.push(`<line x1="${left}" y1="${py}" x2="${right}" y2="${py}" stroke="#eeeeee"/>`);
    parts.push(`<text x="${left - 8}" y="${(sy(tick.value) + 4).toFixed(1)}" font-size="11" text-anchor="end" fill="#555">${tick.label}</text>`);
  }
  if (x.ticks) {
    for (const tick of axisTicks(x.min, x.max, right - left, 'x', fmt)) {
      const px = sx(tick.value).toFixed(1);
      parts.push(`<line x1="${px}" y1="${bottom}" x2="${px}" y2="${bottom + 4}" stroke="#888"/>`);
      parts.push(`<text x="${px}" y="${bottom + 18}" font-size="11" text-anchor="middle" fill="#555">${tick.label}</text>`);
    }
  }
  const middle = (top + bottom) / 2;
  const yLabelX = left - 16 - yTickWidth(y.top, bottom - top, lo);
  parts.push(
    `<text x="${yLabelX.toFixed(1)}" y="${middle}" font-size="13" text-anchor="middle" fill="#333" transform="rotate(-90 ${yLabelX.toFixed(1)} ${middle})">${escapeXml(y.title)}</text>`,
  );
  parts.push(`<text x="${(left + right) / 2}" y="${bottom + 40}" font-size="13" text-anchor="middle" fill="#333">${escapeXml(x.title)}</text>`);
  return { parts, area: { left, right, top, bottom, sx, sy } };
}

/** @internal A legend in the plot's top right corner (or top left) on a white backing. */
export function plotLegend(area: PlotArea, items: readonly LegendItem[], corner: 'right' | 'left' = 'right'): string[] {
  const width = 52 + Math.max(...items.map((item) => textWidth(item.text, 12)));
  const x0 = corner === 'right' ? area.right - 6 - width : area.left + 6;
  const parts = [
    `<rect x="${x0.toFixed(1)}" y="${area.top + 4}" width="${width.toFixed(1)}" height="${items.length * 18 + 6}" fill="#ffffff" fill-opacity="0.85" stroke="#dddddd"/>`,
  ];
  items.forEach((item, i) => {
    const y = area.top + 18 + i * 18;
    parts.push(
      item.box === true
        ? `<rect x="${(x0 + 8).toFixed(1)}" y="${y - 10}" width="26" height="10" fill="${item.color}"/>`
        : `<line x1="${(x0 + 6).toFixed(1)}" y1="${y - 4}" x2="${(x0 + 36).toFixed(1)}" y2="${y - 4}" stroke="${item.color}" stroke-width="2"${item.dash ? ` stroke-dasharray="${item.dash}"` : ''}/>`,
    );
    parts.push(`<text x="${(x0 + 42).toFixed(1)}" y="${y}" font-size="12" fill="#333">${escapeXml(item.text)}</text>`);
  });
  return parts;
}

/** @internal The room a y axis needs left of the plot: its title, tick labels and gaps. */
export function plotLeft(yTop: number, height: number, yLog?: number): number {
  return Math.ceil(44 + yTickWidth(yTop, height, yLog));
}

/** @internal A path through (x, y) points in px; a null y breaks the line. */
export function polyline(points: readonly (readonly [number, number | null])[]): string {
  let d = '';
  let pen = false;
  for (const [x, y] of points) {
    if (y === null) {
      pen = false;
      continue;
    }
    d += `${pen ? ' L' : d === '' ? 'M' : ' M'} ${x.toFixed(1)} ${y.toFixed(1)}`;
    pen = true;
  }
  return d;
}
