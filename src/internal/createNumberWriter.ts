/** @internal What `createNumberWriter` returns. */
export interface NumberWriter {
  /**
   * Write the ASCII bytes of `String(value)` into `out` at `at` (at most 25 bytes; the caller
   * makes room) and return the position after them. With `bigExponential`, magnitudes from 2^53
   * up to 1e21 are written as `value.toExponential()` instead (the CSV writer's form).
   */
  shortest(value: number, out: Uint8Array, at: number, bigExponential: boolean): number;
  /**
   * Write the bytes of `value.toFixed(decimals)` (0 ≤ decimals ≤ 20) into `out` at `at`; the
   * caller makes room for 45 bytes (more is never needed below 1e21; above, `String(value)`).
   */
  fixed(value: number, decimals: number, out: Uint8Array, at: number): number;
  /** Values written through `String` / `toFixed` because the fast path could not decide them (for tests and benchmarks). */
  fallbacks: number;
}

/**
 * @internal Number → ASCII bytes without a string per value: `shortest` gives exactly the bytes
 * of `String(v)` (ECMAScript Number::toString: the fewest significant digits that read back to
 * `v`, the closest of them to `v` when several have that length, decimal form for 1e-7 ≤ |v| <
 * 1e21 and exponent form outside, `-0` → `0`, `NaN`, `Infinity`), `fixed` exactly those of
 * `toFixed(d)` (round half up on the exact binary value).
 *
 * Method (shortest): `v = m × 2^e2` is scaled to `s = m × G`, `G = 2^e2 × 10^K` in [2, 20),
 * computed as a double-double (`G` from a table built lazily and exactly with BigInt; the product
 * by Dekker's two-product), so `s` has about 17 integer digits and an error below 1e-14. The
 * values that read back to `v` are those inside `s ± G/2` (`G/4` below a power of two; the bounds themselves when `m` is even);
 * the shortest is the multiple of the largest `10^j` inside, the nearer one when two are. Any
 * comparison closer than 1e-9 to its threshold (an exact tie or a bound itself, where
 * round-half-even decides) goes to `String(v)`, as Grisu3 goes to its exact fallback — except
 * where `G` is itself a double (2^e2 × 10^K, 0 ≤ K ≤ 22: magnitudes from about 2^-20 ≈ 1e-6 to 2^57 ≈ 1.4e17),
 * where `s` is exact and ties and bounds are decided here. In practice only integers beyond 2^57
 * whose rounding bounds are short decimals fall back (about 1% of random integers there, 1.5 in
 * 10^4 random bit patterns; no subnormal, short decimal or computed value among 10^8 checked:
 * `benchmarks/number-text-check.mjs`).
 *
 * Self-contained on purpose (no imports, no module state): its source is also part of the
 * program of the CSV formatting workers.
 */
