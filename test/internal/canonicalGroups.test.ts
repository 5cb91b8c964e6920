import { describe, expect, it } from 'vitest';
import { canonicalGroups } from '../../src/internal/canonicalGroups.js';
import { seededRandom } from '../../src/internal/random.js';

// The witness: a plain comparator sort of the distinct rows (lexicographic, numeric order) with
// their counts tallied by string keys. canonicalGroups must give exactly those rows in that order,
// on its fast path (mixed-radix keys fit in 2^53) and on its fallback (they do not).

function reference(columns: Float64Array[], counts: number[] | null): { rows: number[][]; weights: number[] } {
  const tally = new Map<string, { row: number[]; weight: number }>();
  for (let i = 0; i < columns[0].length; i++) {
    const row = columns.map((c) => c[i] + 0);
    const key = row.join('|');
    const entry = tally.get(key) ?? { row, weight: 0 };
    entry.weight += counts ? counts[i] : 1;
    tally.set(key, entry);
  }
  const entries = [...tally.values()].sort((a, b) => {
    for (let k = 0; k < a.row.length; k++) if (a.row[k] !== b.row[k]) return a.row[k] - b.row[k];
    return 0;
  });
  return { rows: entries.map((e) => e.row), weights: entries.map((e) => e.weight) };
}

function check(columns: Float64Array[], counts: number[] | null) {
  const got = canonicalGroups(columns, columns[0].length, null, counts);
  const want = reference(columns, counts);
  expect(Array.from(got.weights)).toEqual(want.weights);
  for (let k = 0; k < columns.length; k++) expect(Array.from(got.columns[k])).toEqual(want.rows.map((r) => r[k]));
}

describe('canonicalGroups', () => {
  const rng = seededRandom(7);
  it('sorts few distinct values per column (mixed-radix keys: the fast path), with negatives, −0 and counts', () => {
    const n = 5000;
    const x = Float64Array.from({ length: n }, () => Math.floor(rng.uniform() * 12) - 3);
    const m = Float64Array.from({ length: n }, () => (rng.uniform() < 0.05 ? -0 : Math.round(rng.uniform() * 40) / 4));
    const counts = Array.from({ length: n }, () => 1 + Math.floor(rng.uniform() * 5));
    check([x, m], null);
    check([x, m], counts);
  });

  it('sorts a last column with a distinct value per row within buckets of the leading columns (mean spend), and one column alone', () => {
    const n = 30_000;
    const x = Float64Array.from({ length: n }, () => 1 + Math.floor(rng.uniform() * 40));
    const m = Float64Array.from({ length: n }, () => (rng.uniform() < 0.02 ? 7.25 : rng.uniform() * 300));
    const counts = Array.from({ length: n }, () => 1 + Math.floor(rng.uniform() * 3));
    check([x, m], null);
    check([x, m], counts);
    check([m], null);
    // three columns, the first two with few values (BG/NBD's x, t_x, T)
    const t = Float64Array.from({ length: n }, () => Math.floor(rng.uniform() * 30) / 7);
    check([x, t, m], null);
  });

  it('sorts leading columns with more combinations than rows (mixed-radix keys, no buckets)', () => {
    const n = 3000;
    const x = Float64Array.from({ length: n }, () => rng.uniform() * 1e4);
    const m = Float64Array.from({ length: n }, () => Math.floor(rng.uniform() * 5));
    check([x, m], null);
  });

  it('sorts many distinct values in three columns (keys beyond 2^53: the comparator fallback)', () => {
    const n = 40_000; // 40k³ · groups > 2^53
    const cols = [0, 1, 2].map(() => Float64Array.from({ length: n }, () => rng.uniform() * 1e6 - 5e5));
    for (let i = 0; i < n; i += 3) cols[0][i] = cols[0][0]; // ties in the first column
    check(cols, null);
  });

  it('gives the same groups for the same multiset of rows in any order', () => {
    const n = 3000;
    const x = Float64Array.from({ length: n }, () => Math.floor(rng.uniform() * 5));
    const m = Float64Array.from({ length: n }, () => Math.floor(rng.uniform() * 7) / 3);
    const order = Array.from({ length: n }, (_, i) => i).sort(() => rng.uniform() - 0.5);
    const a = canonicalGroups([x, m], n, null, null);
    const b = canonicalGroups([Float64Array.from(order, (i) => x[i]), Float64Array.from(order, (i) => m[i])], n, null, null);
    expect(b).toEqual(a);
  });

  it('sorts and merges neighbours within few leading rows (no hash of every row): −0 in any column, skipped rows, many or few rows per bucket', () => {
    const n = 20_000;
    const x = Float64Array.from({ length: n }, () => (rng.uniform() < 0.05 ? -0 : Math.floor(rng.uniform() * 6)));
    const m = Float64Array.from({ length: n }, () => (rng.uniform() < 0.05 ? -0 : rng.uniform() < 0.5 ? Math.floor(rng.uniform() * 30) : rng.uniform()));
    const skip = Uint8Array.from({ length: n }, () => (rng.uniform() < 0.1 ? 1 : 0));
    const counts = Array.from({ length: n }, () => 1 + Math.floor(rng.uniform() * 4));
    const kept = Array.from({ length: n }, (_, i) => i).filter((i) => skip[i] === 0);
    const keptColumns = [x, m].map((c) => Float64Array.from(kept, (i) => c[i]));
    for (const weights of [null, counts]) {
      const got = canonicalGroups([x, m], n, skip, weights);
      const want = reference(keptColumns, weights === null ? null : kept.map((i) => weights[i]));
      expect(Array.from(got.weights)).toEqual(want.weights);
      expect(Array.from(got.columns[0])).toEqual(want.rows.map((r) => r[0]));
      expect(Array.from(got.columns[1])).toEqual(want.rows.map((r) => r[1]));
      // −0 reads as 0: no group holds −0
      expect(got.columns.every((c) => c.every((v) => !Object.is(v, -0)))).toBe(true);
    }
    // every row skipped: no groups
    expect(canonicalGroups([x, m], n, new Uint8Array(n).fill(1), null).weights.length).toBe(0);
  });
});
