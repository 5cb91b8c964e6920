/**
 * The correctly rounded sum of a sequence of finite doubles (Shewchuk 1997, "Adaptive
 * Precision Floating-Point Arithmetic"; the algorithm of Python's `math.fsum`). The result is
 * the exact sum rounded once, so it does not depend on the order of the terms: two customers
 * who spent the same amounts in any order get bit-identical totals, and terms that cancel give
 * exactly 0. Reuse one accumulator (`reset`) in loops: it allocates only when the number of
 * partials grows (rarely beyond a handful).
 *
 * Fast path: while the exact sum so far is held by two doubles hi + lo (each term added by
 * Knuth's TwoSum into hi, its rounding error by TwoSum into lo, and that second error is 0), no
 * partials array is touched; hi + lo is then the exact sum and one IEEE addition rounds it
 * correctly (ties to even), which is what Shewchuk's partials give. The first term whose second
 * error is not 0 (or any non-finite value) hands hi, lo and the term to the partials, exact from
 * there on. Sums of money over a customer's rows almost never leave the fast path.
 */
export class ExactSum {
  private partials = new Float64Array(8);
  private count = 0;
  /** Terms added since the last reset are held exactly by hi + lo (the fast path). */
  private fast = true;
  private empty = true;
  private hi = -0;
  private lo = 0;

  reset(): this {
    this.count = 0;
    this.fast = true;
    this.empty = true;
    this.hi = -0;
    this.lo = 0;
    return this;
  }

  add(value: number): void {
    if (this.fast) {
      const hi = this.hi;
      const sum = hi + value;
      const bv = sum - hi;
      const error = hi - (sum - bv) + (value - bv);
      const lo = this.lo;
      const low = lo + error;
      const bl = low - lo;
      if (lo - (low - bl) + (error - bl) === 0) {
        this.hi = sum;
        this.lo = low;
        this.empty = false;
        return;
      }
      // hi + lo is the exact sum before this term: the partials take over from it
      this.fast = false;
      this.count = 0;
      if (!this.empty) {
        this.addPartial(hi);
        this.addPartial(lo);
      }
    }
    this.addPartial(value);
  }

  private addPartial(value: number): void {
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
    if (this.fast) {
      if (this.empty) return 0;
      // lo = 0: hi is the sum, with the sign of zero IEEE additions give it, as the partials would
      return this.lo === 0 ? this.hi : this.hi + this.lo;
    }
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
