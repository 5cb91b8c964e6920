import { CustomerValueError, describeValue } from '../errors.js';
import { IssueList } from '../internal/issueList.js';
import type { NumericArray } from '../io/tableInput.js';
import { assertModelKind } from '../model/assertModelKind.js';
import type { CustomerValueModel } from '../model/parseModel.js';
import { inputDomain, intersect } from '../internal/inputDomain.js';
import { refusalReason, SCORABLE_KINDS, type ModelOf, type ScorableKind } from '../model/kinds.js';
import type { InputRange, InputRelation } from './inputRange.js';
import { formatNumber } from './formatNumber.js';
import { codeGenerationAllowed, compileLoop } from '../internal/interpretLoop.js';
import { instantiateScorerKernel, ScorerKernelBuilder, type ScorerKernelSpec } from '../internal/wasmScorer.js';
import { SIMD, TYPE } from '../internal/wasmAssembler.js';
import { linearPredictorJs } from '../internal/covariatePredictor.js';
import { fullScaleSum } from '../satisfaction/fullScaleSum.js';

const FN = 'compileScorer';

export type { ScorerKernelSpec };

/** Output array types a scorer writes. */
export type OutputType = 'float64' | 'int32' | 'uint8' | 'uint16';

/** One output column of a compiled scorer. */
export interface ScorerOutput {
  /** Output name: `<model name>.<field>`, e.g. `rfm.cell`, `pyramid.tier`. */
  readonly name: string;
  readonly type: OutputType;
  /** Value written for a row skipped for a missing input (as the model's own score function). */
  readonly skippedValue: number;
}

/** A compiled scorer: a fused loop over input columns writing preallocated outputs. */
export interface CompiledScorer {
  /** Input columns, in the order `run` expects them. */
  readonly inputs: readonly string[];
  /**
   * Allowed values per input (answers on a scale, values > −1 under log1p, whole BG/NBD
   * frequencies ≥ 0, value-pyramid and segment inputs bounded so scores stay finite): checked
   * before the loop. The same domain `toSql` turns into NULLs.
   */
  readonly ranges: readonly InputRange[];
  /** Rules between inputs of one row (BG/NBD: recency ≤ T, recency 0 when frequency is 0). */
  readonly relations: readonly InputRelation[];
  /**
   * Per input, the levels of a categorical input (a covariate model's categorical covariate), or
   * null: `scoreColumns` reads such a column's values (strings or numbers, as fitted) and hands the
   * loop each one's index in this list, refusing a level not in it; `run` and `runChecked` read
   * the index.
   */
  readonly levels: readonly (readonly (string | number)[] | null)[];
  readonly outputs: readonly ScorerOutput[];
  /** The models as parsed (defaults filled), so the scorer can be rebuilt (e.g. in a worker). */
  readonly models: readonly { readonly name: string; readonly model: CustomerValueModel }[];
  /** The generated loop body's source, for inspection. */
  readonly source: string;
  /**
   * Score rows [start, end): `inputs[k]` is the column for `this.inputs[k]`, `outputs[k]` the
   * preallocated array for `this.outputs[k]`. No validation: use `scoreColumns`.
   */
  readonly run: (
    inputs: readonly NumericArray[],
    outputs: readonly (Float64Array | Int32Array | Uint8Array | Uint16Array)[],
    start: number,
    end: number,
  ) => void;
  /** The source of the JavaScript checked loop (`runChecked` when there is no WebAssembly kernel). */
  readonly checkedSource: string;
  /**
   * The WebAssembly SIMD kernel `run` and `runChecked` use, as plain data (module bytes built at
   * run time, memory layout, the JavaScript loop of the outputs it leaves to JavaScript), or null
   * where the JavaScript loops run: no WebAssembly or no SIMD in this runtime, a runtime that
   * refuses to compile it, or code generation from strings disallowed (interpreted loops).
   */
  readonly wasm: ScorerKernelSpec | null;
  /**
   * `run` with the input checks fused into the loop: stops at the first row whose input is not
   * finite or out of range and returns its index, or returns −1 when every row was scored. Output
   * rows from the returned index on are unspecified (an output array in the scoring memory, see
   * `scorerColumns`, holds the kernel's values for the rest of that row's block).
   */
  readonly runChecked: (
    inputs: readonly NumericArray[],
    outputs: readonly (Float64Array | Int32Array | Uint8Array | Uint16Array)[],
    start: number,
    end: number,
  ) => number;
}

