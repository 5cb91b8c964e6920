/**
 * The one number grammar every reader applies to text (CSV cells, NDJSON numeric strings):
 *
 *   [spaces] [+|-] (digits [. digits*] | . digits) [(e|E) [+|-] digits] [spaces]
 *
 * Decimal only: no hex (`0x1F`), binary (`0b11`) or octal (`0o17`) prefixes, no `Infinity` or
 * `NaN` text, no digit separators. Leading and trailing ASCII spaces and tabs (padded exports)
 * are ignored. An integer written without a fraction or exponent whose magnitude is beyond 2^53
 * (a 19-digit id, say) is refused, because no double holds it exactly: read such a column as
 * text. A number beyond the range of a double (`1e400`) is refused, never read as Infinity.
 */

/** The grammar in words, for error messages. */
export const NUMBER_TEXT_EXPECTED = 'a decimal number such as 12, -3.5 or 1.2e3';

const DECIMAL = /^[ \t]*[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?[ \t]*$/;
const PLAIN_INTEGER = /^[ \t]*[+-]?\d+[ \t]*$/;

/** Why a text is not a number under the grammar, or `undefined` when it is one. */
export function numberTextProblem(text: string): string | undefined {
  if (!DECIMAL.test(text)) return `${NUMBER_TEXT_EXPECTED} (no hex, binary or octal prefixes, no Infinity or NaN)`;
  const value = Number(text);
  if (!Number.isFinite(value)) return 'a number within the range of a double (±1.8e308)';
  if (PLAIN_INTEGER.test(text) && !Number.isSafeInteger(value)) {
    return 'an integer of magnitude below 2^53 (larger integers cannot all be held exactly: read the column as text)';
  }
  return undefined;
}

/**
 * The number a text holds under the grammar, or `NaN` when it holds none (outside the grammar,
 * or an integer beyond 2^53). The grammar never yields `NaN` itself, so `NaN` is unambiguous.
 */
export function parseNumberText(text: string): number {
  return numberTextProblem(text) === undefined ? Number(text) : Number.NaN;
}

/** True when `text` is an integer written with a leading zero (`007`, `-01`): an id, not a count. */
export function hasLeadingZero(text: string): boolean {
  return /^[ \t]*[+-]?0\d/.test(text);
}

/**
 * A number as text the grammar reads back to the same double: JavaScript's shortest round-trip
 * form, except integers from 2^53 up to 1e21, which `String` writes as plain digits the grammar
 * refuses (`510000000000000000000`) and which are written in exponent form instead
 * (`5.1e+20`). NaN and ±Infinity have no text: the caller writes them as missing.
 */
export function formatNumberText(value: number): string {
  const magnitude = Math.abs(value);
  return magnitude >= 2 ** 53 && magnitude < 1e21 ? value.toExponential() : String(value);
}
