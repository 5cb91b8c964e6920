import { checkChart, checkChartOptions, chartOptionSchemas, chartSchemas } from './chartInputs.js';
import { formatFixed } from '../internal/formatFixed.js';
import { textWidth } from '../internal/textWidth.js';
import { escapeXml, footnoteExtra, headerExtra, svgDocument, svgFootnote, svgHeader, type ChartLabels } from './svgFrame.js';
import { vegaLiteFrame, type VegaLiteSpec } from './vegaLiteSpec.js';

/** The parts of an `assessPlsPathModel` result the HTMT heat map draws. */
export interface HtmtMatrix {
  readonly constructs: readonly string[];
  readonly htmt: readonly {
    readonly a: string;
    readonly b: string;
    readonly htmt: { readonly value: number | null };
    readonly htmt2: { readonly value: number | null };
  }[];
}

/** Options of `htmtHeatmapSvg` and `htmtHeatmapVegaLite`. */
export interface HtmtHeatmapOptions {
  /** Cells whose |value| is at or above it are flagged (default 0.85; 0.90 for conceptually similar constructs, 1 for the most lenient reading). */
  readonly threshold?: number;
  /** `'htmt'` (default) or `'htmt2'` (Roemer, Schuberth & Henseler 2021). */
  readonly measure?: 'htmt' | 'htmt2';
}

const FLAG = '#D55E00';
const SOURCES = {
  htmt: 'Henseler, Ringle & Sarstedt 2015',
  htmt2: 'Roemer, Schuberth & Henseler 2021; thresholds of Henseler, Ringle & Sarstedt 2015',
};
const NAMES = { htmt: 'HTMT', htmt2: 'HTMT2' };

/** The lower triangle of the matrix: row construct i > column construct j, with the pair's value (null: a single-item construct). */
function cells(fn: string, matrix: HtmtMatrix, options: unknown) {
  const { threshold, measure } = checkChartOptions(fn, chartOptionSchemas.htmt, options);
  const names = matrix.constructs;
  const value = (i: number, j: number) => {
    const pair = matrix.htmt.find((h) => (h.a === names[i] && h.b === names[j]) || (h.a === names[j] && h.b === names[i]));
    return pair ? pair[measure].value : null;
  };
  const out: { row: number; column: number; value: number | null; above: boolean }[] = [];
  for (let i = 1; i < names.length; i++)
    for (let j = 0; j < i; j++) {
      const v = value(i, j);
      out.push({ row: i, column: j, value: v, above: v !== null && Math.abs(v) >= threshold });
    }
  return { threshold, measure, cells: out };
}

/** Blue shade for |v| in [0, 1] (white to Okabe–Ito blue), with the text colour that reads on it. */
function shade(v: number): { fill: string; text: string } {
  const t = Math.min(1, Math.abs(v));
  const mix = (a: number, b: number) => Math.round(a + (b - a) * t);
  const [r, g, b] = [mix(0xf2, 0x00), mix(0xf7, 0x72), mix(0xfc, 0xb2)];
  return { fill: `#${[r, g, b].map((c) => c.toString(16).padStart(2, '0')).join('')}`, text: t > 0.55 ? '#ffffff' : '#111111' };
}

/**
 * A standalone SVG heat map of the heterotrait–monotrait ratios (HTMT, Henseler, Ringle & Sarstedt
 * 2015; or HTMT2) of every pair of constructs from `assessPlsPathModel`: the lower triangle of
 * the construct × construct matrix, each cell shaded by the size of its ratio and printed with
 * it; cells at or above the threshold (by size, so a construct scored the other way round reads
 * the same) are flagged in vermillion with a bold "≥" mark, and the legend states the threshold
 * and its source. A pair with a single-item construct has no HTMT and shows "—".
 *
 * @param matrix The result of `assessPlsPathModel` (its `constructs` and `htmt`).
 * @param labels `title`, `subtitle`.
 * @param options `threshold` (0.85), `measure` (`'htmt'`).
 * @throws {CustomerValueError} `invalid_value` for a malformed matrix; `invalid_spec` for a threshold outside (0, 2], an unknown measure, label or option.
 * @example
 * const matrix = { constructs: ['Image', 'Value', 'Loyalty'], htmt: [
 *   { a: 'Image', b: 'Value', htmt: { value: 0.62 }, htmt2: { value: 0.6 } },
 *   { a: 'Image', b: 'Loyalty', htmt: { value: 0.87 }, htmt2: { value: 0.86 } },
 *   { a: 'Value', b: 'Loyalty', htmt: { value: 0.55 }, htmt2: { value: 0.54 } }] };
 * const svg = htmtHeatmapSvg(matrix, { title: 'Discriminant validity' });
 * [svg.includes('>≥ 0.87<'), svg.includes('>0.62<'), svg.includes('threshold 0.85')]; // => [true, true, true]
 */
