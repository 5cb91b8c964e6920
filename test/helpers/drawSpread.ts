import { expect } from 'vitest';
import { clvParameterDraws, type ClvParameterDraws, type UncertainClvModel } from '../../src/index.js';
import type { TableInput } from '../../src/io/tableInput.js';
import { drawnParameterNames } from '../../src/loyalty/clv/parameterUncertaintyProblems.js';

/**
 * The histogram bootstrap's spread against the delta method's (the covariate draws' tests): 200
 * bootstrap draws with `seed` (fewer than 10 refits failed) and the delta method's covariance of
 * u = (ln θ, coefficients); each parameter's bootstrap sd over its delta-method sd — θ·√Σᵢᵢ for a
 * positive parameter, √Σᵢᵢ for a coefficient — lies in (`low`, `high`). Returns both draws.
 */
export function expectBootstrapSpreadNearDelta(
  model: UncertainClvModel,
  table: TableInput,
  seed: number,
  low: number,
  high: number,
): { boot: ClvParameterDraws; delta: ClvParameterDraws } {
  const boot = clvParameterDraws(model, table, { draws: 200, seed });
  expect(boot.draws.length + boot.failures.count).toBe(200);
  expect(boot.failures.count, model.kind).toBeLessThan(10);
  const delta = clvParameterDraws(model, table, { method: 'delta', draws: 10 });
  const { positive } = drawnParameterNames(model);
  boot.names.forEach((name, i) => {
    const ratio = boot.summary[name].sd / Math.sqrt(delta.logCovariance![i][i]) / (i < positive ? boot.estimate[name] : 1);
    expect(ratio, `${model.kind} ${name}`).toBeGreaterThan(low);
    expect(ratio, `${model.kind} ${name}`).toBeLessThan(high);
  });
  return { boot, delta };
}
