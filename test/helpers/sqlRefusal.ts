import { expect } from 'vitest';
import {
  compileScorer,
  fitRfm,
  fitSatisfactionIndex,
  fitSegments,
  fitValuePyramid,
  scoreColumns,
  scoreRfm,
  scoreSatisfactionIndex,
  scoreSegments,
  scoreValuePyramid,
} from '../../src/index.js';
import { fitBetaGeo, probabilityAlive } from '../../src/clv.js';
import type { CustomerValueModel } from '../../src/model/parseModel.js';
import { inputDomain, largestFiniteMultiplicand } from '../../src/internal/inputDomain.js';
import { betaGeoCovariatePredictions } from '../../src/loyalty/clv/betaGeoCovariatePredictions.js';
import { fitBetaGeoWithCovariates } from '../../src/loyalty/clv/fitBetaGeoWithCovariates.js';
import type { SqlModelKind } from '../../src/model/kinds.js';
import { readFixtureCsv, readFixtureJson } from './fixtures.js';
import { sqlTestData } from './sqlData.js';

// Refusal parity between the TypeScript library and the SQL toSql writes: a table of accepted
// and refused rows per model kind, the library's verdict on each row (scoreColumns with
// missing: 'skip' and the per-model score function), and a comparison of SQL results with it.

const data = sqlTestData(2000);
/** 4,000 simulated customers with a three-level segment and a numeric score (make_bgnbd_covariates_reference.py). */
const covariateData = readFixtureJson<{ data: Record<string, unknown[]> }>('loyalty/bgnbd_covariates_reference.json').data;

/** One fitted model per exportable kind (a kind missing here fails the contract suite). */
export const REFUSAL_MODELS: Record<SqlModelKind, CustomerValueModel> = {
  rfm: fitRfm(data, { recency: { column: 'recency', better: 'higher' }, frequency: { column: 'frequency' }, monetary: { column: 'spend' } }),
  // frequency unscaled (center 0) with weight 0.5: 0.5 · 5e-324 rounds to 0, which PostgreSQL refuses as an underflow
  valuePyramid: fitValuePyramid(data, {
    dimensions: [
      { column: 'spend', transform: 'log1p', weight: 2 },
      { column: 'frequency', scale: 'none', weight: 0.5 },
      { column: 'T', better: 'lower', scale: 'minmax' },
    ],
  }),
  satisfactionIndex: fitSatisfactionIndex(data, { items: ['q1', 'q2', 'q3'], scale: [1, 10] }),
  segments: fitSegments(data, { features: ['frequency', 'recency', 'spend'], k: 3, seed: 4, restarts: 2 }),
  betaGeo: fitBetaGeo(readFixtureCsv('value/cdnow_customers_summary.csv').columns, { timeUnit: 'week' }),
  // a categorical covariate (text levels a, b, c) and a numeric one
  betaGeoCovariates: fitBetaGeoWithCovariates(covariateData, {
    timeUnit: 'week',
    covariates: { columns: [{ column: 'segment', categorical: true }, { column: 'score' }] },
  }),
};

/** SQL output field → scorer output field, per kind (tier_name is checked against the tier). */
export const SQL_FIELDS: Record<SqlModelKind, Record<string, string>> = {
  rfm: { recency: 'recency', frequency: 'frequency', monetary: 'monetary', cell: 'cell', total: 'total' },
  valuePyramid: { value: 'value', tier: 'tier', tier_name: 'tier' },
  satisfactionIndex: { index: 'index', index100: 'index100' },
  segments: { segment: 'segment', distance: 'distance' },
  betaGeo: { probability_alive: 'probabilityAlive' },
  betaGeoCovariates: { probability_alive: 'probabilityAlive' },
};

/** Largest difference from the scorer, relative to max(1, |value|): the covariate kind's EXP of each customer's parameters adds the engines' rounding. */
const TOLERANCE: Record<SqlModelKind, number> = {
  rfm: 1e-12,
  valuePyramid: 1e-12,
  satisfactionIndex: 1e-12,
  segments: 1e-12,
  betaGeo: 1e-12,
  betaGeoCovariates: 1e-12,
};

