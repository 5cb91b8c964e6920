import { seededRandom } from '../../src/internal/random.js';

/**
 * A BG/NBD population (Fader, Hardie & Lee 2005, the model's generative story): each customer's
 * purchase rate λ ~ Gamma(r, α) (rate α), dropout probability p ~ Beta(a, b); purchases as a
 * Poisson process of rate λ, after each purchase the customer drops out with probability p;
 * observed for T (drawn from `ages`) after the first purchase. Returns the summary columns.
 */
export function simulateBetaGeo(
  truth: { readonly r: number; readonly alpha: number; readonly a: number; readonly b: number },
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
    const ga = random.gamma(truth.a);
    const p = ga / (ga + random.gamma(truth.b));
    T[i] = ages[Math.floor(random.uniform() * ages.length)];
    let t = 0;
    for (;;) {
      t += -Math.log(1 - random.uniform()) / lambda;
      if (t > T[i]) break;
      frequency[i]++;
      recency[i] = t;
      if (random.uniform() < p) break;
    }
  }
  return { frequency, recency, T };
}