export function createNumberWriter(): NumberWriter {
  const bits = new Float64Array(1);
  const words = new Uint32Array(bits.buffer);
  const little = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
  const HI = little ? 1 : 0;
  const LO = little ? 0 : 1;
  // per biased exponent: G = 2^e2 × 10^K as gHigh + gLow, gHigh's Veltkamp halves, and K
  const gHigh = new Float64Array(2047);
  const gLow = new Float64Array(2047);
  const gHighTop = new Float64Array(2047);
  const gHighBottom = new Float64Array(2047);
  const gK = new Int32Array(2047);
  const gExact = new Uint8Array(2047);
  const LOG10_2 = Math.log10(2);
  const SPLIT = 134217729; // 2^27 + 1
  const EPS = 1e-9;
  const POW = new Float64Array(23);
  for (let k = 0, p = 1; k < 23; k++, p *= 10) POW[k] = p;
  // 00–99 as digit pairs (values 0–9, not ASCII)
  const PAIRS = new Uint8Array(200);
  for (let k = 0; k < 100; k++) {
    PAIRS[2 * k] = (k / 10) | 0;
    PAIRS[2 * k + 1] = k % 10;
  }
  const POW_INT = new Int32Array(9);
  for (let k = 0, p = 1; k < 9; k++, p *= 10) POW_INT[k] = p;
  const fill = (biased: number) => {
    const e2 = biased === 0 ? -1074 : biased - 1075;
    const K = Math.ceil((1 - e2) * LOG10_2);
    let num = 1n;
    let den = 1n;
    if (e2 >= 0) num <<= BigInt(e2);
    else den <<= BigInt(-e2);
    if (K >= 0) num *= 10n ** BigInt(K);
    else den *= 10n ** BigInt(-K);
    const scaled = (num << 120n) / den;
    const high = Number(scaled);
    const low = Number(scaled - BigInt(high));
    const g = high / 2 ** 120;
    gHigh[biased] = g;
    gLow[biased] = low / 2 ** 120;
    const c = SPLIT * g;
    gHighTop[biased] = c - (c - g);
    gHighBottom[biased] = g - gHighTop[biased];
    gK[biased] = K;
    // G itself a double (2^e2 × 10^K with 0 ≤ K ≤ 22): s is then exact and ties are real
    gExact[biased] = low === 0 && (num << 120n) % den === 0n ? 1 : 0;
  };
  const digits = new Uint8Array(24);
  const text = (s: string, out: Uint8Array, at: number) => {
    for (let k = 0; k < s.length; k++) out[at++] = s.charCodeAt(k);
    return at;
  };
  const writer: NumberWriter = {
    fallbacks: 0,
    shortest(value, out, at, bigExponential) {
      if (value !== value) return text('NaN', out, at);
      if (value === 0) {
        out[at] = 48;
        return at + 1;
      }
      let v = value;
      if (v < 0) {
        out[at++] = 45;
        v = -v;
      }
      if (v === Infinity) return text('Infinity', out, at);
      // whole numbers below 2^53: the digit loop
      if (v < 9007199254740992 && Math.floor(v) === v) {
        let n = 0;
        while (v >= 4294967296) {
          const q = Math.floor(v / 10);
          digits[n++] = v - q * 10;
          v = q;
        }
        let w = v >>> 0;
        do {
          const q = (w / 10) >>> 0;
          digits[n++] = w - q * 10;
          w = q;
        } while (w > 0);
        while (n > 0) out[at++] = 48 + digits[--n];
        return at;
      }
      bits[0] = v;
      const hi = words[HI];
      const biased = hi >>> 20;
      let m = (hi & 0xfffff) * 4294967296 + words[LO];
      if (biased > 0) m += 4503599627370496;
      if (gHigh[biased] === 0) fill(biased);
      const gh = gHigh[biased];
      // s = m × G as sh + sl (two-product of m and gHigh, plus m × gLow)
      const sh = m * gh;
      const c = SPLIT * m;
      const mt = c - (c - m);
      const mb = m - mt;
      const gt = gHighTop[biased];
      const gb = gHighBottom[biased];
      const sl = mt * gt - sh + mt * gb + mb * gt + mb * gb + m * gLow[biased];
      const dh = gh / 2;
      const dl = m === 4503599627370496 && biased > 1 ? gh / 4 : dh;
      // s = H × 1e8 + L + f, L in [0, 1e8), f in [0, 1)
      let H = Math.floor(sh / 1e8);
      const H1 = Math.floor(H / 65536);
      const x = sh - H1 * 6553600000000 - (H - H1 * 65536) * 1e8;
      const xi = Math.floor(x);
      const xf = x - xi;
      const t = xf + sl;
      // exact when G is and the sum above lost nothing (Knuth's two-sum error is zero)
      const tb = t - xf;
      const exact = gExact[biased] === 1 && xf - (t - tb) + (sl - tb) === 0;
      const ti = Math.floor(t);
      const f = t - ti;
      let L = (xi + ti) | 0;
      let Hi = H | 0;
      while (L < 0) {
        L += 100000000;
        Hi -= 1;
      }
      while (L >= 100000000) {
        L -= 100000000;
        Hi += 1;
      }
      const even = (m & 1) === 0;
      // the largest j with a multiple of 10^j inside (s − dl, s + dh), and which one
      let best = -1;
      let up = false;
      for (let j = 0; j < 19; j++) {
        let down: number;
        let upward: number;
        let quotient: number; // parity of the lower candidate's last digit
        if (j <= 8) {
          const p = POW_INT[j];
          const r = L % p;
          down = r + f;
          upward = p - r - f;
          quotient = j === 8 ? Hi : ((L - r) / p) | 0;
        } else {
          const p = POW[j - 8];
          const r = Hi % p;
          down = r === 0 ? L + f : Infinity;
          upward = r === p - 1 ? 100000000 - L - f : Infinity;
          quotient = 0;
        }
        let downIn: boolean;
        let upIn: boolean;
        if (exact) {
          downIn = down < dl || (down === dl && even);
          upIn = upward < dh || (upward === dh && even);
        } else {
          if (Math.abs(down - dl) < EPS || Math.abs(upward - dh) < EPS) {
            best = -2;
            break;
          }
          downIn = down < dl;
          upIn = upward < dh;
        }
        if (!downIn && !upIn) break;
        if (downIn && upIn) {
          if (exact) up = upward < down || (upward === down && (quotient & 1) === 1);
          else if (Math.abs(down - upward) < EPS) {
            best = -2;
            break;
          } else up = upward < down;
        } else up = upIn;
        best = j;
      }
      H = Hi;
      if (best < 0) {
        writer.fallbacks++;
        return text(bigExponential && v >= 9007199254740992 && v < 1e21 ? v.toExponential() : String(v), out, at);
      }
      // digits of H·1e8 + L (two at a time, from the right), the last `best` dropped, rounded up if so chosen
      const head = H > 0 ? H : L;
      let n =
        head >= 1e9
          ? 10
          : head >= 1e8
            ? 9
            : head >= 1e7
              ? 8
              : head >= 1e6
                ? 7
                : head >= 1e5
                  ? 6
                  : head >= 1e4
                    ? 5
                    : head >= 1000
                      ? 4
                      : head >= 100
                        ? 3
                        : head >= 10
                          ? 2
                          : 1;
      let k = n;
      let w = head;
      while (k > 1) {
        const q = (w / 100) >>> 0;
        const pair = 2 * (w - q * 100);
        digits[--k] = PAIRS[pair + 1];
        digits[--k] = PAIRS[pair];
        w = q;
      }
      if (k === 1) digits[0] = w;
      if (H > 0) {
        w = L;
        for (k = n + 8; k > n;) {
          const q = (w / 100) >>> 0;
          const pair = 2 * (w - q * 100);
          digits[--k] = PAIRS[pair + 1];
          digits[--k] = PAIRS[pair];
          w = q;
        }
        n += 8;
      }
      let count = n - best;
      let power = best; // the value is digits[0..count) × 10^(power − K)
      if (count <= 0) {
        digits[0] = 1;
        count = 1;
      } else if (up) {
        let k = count - 1;
        while (k >= 0 && digits[k] === 9) digits[k--] = 0;
        if (k >= 0) digits[k]++;
        else {
          power += count;
          digits[0] = 1;
          count = 1;
        }
      }
      while (count > 1 && digits[count - 1] === 0) {
        count--;
        power++;
      }
      const point = count + power - gK[biased]; // ECMAScript's n: value = 0.d1d2… × 10^point
      if (point <= 21 && point > -6 && !(bigExponential && v >= 9007199254740992)) {
        if (point >= count) {
          for (let k = 0; k < count; k++) out[at++] = 48 + digits[k];
          for (let k = count; k < point; k++) out[at++] = 48;
        } else if (point > 0) {
          for (let k = 0; k < point; k++) out[at++] = 48 + digits[k];
          out[at++] = 46;
          for (let k = point; k < count; k++) out[at++] = 48 + digits[k];
        } else {
          out[at++] = 48;
          out[at++] = 46;
          for (let k = point; k < 0; k++) out[at++] = 48;
          for (let k = 0; k < count; k++) out[at++] = 48 + digits[k];
        }
        return at;
      }
      out[at++] = 48 + digits[0];
      if (count > 1) {
        out[at++] = 46;
        for (let k = 1; k < count; k++) out[at++] = 48 + digits[k];
      }
      out[at++] = 101;
      let e = point - 1;
      out[at++] = e < 0 ? 45 : 43;
      if (e < 0) e = -e;
      if (e >= 100) out[at++] = 48 + ((e / 100) | 0);
      if (e >= 10) out[at++] = 48 + (((e / 10) | 0) % 10);
      out[at++] = 48 + (e % 10);
      return at;
    },
    fixed(value, decimals, out, at) {
      const a = value < 0 ? -value : value;
      const p = POW[decimals];
      const y = a * p;
      // below 2^52 an ulp of y is at most ½, so |e| ≤ ¼ and the rounding below is exact
      if (!(y < 4503599627370496)) {
        writer.fallbacks++;
        return text(value.toFixed(decimals), out, at);
      }
      // a × 10^d = y + e exactly (two-product; 10^d ≤ 1e20 is exact)
      const c = SPLIT * a;
      const at1 = c - (c - a);
      const ab = a - at1;
      const cp = SPLIT * p;
      const pt = cp - (cp - p);
      const pb = p - pt;
      const e = at1 * pt - y + at1 * pb + ab * pt + ab * pb;
      const yi = Math.floor(y);
      const rest = y - yi;
      // n = round half up of y + e; rest ≠ ½ is at least an ulp of y away from ½, more than |e|
      let n = rest > 0.5 || (rest === 0.5 && e >= 0) ? yi + 1 : yi;
      if (value < 0) out[at++] = 45;
      let count = 0;
      while (n >= 4294967296) {
        const q = Math.floor(n / 10);
        digits[count++] = n - q * 10;
        n = q;
      }
      let w = n >>> 0;
      do {
        const q = (w / 10) >>> 0;
        digits[count++] = w - q * 10;
        w = q;
      } while (w > 0);
      while (count <= decimals) digits[count++] = 0;
      for (let k = count - 1; k >= decimals; k--) out[at++] = 48 + digits[k];
      if (decimals > 0) {
        out[at++] = 46;
        for (let k = decimals - 1; k >= 0; k--) out[at++] = 48 + digits[k];
      }
      return at;
    },
  };
  return writer;
}