/** Models to compile: one model, or named models (`{ rfm: rfmModel, pyramid: pyramidModel }`). */
export type ScorerModels = CustomerValueModel | Readonly<Record<string, CustomerValueModel>>;

interface Builder {
  inputs: string[];
  ranges: InputRange[];
  levels: (readonly (string | number)[] | null)[];
  relations: InputRelation[];
  outputs: ScorerOutput[];
  lines: string[];
}

/** Rows per block of the WebAssembly kernel (chosen by measurement: benchmarks/README.md, "Compiled scorer"). */
export const KERNEL_BLOCK = 2048;

/**
 * Compile one or more fitted models — RFM, value pyramid, satisfaction index, segments and
 * BG/NBD P(alive) (the closed-form CLV quantity), also with covariates — into one scorer: a single fused loop over
 * `Float64Array` (or other numeric typed array) columns, generated once with every weight,
 * center and threshold inlined as an exact constant, branch-free threshold counts
 * (`+(x > t)` summed over sorted thresholds), and no allocation, closure or row object inside
 * the loop. Outputs equal the per-model `score*` functions (same arithmetic in the same order).
 * Run it with `scoreColumns` (validation, allocation and, in `customer-value/node`, threads).
 *
 * Rows are refused exactly as the per-model functions refuse them: each model's input domain
 * (`ranges`, `relations`) is the one description the per-model scorers and `toSql` also read —
 * answers on the scale, values > −1 under log1p, BG/NBD histories as `probabilityAlive` takes
 * them (whole frequency ≥ 0, 0 ≤ recency ≤ T, recency 0 without repeat purchases), and bounds
 * (beyond ≈1e150) that keep value-pyramid and segment scores finite. Models whose values would
 * make scoring non-finite (a spread of 5e-324) are refused (`checkModelValues`).
 * Where code generation from strings is disallowed (Node's `--disallow-code-generation-from-strings`,
 * a Content-Security-Policy without `'unsafe-eval'`) the same loop is interpreted instead: identical
 * outputs, several times slower.
 *
 * Where WebAssembly is available, `run` and `runChecked` run a WebAssembly SIMD kernel built
 * from the same models at compile time (module bytes assembled in JavaScript, no `.wasm` file):
 * blocks of `KERNEL_BLOCK` (2,048) rows are copied into its memory (`TypedArray.set`) — or read
 * in place, for columns allocated by `scorerColumns` in the memory the kernels share — scored two
 * rows per instruction — the same IEEE operations in the same order as the JavaScript loop (no
 * fused multiply-add), so every output is bit-identical to it — and copied out. It is a hybrid:
 * value-pyramid `log1p` dimensions read `Math.log1p` values the driver writes into the block in
 * JavaScript (WebAssembly has no `log1p`), and BG/NBD P(alive) (`log`, `exp`) is scored by a
 * JavaScript loop over each block after the kernel. The checked kernel tests a whole block; a
 * block with a refused row is handed to the JavaScript checked loop from its first row, which
 * returns the same row index. The JavaScript loop (`source`, `checkedSource`) runs instead where
 * there is no WebAssembly or no SIMD, where the runtime refuses to compile the module, or where
 * code generation from strings is disallowed; `wasm` is then null.
 *
 * A BG/NBD with covariates (`fitBetaGeoWithCovariates`) computes each row's α_i, a_i, b_i from its
 * covariate columns as `betaGeoCovariatePredictions` does, then P(alive). A categorical covariate
 * is an input read as its level (`levels` lists them): `scoreColumns` hands the loop each value's
 * index among the fitted levels and refuses any other value, naming the row; a numeric covariate
 * is bounded so that |γ·z| ≤ 400 / terms (the customer's parameters stay normal doubles).
 *
 * Not compiled: BG/NBD conditional expectations and CLV, which need a hypergeometric series per
 * history (use `customerLifetimeValue`, which groups histories).
 *
 * @param models A model, or an object of named models.
 * @throws {CustomerValueError} `invalid_model` for an unknown or invalid model, or a kind not scored row by row (Gamma-Gamma, PLS path model: the issue's hint says what to use instead).
 * @example
 * const rfm = fitRfm(
 *   { r: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10], f: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10], m: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10] },
 *   { recency: { column: 'r', better: 'lower' }, frequency: { column: 'f' }, monetary: { column: 'm' } },
 * );
 * const scorer = compileScorer({ rfm });
 * scorer.inputs; // => ['r', 'f', 'm']
 * const { outputs } = scoreColumns(scorer, { r: [1, 9], f: [10, 3], m: [10, 25] });
 * Array.from(outputs['rfm.cell']); // => [555, 125]
 */
