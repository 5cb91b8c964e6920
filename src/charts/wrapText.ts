import { textWidth } from '../internal/textWidth.js';

/**
 * @internal `text` broken at spaces into lines no wider than `maxWidth` px (by `textWidth`, which
 * errs wide); a word wider than a line is broken between characters. Empty text is one line.
 */
export function wrapText(text: string, maxWidth: number, fontSize: number, bold = false): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    const candidate = line === '' ? word : `${line} ${word}`;
    if (textWidth(candidate, fontSize, bold) <= maxWidth) {
      line = candidate;
      continue;
    }
    if (line !== '') lines.push(line);
    line = '';
    for (const ch of word) {
      if (line !== '' && textWidth(line + ch, fontSize, bold) > maxWidth) {
        lines.push(line);
        line = '';
      }
      line += ch;
    }
  }
  lines.push(line);
  return lines;
}
