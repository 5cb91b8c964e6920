import { checkChart, chartSchemas } from './chartInputs.js';
import { formatFixed } from '../internal/formatFixed.js';
import { textWidth } from '../internal/textWidth.js';
import { axisTicks } from './svgAxis.js';
import { escapeXml, footnoteExtra, headerExtra, svgDocument, svgFootnote, svgHeader, type ChartLabels } from './svgFrame.js';
import { vegaLiteFrame, type VegaLiteSpec } from './vegaLiteSpec.js';

/** The parts of a `cohortRetention` result the chart draws. */
export interface CohortRetentionCells {
  readonly cohorts: readonly string[];
  readonly size: ArrayLike<number>;
  readonly retention: readonly (readonly (number | null)[])[];
}

/** Sequential colour-blind-safe blues (light → dark) for a value in [0, max]. */
function shade(value: number, max: number): { fill: string; ink: string } {
  const t = Math.sqrt(Math.max(0, Math.min(1, value / max)));
  const from = [239, 243, 255];
  const to = [8, 69, 148];
  const c = from.map((f, i) => Math.round(f + (to[i] - f) * t));
  return { fill: `rgb(${c.join(',')})`, ink: t > 0.55 ? '#ffffff' : '#111111' };
}

/**
 * A standalone SVG heat map of cohort retention: one row per acquisition cohort, one column per
 * period since acquisition, each cell shaded (colour-blind-safe blues) and labelled in percent,
 * with a colour legend: periods 1 onwards are shaded on their own range (0 to the highest cell),
 * period 0 (100% by definition) in grey.
 *
 * @param result The result of `cohortRetention`.
 * @param labels `title`, `subtitle`, `periodName` (e.g. `'month'`).
 * @example
 * const svg = cohortRetentionSvg({ cohorts: ['2024-01'], size: [10], retention: [[1, 0.4]] }, { title: 'Cohorts', periodName: 'month' });
 * [svg.includes('2024-01 (n=10)'), svg.includes('>40<')]; // => [true, true]
 */
