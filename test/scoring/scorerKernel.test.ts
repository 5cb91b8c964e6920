import { afterEach, describe, expect, it } from 'vitest';
import { compileScorer, fitSatisfactionIndex, scoreColumns, scorerColumns, type CompiledScorer } from '../../src/index.js';
import { isInScoringMemory } from '../../src/internal/scoringMemory.js';
import { compileLoop } from '../../src/internal/interpretLoop.js';
import { seededRandom } from '../../src/internal/random.js';
import { SCORABLE_KINDS } from '../../src/model/kinds.js';
import { KERNEL_BLOCK } from '../../src/scoring/compileScorer.js';
import { data, models } from '../helpers/sqlModels.js';
import { REFUSAL_MODELS } from '../helpers/sqlRefusal.js';

// The WebAssembly SIMD kernel of compileScorer against its oracle, the generated JavaScript loop
// (`scorer.source` / `scorer.checkedSource`): every output element equal under Object.is, for
// every scorable kind (enumerated from SCORABLE_KINDS: a new kind needs a model below, with or
// without a WebAssembly path), on random rows mixed with edge values, over block boundaries.
type Outputs = (Float64Array | Int32Array | Uint8Array | Uint16Array)[];
const TYPES = { float64: Float64Array, int32: Int32Array, uint8: Uint8Array, uint16: Uint16Array };
const B = KERNEL_BLOCK;

const columns = Object.fromEntries(Object.entries(data).map(([name, column]) => [name, Float64Array.from(column as ArrayLike<number>)]));
// a BG/NBD with a categorical (segment a, b, c) and a numeric covariate (score); the loops read the
// segment as its level's index (0, 1, 2), as scoreColumns hands it to them
const covariates = REFUSAL_MODELS.betaGeoCovariates;
columns.segment = Float64Array.from(columns.frequency, (_, i) => i % 3);
columns.score = Float64Array.from(columns.frequency, (_, i) => ((i * 37) % 61) / 10 - 3);
const segments = models.segments;
const MODELS_BY_KIND: Record<string, Record<string, unknown>> = {
  rfm: { rfm: models.rfm },
  // log1p, better lower and minmax dimensions; and a linear one
  valuePyramid: { pyramid: models.pyramid, linear: models.linear },
  satisfactionIndex: {
    index: models.index,
    dims: fitSatisfactionIndex(data, { dimensions: { first: ['q1', 'q2'], second: ['q3'] }, scale: [1, 10] }),
  },
  // a repeated center: rows nearest center 0 tie with center 3 (the first must win, as in JavaScript)
  segments: { segments, tied: { ...segments, centers: segments.centers.map((center, c) => (c === 3 ? segments.centers[0] : center)) } },
  betaGeo: { clv: models.clv },
  betaGeoCovariates: { covariates },
};

const thresholdsOf = (model: Record<string, unknown>): number[] => {
  const t = model.thresholds;
  if (Array.isArray(t)) return t as number[];
  if (t !== null && typeof t === 'object') return Object.values(t as Record<string, number[]>).flat();
  return [];
};

/** Random rows from the data, with edge values mixed in: −0, subnormals, thresholds and their neighbours; NaN and ±Infinity when `wild`. */
function edgeColumns(scorer: CompiledScorer, n: number, seed: number, wild: boolean): Float64Array[] {
  const random = seededRandom(seed);
  const thresholds = scorer.models.flatMap(({ model }) => thresholdsOf(model as unknown as Record<string, unknown>));
  const centers = scorer.models.flatMap(({ model }) => ((model as { scaling?: { center: number }[] }).scaling ?? []).map((s) => s.center));
  const edges = [
    0,
    -0,
    5e-324,
    -5e-324,
    2.2250738585072014e-308,
    1,
    10,
    ...thresholds,
    ...thresholds.map((t) => t + Math.abs(t) * 2.220446049250313e-16),
    ...centers,
  ];
  const wildValues = [Number.NaN, Infinity, -Infinity, 1e300, -1e300];
  const rows = columns.frequency.length;
  return scorer.inputs.map((name) => {
    const source = columns[name];
    return Float64Array.from({ length: n }, () => {
      const u = random.uniform();
      if (u < 0.15) return edges[Math.floor(random.uniform() * edges.length)];
      if (wild && u < 0.18) return wildValues[Math.floor(random.uniform() * wildValues.length)];
      return source[Math.floor(random.uniform() * rows)];
    });
  });
}