export function compileScorer(models: ScorerModels): CompiledScorer {
  const named = namedModels(models);
  const b: Builder = { inputs: [], ranges: [], levels: [], relations: [], outputs: [], lines: [] };
  const restLines: string[] = [];
  const kernelModels: { name: string; model: CustomerValueModel }[] = [];
  const parsedModels: { name: string; model: CustomerValueModel }[] = [];
  for (const { name, model: given } of named) {
    const kind = (given as { kind?: unknown }).kind;
    if (!SCORABLE_KINDS.includes(kind as ScorableKind)) {
      // a kind of the registry that is not scored row by row says why (kinds.ts)
      const why = refusalReason(kind, 'rows');
      throw new CustomerValueError('invalid_model', `${FN}: model "${name}" cannot be compiled`, [
        {
          function: FN,
          path: `models.${name}.kind`,
          expected: SCORABLE_KINDS.map((k) => JSON.stringify(k)).join(', '),
          received: describeValue(kind),
          ...(why ? { hint: why } : {}),
        },
      ]);
    }
    // scored as parsed: a saved model may leave out a field its schema fills with the default
    const model = assertModelKind(given, kind as ScorableKind, FN);
    parsedModels.push({ name, model });
    // One description of the rows each model accepts, shared with the per-model scorers and toSql.
    const domain = inputDomain(model);
    const before = b.inputs.length;
    domain.columns.forEach((column, j) => {
      const k = input(b, column);
      b.ranges[k] = intersect(b.ranges[k], domain.ranges[j]);
      // a categorical input is read as its level's index: every model must read a column the same way
      const levels = domain.levels[j];
      if (k < before && JSON.stringify(b.levels[k]) !== JSON.stringify(levels)) throw categoricalClash(name, column);
      b.levels[k] = levels;
    });
    for (const relation of domain.relations) {
      if (!b.relations.some((r) => JSON.stringify(r) === JSON.stringify(relation))) b.relations.push(relation);
    }
    const first = b.lines.length;
    EMITTERS[kind as ScorableKind](b, name, model as never);
    // kinds without a WebAssembly path keep their JavaScript lines in the kernel's rest loop
    if (KERNEL_EMITTERS[kind as ScorableKind] === undefined) restLines.push(...b.lines.slice(first));
    else kernelModels.push({ name, model });
  }
  const reads = b.inputs.map((_, k) => `const x${k} = in${k}[i];`).join(' ');
  const loop = (check: string[], after: string[], lines = b.lines) =>
    [
      ...b.inputs.map((_, k) => `const in${k} = inputs[${k}];`),
      ...b.outputs.map((_, k) => `const out${k} = outputs[${k}];`),
      'for (let i = start; i < end; i++) {',
      `  ${reads}`,
      ...check,
      ...lines.map((line) => `  ${line}`),
      '}',
      ...after,
    ].join('\n');
  const source = loop([], []);
  // a finite value within range; NaN fails every comparison, x − x is NaN for ±Infinity
  const conditions = b.ranges.map(({ min, max, above, integer }, k) => {
    const tests = [`x${k} - x${k} === 0`];
    if (min !== -Infinity) tests.push(`x${k} >= ${n(min)}`);
    if (max !== Infinity) tests.push(`x${k} <= ${n(max)}`);
    if (above !== -Infinity) tests.push(`x${k} > ${n(above)}`);
    if (integer) tests.push(`Math.floor(x${k}) === x${k}`);
    return tests.join(' && ');
  });
  for (const relation of b.relations) {
    const x = (column: string) => `x${b.inputs.indexOf(column)}`;
    conditions.push(
      relation.kind === 'atMost'
        ? `!(${x(relation.column)} > ${x(relation.bound)} * ${n(relation.factor)} + ${n(relation.offset)})`
        : `(${x(relation.when)} !== 0 || ${x(relation.column)} === 0)`,
    );
  }
  const checkedSource = loop([`  if (!(${conditions.join(' && ')})) return i;`], ['return -1;']);
  // compiled, or interpreted (same outputs, slower) where code generation from strings is disallowed
  const jsRun = compileLoop(source) as unknown as CompiledScorer['run'];
  const jsRunChecked = compileLoop(checkedSource) as unknown as CompiledScorer['runChecked'];
  const plain = {
    inputs: b.inputs,
    ranges: b.ranges,
    levels: b.levels,
    relations: b.relations,
    outputs: b.outputs,
    models: parsedModels,
    source,
    checkedSource,
  };
  // the WebAssembly kernel where this runtime compiles it (the JavaScript loops are its fallback and its oracle in tests)
  const wasm = codeGenerationAllowed() ? buildKernel(b, kernelModels, restLines.length > 0 ? loop([], [], restLines) : '') : null;
  const kernel = wasm === null ? null : scorerKernel(wasm, checkedSource);
  if (kernel === null) return { ...plain, run: jsRun, runChecked: jsRunChecked, wasm: null };
  return { ...plain, run: kernel.run, runChecked: kernel.runChecked, wasm };
}

