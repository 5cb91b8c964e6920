import { describe, expect, it } from 'vitest';
import { CustomerValueError, parseModel } from '../../src/index.js';
import { MODEL_KIND_NAMES } from '../../src/model/kinds.js';
import { modelCases } from './registry.js';

// Every model kind survives JSON.stringify → parseModel and scores identically; a tampered model
// is rejected with the path of the problem. Kinds are enumerated from the registry (src/model/kinds.ts),
// so a new kind without a case fails here (and `modelCases` does not compile).
describe('model contract', () => {
  it('covers every model kind', () => {
    expect(Object.keys(modelCases).sort()).toEqual([...MODEL_KIND_NAMES].sort());
  });

  describe.each(Object.entries(modelCases))('%s', (kind, { model, score }) => {
    it('round-trips through JSON and scores identically', () => {
      const loaded = parseModel(JSON.stringify(model));
      expect(loaded).toEqual(JSON.parse(JSON.stringify(model)));
      expect(score(loaded as never)).toEqual(score(model as never));
    });

    it.each([
      ['an unknown kind', (m: Record<string, unknown>) => ({ ...m, kind: 'magic' })],
      ['a wrong version', (m: Record<string, unknown>) => ({ ...m, version: 99 })],
      [
        'a missing spec',
        (m: Record<string, unknown>) => {
          const { spec: _spec, ...rest } = m;
          return rest;
        },
      ],
      ['an extra key', (m: Record<string, unknown>) => ({ ...m, injected: true })],
      [
        'a number turned into a string',
        (m: Record<string, unknown>) => {
          const text = JSON.stringify(m);
          const match = /"(?!version")(\w+)":(-?\d+(?:\.\d+)?)/.exec(text);
          expect(match, 'a numeric field to tamper with').not.toBeNull();
          return JSON.parse(text.replace(match![0], `"${match![1]}":"${match![2]}"`));
        },
      ],
      ['invalid JSON text', () => '{"kind": "rfm",'],
    ])('rejects %s', (_label, tamper) => {
      const bad = tamper(JSON.parse(JSON.stringify(model)));
      let error: unknown;
      try {
        parseModel(bad);
      } catch (e) {
        error = e;
      }
      expect(error, `${kind}: ${_label} was accepted`).toBeInstanceOf(CustomerValueError);
      expect((error as CustomerValueError).code).toBe('invalid_model');
    });
  });
});