const fresh = (scorer: CompiledScorer, n: number): Outputs => scorer.outputs.map((o) => new TYPES[o.type](n).fill(7) as Outputs[number]);

function expectSameOutputs(scorer: CompiledScorer, a: Outputs, b: Outputs): void {
  scorer.outputs.forEach((o, k) => {
    let differ = -1;
    for (let i = 0; i < a[k].length && differ < 0; i++) if (!Object.is(a[k][i], b[k][i])) differ = i;
    expect(differ, `${o.name} differs at row ${differ}: kernel ${a[k][differ]}, JavaScript ${b[k][differ]}`).toBe(-1);
  });
}

describe('compileScorer: the WebAssembly kernel equals the JavaScript loop bit for bit', () => {
  it('every scorable kind has a model here', () => {
    expect(Object.keys(MODELS_BY_KIND).sort()).toEqual([...SCORABLE_KINDS].sort());
  });

  const sizes = [0, 1, 2, 3, B - 1, B, B + 1, 2 * B + 3, 5000];
  describe.each([...SCORABLE_KINDS])('%s', (kind) => {
    // with an RFM model beside it, so a kind without a WebAssembly path runs in the hybrid (its
    // outputs by the JavaScript rest loop after each block; alone, it would run the JavaScript loops)
    const scorer = compileScorer({ ...MODELS_BY_KIND[kind], anchor: models.rfm });
    const js = compileLoop(scorer.source);
    const jsChecked = compileLoop(scorer.checkedSource);

    it('runs a kernel in this runtime (the outputs of a kind without a WebAssembly path go to the rest loop)', () => {
      expect(scorer.wasm).not.toBeNull();
      const inKernel = scorer.wasm!.outputs.map((o) => scorer.outputs[o.k].name);
      if (scorer.wasm!.restSource === '') expect(inKernel.length).toBe(scorer.outputs.length);
      else expect(inKernel.length).toBeLessThan(scorer.outputs.length);
    });

    it.each(sizes)('run over %i rows (edge values, NaN and ±Infinity included), from row 0 and from an odd start', (n) => {
      const inputs = edgeColumns(scorer, n + 5, n + 1, true);
      for (const start of [0, 5]) {
        const [kernel, oracle] = [fresh(scorer, n + 5), fresh(scorer, n + 5)];
        scorer.run(inputs, kernel, start, n + (start === 0 ? 0 : 5));
        js(inputs, oracle, start, n + (start === 0 ? 0 : 5));
        expectSameOutputs(scorer, kernel, oracle);
      }
    });

    it.each(sizes)('runChecked over %i rows: -1 on clean rows, else the first refused row, with the same outputs', (n) => {
      // clean rows: data rows and edge values (−0, subnormals, exact thresholds); a row the
      // checked loop refuses (e.g. a broken relation) is replaced by a data row
      const fixedUp = edgeColumns(scorer, n, 100 + n, false);
      for (let i = 0; i < n; i++) {
        if (jsChecked(fixedUp, fresh(scorer, n), i, i + 1) !== -1) fixedUp.forEach((column, k) => (column[i] = columns[scorer.inputs[k]][i % 1000]));
      }
      const [kernel, oracle] = [fresh(scorer, n), fresh(scorer, n)];
      expect(scorer.runChecked(fixedUp, kernel, 0, n)).toBe(-1);
      expect(jsChecked(fixedUp, oracle, 0, n)).toBe(-1);
      expectSameOutputs(scorer, kernel, oracle);
      if (n === 0) return;
      // one wild value per input at a random row: both stop at the same row, with the same outputs before it
      const random = seededRandom(n);
      for (const [k] of scorer.inputs.entries()) {
        for (const wild of [Number.NaN, Infinity, -Infinity, -1e300]) {
          const bad = fixedUp.map((column) => column.slice());
          const row = Math.floor(random.uniform() * n);
          bad[k][row] = wild;
          const [a, b] = [fresh(scorer, n), fresh(scorer, n)];
          const stop = jsChecked(bad, b, 0, n);
          expect(scorer.runChecked(bad, a, 0, n)).toBe(stop);
          expectSameOutputs(scorer, a, b);
        }
      }
    });
  });

  describe.each([...SCORABLE_KINDS])('%s, columns in the scoring memory (read and written in place)', (kind) => {
    const scorer = compileScorer({ ...MODELS_BY_KIND[kind], anchor: models.rfm });
    const js = compileLoop(scorer.source);
    const jsChecked = compileLoop(scorer.checkedSource);
    // scorerColumns' arrays, filled with the same values: inputs and outputs in place, and each alone in place
    const inMemory = (n: number, values: Float64Array[]) => {
      const { inputs, outputs } = scorerColumns(scorer, n);
      const columns = scorer.inputs.map((name, k) => {
        inputs[name].set(values[k]);
        return inputs[name];
      });
      return { columns, outputs: scorer.outputs.map((o) => outputs[o.name].fill(7)) };
    };

    it.each(sizes)('run and runChecked over %i rows equal the JavaScript loop (from row 0 and from an odd start)', (n) => {
      const values = edgeColumns(scorer, n + 5, 300 + n, true);
      for (const start of [0, 5]) {
        const end = n + (start === 0 ? 0 : 5);
        const oracle = fresh(scorer, n + 5);
        js(values, oracle, start, end);
        const both = inMemory(n + 5, values);
        expect(both.columns.every((c) => isInScoringMemory(c))).toBe(true);
        for (const [inputs, outputs] of [
          [both.columns, both.outputs],
          [both.columns, fresh(scorer, n + 5)],
          [values, inMemory(n + 5, values).outputs],
        ] as const) {
          scorer.run(inputs, outputs, start, end);
          expectSameOutputs(scorer, outputs, oracle);
        }
      }
      // checked: the same first refused row, the same outputs before it (in place, the rest of the
      // refused row's block was scored too: rows from the refused one on are unspecified)
      const checkedOracle = fresh(scorer, n);
      const stop = jsChecked(
        values.map((c) => c.subarray(0, n)),
        checkedOracle,
        0,
        n,
      );
      const checked = inMemory(
        n,
        values.map((c) => c.subarray(0, n)),
      );
      expect(scorer.runChecked(checked.columns, checked.outputs, 0, n)).toBe(stop);
      const before = (outputs: Outputs) => outputs.map((o) => o.subarray(0, stop === undefined || stop < 0 ? n : stop)) as Outputs;
      expectSameOutputs(scorer, before(checked.outputs), before(checkedOracle));
    });
  });

  it('reads other numeric typed arrays (Float32Array, Int32Array) as the JavaScript loop does', () => {
    const scorer = compileScorer({ rfm: models.rfm, linear: models.linear });
    const n = 3 * B + 7;
    const inputs = edgeColumns(scorer, n, 9, false).map((column, k) =>
      k % 2 === 0 ? Float32Array.from(column) : Int32Array.from(column, (v) => Math.round(v)),
    );
    const [kernel, oracle] = [fresh(scorer, n), fresh(scorer, n)];
    scorer.run(inputs, kernel, 0, n);
    compileLoop(scorer.source)(inputs, oracle, 0, n);
    expectSameOutputs(scorer, kernel, oracle);
  });

  it('scoreColumns names the same first refused row beyond the first block', () => {
    const scorer = compileScorer({ rfm: models.rfm });
    const bad = { ...columns, spend: columns.spend.map((v, i) => (i === B + 5 ? Number.NaN : v)) };
    expect(() => scoreColumns(scorer, bad)).toThrow(`row ${B + 5}, column "spend"`);
  });
});

