import { seededRandom } from '../../src/internal/random.js';

/**
 * A BG/BB population (Fader, Hardie & Shang 2010, the model's generative story): each customer's
 * transaction probability p ~ Beta(α, β) and dropout probability θ ~ Beta(γ, δ); at each of the
 * `opportunities` a customer still alive first becomes inactive with probability θ, and if still
 * alive transacts with probability p. Returns frequency, recency (the last opportunity with a
 * transaction, 0 without) and periods (as test/fixtures/loyalty/make_bgbb_covariates_reference.py
 * simulates).
 */
export function simulateBetaGeoBetaBinomial(
  truth: { readonly alpha: number; readonly beta: number; readonly gamma: number; readonly delta: number },
  n: number,
  seed: number,
  opportunities = 6,
): { frequency: Float64Array; recency: Float64Array; periods: Float64Array } {
  const random = seededRandom(seed);
  const beta = (a: number, b: number) => {
    const g = random.gamma(a);
    return g / (g + random.gamma(b));
  };
  const frequency = new Float64Array(n);
  const recency = new Float64Array(n);
  const periods = new Float64Array(n).fill(opportunities);
  for (let i = 0; i < n; i++) {
    const p = beta(truth.alpha, truth.beta);
    const theta = beta(truth.gamma, truth.delta);
    for (let t = 1; t <= opportunities; t++) {
      if (random.uniform() < theta) break;
      if (random.uniform() < p) {
        frequency[i]++;
        recency[i] = t;
      }
    }
  }
  return { frequency, recency, periods };
}
