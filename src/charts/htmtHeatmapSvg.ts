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
  /** `assessPlsPathModel(model, data, { bootstrap })`'s bootstrap section: each cell then shows its one-sided upper bound and is outlined unless that bound is below the threshold. */
  readonly bootstrap?: HtmtBootstrapBounds;
}

/** The parts of an assessment's `bootstrap` section the HTMT heat map draws: the one-sided upper bound (`tests[0].upper`, the `level` quantile of the resamples) of each pair. */
export interface HtmtBootstrapBounds {
  readonly resamples: number;
  readonly level: number;
  readonly htmt: readonly {
    readonly a: string;
    readonly b: string;
    readonly htmt: { readonly tests: readonly { readonly upper: number }[] } | null;
    readonly htmt2: { readonly tests: readonly { readonly upper: number }[] } | null;
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
  const same = (i: number, j: number) => (h: { a: string; b: string }) => (h.a === names[i] && h.b === names[j]) || (h.a === names[j] && h.b === names[i]);
  const value = (i: number, j: number) => matrix.htmt.find(same(i, j))?.[measure].value ?? null;
  const upperOf = (i: number, j: number) => matrix.bootstrap?.htmt.find(same(i, j))?.[measure]?.tests[0].upper ?? null;
  const out: { row: number; column: number; value: number | null; above: boolean; upper: number | null; outlined: boolean }[] = [];
  for (let i = 1; i < names.length; i++)
    for (let j = 0; j < i; j++) {
      const v = value(i, j);
      const upper = v === null ? null : upperOf(i, j);
      // H0: HTMT ≥ threshold, rejected when the one-sided upper bound is below it; not rejected: outlined
      out.push({ row: i, column: j, value: v, above: v !== null && Math.abs(v) >= threshold, upper, outlined: upper !== null && upper >= threshold });
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
 * Given `assessPlsPathModel(model, data, { bootstrap })` (its `bootstrap` section), each cell also
 * shows its one-sided upper bound ("upper 0.93": the `level` quantile of the resamples) and is
 * outlined when that bound is not below the threshold: H0: HTMT ≥ threshold not rejected, so
 * discriminant validity is not established at 1 − level (Henseler, Ringle & Sarstedt 2015;
 * Franke & Sarstedt 2019). The legend and footnote state the level, resamples and threshold.
 *
 * @param matrix The result of `assessPlsPathModel` (its `constructs`, `htmt` and optional `bootstrap`).
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
 * const upper = (u) => ({ tests: [{ upper: u }] });
 * const bootstrap = { resamples: 1000, level: 0.95, htmt: [
 *   { a: 'Image', b: 'Value', htmt: upper(0.7), htmt2: upper(0.69) },
 *   { a: 'Image', b: 'Loyalty', htmt: upper(0.95), htmt2: upper(0.94) },
 *   { a: 'Value', b: 'Loyalty', htmt: upper(0.86), htmt2: upper(0.85) }] };
 * const withBounds = htmtHeatmapSvg({ ...matrix, bootstrap }, { title: 'Discriminant validity' });
 * [withBounds.includes('>upper 0.70<'), withBounds.match(/stroke="#111111"/g).length]; // => [true, 3]
 */
export function htmtHeatmapSvg(matrix: HtmtMatrix, labels: ChartLabels, options?: HtmtHeatmapOptions): string {
  checkChart('htmtHeatmapSvg', chartSchemas.htmt, matrix, labels);
  const { threshold, measure, cells: grid } = cells('htmtHeatmapSvg', matrix, options);
  const { title, subtitle = '' } = labels;
  const names = matrix.constructs;
  const rowNames = names.slice(1);
  const columnNames = names.slice(0, -1);
  const text = (c: (typeof grid)[number]) => (c.value === null ? '—' : `${c.above ? '≥ ' : ''}${formatFixed(c.value, 2)}`);
  const upperText = (c: (typeof grid)[number]) => (c.upper === null ? '' : `upper ${formatFixed(c.upper, 2)}`);
  const boot = matrix.bootstrap;
  const cellW = Math.ceil(
    Math.max(
      64,
      ...columnNames.map((n) => textWidth(n, 11) + 12),
      ...grid.map((c) => textWidth(text(c), 12, true) + 12),
      ...grid.map((c) => textWidth(upperText(c), 10) + 12),
    ),
  );
  const cellH = boot ? 42 : 30;
  const rowLabelW = Math.ceil(Math.max(0, ...rowNames.map((n) => textWidth(n, 12))));
  const name = NAMES[measure];
  const legendAbove = `${name} ≥ ${formatFixed(threshold, 2)}: discriminant validity in doubt`;
  const legendBelow = `${name} < ${formatFixed(threshold, 2)} (shade: size)`;
  const legendWidth = 14 + 6 + textWidth(legendAbove, 11) + 24 + 14 + 6 + textWidth(legendBelow, 11);
  const percent = boot ? `${+(boot.level * 100).toFixed(4)}%` : '';
  const legendOutlined = `outlined: one-sided ${percent} upper bound ≥ ${formatFixed(threshold, 2)}, not significantly below it`;
  const bootNote = boot
    ? ` upper: the one-sided ${percent} bootstrap upper bound of the ${name} (${boot.resamples.toLocaleString('en-US')} resamples); H0: ${name} ≥ ${formatFixed(threshold, 2)} is rejected (discriminant validity established) when it is below ${formatFixed(threshold, 2)}, and the cell is outlined when it is not (Henseler, Ringle & Sarstedt 2015; Franke & Sarstedt 2019).`
    : '';
  const note = `${name} of each pair of constructs, judged by size, against the threshold ${formatFixed(threshold, 2)} (${SOURCES[measure]}: 0.85 for conceptually distinct constructs, 0.90 for similar ones). — : a single-item construct has no ${name}.${bootNote}`;
  const left = 20 + rowLabelW + 10;
  const gridW = Math.max(1, columnNames.length) * cellW;
  const width = Math.ceil(Math.max(left + gridW + 20, legendWidth + 40, boot ? 14 + 6 + textWidth(legendOutlined, 11) + 40 : 0, 420));
  const top = 70 + headerExtra(width, title, subtitle);
  const gridTop = top + 24; // the column names above
  const gridH = Math.max(1, rowNames.length) * cellH;
  const legendY = gridTop + gridH + 26;
  const legend2Y = legendY + 20; // with a bootstrap: the outline's legend
  const height = legendY + (boot ? 20 : 0) + 20 + 30 + footnoteExtra(width, note);
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
    if (c.outlined)
      parts.push(`<rect x="${x + 2.5}" y="${y + 2.5}" width="${cellW - 5}" height="${cellH - 5}" fill="none" stroke="#111111" stroke-width="2.5"/>`);
    parts.push(
      `<text x="${x + cellW / 2}" y="${boot ? y + 18 : y + cellH / 2 + 4}" font-size="12"${c.above ? ' font-weight="bold"' : ''} text-anchor="middle" fill="${ink}">${text(c)}</text>`,
    );
    if (c.upper !== null) parts.push(`<text x="${x + cellW / 2}" y="${y + 33}" font-size="10" text-anchor="middle" fill="${ink}">${upperText(c)}</text>`);
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
  if (boot) {
    parts.push(`<rect x="${lx + 1.25}" y="${legend2Y - 9.75}" width="11.5" height="11.5" fill="none" stroke="#111111" stroke-width="2.5"/>`);
    parts.push(`<text x="${lx + 20}" y="${legend2Y}" font-size="11" fill="#333">${escapeXml(legendOutlined)}</text>`);
  }
  parts.push(...svgFootnote(width, height - 14, note));
  return svgDocument(parts);
}

/**
 * The HTMT heat map as an interactive Vega-Lite spec: one cell per pair of constructs, shaded by
 * size, cells at or above the threshold in vermillion. With the assessment's `bootstrap`, each
 * value also carries `upper` (the one-sided upper bound) and `significantlyBelow` (`upper` <
 * threshold; null where the bound is not defined), both in the tooltip, and cells not
 * significantly below the threshold are outlined.
 *
 * @param options `threshold` (0.85), `measure` (`'htmt'`).
 * @example
 * const matrix = { constructs: ['Image', 'Loyalty'], htmt: [{ a: 'Image', b: 'Loyalty', htmt: { value: 0.87 }, htmt2: { value: 0.86 } }] };
 * htmtHeatmapVegaLite(matrix, { title: 'HTMT' }, { threshold: 0.9 }).data.values; // => [{ row: 'Loyalty', column: 'Image', value: 0.87, above: false }]
 * const bootstrap = { resamples: 1000, level: 0.95, htmt: [{ a: 'Image', b: 'Loyalty', htmt: { tests: [{ upper: 0.93 }] }, htmt2: null }] };
 * htmtHeatmapVegaLite({ ...matrix, bootstrap }, { title: 'HTMT' }, { threshold: 0.9 }).data.values[0]; // => { row: 'Loyalty', column: 'Image', value: 0.87, above: false, upper: 0.93, significantlyBelow: false }
 */
export function htmtHeatmapVegaLite(matrix: HtmtMatrix, labels: ChartLabels, options?: HtmtHeatmapOptions): VegaLiteSpec & { data: { values: unknown[] } } {
  checkChart('htmtHeatmapVegaLite', chartSchemas.htmt, matrix, labels);
  const { threshold, measure, cells: grid } = cells('htmtHeatmapVegaLite', matrix, options);
  const { title, subtitle = '' } = labels;
  const names = matrix.constructs;
  const boot = matrix.bootstrap;
  const values = grid.map((c) => ({
    row: names[c.row],
    column: names[c.column],
    value: c.value,
    above: c.above,
    ...(boot ? { upper: c.upper, significantlyBelow: c.upper === null ? null : !c.outlined } : {}),
  }));
  const x = { field: 'column', type: 'nominal', sort: names, title: null };
  const y = { field: 'row', type: 'nominal', sort: names, title: null };
  const name = NAMES[measure];
  const bootEncoding = boot
    ? {
        stroke: { condition: { test: 'datum.significantlyBelow === false', value: '#111111' }, value: null },
        tooltip: [
          { field: 'row', type: 'nominal' },
          { field: 'column', type: 'nominal' },
          { field: 'value', type: 'quantitative', format: '.3f', title: name },
          { field: 'upper', type: 'quantitative', format: '.3f', title: `one-sided ${+(boot.level * 100).toFixed(4)}% upper bound` },
          { field: 'significantlyBelow', type: 'nominal', title: `significantly below ${threshold}` },
        ],
      }
    : {};
  return vegaLiteFrame(title, subtitle, {
    data: { values },
    layer: [
      {
        mark: boot ? { type: 'rect', tooltip: true, strokeWidth: 2.5 } : { type: 'rect', tooltip: true },
        encoding: {
          ...bootEncoding,
          x,
          y,
          color: {
            condition: { test: 'datum.above', value: FLAG },
            field: 'value',
            type: 'quantitative',
            scale: { domain: [0, 1], range: ['#f2f7fc', '#0072b2'] },
            title: `${name} (≥ ${threshold} flagged)`,
          },
        },
      },
      { mark: { type: 'text' }, encoding: { x, y, text: { field: 'value', type: 'quantitative', format: '.2f' } } },
    ],
  }) as never;
}