describe('compileScorer without WebAssembly', () => {
  const global = globalThis as { WebAssembly?: unknown };
  const saved = global.WebAssembly as { Module: unknown; validate: unknown; Instance: unknown };
  afterEach(() => {
    global.WebAssembly = saved;
  });

  it('falls back to the JavaScript loops, with the same outputs', () => {
    const withKernel = compileScorer(models);
    delete global.WebAssembly; // a runtime without WebAssembly
    const without = compileScorer(models);
    global.WebAssembly = saved;
    expect(withKernel.wasm).not.toBeNull();
    expect(without.wasm).toBeNull();
    const a = scoreColumns(withKernel, columns).outputs;
    const b = scoreColumns(without, columns).outputs;
    for (const name of Object.keys(a)) expect(Buffer.from(a[name].buffer).equals(Buffer.from(b[name].buffer)), name).toBe(true);
  });

  it('falls back when the runtime refuses to compile the module', () => {
    // a runtime that refuses every module (as a Content-Security-Policy without 'wasm-unsafe-eval' does)
    global.WebAssembly = {
      validate: saved.validate,
      Instance: saved.Instance,
      Module: function refuse() {
        throw new Error('CompileError: refused');
      },
    };
    const scorer = compileScorer(models);
    global.WebAssembly = saved;
    expect(scorer.wasm).toBeNull();
    expect(scoreColumns(scorer, columns).rows).toBe(columns.frequency.length);
  });
});
