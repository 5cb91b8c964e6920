import { checkChart, chartSchemas } from './chartInputs.js';
import { escapeXml, svgDocument, svgHeader, type ChartLabels } from './svgFrame.js';
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
 * period since acquisition, each cell shaded (colour-blind-safe blues) and labelled in percent.
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
  const left = 150;
  const top = 90;
  const width = left + columns * cell.w + 30;
  const height = top + result.cohorts.length * cell.h + 50;
  // Offset 0 is 100% by definition; shade the rest on their own range so differences show.
  const max = Math.max(...result.retention.flatMap((row) => row.slice(1).filter((v) => v !== null)), 0.01);
  const parts = [
    ...svgHeader(width, height, title, subtitle),
    `<text x="${left}" y="${top - 22}" font-size="12" fill="#333">${escapeXml(periodName)}s since first purchase →</text>`,
  ];
  for (let k = 0; k < columns; k++) {
    parts.push(`<text x="${left + k * cell.w + cell.w / 2}" y="${top - 6}" font-size="11" text-anchor="middle" fill="#555">${k}</text>`);
  }
  result.cohorts.forEach((cohort, c) => {
    const y = top + c * cell.h;
    parts.push(`<text x="${left - 8}" y="${y + cell.h / 2 + 4}" font-size="12" text-anchor="end" fill="#222">${escapeXml(cohort)} (n=${result.size[c].toLocaleString('en-US')})</text>`);
    result.retention[c].forEach((value, k) => {
      if (value === null) return;
      const { fill, ink } = k === 0 ? { fill: '#d9d9d9', ink: '#111111' } : shade(value, max);
      const x = left + k * cell.w;
      parts.push(`<rect x="${x}" y="${y}" width="${cell.w - 2}" height="${cell.h - 2}" fill="${fill}"/>`);
      parts.push(`<text x="${x + (cell.w - 2) / 2}" y="${y + cell.h / 2 + 3}" font-size="10" text-anchor="middle" fill="${ink}">${Math.round(100 * value)}</text>`);
    });
  });
  parts.push(`<text x="20" y="${height - 16}" font-size="11" fill="#777">Cells: % of the cohort buying in that ${escapeXml(periodName)}. Column 0 is 100% by definition.</text>`);
  return svgDocument(parts);
}

/**
 * Cohort retention as an interactive Vega-Lite heat map (cohort × periods since acquisition).
 *
 * @example
 * const spec = cohortRetentionVegaLite({ cohorts: ['2024-01'], size: [10], retention: [[1, 0.4]] }, { title: 'Cohorts' });
 * spec.data.values; // => [{ cohort: '2024-01', offset: 0, retention: 1 }, { cohort: '2024-01', offset: 1, retention: 0.4 }]
 */
export function cohortRetentionVegaLite(result: CohortRetentionCells, labels: ChartLabels & { readonly periodName?: string }): VegaLiteSpec & { data: { values: unknown[] } } {
  checkChart('cohortRetentionVegaLite', chartSchemas.cohorts, result, labels);
  const { title, subtitle = '', periodName = 'period' } = labels;
  const values = result.cohorts.flatMap((cohort, c) => result.retention[c].flatMap((retention, offset) => (retention === null ? [] : [{ cohort, offset, retention }])));
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
