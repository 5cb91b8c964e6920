import { describe, expect, it } from 'vitest';
import { minimizeBfgs, minimizeBfgsSteps } from '../../src/internal/minimizeBfgs.js';
import { newtonPolish, newtonPolishSteps } from '../../src/internal/newtonPolish.js';
import { screenAndPolish, screenAndPolishSteps } from '../../src/internal/screenAndPolish.js';
import { runSteps, runStepsAsync } from '../../src/internal/optimizationSteps.js';

// Rosenbrock's function (minimum 0 at (1, 1)) and a shifted copy as a "screening" objective.
function rosenbrock(x: Float64Array, g: Float64Array | null): number {
  const [a, b] = [x[0], x[1]];
  if (g) {
    g[0] = -2 * (1 - a) - 400 * a * (b - a * a);
    g[1] = 200 * (b - a * a);
  }
  return (1 - a) ** 2 + 100 * (b - a * a) ** 2;
}
const shifted = (x: Float64Array, g: Float64Array | null) => rosenbrock(Float64Array.of(x[0] - 0.01, x[1]), g);

describe('optimization steps: one algorithm, a sync and an async driver', () => {
  it('minimizeBfgsSteps driven asynchronously gives minimizeBfgs’ result bit for bit, and the minimum', async () => {
    const sync = minimizeBfgs((x, g) => rosenbrock(x, g), [-1.2, 1], { maxIterations: 500, gradientTolerance: 1e-10 });
    const viaSteps = runSteps(minimizeBfgsSteps([-1.2, 1], { maxIterations: 500, gradientTolerance: 1e-10 }), [rosenbrock]);
    const async = await runStepsAsync(minimizeBfgsSteps([-1.2, 1], { maxIterations: 500, gradientTolerance: 1e-10 }), [async (x, g) => rosenbrock(x, g)]);
    expect(sync.converged).toBe(true);
    expect(Array.from(sync.x).map((v) => Math.round(v * 1e6) / 1e6)).toEqual([1, 1]);
    for (const other of [viaSteps, async]) {
      expect(Array.from(other.x)).toEqual(Array.from(sync.x));
      expect(other.value).toBe(sync.value);
      expect(other.evaluations).toBe(sync.evaluations);
    }
  });

  it('screenAndPolishSteps asks the screening objective (0) for every start and the full one (1) for the polish', async () => {
    const asked: number[] = [];
    const starts = [
      [-1.2, 1],
      [2, 2],
    ];
    const options = { maxIterations: 500, gradientTolerance: 1e-10 };
    const sync = screenAndPolish(
      (x, g) => shifted(x, g),
      (x, g) => rosenbrock(x, g),
      starts,
      options,
    );
    const async = await runStepsAsync(screenAndPolishSteps(starts, options, true), [
      async (x, g) => (asked.push(0), shifted(x, g)),
      async (x, g) => (asked.push(1), rosenbrock(x, g)),
    ]);
    expect(Array.from(async.best!.x)).toEqual(Array.from(sync.best!.x));
    expect(async.iterations).toBe(sync.iterations);
    const firstFull = asked.indexOf(1);
    expect(firstFull).toBeGreaterThan(0);
    expect(asked.slice(firstFull).every((o) => o === 1)).toBe(true);
  });

  it('newtonPolishSteps driven asynchronously gives newtonPolish’s result bit for bit', async () => {
    const sync = newtonPolish((x, g) => rosenbrock(x, g), [0.9, 0.8], { stepTolerance: 1e-12, maxSteps: 50 });
    const async = await runStepsAsync(newtonPolishSteps([0.9, 0.8], { stepTolerance: 1e-12, maxSteps: 50 }), [async (x, g) => rosenbrock(x, g)]);
    expect(sync.converged).toBe(true);
    expect(Array.from(async.x)).toEqual(Array.from(sync.x));
    expect(async.steps).toBe(sync.steps);
  });
});
