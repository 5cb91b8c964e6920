import { describe, expect, it } from 'vitest';
import { CustomerValueError, fitRfm, fitValuePyramid, type RfmSpec, type ValuePyramidSpec } from '../../src/index.js';
import { SQL_DIALECTS, type SqlDialect } from '../../src/scoring/toSql.js';
import { rfmStatisticsInWarehouse } from '../../src/warehouse/rfmStatisticsInWarehouse.js';
import { valuePyramidStatisticsInWarehouse } from '../../src/warehouse/valuePyramidStatisticsInWarehouse.js';
import type { WarehouseEngine, WarehouseRow } from '../../src/warehouse/warehouseEngine.js';
import { parseInDialect } from '../helpers/sqlParser.js';

// The SQL of every stage of the value-pyramid and RFM statistics, for the dialects no test can
// execute here (Spark, BigQuery, Snowflake: snapshots, enumerated from SQL_DIALECTS), through the
// public functions on a stand-in engine that records each query and answers it; and the
// refusals at the door (engine, options, spec) and of statistics that do not fit the spec.

/** A stand-in engine: answers the queries in order and records them. */
function recording(dialect: SqlDialect, answers: WarehouseRow[][]): WarehouseEngine & { sql: string[] } {
  const sql: string[] = [];
  return { dialect, sql, query: (text: string) => (sql.push(text), answers[sql.length - 1]) };
}

const x = (values: number[]) => Object.fromEntries(values.map((v, i) => [`__cv_x${i}`, v]));
const pyramidSpecs: Record<string, { spec: ValuePyramidSpec; answers: WarehouseRow[][] }> = {
  quantile: {
    spec: {
      dimensions: [
        { column: 'revenue', transform: 'log1p' },
        { column: 'frequency', scale: 'minmax' },
        { column: 'days since last', better: 'lower', scale: 'none' },
      ],
      missing: 'skip',
    },
    answers: [
      [
        {
          rows: 10,
          n: 9,
          ...{ refused_0: 0, min_0: 0, max_0: 100, mean_0: 2, sd_0: 1 },
          ...{ refused_1: 0, min_1: 0, max_1: 5, mean_1: null, sd_1: null },
          ...{ refused_2: 0, min_2: 1, max_2: 300, mean_2: null, sd_2: null },
        },
      ],
      [
        { rank: 1, ...x([100, 5, 1]), score: 1 },
        { rank: 2, ...x([50, 4, 3]), score: 0.5 },
        { rank: 9, ...x([0, 0, 300]), score: -99 },
      ],
      [
        { tier: 0, customers: 1, value: 1 },
        { tier: 2, customers: 1, value: 0.5 },
        { tier: 3, customers: 7, value: -100 },
      ],
    ],
  },
  cumulativeShare: {
    spec: {
      dimensions: [
        { column: 'revenue', scale: 'minmax' },
        { column: 'margin', scale: 'minmax' },
      ],
      tiers: { method: 'cumulativeShare' },
      missing: 'skip',
    },
    answers: [
      [
        {
          rows: 4,
          n: 4,
          ...{ refused_0: 0, min_0: 0, max_0: 10, mean_0: null, sd_0: null },
          ...{ refused_1: 0, min_1: 0, max_1: 1, mean_1: null, sd_1: null },
        },
      ],
      [{ cut_0: 1, cut_1: 2, n: 4, lowest: 0 }],
      [
        { rank: 1, ...x([10, 1]), score: 1 },
        { rank: 2, ...x([5, 0.5]), score: 0.5 },
        { rank: 4, ...x([0, 0]), score: 0 },
      ],
      [
        { tier: 0, customers: 1, value: 1 },
        { tier: 1, customers: 1, value: 0.5 },
        { tier: 2, customers: 2, value: 0.2 },
      ],
    ],
  },
};
const rfmSpec: RfmSpec = {
  recency: { column: 'days since last', better: 'lower' },
  frequency: { column: 'orders' },
  monetary: { column: 'revenue' },
  bins: 3,
  missing: 'skip',
};
const rfmAnswers: WarehouseRow[][] = [
  [{ rows: 7, n: 6, refused_0: 0, refused_1: 0, refused_2: 0 }],
  [{ q_0_1: 3, q_0_2: 9, q_1_1: 1, q_1_2: 1, q_2_1: 20, q_2_2: 50 }],
  [{ c_0_1: 2, c_0_2: 4, c_1_1: 5, c_1_2: 5, c_2_1: 2, c_2_2: 4 }],
];

