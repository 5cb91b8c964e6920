import { describe, expect, it } from 'vitest';
import { wrapText } from '../../src/charts/wrapText.js';
import { textWidth } from '../../src/internal/textWidth.js';

describe('wrapText(text, maxWidth, fontSize)', () => {
  const text =
    'Customers who bought twice in the first quarter and then lapsed (winback list, region EMEA-North) Supercalifragilisticexpialidocious-and-then-some';
  it('keeps every line within the width and every character, in order', () => {
    for (const width of [40, 90, 200, 1000]) {
      const lines = wrapText(text, width, 11);
      for (const line of lines) expect(textWidth(line, 11) <= width || [...line].length === 1, `${width}: ${line}`).toBe(true);
      expect(lines.join(' ').replace(/ /g, '')).toBe(text.replace(/ /g, ''));
    }
  });

  it('leaves text that fits on one line; empty text is one empty line', () => {
    expect(wrapText('short', 500, 11)).toEqual(['short']);
    expect(wrapText('', 100, 11)).toEqual(['']);
  });
});
