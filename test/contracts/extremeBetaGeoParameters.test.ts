import { describe, expect, it } from 'vitest';
import * as root from '../helpers/library.js';
import { contracts } from './registry.js';

// Issue 13: a BG/NBD model with huge a and b (fitted when almost no one drops out; the fit warns
// "dropout barely identified") made expected purchases −Infinity and CLV NaN. Every public function
// that takes a BG/NBD model — found in the registry by the model it is called with, so a new one is
// covered without editing this file — must give only finite numbers for such models and extreme
// histories, or refuse with not_converged.
// a fitted BG/NBD model (a report analysis' purchaseModel summary also says kind 'betaGeo', but has no version: not a model)
const isBetaGeo = (v: unknown) => v !== null && typeof v === 'object' && (v as { kind?: unknown }).kind === 'betaGeo' && 'version' in v;
const takesBetaGeo = (args: unknown[]) => args.some((v) => isBetaGeo(v) || (v !== null && typeof v === 'object' && Object.values(v).some(isBetaGeo)));
const consumers = Object.entries(contracts).filter(([, c]) => takesBetaGeo(c.args()));

const extremes: Array<[number, number]> = [
  [1e4, 1e4],
  [1e6, 1e6],
  [1e6, 1e9],
  [1e8, 1e8],
  [1e10, 1e10],
  [1e6, 1e3],
];
const xs = [0, 1, 10, 1000, 10_000];
const histories = { frequency: [] as number[], recency: [] as number[], T: [] as number[], monetary: [] as number[] };
for (const x of xs)
  for (const T of [1, 52, 1000]) {
    histories.frequency.push(x);
    histories.recency.push(x === 0 ? 0 : T / 2);
    histories.T.push(T);
    histories.monetary.push(x === 0 ? 0 : 20);
  }

/**
 * The cases refused with not_converged ("name a b"), pinned so that each case asserts one outcome:
 * DERT over (0, ∞) needs E[Y(t)] out to centuries (t ≈ 32/δ), where the BG/NBD series for a
 * heavy buyer (x = 10,000 in one week) under a, b ≥ 1e4 needs more than 1e6 terms, as
 * `conditionalExpectedPurchases` at that t does. `clvParameterDraws` refuses every case: the
 * extreme parameters are not the maximum of the likelihood on the extreme histories (not the table
 * the model was fitted on), so there is no estimate to draw around. Every other consumer gives
 * finite numbers.
 */
const REFUSED: ReadonlySet<string> = new Set<string>([
  'discountedExpectedTransactions 10000 10000',
  'discountedExpectedTransactions 1000000 1000000000',
  ...extremes.map(([a, b]) => `clvParameterDraws ${a} ${b}`),
]);

function withParams(value: unknown, params: { a: number; b: number }): unknown {
  if (isBetaGeo(value)) {
    const model = value as { params: Record<string, number> };
    return { ...model, params: { ...model.params, ...params } };
  }
  if (value !== null && typeof value === 'object' && !ArrayBuffer.isView(value) && !Array.isArray(value)) {
    const entries = Object.entries(value).map(([k, v]) => [k, isBetaGeo(v) ? withParams(v, params) : v]);
    const replaced = Object.fromEntries(entries) as Record<string, unknown>;
    if ('customers' in replaced) replaced.customers = histories;
    return replaced;
  }
  return value;
}

function finiteEverywhere(value: unknown, path: string): void {
  if (typeof value === 'number') expect(Number.isFinite(value), `${path} = ${value}`).toBe(true);
  else if (ArrayBuffer.isView(value)) {
    const array = value as unknown as ArrayLike<number>;
    for (let i = 0; i < array.length; i++) if (!Number.isFinite(array[i])) expect.fail(`${path}[${i}] = ${array[i]}`);
  } else if (Array.isArray(value)) value.forEach((v, i) => finiteEverywhere(v, `${path}[${i}]`));
  else if (value !== null && typeof value === 'object') for (const [k, v] of Object.entries(value)) finiteEverywhere(v, `${path}.${k}`);
}

describe('BG/NBD consumers with extreme a, b', () => {
  it('finds the BG/NBD consumers in the registry', () => {
    expect(consumers.map(([name]) => name)).toEqual(
      expect.arrayContaining(['probabilityAlive', 'conditionalExpectedPurchases', 'customerLifetimeValue', 'expectedPurchases', 'purchaseProbability']),
    );
  });

  describe.each(consumers)('%s', (name, contract) => {
    it.each(extremes)('a = %d, b = %d: finite numbers, never NaN or ±Infinity (or not_converged where listed)', (a, b) => {
      // a table of customer histories is replaced by the extreme histories; any other table (a log, births) is kept
      const isHistories = (v: unknown) => v !== null && typeof v === 'object' && 'frequency' in v;
      // columns the histories lack (e.g. holdout purchases) are kept as zeros
      const extended = (v: object) => ({ ...Object.fromEntries(Object.keys(v).map((k) => [k, histories.frequency.map(() => 0)])), ...histories });
      const args = contract.args().map((v, i) => (i === contract.data && isHistories(v) ? extended(v as object) : withParams(v, { a, b })));
      const call = () => (root as unknown as Record<string, (...x: unknown[]) => unknown>)[name](...args);
      if (REFUSED.has(`${name} ${a} ${b}`)) {
        expect(call).toThrow(expect.objectContaining({ code: 'not_converged' }));
      } else {
        finiteEverywhere(call(), name);
      }
    });
  });
});