export function htmtHeatmapSvg(matrix: HtmtMatrix, labels: ChartLabels, options?: HtmtHeatmapOptions): string {
  checkChart('htmtHeatmapSvg', chartSchemas.htmt, matrix, labels);
  const { threshold, measure, cells: grid } = cells('htmtHeatmapSvg', matrix, options);
  const { title, subtitle = '' } = labels;
  const names = matrix.constructs;
  const rowNames = names.slice(1);
  const columnNames = names.slice(0, -1);
  const text = (c: (typeof grid)[number]) => (c.value === null ? '—' : `${c.above ? '≥ ' : ''}${formatFixed(c.value, 2)}`);
  const cellW = Math.ceil(Math.max(64, ...columnNames.map((n) => textWidth(n, 11) + 12), ...grid.map((c) => textWidth(text(c), 12, true) + 12)));
  const cellH = 30;
  const rowLabelW = Math.ceil(Math.max(0, ...rowNames.map((n) => textWidth(n, 12))));
  const name = NAMES[measure];
  const legendAbove = `${name} ≥ ${formatFixed(threshold, 2)}: discriminant validity in doubt`;
  const legendBelow = `${name} < ${formatFixed(threshold, 2)} (shade: size)`;
  const legendWidth = 14 + 6 + textWidth(legendAbove, 11) + 24 + 14 + 6 + textWidth(legendBelow, 11);
  const note = `${name} of each pair of constructs, judged by size, against the threshold ${formatFixed(threshold, 2)} (${SOURCES[measure]}: 0.85 for conceptually distinct constructs, 0.90 for similar ones). — : a single-item construct has no ${name}.`;
  const left = 20 + rowLabelW + 10;
  const gridW = Math.max(1, columnNames.length) * cellW;
  const width = Math.ceil(Math.max(left + gridW + 20, legendWidth + 40, 420));
  const top = 70 + headerExtra(width, title, subtitle);
  const gridTop = top + 24; // the column names above
  const gridH = Math.max(1, rowNames.length) * cellH;
  const legendY = gridTop + gridH + 26;
  const height = legendY + 20 + 30 + footnoteExtra(width, note);
  const parts = [...svgHeader(width, height, title, subtitle)];
  columnNames.forEach((n, j) =>
    parts.push(`<text x="${left + j * cellW + cellW / 2}" y="${top + 14}" font-size="11" text-anchor="middle" fill="#333">${escapeXml(n)}</text>`),
  );
  rowNames.forEach((n, i) =>
    parts.push(`<text x="${left - 10}" y="${gridTop + i * cellH + cellH / 2 + 4}" font-size="12" text-anchor="end" fill="#333">${escapeXml(n)}</text>`),
  );
  for (const c of grid) {
    const x = left + c.column * cellW;
    const y = gridTop + (c.row - 1) * cellH;
    const { fill, text: ink } = c.value === null ? { fill: '#eeeeee', text: '#777777' } : c.above ? { fill: FLAG, text: '#ffffff' } : shade(c.value);
    parts.push(`<rect x="${x + 1}" y="${y + 1}" width="${cellW - 2}" height="${cellH - 2}" fill="${fill}"/>`);
    parts.push(
      `<text x="${x + cellW / 2}" y="${y + cellH / 2 + 4}" font-size="12"${c.above ? ' font-weight="bold"' : ''} text-anchor="middle" fill="${ink}">${text(c)}</text>`,
    );
  }
  if (grid.length === 0) parts.push(`<text x="${left}" y="${gridTop + 18}" font-size="12" fill="#777">one construct: no pairs</text>`);
  // legend: the flag colour and the shades
  const lx = 20;
  parts.push(`<rect x="${lx}" y="${legendY - 11}" width="14" height="14" fill="${FLAG}"/>`);
  parts.push(`<text x="${lx + 20}" y="${legendY}" font-size="11" fill="#333">${escapeXml(legendAbove)}</text>`);
  const lx2 = lx + 20 + textWidth(legendAbove, 11) + 24;
  parts.push(`<rect x="${lx2.toFixed(1)}" y="${legendY - 11}" width="7" height="14" fill="${shade(0.3).fill}"/>`);
  parts.push(`<rect x="${(lx2 + 7).toFixed(1)}" y="${legendY - 11}" width="7" height="14" fill="${shade(0.8).fill}"/>`);
  parts.push(`<text x="${(lx2 + 20).toFixed(1)}" y="${legendY}" font-size="11" fill="#333">${escapeXml(legendBelow)}</text>`);
  parts.push(...svgFootnote(width, height - 14, note));
  return svgDocument(parts);
}

/**
 * The HTMT heat map as an interactive Vega-Lite spec: one cell per pair of constructs, shaded by
 * size, cells at or above the threshold in vermillion.
 *
 * @param options `threshold` (0.85), `measure` (`'htmt'`).
 * @example
 * const matrix = { constructs: ['Image', 'Loyalty'], htmt: [{ a: 'Image', b: 'Loyalty', htmt: { value: 0.87 }, htmt2: { value: 0.86 } }] };
 * htmtHeatmapVegaLite(matrix, { title: 'HTMT' }, { threshold: 0.9 }).data.values; // => [{ row: 'Loyalty', column: 'Image', value: 0.87, above: false }]
 */
export function htmtHeatmapVegaLite(matrix: HtmtMatrix, labels: ChartLabels, options?: HtmtHeatmapOptions): VegaLiteSpec & { data: { values: unknown[] } } {
  checkChart('htmtHeatmapVegaLite', chartSchemas.htmt, matrix, labels);
  const { threshold, measure, cells: grid } = cells('htmtHeatmapVegaLite', matrix, options);
  const { title, subtitle = '' } = labels;
  const names = matrix.constructs;
  const values = grid.map((c) => ({ row: names[c.row], column: names[c.column], value: c.value, above: c.above }));
  const x = { field: 'column', type: 'nominal', sort: names, title: null };
  const y = { field: 'row', type: 'nominal', sort: names, title: null };
  return vegaLiteFrame(title, subtitle, {
    data: { values },
    layer: [
      {
        mark: { type: 'rect', tooltip: true },
        encoding: {
          x,
          y,
          color: {
            condition: { test: 'datum.above', value: FLAG },
            field: 'value',
            type: 'quantitative',
            scale: { domain: [0, 1], range: ['#f2f7fc', '#0072b2'] },
            title: `${NAMES[measure]} (≥ ${threshold} flagged)`,
          },
        },
      },
      { mark: { type: 'text' }, encoding: { x, y, text: { field: 'value', type: 'quantitative', format: '.2f' } } },
    ],
  }) as never;
}
