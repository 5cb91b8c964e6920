import { describe, expect, it } from 'vitest';
import { fileLevels } from '../../src/internal/fileLevels.js';

// How a file's value is read as a categorical input's level (scoreStream, customer-value score):
// text prefers text levels, a number numeric levels; missing is NaN, no level −1.
describe('fileLevels(levels).code(value)', () => {
  it('text levels: exact text only; a number matches the one text level reading as it', () => {
    const levels = fileLevels(['low', 'high', '7']);
    expect(['low', 'high', '7', 7, 'LOW', ' low', 'low ', '07', 'x'].map((v) => levels.code(v))).toEqual([0, 1, 2, 2, -1, -1, -1, -1, -1]);
    expect(levels.textOnly).toBe(true);
    expect(levels.listed).toBe('"low", "high", "7"');
  });

  it('numeric levels: a text reading as the number (the one number grammar), a number, a safe bigint', () => {
    const levels = fileLevels([1, 2]);
    expect(['1', '2', '2.0', ' 2 ', '2e0', 2, 2n, '3', 3, '0x2', 'two', true].map((v) => levels.code(v))).toEqual([0, 1, 1, 1, 1, 1, 1, -1, -1, -1, -1, -1]);
    expect(levels.code(2n ** 60n)).toBe(-1);
    expect(levels.textOnly).toBe(false);
  });

  it('missing: null, undefined, NaN and the empty text', () => {
    const levels = fileLevels(['a', 1]);
    for (const v of [null, undefined, Number.NaN, '']) expect(levels.code(v)).toBeNaN();
  });

  it('a model with both 7 and "7" reads each as itself; a number two text levels read as matches neither', () => {
    const both = fileLevels([7, '7']);
    expect([both.code(7), both.code('7'), both.code('7.0')]).toEqual([0, 1, 0]);
    const twice = fileLevels(['1', '01', 'x']);
    expect([twice.code(1), twice.code('1'), twice.code('01')]).toEqual([-1, 0, 1]);
  });

  it('lists the first 10 levels and the count in messages', () => {
    expect(fileLevels(Array.from({ length: 12 }, (_, i) => i)).listed).toBe('0, 1, 2, 3, 4, 5, 6, 7, 8, 9, … (12 levels)');
  });
});
