import { expect } from 'vitest';
import { clvParameterDraws, type ClvParameterDraws, type UncertainClvModel } from '../../src/clv.js';
import type { TableInput } from '../../src/io/tableInput.js';
import { bootstrapReplicates } from '../../src/loyalty/clv/parameterReplicates.js';
import { drawnParameterNames, uncertaintyProblem } from '../../src/loyalty/clv/parameterUncertaintyProblems.js';

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

/**
 * Seed 17's 30 bootstrap replicates are the same however they are split (0–11 then 11–30, as over
 * threads) and are clvParameterDraws' draws, and the last drawn parameter (a coefficient in the
 * covariate kinds) is refitted: more than 20 distinct values.
 */
export function expectSplitInvariantBootstrap(model: UncertainClvModel, table: TableInput): void {
  const problem = uncertaintyProblem(model, table, 'test');
  const whole = bootstrapReplicates(problem, 17, 0, 30, 1000);
  const first = bootstrapReplicates(problem, 17, 0, 11, 1000);
  const rest = bootstrapReplicates(problem, 17, 11, 30, 1000);
  expect(Array.from(whole.theta)).toEqual([...first.theta, ...rest.theta]);
  const again = clvParameterDraws(model, table, { draws: 30, seed: 17 });
  expect(again.draws.map((d) => again.names.map((name) => d[name])).flat()).toEqual(Array.from(whole.theta));
  expect(new Set(again.draws.map((d) => d[again.names[again.names.length - 1]])).size, model.kind).toBeGreaterThan(20);
}
