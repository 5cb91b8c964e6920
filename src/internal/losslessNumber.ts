import { hasLeadingZero, parseNumberText } from './numberText.js';

/**
 * The number a CSV cell holds when reading it as one loses nothing, else `NaN` (`parseCsv`'s
 * column typing): in the one number grammar, no integer beyond ±2^53 (a fraction-written one such
 * as `9007199254740993.0` included), no leading zero (`007`). Plain decimals (`-12`, `3.50`,
 * `.5`: the bulk of real files) are checked in one scan of char codes; anything else
 * (exponents, padding, garbage) goes through the shared grammar (`parseNumberText`).
 */
export function losslessNumber(cell: string): number {
  const n = cell.length;
  let i = 0;
  let ch = cell.charCodeAt(0);
  if (ch === 43 /* + */ || ch === 45 /* - */) ch = cell.charCodeAt(++i);
  const intStart = i;
  while (ch >= 48 && ch <= 57) ch = cell.charCodeAt(++i);
  const intDigits = i - intStart;
  let fracDigits = 0;
  if (ch === 46 /* . */) {
    const fracStart = ++i;
    ch = cell.charCodeAt(i);
    while (ch >= 48 && ch <= 57) ch = cell.charCodeAt(++i);
    fracDigits = i - fracStart;
  }
  if (i === n && intDigits + fracDigits > 0) {
    if (intDigits > 1 && cell.charCodeAt(intStart) === 48) return Number.NaN; // 007: an id or a code, not a count
    const v = Number(cell);
    // an integer beyond 2^53 written out (9007199254740993.0) was rounded: keep the text
    return v > Number.MAX_SAFE_INTEGER || v < -Number.MAX_SAFE_INTEGER ? Number.NaN : v;
  }
  const v = parseNumberText(cell);
  if (v !== v || hasLeadingZero(cell)) return Number.NaN;
  if ((v > Number.MAX_SAFE_INTEGER || v < -Number.MAX_SAFE_INTEGER) && !/[eE]/.test(cell)) return Number.NaN;
  return v;
}

/** What a decimal-comma number cell must look like, for messages. */
export const DECIMAL_COMMA_EXPECTED = 'a decimal number with a decimal comma such as 12, -3,5 or 1,2e3 (no point, no thousands separator)';

/** A decimal-comma cell in the one grammar's form (`-3,5` → `-3.5`); a cell holding a point can be no number. */
export function pointFor(cell: string): string {
  return cell.includes('.') ? '?' : cell.replace(',', '.');
}