/** A cell of the table: a number, null (SQL NULL), NaN/±Infinity (stored as such in the engine), or a categorical level (text). */
export type Cell = number | string | null;
export type RefusalRow = Record<string, Cell>;
const MAX = Number.MAX_VALUE;

/** Values each input takes in turn, the other inputs kept at an accepted base row. */
export const ATTACK_VALUES: readonly Cell[] = [
  null,
  Number.NaN,
  Infinity,
  -Infinity,
  -1,
  -0.5,
  0,
  -0,
  0.5,
  1,
  1.5,
  3,
  11,
  52,
  1e15,
  1e150,
  1e160,
  1e300,
  -1e300,
  MAX,
  -MAX,
  5e-324,
  -5e-324,
  1e-320,
  1e-300,
  1e-160,
];

const BASE: RefusalRow = { frequency: 2, recency: 10.5, T: 30, spend: 55.25, q1: 7, q2: 5, q3: 9, segment: 'b', score: 0.5 };

/** Values a categorical input (text levels a, b, c) takes in turn: missing, every level, unknown text, other case, spaces, a number's text. */
const LEVEL_ATTACKS: readonly Cell[] = [null, 'a', 'b', 'c', 'd', '', 'B', 'b ', ' b', '1', 'NaN'];

/** BG/NBD histories at the edges: no repeat purchase, recency at T, heavy buyers whose P(alive) underflows. */
const HISTORIES: readonly RefusalRow[] = [
  { frequency: 0, recency: 0, T: 30 },
  { frequency: 0, recency: 3, T: 30 },
  { frequency: 3, recency: 30, T: 30 },
  { frequency: 3, recency: 30 * (1 + 1e-12), T: 30 },
  { frequency: 3, recency: 31, T: 30 },
  { frequency: 3, recency: 0, T: 0 },
  { frequency: 2.5, recency: 10, T: 30 },
  { frequency: -1, recency: 0, T: 30 },
  { frequency: 100, recency: 1, T: 78 },
  { frequency: 1000, recency: 1, T: 78 },
  { frequency: 5000, recency: 0, T: 78 },
  { frequency: 1e6, recency: 1, T: 1000 },
  { frequency: 1e15, recency: 0, T: 1e300 },
  { frequency: MAX, recency: 0, T: MAX },
  { frequency: 3, recency: 1e300, T: MAX },
  { frequency: 3, recency: MAX, T: MAX },
  { frequency: 1, recency: 5e-324, T: 5e-324 },
  { frequency: 40, recency: 1e-300, T: 30 },
];

const bits = new DataView(new ArrayBuffer(8));
/** The next double towards +Infinity (step 1) or −Infinity (step −1). */
export function nextDouble(x: number, step: 1 | -1): number {
  if (x === 0) return step * Number.MIN_VALUE;
  bits.setFloat64(0, x);
  bits.setBigUint64(0, bits.getBigUint64(0) + BigInt((x > 0 ? 1 : -1) * step));
  return bits.getFloat64(0);
}

/**
 * Values at the edges of the model's input domain and thresholds: each bound and its neighbouring
 * double on either side, the RFM thresholds and their neighbours, recency at T·(1 + 1e-12) + 1e-12
 * and one ulp above, T at the largest value whose bound is finite and one ulp above.
 */
