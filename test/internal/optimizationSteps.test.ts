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
/** Rosenbrock with its Hessian, for the Newton finish. */
function rosenbrockNewton(x: Float64Array, g: Float64Array | null, H: Float64Array | null): number {
  const [a, b] = [x[0], x[1]];
  if (H) {
    H[0] = 2 - 400 * (b - 3 * a * a);
    H[1] = H[2] = -400 * a;
    H[3] = 200;
  }
  return rosenbrock(x, g);
}
const shifted = (x: Float64Array, g: Float64Array | null, H: Float64Array | null) => rosenbrockNewton(Float64Array.of(x[0] - 0.01, x[1]), g, H);

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

  it('screenAndPolishSteps asks the screening objective (0) for every start and the full one (1) for the Newton finish', async () => {
    const asked: number[] = [];
    const starts = [
      [-1.2, 1],
      [2, 2],
    ];
    const options = { maxIterations: 500, gradientTolerance: 1e-10 };
    const sync = screenAndPolish(shifted, rosenbrockNewton, starts, options);
    const async = await runStepsAsync(screenAndPolishSteps(starts, options, true), [
      async (x, g, H) => (asked.push(0), shifted(x, g, H)),
      async (x, g, H) => (asked.push(1), rosenbrockNewton(x, g, H)),
    ]);
    expect(Array.from(async.best!.x)).toEqual(Array.from(sync.best!.x));
    expect(async.iterations).toBe(sync.iterations);
    // the full objective's minimum (1, 1), not the screening one's (1.01, 1): Newton from (1.01, ~1)
    expect(sync.best!.converged).toBe(true);
    expect(Array.from(sync.best!.x).map((v) => Math.abs(v - 1) < 1e-12)).toEqual([true, true]);
    const firstFull = asked.indexOf(1);
    expect(firstFull).toBeGreaterThan(0);
    expect(asked.slice(firstFull).every((o) => o === 1)).toBe(true);
    expect(asked.length - firstFull).toBeLessThan(15);
  });

  it('screenAndPolish falls back to BFGS on the full objective when Newton fails from the screened point, then finishes with Newton', () => {
    // the screening objective's minimum (0, 1) is where Rosenbrock's Hessian is indefinite (2 − 400 < 0)
    const screen = (x: Float64Array, g: Float64Array | null, H: Float64Array | null) => {
      if (g) {
        g[0] = 2 * x[0];
        g[1] = 2 * (x[1] - 1);
      }
      if (H) H.set([2, 0, 0, 2]);
      return x[0] ** 2 + (x[1] - 1) ** 2;
    };
    const asked: string[] = [];
    const full = (x: Float64Array, g: Float64Array | null, H: Float64Array | null) => {
      asked.push(H ? 'hessian' : 'gradient');
      return rosenbrockNewton(x, g, H);
    };
    const result = screenAndPolish(screen, full, [[0.5, 0.5]], { maxIterations: 500, gradientTolerance: 1e-10 });
    expect(result.best!.converged).toBe(true);
    expect(Array.from(result.best!.x).map((v) => Math.abs(v - 1) < 1e-12)).toEqual([true, true]);
    // Newton asked once at (0, 1) and stopped; BFGS ran (gradients only); Newton finished
    expect(asked[0]).toBe('hessian');
    expect(asked[1]).toBe('gradient');
    expect(asked.at(-1)).toBe('hessian');
    expect(result.attempt.converged).toBe(true);
  });

  it('newtonPolishSteps driven asynchronously gives newtonPolish’s result bit for bit, halving steps that overshoot', async () => {
    const sync = newtonPolish((x, g, H) => rosenbrockNewton(x, g, H), [-1.2, 1], { stepTolerance: 1e-12, maxSteps: 100 });
    const async = await runStepsAsync(newtonPolishSteps([-1.2, 1], { stepTolerance: 1e-12, maxSteps: 100 }), [async (x, g, H) => rosenbrockNewton(x, g, H)]);
    expect(sync.converged).toBe(true);
    expect(Array.from(sync.x).map((v) => Math.abs(v - 1) < 1e-12)).toEqual([true, true]);
    expect(Array.from(async.x)).toEqual(Array.from(sync.x));
    expect(async.steps).toBe(sync.steps);
  });

  it('newtonPolish stops at the start, not converged, where the Hessian is not positive definite', () => {
    // at (0, 1) Rosenbrock's Hessian has 2 − 400·1 < 0 on the diagonal
    const result = newtonPolish((x, g, H) => rosenbrockNewton(x, g, H), [0, 1], { stepTolerance: 1e-12, maxSteps: 10 });
    expect([result.converged, result.steps, Array.from(result.x)]).toEqual([false, 0, [0, 1]]);
  });

  it('newtonPolish stops at the rounding floor of a summed gradient instead of wandering to maxSteps', () => {
    // f = Σ (x − 1)²/2 summed over a million terms in a fixed order: its gradient cannot get nearer 0
    // than its rounding (as a likelihood summed over customers), so below 1e-9 a step is noise.
    let noise = 12345;
    const fgh = (x: Float64Array, g: Float64Array, H: Float64Array) => {
      noise = (noise * 1103515245 + 12345) % 2 ** 31;
      const wobble = (noise / 2 ** 31 - 0.5) * 1e-13;
      g[0] = x[0] - 1 + wobble;
      g[1] = 4 * (x[1] + 2) - wobble;
      H.set([1, 0, 0, 4]);
      return ((x[0] - 1) ** 2 + 4 * (x[1] + 2) ** 2) / 2;
    };
    const result = newtonPolish(fgh, [3, 3], { stepTolerance: 1e-16, maxSteps: 30 });
    expect(result.converged).toBe(true);
    expect(result.steps).toBeLessThanOrEqual(3);
    expect(Math.abs(result.x[0] - 1)).toBeLessThan(1e-12);
    expect(Math.abs(result.x[1] + 2)).toBeLessThan(1e-12);
  });
});