/**
 * A kernel's `run` and `runChecked` (the JavaScript checked loop finds the row in a block that
 * fails a check), or null where WebAssembly is unavailable or refuses the module. Used by
 * `compileScorer` and by the scoring workers, which rebuild their own from the same spec.
 * @internal
 */
export function scorerKernel(wasm: ScorerKernelSpec, checkedSource: string): Pick<CompiledScorer, 'run' | 'runChecked'> | null {
  const checked = compileLoop(checkedSource);
  const rest = wasm.restSource === '' ? null : compileLoop(wasm.restSource);
  return instantiateScorerKernel(wasm, checked, rest);
}

/** The kernel of the models with a WebAssembly path and the domain checks of every input; null when no model has one. */
function buildKernel(b: Builder, models: readonly { name: string; model: CustomerValueModel }[], restSource: string): ScorerKernelSpec | null {
  if (models.length === 0) return null;
  const kb = new ScorerKernelBuilder(KERNEL_BLOCK);
  for (const { name, model } of models) (KERNEL_EMITTERS[model.kind as ScorableKind] as KernelEmitter<ScorableKind>)(kb, b, name, model as never);
  // the checked function: the same conditions as the JavaScript checked loop, per lane
  b.ranges.forEach(({ min, max, above, integer }, k) => {
    const x = kb.input(k).local;
    // finite: x − x = 0 (NaN fails every compare, ±Infinity − itself is NaN); implied when both bounds are finite
    if (min === -Infinity || max === Infinity) kb.check((c) => c.localGet(x).localGet(x).simd(SIMD.f64x2_sub).localGet(kb.f64x2(0)).simd(SIMD.f64x2_eq));
    if (min !== -Infinity) kb.check((c) => c.localGet(x).localGet(kb.f64x2(min)).simd(SIMD.f64x2_ge));
    if (max !== Infinity) kb.check((c) => c.localGet(x).localGet(kb.f64x2(max)).simd(SIMD.f64x2_le));
    if (above !== -Infinity) kb.check((c) => c.localGet(x).localGet(kb.f64x2(above)).simd(SIMD.f64x2_gt));
    if (integer) kb.check((c) => c.localGet(x).simd(SIMD.f64x2_floor).localGet(x).simd(SIMD.f64x2_eq));
  });
  for (const relation of b.relations) {
    const x = (column: string) => kb.input(b.inputs.indexOf(column)).local;
    if (relation.kind === 'atMost') {
      const [column, bound] = [x(relation.column), x(relation.bound)];
      kb.check((c) =>
        c
          .localGet(column)
          .localGet(bound)
          .localGet(kb.f64x2(relation.factor))
          .simd(SIMD.f64x2_mul)
          .localGet(kb.f64x2(relation.offset))
          .simd(SIMD.f64x2_add)
          .simd(SIMD.f64x2_gt)
          .simd(SIMD.v128_not),
      );
    } else {
      const [when, column] = [x(relation.when), x(relation.column)];
      kb.check((c) => c.localGet(when).localGet(kb.f64x2(0)).simd(SIMD.f64x2_ne).localGet(column).localGet(kb.f64x2(0)).simd(SIMD.f64x2_eq).simd(SIMD.v128_or));
    }
  }
  return kb.assemble(restSource);
}

