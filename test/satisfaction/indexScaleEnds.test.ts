import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileScorer, fitSatisfactionIndex, parseModel, scoreColumns, scoreSatisfactionIndex, toSql, type SatisfactionIndexModel } from '../../src/index.js';
import { satisfactionIndex100, fitPlsPathModel } from '../../src/pls.js';
import { compileLoop } from '../../src/internal/interpretLoop.js';
import { seededRandom } from '../../src/internal/random.js';
import { KERNEL_BLOCK } from '../../src/scoring/compileScorer.js';
import { createTableSql } from '../helpers/sqlRefusal.js';

// Property: a respondent answering the scale minimum on every item scores exactly `min` (0 on
// 0–100) and one answering the maximum exactly `max` (100), whatever the weights' rounding, in
// every scorer: scoreSatisfactionIndex, the compiled WebAssembly kernel and JavaScript loop, the
// SQL run in DuckDB, and the PLS construct index. With a plain Σ w·x one set of weights gave
// −1.2e-15 for the all-minimum respondent; of the random weight sets below, most miss an end by
// an ulp that way (counted in the first test, so the property is not vacuous).
const SCALES: [number, number][] = [
  [1, 5],
  [1, 7],
  [0, 10],
  [1, 10],
  [-3, 3],
  [0.5, 4.5],
];
const P = 7;
const items = Array.from({ length: P }, (_, j) => `q${j + 1}`);

function randomWeights(seed: number): number[] {
  const random = seededRandom(seed);
  const raw = items.map(() => 0.05 + random.uniform());
  if (seed % 3 === 0) raw[seed % P] = -0.1; // a negative weight now and then
  const total = raw.reduce((a, b) => a + b, 0);
  return raw.map((w) => w / total);
}

const answers = seededRandom(1);
const base = fitSatisfactionIndex(Object.fromEntries(items.map((item) => [item, Array.from({ length: 40 }, () => 1 + Math.floor(answers.uniform() * 5))])), {
  items,
  scale: [1, 5],
});
function modelWith(weights: number[], scale: [number, number]): SatisfactionIndexModel {
  return parseModel(JSON.parse(JSON.stringify({ ...base, weights, spec: { ...base.spec, scale } }))) as SatisfactionIndexModel;
}
const cases = SCALES.flatMap((scale, s) => Array.from({ length: 8 }, (_, k) => ({ scale, weights: randomWeights(100 * s + k) })));
const columnsAt = (value: number, rows: number) => Object.fromEntries(items.map((item) => [item, new Float64Array(rows).fill(value)]));

describe('satisfaction index: exactly min/0 and max/100 at the ends of the scale', () => {
  it('a plain Σ w·x misses the ends for most of these weight sets (the property below is not vacuous)', () => {
    let missed = 0;
    for (const { scale, weights } of cases) {
      const [min, max] = scale;
      const at = (x: number) => (100 * (weights.reduce((sum, w) => sum + w * x, 0) - min)) / (max - min);
      if (at(min) !== 0 || at(max) !== 100) missed++;
    }
    expect(missed).toBeGreaterThan(cases.length / 4);
  });

  it('scoreSatisfactionIndex, the WebAssembly kernel and the JavaScript loop', () => {
    const rows = 2 * KERNEL_BLOCK + 3; // whole kernel blocks and a JavaScript rest
    for (const { scale, weights } of cases) {
      const model = modelWith(weights, scale);
      const [min, max] = scale;
      for (const [x, index, index100] of [
        [min, min, 0],
        [max, max, 100],
      ]) {
        const direct = scoreSatisfactionIndex(model, columnsAt(x, 1));
        expect([direct.index[0], direct.index100[0]], `${scale} ${weights}`).toEqual([index, index100]);
        const scorer = compileScorer({ s: model });
        expect(scorer.wasm).not.toBeNull();
        const kernel = scoreColumns(scorer, columnsAt(x, rows)).outputs;
        expect(kernel['s.index'].every((v) => Object.is(v, index))).toBe(true);
        expect(kernel['s.index100'].every((v) => Object.is(v, index100))).toBe(true);
        const inputs = scorer.inputs.map(() => new Float64Array(1).fill(x));
        const outputs = scorer.outputs.map(() => new Float64Array(1));
        compileLoop(scorer.source)(inputs, outputs, 0, 1);
        expect(outputs.map((o) => o[0])).toEqual([index, index100]);
      }
    }
  });

  it('a PLS construct index (satisfactionIndex100) is exactly 0 and 100 at the ends', () => {
    const random = seededRandom(5);
    const survey: Record<string, number[]> = {};
    for (const item of ['a1', 'a2', 'a3', 'b1', 'b2']) survey[item] = Array.from({ length: 60 }, () => 1 + Math.floor(random.uniform() * 7));
    survey.a1.push(1, 7);
    survey.a2.push(1, 7);
    survey.a3.push(1, 7);
    survey.b1.push(4, 4);
    survey.b2.push(3, 5);
    const model = fitPlsPathModel(survey, { constructs: { A: { items: ['a1', 'a2', 'a3'] }, B: { items: ['b1', 'b2'] } }, paths: [['A', 'B']], scale: [1, 7] });
    const { index100 } = satisfactionIndex100(model, survey, 'A');
    expect([index100[60], index100[61]]).toEqual([0, 100]);
  });
});

describe('satisfaction index SQL in DuckDB: exactly min/0 and max/100 at the ends', () => {
  let connection: Awaited<ReturnType<Awaited<ReturnType<typeof DuckDBInstance.create>>['connect']>>;
  beforeAll(async () => {
    connection = await (await DuckDBInstance.create(':memory:')).connect();
  });
  afterAll(() => connection?.closeSync?.());

  it('for every weight set and scale', async () => {
    for (const [c, { scale, weights }] of cases.entries()) {
      const [min, max] = scale;
      const table = `t${c}`;
      await connection.run(
        createTableSql(
          table,
          items,
          [0, 1].map((id) => ({ id, ...Object.fromEntries(items.map((item) => [item, id === 0 ? min : max])) })),
          'DOUBLE',
        ),
      );
      const sql = toSql(modelWith(weights, scale), { dialect: 'duckdb', table, keep: ['id'], name: 's' });
      const rows = (await connection.runAndReadAll(`SELECT * FROM (${sql}) ORDER BY id`)).getRowObjectsJS() as Record<string, unknown>[];
      expect(
        rows.map((r) => [r.s_index, r.s_index100]),
        `${scale} ${weights}`,
      ).toEqual([
        [min, 0],
        [max, 100],
      ]);
    }
  });
});
