/**
 * `JSON.parse` that never rounds an integer silently. An integer literal written without a
 * fraction or exponent whose magnitude is beyond 2^53 (a 19-digit id exported as a JSON number)
 * cannot be held by a double: `JSON.parse` would round it, merging ids that differ in the last
 * digits. Such literals are returned as strings of their exact digits instead, and listed in
 * `bigIntegers` so a reader can refuse them where a number is expected and pass them through
 * exactly (as text) elsewhere.
 *
 * Cheap on ordinary lines: the text is scanned only when it holds a run of 16 or more digits.
 * Throws `SyntaxError` as `JSON.parse` does.
 */
export function parseJsonExact(text: string): { value: unknown; bigIntegers: Set<string> | null } {
  if (!LONG_DIGITS.test(text)) return { value: JSON.parse(text), bigIntegers: null };
  let out = '';
  let copied = 0;
  let bigIntegers: Set<string> | null = null;
  const n = text.length;
  let i = 0;
  while (i < n) {
    const ch = text.charCodeAt(i);
    if (ch === 34 /* " */) {
      // skip a string, escapes included
      i++;
      while (i < n) {
        const c = text.charCodeAt(i);
        if (c === 92 /* \ */) i += 2;
        else if (c === 34) break;
        else i++;
      }
      i++;
    } else if (ch === 45 /* - */ || (ch >= 48 && ch <= 57)) {
      const start = i;
      if (ch === 45) i++;
      while (i < n && isDigit(text.charCodeAt(i))) i++;
      const digitsEnd = i;
      let plain = true;
      if (text.charCodeAt(i) === 46 /* . */) {
        plain = false;
        i++;
        while (i < n && isDigit(text.charCodeAt(i))) i++;
      }
      if ((text.charCodeAt(i) | 32) === 101 /* e */) {
        plain = false;
        i++;
        if (text.charCodeAt(i) === 43 || text.charCodeAt(i) === 45) i++;
        while (i < n && isDigit(text.charCodeAt(i))) i++;
      }
      const token = text.slice(start, digitsEnd);
      const first = text.charCodeAt(ch === 45 ? start + 1 : start);
      // only a valid JSON integer (no leading zero) is rewritten: invalid text stays invalid
      if (plain && first !== 48 && digitsEnd - start >= 16 && !Number.isSafeInteger(Number(token))) {
        out += `${text.slice(copied, start)}"${token}"`;
        copied = digitsEnd;
        (bigIntegers ??= new Set()).add(token);
      }
      if (i === start) i++;
    } else i++;
  }
  if (bigIntegers === null) return { value: JSON.parse(text), bigIntegers: null };
  return { value: JSON.parse(out + text.slice(copied)), bigIntegers };
}

const LONG_DIGITS = /\d{16}/;

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}