function namedModels(models: ScorerModels): { name: string; model: CustomerValueModel }[] {
  if (models !== null && typeof models === 'object' && typeof (models as { kind?: unknown }).kind === 'string') {
    const model = models as CustomerValueModel;
    return [{ name: model.kind, model }];
  }
  if (models === null || typeof models !== 'object' || Array.isArray(models)) {
    throw new CustomerValueError('invalid_model', `${FN}: expected a model or an object of named models`, [
      { function: FN, path: 'models', expected: 'a fitted model, or { name: model, ... }', received: describeValue(models) },
    ]);
  }
  const entries = Object.keys(models).map((name) => ({ name, model: (models as Record<string, CustomerValueModel>)[name] }));
  const issues = new IssueList();
  if (entries.length === 0) issues.add({ function: FN, path: 'models', expected: 'at least one model', received: 'an empty object' });
  for (const { name } of entries) {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name))
      issues.add({ function: FN, path: `models.${name}`, expected: 'a model name of letters, digits and _', received: JSON.stringify(name) });
  }
  issues.throwIfAny('invalid_model', FN);
  return entries;
}

/** Index of an input column, adding it (with an open range) on first use. */
function input(b: Builder, column: string): number {
  let k = b.inputs.indexOf(column);
  if (k < 0) {
    k = b.inputs.length;
    b.inputs.push(column);
    b.ranges.push({ min: -Infinity, max: Infinity, above: -Infinity, integer: false });
    b.levels.push(null);
  }
  return k;
}

function categoricalClash(name: string, column: string): CustomerValueError {
  return new CustomerValueError('invalid_model', `${FN}: model "${name}" reads column "${column}" differently from another model`, [
    {
      function: FN,
      path: `models.${name}`,
      column,
      expected: 'a column read the same way by every model: the same categorical levels, or numeric in all',
      received: 'a categorical covariate in one model and a number or other levels in another',
      hint: 'compile the models separately, or rename the column for one of them',
    },
  ]);
}

function output(b: Builder, name: string, type: OutputType, skippedValue: number): number {
  b.outputs.push({ name, type, skippedValue });
  return b.outputs.length - 1;
}

const n = (value: number) => formatNumber(value, FN);

type KernelEmitter<K extends ScorableKind> = (kb: ScorerKernelBuilder, b: Builder, name: string, model: ModelOf<K>) => void;

const outputIndex = (b: Builder, name: string) => b.outputs.findIndex((o) => o.name === name);

/**
 * The WebAssembly code of each kind that has one, the same arithmetic as its JavaScript lines
 * below in the same order, on two rows at once (f64x2 / i64x2 lanes). A kind missing here
 * (BG/NBD P(alive): WebAssembly has no log or exp) is scored by the JavaScript rest loop after
 * each block; value-pyramid log1p dimensions read `Math.log1p` values the driver writes into the
 * block in JavaScript.
 */
