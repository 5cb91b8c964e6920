import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { momentMatrix } from '../../src/internal/momentMatrix.js';
import { momentsFromCovariance } from '../../src/internal/momentsFromCovariance.js';

// The SDs and correlations of moments from rows (momentMatrix) and from a covariance matrix (an
// ItemMoments summary, item combinations) are one function's: the same doubles from the same
// covariances, and the formula written once under src/.
const SRC = join(__dirname, '../../src');
const sources = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []));

describe('momentsFromCovariance(n, means, covariance)', () => {
  it("gives momentMatrix's moments, bit for bit, from momentMatrix's covariance", () => {
    const columns = [Float64Array.of(1, 2, 3, 4, 6), Float64Array.of(2, 1, 4, 3, 5), Float64Array.of(5, 5, 1, 2, 0.5)];
    const rows = momentMatrix(columns, null);
    expect(momentsFromCovariance(rows.n, rows.means, rows.covariance)).toStrictEqual(rows);
    // r_jk = C_jk / (sd_j sd_k), 1 on the diagonal
    const m = momentsFromCovariance(10, Float64Array.of(0, 0), Float64Array.of(4, 3, 3, 9));
    expect(Array.from(m.sds)).toEqual([2, 3]);
    expect(Array.from(m.correlation)).toEqual([1, 0.5, 0.5, 1]);
  });

  it('is the only place under src/ that turns a covariance matrix into correlations', () => {
    const copies = sources(SRC).filter((file) => /covariance\[j \* p \+ k\] \/ \(sds\[j\] \* sds\[k\]\)/.test(readFileSync(file, 'utf8')));
    expect(copies.map((file) => file.slice(SRC.length + 1))).toEqual(['internal/momentsFromCovariance.ts']);
  });
});