function edgeRows(kind: SqlModelKind): RefusalRow[] {
  const model = REFUSAL_MODELS[kind];
  const domain = inputDomain(model);
  const rows: RefusalRow[] = [];
  const around = (v: number) => (Number.isFinite(v) ? [nextDouble(v, -1), v, nextDouble(v, 1)] : []);
  domain.columns.forEach((column, j) => {
    if (domain.levels[j] !== null) return; // a categorical input's range is over its level indexes: LEVEL_ATTACKS
    const { min, max, above } = domain.ranges[j];
    for (const v of [...around(min), ...around(max), ...around(above)]) if (Number.isFinite(v)) rows.push({ ...BASE, [column]: v });
  });
  if (model.kind === 'rfm') {
    for (const d of ['recency', 'frequency', 'monetary'] as const)
      for (const t of model.thresholds[d]) for (const v of around(t)) rows.push({ ...BASE, [model.spec[d].column]: v });
  }
  for (const relation of domain.relations) {
    if (relation.kind !== 'atMost') continue;
    const T = 30;
    const limit = T * relation.factor + relation.offset;
    for (const v of around(limit)) rows.push({ ...BASE, frequency: 3, [relation.bound]: T, [relation.column]: v });
    const big = largestFiniteMultiplicand(relation.factor);
    for (const bound of [big, nextDouble(big, 1)]) rows.push({ ...BASE, frequency: 3, [relation.bound]: bound, [relation.column]: MAX });
  }
  return rows;
}

/** The table for one model: id, then the model's inputs. */
export function refusalRows(kind: SqlModelKind): { columns: string[]; rows: RefusalRow[] } {
  const scorer = compileScorer(REFUSAL_MODELS[kind]);
  const columns = [...scorer.inputs];
  const rows: RefusalRow[] = [{ ...BASE }];
  columns.forEach((column, k) => {
    for (const v of scorer.levels[k] === null ? ATTACK_VALUES : LEVEL_ATTACKS) rows.push({ ...BASE, [column]: v });
  });
  if (kind === 'betaGeo' || kind === 'betaGeoCovariates') for (const h of HISTORIES) rows.push({ ...BASE, ...h });
  // every level with a history that buys, and the numeric covariate far out on both sides
  if (kind === 'betaGeoCovariates')
    for (const segment of ['a', 'b', 'c']) for (const score of [-3, 0, 2.5]) rows.push({ ...BASE, frequency: 5, recency: 20, segment, score });
  rows.push(...edgeRows(kind));
  return { columns, rows: rows.map((row, id) => ({ id, ...row })) };
}

/** The library's verdict on one row: null when refused or skipped, else the scorer's outputs by field. */
export type Verdict = Record<string, number> | null;

/**
 * Score each row alone with `scoreColumns(compileScorer(model), row, { missing: 'skip' })` and
 * with the per-model function; both must agree on refusing (throw `invalid_value`) or skipping.
 */
export function libraryVerdicts(kind: SqlModelKind, rows: readonly RefusalRow[], columns: readonly string[]): Verdict[] {
  const model = REFUSAL_MODELS[kind];
  const scorer = compileScorer({ m: model });
  return rows.map((row) => {
    const table = Object.fromEntries(columns.map((c) => [c, [row[c]]]));
    let scored: Verdict = null;
    try {
      const result = scoreColumns(scorer, table, { missing: 'skip' });
      if (result.skipped === 0) scored = Object.fromEntries(scorer.outputs.map((o) => [o.name.slice(2), Number(result.outputs[o.name][0])]));
    } catch (error) {
      expect((error as { code?: string }).code, `scoreColumns on row ${JSON.stringify(row)}`).toBe('invalid_value');
    }
    let own: number | null = null; // the per-model function's first output, or null when it refuses or skips
    try {
      own = perModelFirst(kind, model, table);
    } catch (error) {
      expect((error as { code?: string }).code, `per-model ${kind} on row ${JSON.stringify(row)}`).toBe('invalid_value');
    }
    expect(own === null, `per-model ${kind} and scoreColumns agree on refusing ${JSON.stringify(row)}`).toBe(scored === null);
    if (scored !== null) expect(own, `per-model ${kind} equals the scorer on ${JSON.stringify(row)}`).toBe(scored[Object.values(SQL_FIELDS[kind])[0]]);
    return scored;
  });
}