const KERNEL_EMITTERS: { readonly [K in ScorableKind]?: KernelEmitter<K> } = {
  rfm(kb, b, name, model) {
    const spec = model.spec;
    const scores = (['recency', 'frequency', 'monetary'] as const).map((d) => {
      const x = kb.input(b.inputs.indexOf(spec[d].column)).local;
      const score = kb.local(TYPE.v128);
      if (spec[d].better === 'lower') {
        kb.code.localGet(kb.i64x2(BigInt(spec.bins)));
        kb.count(x, model.thresholds[d], 'gt');
        kb.code.simd(SIMD.i32x4_sub).localSet(score);
      } else {
        kb.count(x, model.thresholds[d], 'gt');
        kb.code.localGet(kb.i64x2(1n)).simd(SIMD.i32x4_add).localSet(score);
      }
      kb.storeInt(outputIndex(b, `${name}.${d}`), 'uint8', score);
      return score;
    });
    const [r, f, m] = scores;
    const cell = kb.local(TYPE.v128);
    kb.code.localGet(r).localGet(kb.i64x2(100n)).simd(SIMD.i32x4_mul).localGet(f).localGet(kb.i64x2(10n)).simd(SIMD.i32x4_mul).simd(SIMD.i32x4_add);
    kb.code.localGet(m).simd(SIMD.i32x4_add).localSet(cell);
    kb.storeInt(outputIndex(b, `${name}.cell`), 'uint16', cell);
    const total = kb.local(TYPE.v128);
    kb.code.localGet(r).localGet(f).simd(SIMD.i32x4_add).localGet(m).simd(SIMD.i32x4_add).localSet(total);
    kb.storeInt(outputIndex(b, `${name}.total`), 'uint8', total);
  },
  valuePyramid(kb, b, name, model) {
    const v = kb.local(TYPE.v128);
    kb.code.localGet(kb.f64x2(0)).localSet(v);
    model.spec.dimensions.forEach((d, j) => {
      const k = b.inputs.indexOf(d.column);
      const x = (d.transform === 'log1p' ? kb.log1pInput(k) : kb.input(k)).local;
      const s = model.scaling[j];
      kb.code
        .localGet(v)
        .localGet(kb.f64x2(s.weight / s.spread))
        .localGet(x)
        .localGet(kb.f64x2(s.center))
        .simd(SIMD.f64x2_sub)
        .simd(SIMD.f64x2_mul)
        .simd(SIMD.f64x2_add)
        .localSet(v);
    });
    kb.storeF64(outputIndex(b, `${name}.value`), v);
    const tier = kb.local(TYPE.v128);
    kb.count(v, model.thresholds, 'lt');
    kb.code.localSet(tier);
    kb.storeInt(outputIndex(b, `${name}.tier`), 'int32', tier);
  },
  satisfactionIndex(kb, b, name, model) {
    const [min, max] = model.spec.scale;
    const xs = model.items.map((item) => kb.input(b.inputs.indexOf(item)).local);
    // Σ w·(x − origin), in item order (origin: the scale minimum for the index, 0 for dimensions)
    const weighted = (items: readonly number[], weights: readonly number[], origin: number) => {
      const sum = kb.local(TYPE.v128);
      kb.code.localGet(kb.f64x2(0)).localSet(sum);
      items.forEach((x, j) => {
        kb.code.localGet(sum).localGet(kb.f64x2(weights[j])).localGet(x);
        if (origin !== 0) kb.code.localGet(kb.f64x2(origin)).simd(SIMD.f64x2_sub);
        kb.code.simd(SIMD.f64x2_mul).simd(SIMD.f64x2_add).localSet(sum);
      });
      return sum;
    };
    // share = Σ w·(x − min) / fullScaleSum: exactly 0 and 1 at the ends of the scale
    const share = weighted(xs, model.weights, min);
    kb.code
      .localGet(share)
      .localGet(kb.f64x2(fullScaleSum(model.weights, model.spec.scale)))
      .simd(SIMD.f64x2_div)
      .localSet(share);
    const index = kb.local(TYPE.v128);
    kb.code
      .localGet(kb.f64x2(min))
      .localGet(kb.f64x2(max - min))
      .localGet(share)
      .simd(SIMD.f64x2_mul)
      .simd(SIMD.f64x2_add)
      .localSet(index);
    kb.storeF64(outputIndex(b, `${name}.index`), index);
    const index100 = kb.local(TYPE.v128);
    kb.code.localGet(kb.f64x2(100)).localGet(share).simd(SIMD.f64x2_mul).localSet(index100);
    kb.storeF64(outputIndex(b, `${name}.index100`), index100);
    if (model.dimensions) {
      let offset = 0;
      model.dimensions.forEach((d, g) => {
        const sum = weighted(xs.slice(offset, offset + d.items.length), d.weights, 0);
        offset += d.items.length;
        kb.storeF64(outputIndex(b, `${name}.dimension.${g}`), sum);
      });
    }
  },
  segments(kb, b, name, model) {
    const zs = model.spec.features.map((f, j) => {
      const x = kb.input(b.inputs.indexOf(f)).local;
      const s = model.scaling[j];
      const z = kb.local(TYPE.v128);
      kb.code
        .localGet(x)
        .localGet(kb.f64x2(s.center))
        .simd(SIMD.f64x2_sub)
        .localGet(kb.f64x2(1 / s.scale))
        .simd(SIMD.f64x2_mul)
        .localSet(z);
      return z;
    });
    const [best, bd, d, t, less] = [kb.local(TYPE.v128), kb.local(TYPE.v128), kb.local(TYPE.v128), kb.local(TYPE.v128), kb.local(TYPE.v128)];
    kb.code.localGet(kb.i64x2(0n)).localSet(best).localGet(kb.f64x2(Infinity)).localSet(bd);
    model.centers.forEach((center, c) => {
      kb.code.localGet(kb.f64x2(0)).localSet(d);
      center.forEach((v, j) => {
        kb.code
          .localGet(d)
          .localGet(zs[j])
          .localGet(kb.f64x2(v))
          .simd(SIMD.f64x2_sub)
          .localTee(t)
          .localGet(t)
          .simd(SIMD.f64x2_mul)
          .simd(SIMD.f64x2_add)
          .localSet(d);
      });
      // if (d < bd) { bd = d; best = c } per lane: strict, so the first of tied centers wins
      kb.code.localGet(d).localGet(bd).simd(SIMD.f64x2_lt).localSet(less);
      kb.code.localGet(d).localGet(bd).localGet(less).simd(SIMD.v128_bitselect).localSet(bd);
      kb.code
        .localGet(kb.i64x2(BigInt(c)))
        .localGet(best)
        .localGet(less)
        .simd(SIMD.v128_bitselect)
        .localSet(best);
    });
    kb.storeInt(outputIndex(b, `${name}.segment`), 'int32', best);
    kb.code.localGet(bd).simd(SIMD.f64x2_sqrt).localSet(t);
    kb.storeF64(outputIndex(b, `${name}.distance`), t);
  },
};

