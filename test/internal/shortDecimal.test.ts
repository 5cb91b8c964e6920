import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { losslessNumber } from '../../src/internal/losslessNumber.js';
import { parseNumberText } from '../../src/internal/numberText.js';
import { shortDecimal, shortDecimalEnd } from '../../src/internal/shortDecimal.js';

// The witness: every number shortDecimal accepts is the one the grammar gives (parseNumberText,
// i.e. Number: the correctly rounded double), -0 included, and with leadingZero false the one
// parseCsv's typing gives (losslessNumber); what it refuses, the general path decides.
/** The text's bytes and the sentinel 0 after them. */
const bytes = (text: string) => new TextEncoder().encode(`${text}\0`);

describe('shortDecimal(buf, pos, end, delim, leadingZero)', () => {
  it('equals parseNumberText (and losslessNumber without leading zeros) on every field it accepts', () => {
    const text = fc.stringMatching(/^[+-]?[0-9]{0,18}(\.[0-9]{0,18})?([eE][+-]?[0-9]{1,5})?$/);
    fc.assert(
      fc.property(text, fc.constantFrom(',', '\n', '\r', ';', ''), fc.boolean(), (cell, after, leadingZero) => {
        const buf = bytes(`${cell}${after}`);
        const v = shortDecimal(buf, 0, buf.length - 1, 44, leadingZero);
        if (v !== v) return;
        expect(after === ',' || after === '\n' || after === '\r', cell).toBe(true);
        expect(shortDecimalEnd).toBe(cell.length);
        expect(Object.is(v, parseNumberText(cell)), cell).toBe(true);
        if (!leadingZero) expect(Object.is(v, losslessNumber(cell)), cell).toBe(true);
      }),
      { numRuns: 20_000 },
    );
  });

  it('takes the usual cells and leaves the rest to the grammar', () => {
    const read = (cell: string, leadingZero = true) => shortDecimal(bytes(`${cell},`), 0, cell.length + 1, 44, leadingZero);
    expect([read('12'), read('-3.5'), read('.5'), read('1.'), read('1.702e-7'), read('+7'), read('1E+22')]).toEqual([12, -3.5, 0.5, 1, 1.702e-7, 7, 1e22]);
    expect(Object.is(read('-0'), -0)).toBe(true);
    expect(read('007')).toBe(7);
    for (const cell of ['', '007', ' 1', '1 ', '0x1F', '1e23', '1234567890123456', '1e', '.', '-', '1e99999', 'NaN']) expect(read(cell, false), cell).toBeNaN();
    expect(shortDecimal(bytes('12'), 0, 2, 44, true)).toBeNaN(); // cut by the end of the bytes: the record may go on
    expect(shortDecimal(bytes('12,\n'), 0, 1, 44, true)).toBeNaN(); // the end of the bytes before the delimiter
  });
});
