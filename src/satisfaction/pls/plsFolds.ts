import { seededRandom, streamSeed } from '../../internal/random.js';

/**
 * @internal Fold of each of `n` respondents for repetition `repetition` of a seeded k-fold split:
 * a Fisher–Yates shuffle of 0…n−1 driven by mulberry32 seeded with `streamSeed(seed, repetition)`
 * (for i = n−1 down to 1: j = ⌊u·(i+1)⌋, swap), then the respondent at shuffled position q goes to
 * fold ⌊q·k/n⌋ — so folds differ in size by at most one, and each repetition depends only on
 * (seed, repetition). `test/fixtures/satisfaction/make_pls_predict.py` rebuilds it from this
 * description.
 */
export function plsFolds(n: number, k: number, seed: number, repetition: number): Int32Array {
  const random = seededRandom(streamSeed(seed, repetition));
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(random.uniform() * (i + 1));
    const t = order[i];
    order[i] = order[j];
    order[j] = t;
  }
  const fold = new Int32Array(n);
  for (let q = 0; q < n; q++) fold[order[q]] = Math.floor((q * k) / n);
  return fold;
}