/** The code of each row-scored kind (kinds.ts says which kinds score rows: one missing here does not compile). */
const EMITTERS: { readonly [K in ScorableKind]: (b: Builder, name: string, model: ModelOf<K>) => void } = {
  rfm(b, name, model) {
    const spec = model.spec;
    const scores = (['recency', 'frequency', 'monetary'] as const).map((d) => {
      const k = input(b, spec[d].column);
      const o = output(b, `${name}.${d}`, 'uint8', 0);
      const above = model.thresholds[d].map((t) => `+(x${k} > ${n(t)})`).join(' + ') || '0';
      const flip = spec[d].better === 'lower';
      b.lines.push(`const ${name}_${d} = ${flip ? spec.bins : 1} ${flip ? '-' : '+'} (${above}); out${o}[i] = ${name}_${d};`);
      return `${name}_${d}`;
    });
    const cell = output(b, `${name}.cell`, 'uint16', 0);
    const total = output(b, `${name}.total`, 'uint8', 0);
    b.lines.push(`out${cell}[i] = 100 * ${scores[0]} + 10 * ${scores[1]} + ${scores[2]}; out${total}[i] = ${scores[0]} + ${scores[1]} + ${scores[2]};`);
  },
  valuePyramid(b, name, model) {
    const value = output(b, `${name}.value`, 'float64', Number.NaN);
    const tier = output(b, `${name}.tier`, 'int32', -1);
    const terms = model.spec.dimensions.map((d, j) => {
      const k = input(b, d.column);
      const s = model.scaling[j];
      const a = s.weight / s.spread; // as valueScores: a · (t(x) − c)
      if (d.transform === 'log1p') {
        return `${name}_v += ${n(a)} * (Math.log1p(x${k}) - ${n(s.center)});`;
      }
      return `${name}_v += ${n(a)} * (x${k} - ${n(s.center)});`;
    });
    const below = model.thresholds.map((t) => `+(${name}_v < ${n(t)})`).join(' + ') || '0';
    b.lines.push(`let ${name}_v = 0; ${terms.join(' ')} out${value}[i] = ${name}_v; out${tier}[i] = ${below};`);
  },
  satisfactionIndex(b, name, model) {
    const [min, max] = model.spec.scale;
    const index = output(b, `${name}.index`, 'float64', Number.NaN);
    const index100 = output(b, `${name}.index100`, 'float64', Number.NaN);
    const ks = model.items.map((item) => input(b, item));
    // share = Σ w·(x − min) / fullScaleSum: exactly 0 and 1 at the ends of the scale
    const sum = ks.map((k, j) => `${name}_s += ${n(model.weights[j])} * (x${k} - ${n(min)});`).join(' ');
    const full = n(fullScaleSum(model.weights, model.spec.scale));
    b.lines.push(
      `let ${name}_s = 0; ${sum} ${name}_s = ${name}_s / ${full}; out${index}[i] = ${n(min)} + ${n(max - min)} * ${name}_s; out${index100}[i] = 100 * ${name}_s;`,
    );
    if (model.dimensions) {
      let offset = 0;
      model.dimensions.forEach((d, g) => {
        const o = output(b, `${name}.dimension.${g}`, 'float64', Number.NaN);
        const terms = d.items.map((_, i) => `${name}_d${g} += ${n(d.weights[i])} * x${ks[offset + i]};`).join(' ');
        offset += d.items.length;
        b.lines.push(`let ${name}_d${g} = 0; ${terms} out${o}[i] = ${name}_d${g};`);
      });
    }
  },
  segments(b, name, model) {
    const segment = output(b, `${name}.segment`, 'int32', -1);
    const distance = output(b, `${name}.distance`, 'float64', Number.NaN);
    const zs = model.spec.features.map((f, j) => {
      const k = input(b, f);
      const s = model.scaling[j];
      return `const ${name}_z${j} = (x${k} - ${n(s.center)}) * ${n(1 / s.scale)};`;
    });
    const lines = [...zs, `let ${name}_best = 0; let ${name}_bd = Infinity; let ${name}_d = 0;`];
    model.centers.forEach((center, c) => {
      const sum = center.map((v, j) => `${name}_d += (${name}_z${j} - ${n(v)}) * (${name}_z${j} - ${n(v)});`).join(' ');
      lines.push(`${name}_d = 0; ${sum} if (${name}_d < ${name}_bd) { ${name}_bd = ${name}_d; ${name}_best = ${c}; }`);
    });
    lines.push(`out${segment}[i] = ${name}_best; out${distance}[i] = Math.sqrt(${name}_bd);`);
    b.lines.push(lines.join(' '));
  },
  betaGeo(b, name, model) {
    const { r, alpha, a, b: bb } = model.params;
    const cols = model.spec.columns;
    const x = input(b, cols.frequency);
    const tx = input(b, cols.recency);
    const T = input(b, cols.T);
    const o = output(b, `${name}.probabilityAlive`, 'float64', Number.NaN);
    // as probabilityAliveOf: 1 for x = 0, else a logistic of the log odds
    b.lines.push(
      `let ${name}_p = 1; if (x${x} > 0) { const lo = Math.log(${n(a)}) - Math.log(${n(bb)} + x${x} - 1) + (${n(r)} + x${x}) * (Math.log(${n(alpha)} + x${T}) - Math.log(${n(alpha)} + x${tx})); ${name}_p = lo > 0 ? Math.exp(-lo) / (1 + Math.exp(-lo)) : 1 / (1 + Math.exp(lo)); } out${o}[i] = ${name}_p;`,
    );
  },
  betaGeoCovariates(b, name, model) {
    const { r, alpha, a, b: bb } = model.params;
    const cols = model.spec.columns;
    const x = input(b, cols.frequency);
    const tx = input(b, cols.recency);
    const T = input(b, cols.T);
    const o = output(b, `${name}.probabilityAlive`, 'float64', Number.NaN);
    // the customer's (r, α_i, a_i, b_i) as betaGeoCovariatePredictions (rowParameters): exp of
    // ln θ moved by the linear predictors, a categorical covariate read as its level's index
    const z = (column: string) => `x${input(b, column)}`;
    const etaPurchase = linearPredictorJs(model.covariates, model.coefficients.purchase, z, n);
    const etaDropout = linearPredictorJs(model.covariates, model.coefficients.dropout, z, n);
    const [al, ai, bi] = [`${name}_alpha`, `${name}_a`, `${name}_b`];
    const params = [
      `const ${name}_ep = ${etaPurchase}; const ${name}_ed = ${etaDropout};`,
      `const ${al} = Math.exp(${n(Math.log(alpha))} - ${name}_ep); const ${ai} = Math.exp(${n(Math.log(a))} + ${name}_ed); const ${bi} = Math.exp(${n(Math.log(bb))} + ${name}_ed);`,
    ].join(' ');
    // then P(alive) as probabilityAliveOf, with r as exp(ln r)
    b.lines.push(
      `let ${name}_p = 1; if (x${x} > 0) { ${params} const lo = Math.log(${ai}) - Math.log(${bi} + x${x} - 1) + (${n(Math.exp(Math.log(r)))} + x${x}) * (Math.log(${al} + x${T}) - Math.log(${al} + x${tx})); ${name}_p = lo > 0 ? Math.exp(-lo) / (1 + Math.exp(-lo)) : 1 / (1 + Math.exp(lo)); } out${o}[i] = ${name}_p;`,
    );
  },
};