export function cohortRetentionSvg(result: CohortRetentionCells, labels: ChartLabels & { readonly periodName?: string }): string {
  checkChart('cohortRetentionSvg', chartSchemas.cohorts, result, labels);
  const { title, subtitle = '', periodName = 'period' } = labels;
  const columns = Math.max(...result.retention.map((row) => row.length));
  const cell = { w: 38, h: 30 };
  const rowLabels = result.cohorts.map((cohort, c) => `${cohort} (n=${formatFixed(result.size[c], 0, true)})`);
  const axisTitle = `${periodName}s since first purchase →`;
  const note = `Cells: % of the cohort buying in that ${periodName}. Column 0 is 100% by definition.`;
  const left = Math.ceil(Math.max(150, 28 + Math.max(...rowLabels.map((l) => textWidth(l, 12)))));
  const legendWidth = 200;
  const legendLabel = `${periodName} 1 onwards`;
  const zeroLabel = `${periodName} 0: 100%`;
  const legendX = Math.ceil(Math.max(140, 32 + textWidth(legendLabel, 11)));
  const width = Math.ceil(
    Math.max(left + columns * cell.w + 30, left + textWidth(axisTitle, 12) + 20, legendX + legendWidth + 52 + textWidth(zeroLabel, 11), 500),
  );
  const top = 90 + headerExtra(width, title, subtitle);
  const gridBottom = top + result.cohorts.length * cell.h;
  const legendTop = gridBottom + 16;
  const height = legendTop + 46 + 30 + footnoteExtra(width, note);
  // Offset 0 is 100% by definition; shade the rest on their own range so differences show.
  const max = Math.max(...result.retention.flatMap((row) => row.slice(1).filter((v) => v !== null)), 0.01);
  const parts = [...svgHeader(width, height, title, subtitle), `<text x="${left}" y="${top - 22}" font-size="12" fill="#333">${escapeXml(axisTitle)}</text>`];
  for (let k = 0; k < columns; k++) {
    parts.push(`<text x="${left + k * cell.w + cell.w / 2}" y="${top - 6}" font-size="11" text-anchor="middle" fill="#555">${k}</text>`);
  }
  result.cohorts.forEach((cohort, c) => {
    const y = top + c * cell.h;
    parts.push(`<text x="${left - 8}" y="${y + cell.h / 2 + 4}" font-size="12" text-anchor="end" fill="#222">${escapeXml(rowLabels[c])}</text>`);
    result.retention[c].forEach((value, k) => {
      if (value === null) return;
      const { fill, ink } = k === 0 ? { fill: '#d9d9d9', ink: '#111111' } : shade(value, max);
      const x = left + k * cell.w;
      parts.push(`<rect x="${x}" y="${y}" width="${cell.w - 2}" height="${cell.h - 2}" fill="${fill}"/>`);
      parts.push(
        `<text x="${x + (cell.w - 2) / 2}" y="${y + cell.h / 2 + 3}" font-size="10" text-anchor="middle" fill="${ink}">${formatFixed(100 * value, 0)}</text>`,
      );
    });
  });
  // Colour legend: the gradient the cells use (stops follow the square-root shading), ticked in %.
  const stops = Array.from({ length: 11 }, (_, i) => `<stop offset="${i * 10}%" stop-color="${shade((max * i) / 10, max).fill}"/>`).join('');
  parts.push(`<defs><linearGradient id="cohort-retention-scale" x1="0" x2="1" y1="0" y2="0">${stops}</linearGradient></defs>`);
  parts.push(`<text x="20" y="${legendTop + 12}" font-size="11" fill="#333">${escapeXml(legendLabel)}</text>`);
  parts.push(
    `<rect x="${legendX}" y="${legendTop + 2}" width="${legendWidth}" height="12" fill="url(#cohort-retention-scale)" stroke="#bbbbbb" stroke-width="0.5"/>`,
  );
  for (const tick of axisTicks(0, 100 * max, legendWidth, 'x', (v, d) => `${formatFixed(v, d)}%`, 10)) {
    const x = legendX + (tick.value / (100 * max)) * legendWidth;
    parts.push(`<line x1="${x.toFixed(1)}" y1="${legendTop + 14}" x2="${x.toFixed(1)}" y2="${legendTop + 18}" stroke="#888"/>`);
    parts.push(`<text x="${x.toFixed(1)}" y="${legendTop + 29}" font-size="10" text-anchor="middle" fill="#555">${tick.label}</text>`);
  }
  parts.push(`<rect x="${legendX + legendWidth + 16}" y="${legendTop + 2}" width="12" height="12" fill="#d9d9d9"/>`);
  parts.push(`<text x="${legendX + legendWidth + 32}" y="${legendTop + 12}" font-size="11" fill="#333">${escapeXml(zeroLabel)}</text>`);
  parts.push(...svgFootnote(width, height - 16, note));
  return svgDocument(parts);
}

/**
 * Cohort retention as an interactive Vega-Lite heat map (cohort × periods since acquisition).
 *
 * @example
 * const spec = cohortRetentionVegaLite({ cohorts: ['2024-01'], size: [10], retention: [[1, 0.4]] }, { title: 'Cohorts' });
 * spec.data.values; // => [{ cohort: '2024-01', offset: 0, retention: 1 }, { cohort: '2024-01', offset: 1, retention: 0.4 }]
 */
export function cohortRetentionVegaLite(
  result: CohortRetentionCells,
  labels: ChartLabels & { readonly periodName?: string },
): VegaLiteSpec & { data: { values: unknown[] } } {
  checkChart('cohortRetentionVegaLite', chartSchemas.cohorts, result, labels);
  const { title, subtitle = '', periodName = 'period' } = labels;
  const values = result.cohorts.flatMap((cohort, c) =>
    result.retention[c].flatMap((retention, offset) => (retention === null ? [] : [{ cohort, offset, retention }])),
  );
  return vegaLiteFrame(title, subtitle, {
    data: { values },
    mark: { type: 'rect', tooltip: true },
    encoding: {
      x: { field: 'offset', type: 'ordinal', title: `${periodName}s since first purchase` },
      y: { field: 'cohort', type: 'ordinal', title: null },
      color: { field: 'retention', type: 'quantitative', scale: { scheme: 'blues' }, legend: { format: '.0%' } },
    },
  }) as never;
}