describe('value pyramid and RFM statistics SQL in Spark, BigQuery and Snowflake (snapshots)', () => {
  const unexecuted = SQL_DIALECTS.filter((d) => d !== 'duckdb' && d !== 'postgres');
  for (const dialect of unexecuted) {
    for (const [method, { spec, answers }] of Object.entries(pyramidSpecs)) {
      it(`valuePyramidStatisticsInWarehouse, ${method} tiers, ${dialect}`, async () => {
        const engine = recording(dialect, answers);
        const statistics = await valuePyramidStatisticsInWarehouse(engine, spec, { table: ['sales', 'customers'] });
        expect(fitValuePyramid(statistics, spec).kind).toBe('valuePyramid');
        expect(engine.sql).toHaveLength(answers.length);
        expect(engine.sql.join('\n\n')).toMatchSnapshot();
        for (const sql of engine.sql) expect(parseInDialect(sql, dialect, 'rfmStatisticsInWarehouse').statements).toHaveLength(1);
        for (const sql of engine.sql) expect(parseInDialect(sql, dialect, `valuePyramidStatisticsInWarehouse (${method})`).statements).toHaveLength(1);
      });
    }
    it(`rfmStatisticsInWarehouse, ${dialect}`, async () => {
      const engine = recording(dialect, rfmAnswers);
      const model = fitRfm(await rfmStatisticsInWarehouse(engine, rfmSpec, { table: 'customers' }), rfmSpec);
      expect(model.fitted.diagnostics.scoreCounts).toEqual({ recency: [2, 2, 2], frequency: [5, 0, 1], monetary: [2, 2, 2] });
      expect(engine.sql.join('\n\n')).toMatchSnapshot();
      for (const sql of engine.sql) expect(parseInDialect(sql, dialect, 'rfmStatisticsInWarehouse').statements).toHaveLength(1);
    });
  }
});

async function rejected(promise: Promise<unknown>): Promise<CustomerValueError> {
  const error = await promise.catch((e: unknown) => e);
  expect(error).toBeInstanceOf(CustomerValueError);
  return error as CustomerValueError;
}

describe('valuePyramidStatisticsInWarehouse / rfmStatisticsInWarehouse: refusals at the door, before any query', () => {
  const { spec } = pyramidSpecs.quantile;
  const never = (dialect: SqlDialect): WarehouseEngine => ({
    dialect,
    query: () => {
      throw new Error('no query should run');
    },
  });
  it.each([
    ['missing left at its default', { ...spec, missing: undefined }, 'spec.missing'],
    ["missing: 'error'", { ...spec, missing: 'error' }, 'spec.missing'],
    ['an unknown scale', { ...spec, dimensions: [{ column: 'revenue', scale: 'rank' }] }, 'spec.dimensions.0.scale'],
    [
      'shares that do not sum to 1',
      {
        ...spec,
        tiers: {
          method: 'quantile',
          cuts: [
            { name: 'a', share: 0.5 },
            { name: 'b', share: 0.4 },
          ],
        },
      },
      'spec.tiers.cuts',
    ],
  ])('value pyramid: %s → invalid_spec at the path', async (_, bad, path) => {
    const error = await rejected(valuePyramidStatisticsInWarehouse(never('duckdb'), bad as ValuePyramidSpec, { table: 't' }));
    expect(error).toMatchObject({ code: 'invalid_spec', issues: [{ function: 'valuePyramidStatisticsInWarehouse', path }] });
  });

  it.each([
    ['missing: error', { ...rfmSpec, missing: 'error' }, 'spec.missing'],
    ['bins out of range', { ...rfmSpec, bins: 12 }, 'spec.bins'],
    ['recency without a direction', { ...rfmSpec, recency: { column: 'r' } }, 'spec.recency.better'],
  ])('RFM: %s → invalid_spec at the path', async (_, bad, path) => {
    const error = await rejected(rfmStatisticsInWarehouse(never('postgres'), bad as RfmSpec, { table: 't' }));
    expect(error).toMatchObject({ code: 'invalid_spec', issues: [{ function: 'rfmStatisticsInWarehouse', path }] });
  });

  it('refuses an engine without a dialect it can write, options without a table, and names it cannot quote', async () => {
    const noDialect = await rejected(valuePyramidStatisticsInWarehouse({ dialect: 'oracle', query: () => [] } as never, spec, { table: 't' }));
    expect(noDialect).toMatchObject({ code: 'invalid_spec', issues: [{ path: 'engine.dialect' }] });
    const noQuery = await rejected(rfmStatisticsInWarehouse({ dialect: 'duckdb' } as never, rfmSpec, { table: 't' }));
    expect(noQuery).toMatchObject({ code: 'invalid_spec', issues: [{ path: 'engine.query' }] });
    const noTable = await rejected(rfmStatisticsInWarehouse(never('duckdb'), rfmSpec, {} as never));
    expect(noTable).toMatchObject({ code: 'invalid_spec', issues: [{ path: 'options.table' }] });
    const backtick = await rejected(rfmStatisticsInWarehouse(never('spark'), { ...rfmSpec, monetary: { column: 'a`b' } }, { table: 't' }));
    expect(backtick).toMatchObject({ code: 'invalid_spec', issues: [{ column: 'a`b' }] });
  });
});

