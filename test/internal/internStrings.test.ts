// internStrings(values): equal strings become one string object, in place. The values are
// unchanged (checked against a copy) and non-string cells are left alone; the count is the number
// of distinct strings (a Set of the same values is the witness). That the cells share one object is
// what frees memory, which JavaScript cannot observe: benchmarks/report.mjs measures it.
import { describe, expect, it } from 'vitest';
import { internStrings } from '../../src/internal/internStrings.js';

describe('internStrings(values)', () => {
  it('keeps every value and counts the distinct strings, runs and repeats far apart alike', () => {
    // strings built at run time, so equal texts are distinct objects as a CSV reader makes them
    const text = (i: number) => ['c', String(i % 7), i % 3 === 0 ? '-x' : ''].join('');
    const values: unknown[] = Array.from({ length: 500 }, (_, i) => text(Math.floor(i / 4) * 13));
    values.push(null, undefined, 7, Number.NaN, '', '', '007', '7');
    const before = values.slice();
    const distinct = new Set(values.filter((v) => typeof v === 'string')).size;
    expect(internStrings(values)).toBe(distinct);
    expect(values).toEqual(before);
  });

  it('counts nothing in a column without strings', () => {
    const values: unknown[] = [1, 2, null];
    expect(internStrings(values)).toBe(0);
    expect(values).toEqual([1, 2, null]);
  });
});
