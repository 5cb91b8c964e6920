import { describe, expect, expectTypeOf, it } from 'vitest';
import type * as z from 'zod';
import type * as root from '../helpers/library.js';
import { MODEL_KIND_NAMES, MODEL_KINDS, type ModelKind, type ModelOf } from '../../src/model/kinds.js';

// Type-level pins, checked by `tsc --noEmit` (`npm run typecheck`, which includes test/): for
// every kind of the registry (src/model/kinds.ts),
// - the spec type users pass to its fitter (`RfmSpec` …, hand-written with JSDoc) is exactly what
//   its zod spec schema accepts (`z.input`), up to `readonly`;
// - its model interface (`RfmModel` …) is exactly what `parseModel` returns after the schema
//   (`z.output` of the model schema), up to `readonly` and the width of `version`.
// A field added, dropped, renamed or typed differently on one side only makes `tsc` fail here,
// (tsc reports `Expected 1 arguments` at the `toEqualTypeOf<never>()` below: the mismatching kinds
// are the type `SpecMismatches` / `ModelMismatches`). Generic over the registry: a new kind is
// pinned without editing this file.

/** `readonly` all the way down (the public types are readonly; zod's inferred types are not). */
type Normalize<T> = T extends (...args: never[]) => unknown ? T : T extends object ? { readonly [K in keyof T]: Normalize<T[K]> } : T;
/** Exact type equality (the identity check tsc applies to generic signatures). */
type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;

type Entry<K extends ModelKind> = (typeof MODEL_KINDS)[K];
type ModelSchema<K extends ModelKind> = Entry<K>['schema'];
/** The fitter of a kind, by the name the registry gives it, from the runtime-neutral entries. */
type Fitter<K extends ModelKind> = (typeof root)[Entry<K>['fitter']];
/** What users pass as the fitter's spec (its second parameter). */
type SpecParameter<K extends ModelKind> = Fitter<K> extends (data: never, spec: infer S, ...rest: never[]) => unknown ? NonNullable<S> : never;
/** What the spec schema accepts: the model schema's `spec`, before defaults. */
type SpecInput<K extends ModelKind> = z.input<ModelSchema<K>>['spec'];

/** The kinds whose spec type and spec schema disagree (never when all agree). */
export type SpecMismatches = { [K in ModelKind]: Equal<Normalize<SpecParameter<K>>, Normalize<SpecInput<K>>> extends true ? never : K }[ModelKind];
/** The kinds whose model interface and model schema disagree (never when all agree). */
export type ModelMismatches = {
  [K in ModelKind]: Equal<Normalize<Omit<ModelOf<K>, 'version'>>, Normalize<Omit<z.output<ModelSchema<K>>, 'version'>>> extends true
    ? z.output<ModelSchema<K>>['version'] extends ModelOf<K>['version']
      ? never
      : K
    : K;
}[ModelKind];

describe('types derived from the registry', () => {
  it('every spec type equals what its spec schema accepts (z.input), kind by kind', () => {
    expectTypeOf<SpecMismatches>().toEqualTypeOf<never>();
    // the pins are not vacuous: a spec type with a field the schema lacks is a mismatch
    expectTypeOf<Equal<Normalize<root.SegmentsSpec & { extra: 1 }>, Normalize<SpecInput<'segments'>>>>().toEqualTypeOf<false>();
    expectTypeOf<Equal<Normalize<root.SegmentsSpec>, Normalize<SpecInput<'segments'>>>>().toEqualTypeOf<true>();
  });

  it('every model interface equals what parseModel returns (z.output of its model schema), kind by kind', () => {
    expectTypeOf<ModelMismatches>().toEqualTypeOf<never>();
    expectTypeOf<
      Equal<Normalize<Omit<root.RfmModel, 'version' | 'thresholds'>>, Normalize<Omit<z.output<ModelSchema<'rfm'>>, 'version'>>>
    >().toEqualTypeOf<false>();
  });

  it('covers every kind of the registry, each with a fitter of a runtime-neutral entry', async () => {
    const exports = (await import('../helpers/library.js')) as Record<string, unknown>;
    expect(MODEL_KIND_NAMES.length).toBeGreaterThanOrEqual(7);
    for (const kind of MODEL_KIND_NAMES) expect(typeof exports[MODEL_KINDS[kind].fitter], kind).toBe('function');
  });
});