describe('fitValuePyramid / fitRfm(statistics, spec): statistics that do not fit the spec', () => {
  it('value pyramid: another spec, a broken object, or missing values under missing: error', async () => {
    const { spec, answers } = pyramidSpecs.cumulativeShare;
    const statistics = await valuePyramidStatisticsInWarehouse(recording('duckdb', answers), spec, { table: 't' });
    expect(() => fitValuePyramid(statistics, { ...spec, dimensions: [{ column: 'margin', scale: 'minmax' }] })).toThrow(
      expect.objectContaining({ code: 'invalid_value', issues: [expect.objectContaining({ path: 'statistics.dimensions' })] }),
    );
    expect(() =>
      fitValuePyramid(statistics, {
        ...spec,
        tiers: {
          method: 'quantile',
          cuts: [
            { name: 'a', share: 0.5 },
            { name: 'b', share: 0.25 },
            { name: 'c', share: 0.25 },
          ],
        },
      }),
    ).toThrow(expect.objectContaining({ code: 'invalid_value', issues: [expect.objectContaining({ path: 'statistics.cuts.0.rank' })] }));
    expect(() => fitValuePyramid({ ...statistics, n: -1 }, spec)).toThrow(
      expect.objectContaining({ code: 'invalid_value', issues: [expect.objectContaining({ path: 'statistics.n' })] }),
    );
    expect(() => fitValuePyramid({ ...statistics, rows: 6 }, { ...spec, missing: 'error' })).toThrow('2 of 6 rows have a missing value');
  });

  it('RFM: another spec, counts that cannot be, or missing values under missing: error', async () => {
    const statistics = await rfmStatisticsInWarehouse(recording('duckdb', rfmAnswers), rfmSpec, { table: 't' });
    expect(() => fitRfm(statistics, { ...rfmSpec, bins: 4 })).toThrow(
      expect.objectContaining({ code: 'invalid_value', issues: [expect.objectContaining({ path: 'statistics.bins' })] }),
    );
    expect(() => fitRfm(statistics, { ...rfmSpec, frequency: { column: 'visits' } })).toThrow(
      expect.objectContaining({ issues: [expect.objectContaining({ path: 'statistics.frequency.column' })] }),
    );
    const impossible = { ...statistics, monetary: { ...statistics.monetary, atOrBelow: [1, 4] } };
    expect(() => fitRfm(impossible, rfmSpec)).toThrow(
      expect.objectContaining({ issues: [expect.objectContaining({ path: 'statistics.monetary.atOrBelow.0' })] }),
    );
    expect(() => fitRfm(statistics, { ...rfmSpec, missing: 'error' })).toThrow('1 of 7 rows have a missing value');
  });
});
