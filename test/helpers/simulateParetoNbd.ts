import { seededRandom } from '../../src/internal/random.js';

/**
 * A Pareto/NBD population (Schmittlein, Morrison & Colombo 1987; Fader & Hardie 2005 note, the
 * model's generative story): each customer's purchase rate λ ~ Gamma(r, α) and dropout rate
 * μ ~ Gamma(s, β) (rates α, β), a lifetime τ ~ Exponential(μ), purchases a Poisson process of
 * rate λ while alive; observed for T (drawn from `ages`) after the first purchase. Returns the
 * summary columns (as test/fixtures/loyalty/make_pnbd_covariates_reference.py simulates).
 */
export function simulateParetoNbd(
  truth: { readonly r: number; readonly alpha: number; readonly s: number; readonly beta: number },
  n: number,
  seed: number,
  ages: readonly number[] = [26, 39, 52],
): { frequency: Float64Array; recency: Float64Array; T: Float64Array } {
  const random = seededRandom(seed);
  const frequency = new Float64Array(n);
  const recency = new Float64Array(n);
  const T = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const lambda = random.gamma(truth.r) / truth.alpha;
    const mu = random.gamma(truth.s) / truth.beta;
    const lifetime = -Math.log(1 - random.uniform()) / mu;
    T[i] = ages[Math.floor(random.uniform() * ages.length)];
    const end = Math.min(lifetime, T[i]);
    let t = 0;
    for (;;) {
      t += -Math.log(1 - random.uniform()) / lambda;
      if (t > end) break;
      frequency[i]++;
      recency[i] = t;
    }
  }
  return { frequency, recency, T };
}