function perModelFirst(kind: SqlModelKind, model: CustomerValueModel, table: Record<string, Cell[]>): number | null {
  const m = model as never;
  switch (kind) {
    case 'rfm': {
      const r = scoreRfm(m, table, { missing: 'skip' });
      return r.skipped ? null : r.recency[0];
    }
    case 'valuePyramid': {
      const r = scoreValuePyramid(m, table, { missing: 'skip' });
      return r.skipped ? null : r.value[0];
    }
    case 'satisfactionIndex': {
      const r = scoreSatisfactionIndex(m, table, { missing: 'skip' });
      return r.skipped ? null : r.index[0];
    }
    case 'segments': {
      const r = scoreSegments(m, table, { missing: 'skip' });
      return r.skipped ? null : r.segment[0];
    }
    case 'betaGeo': {
      const r = probabilityAlive(m, table, { missing: 'skip' });
      return r.skipped ? null : r.values[0];
    }
    case 'betaGeoCovariates': {
      const r = betaGeoCovariatePredictions(m, table, { horizon: 0, missing: 'skip' });
      return r.skipped ? null : r.probabilityAlive[0];
    }
  }
}

/** A cell as a SQL literal for DuckDB or PostgreSQL. */
export function sqlLiteral(v: Cell, double: string): string {
  if (v === null) return 'NULL';
  if (typeof v === 'string') return `'${v.replace(/'/g, "''")}'`;
  if (Number.isNaN(v)) return `CAST('NaN' AS ${double})`;
  if (v === Infinity) return `CAST('Infinity' AS ${double})`;
  if (v === -Infinity) return `CAST('-Infinity' AS ${double})`;
  return `CAST('${String(v)}' AS ${double})`;
}

/** CREATE TABLE + INSERT for the rows: inputs as doubles, a column holding text (categorical levels) as VARCHAR. */
export function createTableSql(table: string, columns: readonly string[], rows: readonly RefusalRow[], double: string): string {
  const text = (c: string) => rows.some((row) => typeof row[c] === 'string');
  const defs = ['"id" INTEGER', ...columns.map((c) => `"${c}" ${text(c) ? 'VARCHAR' : double}`)].join(', ');
  const values = rows.map((row) => `(${[String(row.id), ...columns.map((c) => sqlLiteral(row[c], double))].join(', ')})`).join(',\n');
  return `CREATE TABLE ${table} (${defs});\nINSERT INTO ${table} VALUES\n${values};`;
}

/**
 * Compare SQL results (ordered by id) with the verdicts: every output NULL exactly on refused
 * and skipped rows, equal to the scorer (1e-12 relative) elsewhere.
 */
export function expectSqlMatches(
  kind: SqlModelKind,
  name: string,
  sqlRows: readonly Record<string, unknown>[],
  verdicts: readonly Verdict[],
  rows: readonly RefusalRow[],
  engine: string,
): void {
  expect(sqlRows.length).toBe(verdicts.length);
  const tierNames = kind === 'valuePyramid' ? (REFUSAL_MODELS.valuePyramid as { tierNames: readonly string[] }).tierNames : [];
  const problems: string[] = [];
  sqlRows.forEach((sqlRow, i) => {
    const want = verdicts[i];
    for (const [field, scorerField] of Object.entries(SQL_FIELDS[kind])) {
      const raw = sqlRow[`${name}_${field}`];
      const isNull = raw === null || raw === undefined || raw === '';
      const where = `${engine} ${kind} row ${JSON.stringify(rows[i])} ${field}`;
      if (want === null) {
        if (!isNull) problems.push(`${where}: expected NULL (the library refuses or skips the row), got ${String(raw)}`);
        continue;
      }
      if (isNull) {
        problems.push(`${where}: expected ${want[scorerField]}, got NULL`);
        continue;
      }
      if (field === 'tier_name') {
        if (raw !== tierNames[want.tier]) problems.push(`${where}: expected ${tierNames[want.tier]}, got ${String(raw)}`);
        continue;
      }
      const got = Number(raw);
      const w = want[scorerField];
      if (!(got === w || Math.abs(got - w) <= TOLERANCE[kind] * Math.max(1, Math.abs(w)))) problems.push(`${where}: expected ${w}, got ${got}`);
    }
  });
  expect(problems).toEqual([]);
}
