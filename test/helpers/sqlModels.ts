import { expect } from 'vitest';
import { compileScorer, fitRfm, fitSatisfactionIndex, fitSegments, fitValuePyramid, scoreColumns } from '../../src/index.js';
import { fitBetaGeo } from '../../src/clv.js';
import { readFixtureCsv } from './fixtures.js';
import { sqlTestData } from './sqlData.js';

// Models and expected outputs shared by the DuckDB and PostgreSQL runs of toSql.
const data = sqlTestData();
const models = {
  rfm: fitRfm(data, { recency: { column: 'recency', better: 'higher' }, frequency: { column: 'frequency' }, monetary: { column: 'spend' } }),
  pyramid: fitValuePyramid(data, {
    dimensions: [{ column: 'spend', transform: 'log1p', weight: 2 }, { column: 'frequency' }, { column: 'T', better: 'lower', scale: 'minmax' }],
  }),
  // no log1p: the SQL must then tier every row exactly as the scorer, threshold customers included
  linear: fitValuePyramid(data, { dimensions: [{ column: 'spend', weight: 2 }, { column: 'frequency' }, { column: 'T', better: 'lower' }] }),
  index: fitSatisfactionIndex(data, { items: ['q1', 'q2', 'q3'], scale: [1, 10] }),
  segments: fitSegments(data, { features: ['frequency', 'recency', 'spend'], k: 5, seed: 4, restarts: 3 }),
  clv: fitBetaGeo(readFixtureCsv('value/cdnow_customers_summary.csv').columns, { timeUnit: 'week' }),
};
const expected = scoreColumns(compileScorer(models), data).outputs;

/** Compare SQL output rows (ordered by id) with the scorer's outputs. */
export function compareWithScorer(rows: Record<string, unknown>[], name: string, field: string, output: string, pyramidThresholds?: readonly number[]) {
  const want = expected[output];
  let mismatches = 0;
  rows.forEach((row, i) => {
    const got = Number(row[`${name}_${field}`]);
    const w = want[i];
    if (got === w) return;
    if (Math.abs(got - w) <= 1e-12 * Math.max(1, Math.abs(w))) return;
    // a log1p value within an ulp of a tier threshold may tier differently (documented)
    if (pyramidThresholds && pyramidThresholds.some((t) => Math.abs(Number(row.pyramid_value) - t) < 1e-9 * Math.max(1, Math.abs(t)))) return;
    mismatches++;
  });
  expect(mismatches, `${name}_${field}`).toBe(0);
}

export const SQL_CHECKS: [keyof typeof models, string, string][] = [
  ['rfm', 'recency', 'rfm.recency'],
  ['rfm', 'frequency', 'rfm.frequency'],
  ['rfm', 'monetary', 'rfm.monetary'],
  ['rfm', 'cell', 'rfm.cell'],
  ['rfm', 'total', 'rfm.total'],
  ['pyramid', 'value', 'pyramid.value'],
  ['pyramid', 'tier', 'pyramid.tier'],
  ['linear', 'value', 'linear.value'],
  ['linear', 'tier', 'linear.tier'],
  ['index', 'index', 'index.index'],
  ['index', 'index100', 'index.index100'],
  ['segments', 'segment', 'segments.segment'],
  ['segments', 'distance', 'segments.distance'],
  ['clv', 'probability_alive', 'clv.probabilityAlive'],
];
export { data, models, expected };
