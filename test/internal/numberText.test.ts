import { describe, expect, it } from 'vitest';
import { hasLeadingZero, numberTextProblem, parseNumberText } from '../../src/internal/numberText.js';

// The grammar's witness is JSON's number grammar (ECMA-404) widened by a leading '+', a bare
// leading or trailing '.', and padding spaces: every accepted text must equal Number(text).
describe('parseNumberText(text)', () => {
  it('accepts decimal numbers and equals Number(text) on them', () => {
    for (const text of [
      '0',
      '-0',
      '+3',
      '12',
      '-3.5',
      '.5',
      '5.',
      '1e5',
      '1E-5',
      '2.5e+3',
      ' 7 ',
      '\t8',
      '9007199254740991',
      '-9007199254740991',
      '12345678901234567890.0',
      '1e-400',
    ]) {
      expect(numberTextProblem(text), text).toBeUndefined();
      expect(Object.is(parseNumberText(text), Number(text)), text).toBe(true);
    }
  });

  it('refuses what Number() accepts but a reader must not: hex, binary, octal, Infinity, empty', () => {
    for (const text of ['0x1F', '0b11', '0o17', 'Infinity', '-Infinity', 'NaN', '', ' ', '1_000', '1,5', '--1', '1e', 'e5', '.', '+', '1.2.3', '١٢']) {
      expect(Number.isNaN(parseNumberText(text)), text).toBe(true);
      expect(numberTextProblem(text), text).toMatch(/decimal number/);
    }
  });

  it('refuses integers beyond 2^53, which no double holds exactly', () => {
    expect(numberTextProblem('9007199254740993')).toMatch(/2\^53/);
    expect(numberTextProblem('12345678901234567890')).toMatch(/2\^53/);
    expect(Number.isNaN(parseNumberText('-9007199254740992'))).toBe(true);
  });

  it('refuses numbers beyond the range of a double instead of reading Infinity', () => {
    expect(numberTextProblem('1e400')).toMatch(/range of a double/);
    expect(Number.isNaN(parseNumberText('-1e309'))).toBe(true);
  });

  it('hasLeadingZero(text) flags ids like 007 but not 0 or 0.5', () => {
    expect(hasLeadingZero('007')).toBe(true);
    expect(hasLeadingZero('-01')).toBe(true);
    expect(hasLeadingZero('0')).toBe(false);
    expect(hasLeadingZero('0.5')).toBe(false);
    expect(hasLeadingZero('10')).toBe(false);
  });
});
