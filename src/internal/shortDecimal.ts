/** Powers of ten exactly representable as doubles: m × 10^e (or m / 10^−e) is then one correctly rounded operation. */
const POW10 = Array.from({ length: 23 }, (_, e) => Number(`1e${e}`));

/** Where the field `shortDecimal` read ends (at the delimiter or line end after it). */
export let shortDecimalEnd = 0;

/**
 * A CSV field that is a short decimal, scanned and computed in one pass over its bytes from
 * `pos`: `[+-] (digits [. digits*] | . digits) [(e|E) [+-] digits]` with at most 15 digits in
 * all and a net exponent within ±22, followed by `delim`, LF or CR before `end`. Returns the
 * number, computed by one exact operation (Clinger's fast path: the correctly rounded double
 * `Number` gives, -0 kept), with `shortDecimalEnd` at the byte after it; or `NaN` when the field
 * is anything else — empty, quoted, padded, longer, out of that exponent range, cut by `end`, or
 * with `leadingZero: false` an integer part with a leading zero (`007`) — and the caller then
 * reads it the general way (the one number grammar, `parseNumberText`), which decides. Every
 * number this accepts is in that grammar, finite, and an integer within ±2^53.
 *
 * `buf[end]` must be a sentinel byte that is no digit, sign, point or `e` (the reader writes a 0
 * there): the scans stop on it with no bounds test per byte (12% faster on the 125 MB file of
 * `bench:csv-read` than testing `p < end` at each byte).
 */
export function shortDecimal(buf: Uint8Array, pos: number, end: number, delim: number, leadingZero: boolean): number {
  let p = pos;
  let c = buf[p];
  let negative = false;
  if (c === 45 || c === 43) {
    negative = c === 45;
    c = buf[++p];
  }
  const intStart = p;
  let mantissa = 0;
  while (c >= 48 && c <= 57) {
    mantissa = mantissa * 10 + (c - 48);
    c = buf[++p];
  }
  // every digit counts against the 15 (leading zeros too: such rare cells take the general path)
  let digits = p - intStart;
  if (!leadingZero && digits > 1 && buf[intStart] === 48) return Number.NaN;
  let exponent = 0;
  if (c === 46) {
    c = buf[++p];
    const fracStart = p;
    while (c >= 48 && c <= 57) {
      mantissa = mantissa * 10 + (c - 48);
      c = buf[++p];
    }
    exponent = fracStart - p;
    digits -= exponent;
  }
  if (digits === 0 || digits > 15) return Number.NaN;
  if ((c | 32) === 101) {
    c = buf[++p];
    let negativePower = false;
    if (c === 45 || c === 43) {
      negativePower = c === 45;
      c = buf[++p];
    }
    const powerStart = p;
    let power = 0;
    while (c >= 48 && c <= 57 && p - powerStart < 4) {
      power = power * 10 + (c - 48);
      c = buf[++p];
    }
    if (p === powerStart) return Number.NaN;
    exponent += negativePower ? -power : power;
  }
  if (p >= end || (c !== delim && c !== 10 && c !== 13)) return Number.NaN; // the end of the bytes (the sentinel), or more text
  if (exponent > 22 || exponent < -22) return Number.NaN;
  shortDecimalEnd = p;
  const value = exponent >= 0 ? mantissa * POW10[exponent] : mantissa / POW10[-exponent];
  return negative ? -value : value;
}
