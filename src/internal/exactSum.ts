/**
 * The correctly rounded sum of a sequence of finite doubles (Shewchuk 1997, "Adaptive
 * Precision Floating-Point Arithmetic"; the algorithm of Python's `math.fsum`). The result is
 * the exact sum rounded once, so it does not depend on the order of the terms: two customers
 * who spent the same amounts in any order get bit-identical totals, and terms that cancel give
 * exactly 0. Reuse one accumulator (`reset`) in loops: it allocates only when the number of
 * partials grows (rarely beyond a handful).
 */
export class ExactSum {
  private partials = new Float64Array(8);
  private count = 0;

  reset(): this {
    this.count = 0;
    return this;
  }

  add(value: number): void {
    let x = value;
    let i = 0;
    const partials = this.partials;
    for (let j = 0; j < this.count; j++) {
      let y = partials[j];
      if (Math.abs(x) < Math.abs(y)) {
        const t = x;
        x = y;
        y = t;
      }
      const hi = x + y;
      const lo = y - (hi - x);
      if (lo !== 0) partials[i++] = lo;
      x = hi;
    }
    if (i >= partials.length) {
      const grown = new Float64Array(partials.length * 2);
      grown.set(partials);
      this.partials = grown;
    }
    this.partials[i] = x;
    this.count = i + 1;
  }

  /** The exact sum rounded to the nearest double (ties to even); ±Infinity on overflow. */
  value(): number {
    const partials = this.partials;
    let n = this.count;
    if (n === 0) return 0;
    let hi = partials[--n];
    if (!Number.isFinite(hi)) return hi;
    let lo = 0;
    while (n > 0) {
      const x = hi;
      const y = partials[--n];
      hi = x + y;
      const yr = hi - x;
      lo = y - yr;
      if (lo !== 0) break;
    }
    // Half-way case: make the rounding of hi + lo + (the rest) correct.
    if (n > 0 && ((lo < 0 && partials[n - 1] < 0) || (lo > 0 && partials[n - 1] > 0))) {
      const y = lo * 2;
      const x = hi + y;
      const yr = x - hi;
      if (y === yr) hi = x;
    }
    return hi;
  }
}
