import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { nearestCenter, relabel } from '../../src/segmentation/kmeansKernel.js';

describe('nearestCenter(data, base, centers, k, p, two), the one nearest-center search of the k-means kernel', () => {
  // 3 centers in 2-D: (0, 0), (3, 4), (0, 1)
  const centers = Float64Array.from([0, 0, 3, 4, 0, 1]);

  it('returns the nearest center and writes the squared distances to the nearest and second nearest', () => {
    const two = new Float64Array(2);
    expect(nearestCenter(Float64Array.from([9, 9, 3, 3]), 2, centers, 3, 2, two)).toBe(1); // the row at base 2 is (3, 3)
    expect(Array.from(two)).toEqual([1, 13]); // (3,3)–(3,4): 1; (3,3)–(0,1): 9 + 4
  });

  it('keeps the first of equally near centers, and gives a tie as the second distance', () => {
    const two = new Float64Array(2);
    expect(nearestCenter(Float64Array.from([0, 0.5]), 0, centers, 3, 2, two)).toBe(0);
    expect(Array.from(two)).toEqual([0.25, 0.25]);
  });

  it('gives Infinity as the second distance with one center, and 0 then the nearest other for a center itself', () => {
    const two = new Float64Array(2);
    expect(nearestCenter(Float64Array.from([5, 5]), 0, centers, 1, 2, two)).toBe(0);
    expect(Array.from(two)).toEqual([50, Infinity]);
    expect(nearestCenter(centers, 4, centers, 3, 2, two)).toBe(2);
    expect(Array.from(two)).toEqual([0, 1]);
  });

  it('is what relabel assigns with, summing the nearest squared distances', () => {
    const data = Float64Array.from([3, 3, 0, 0.4, 10, 10]);
    const labels = new Int32Array(3);
    expect(relabel(data, 3, 2, centers, 3, labels)).toBeCloseTo(1 + 0.16 + (49 + 36), 12);
    expect(Array.from(labels)).toEqual([1, 0, 1]);
  });

  it('is the only running-minimum search over centers in the kernel file (no second copy of the loop)', () => {
    const source = readFileSync(join(__dirname, '../../src/segmentation/kmeansKernel.ts'), 'utf8');
    const functions = source.split(/^(?=(?:export )?function )/m).slice(1);
    const searching = functions.filter((body) => /let \w+ = Infinity;/.test(body)).map((body) => /function (\w+)/.exec(body)?.[1]);
    expect(searching).toEqual(['nearestCenter']);
  });
});
