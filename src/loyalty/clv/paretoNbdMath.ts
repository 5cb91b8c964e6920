// Pareto/NBD arithmetic shared by the likelihood, the fit and the predictions (no zod, no
// fitter: importing a prediction does not load the optimizer).

/** Terms of one hypergeometric series before it is declared not convergent. */
export const PARETO_NBD_MAX_TERMS = 1_000_000;

/**
 * ln J and its derivatives, J(t; A, B) = ∫_t^∞ (α+τ)^−A (β+τ)^−B dτ (A, B > 0, A + B > 1).
 * Written into `out`: [ln J, ∂/∂A, ∂/∂B, ∂/∂α, ∂/∂β] (derivatives only when `derivatives`).
 *
 * Method: with c = A + B − 1 and the larger of α, β as the base, J is the Gauss hypergeometric
 * function of Fader & Hardie's Pareto/NBD note (2005, eq. 20–22: 2F1(c, B; c+1; z) for α ≥ β,
 * 2F1(c, A; c+1; z) for α < β, z = |α−β| / (max(α, β) + t) ∈ [0, 1)) after Euler's
 * transformation 2F1(a, b; c; z) = (1−z)^(c−a−b)·2F1(c−a, c−b; c; z), which turns it into
 * H(q, d, z) = 2F1(1, q; d; z) = Σₙ zⁿ·Πₖ<ₙ (q+k)/(d+k), q < d: every term positive and at most
 * zⁿ, so the sum neither cancels nor overflows, and its log is exact to rounding for any
 * (x, t_x, T); a heavy buyer (large q − d gap) even converges in a few terms. α ≥ β:
 *   ln J = −A·ln(α+t) + (1−B)·ln(β+t) − ln c + ln H(A, A+B, (α−β)/(α+t));
 * α < β:
 *   ln J = −B·ln(β+t) + (1−A)·ln(α+t) − ln c + ln H(B, A+B, (β−α)/(β+t)).
 * The derivatives of ln H over q, d and z are summed in the same loop (term-wise digamma
 * differences and n·zⁿ⁻¹). The series needs ~40/(1−z) terms, so for z > 0.9 (α/β or β/α large,
 * t small) J is split (`splitLogJ`): quadrature up to the t where z = 0.9, the series beyond.
 * Returns false when a series has not converged within `PARETO_NBD_MAX_TERMS` terms or the
 * quadrature within 4,000 pieces.
 *
 * With `second` (and `derivatives`; `out` of length 15), also the second derivatives of ln J,
 * out[5 …] = ∂² over (A, A), (A, B), (A, α), (A, β), (B, B), (B, α), (B, β), (α, α), (α, β), (β, β)
 * (`SECOND_INDEX`): the series carries the second derivatives of ln H over q, d and z (term-wise
 * (Σ1/(q+k))² − Σ1/(q+k)², products of the digamma differences, n(n−1)·zⁿ⁻²), summed until the
 * tail of the z² derivative is also below 1e-16; the split adds a quadrature of the integrand
 * times the products of its log-derivatives. The value and first derivatives are those of the
 * call without `second` up to the few extra series terms (below 1e-16 relative).
 */
export function paretoNbdLogJ(
  t: number,
  A: number,
  B: number,
  alpha: number,
  beta: number,
  out: Float64Array,
  derivatives: boolean,
  split = true,
  second = false,
): boolean {
  const swap = alpha < beta;
  const big = swap ? beta : alpha;
  const small = swap ? alpha : beta;
  const ownExp = swap ? B : A; // exponent of the larger base
  const otherExp = swap ? A : B;
  const bigT = big + t;
  const smallT = small + t;
  const z = (big - small) / bigT;
  if (split && z > SPLIT_AT) return splitLogJ(t, A, B, alpha, beta, out, derivatives, swap, big, small, second && derivatives);
  const wantSecond = second && derivatives;
  // second-derivative sums: ∂²H over (q,q), (q,d), (d,d), (q,z), (d,z), (z,z); tz = c_n·z^(n−1)
  let pq = 0;
  let pd = 0;
  let hqq = 0;
  let hqd = 0;
  let hdd = 0;
  let hqz = 0;
  let hdz = 0;
  let hzz = 0;
  let tz = 0;
  const q = ownExp;
  const d = A + B;
  // H(q, d, z) and its derivatives' sums
  let sum = 1;
  let term = 1;
  let sq = 0; // Σ_{k<n} 1/(q+k) for the current n
  let sd = 0;
  let hq = 0;
  let hd = 0;
  let hz = 0;
  const oneMinusZ = 1 - z;
  let n = 0;
  let converged = z === 0;
  for (; !converged && n < PARETO_NBD_MAX_TERMS; n++) {
    const next = (term * (q + n) * z) / (d + n);
    if (derivatives) {
      // term n+1: its multiplier (n+1)·z^n·c_{n+1} / z
      sq += 1 / (q + n);
      sd += 1 / (d + n);
      hq += next * sq;
      hd -= next * sd;
      hz += ((n + 1) * next) / z;
      if (wantSecond) {
        // c_{n+1} = c_n·(q+n)/(d+n): c_{n+1}·z^n and c_{n+1}·z^(n−1) without dividing by z
        const tzNext = (term * (q + n)) / (d + n);
        const tzzNext = (tz * (q + n)) / (d + n);
        pq += 1 / ((q + n) * (q + n));
        pd += 1 / ((d + n) * (d + n));
        hqq += next * (sq * sq - pq);
        hqd -= next * sq * sd;
        hdd += next * (sd * sd + pd);
        hqz += (n + 1) * tzNext * sq;
        hdz -= (n + 1) * tzNext * sd;
        hzz += (n + 1) * n * tzzNext;
        tz = tzNext;
      }
    }
    term = next;
    sum += term;
    // remaining terms are below term·z^k; the derivatives' below term·(n + k)·z^k
    if (term * ((n + 2) / oneMinusZ + 1 / (oneMinusZ * oneMinusZ)) <= 1e-17 * sum) {
      // the z² derivative's below term·(n + k)²·z^(k−2)
      const cube = oneMinusZ * oneMinusZ * oneMinusZ;
      if (!wantSecond || term * (n + 3) * (n + 3) <= 1e-16 * sum * z * z * cube) converged = true;
    }
  }
  if (!converged) return false;
  const lnBig = Math.log(bigT);
  const lnSmall = Math.log(smallT);
  const c = A + B - 1;
  out[0] = -ownExp * lnBig + (1 - otherExp) * lnSmall - Math.log(c) + Math.log(sum);
  if (!derivatives) return true;
  const Hq = hq / sum;
  const Hd = hd / sum;
  const Hz = z === 0 ? q / d : hz / sum;
  // derivatives over (own exponent, other exponent, big base, small base)
  const dOwn = -lnBig - 1 / c + Hq + Hd;
  const dOther = -lnSmall - 1 / c + Hd;
  const dBig = -ownExp / bigT + (Hz * smallT) / (bigT * bigT);
  const dSmall = (1 - otherExp) / smallT - Hz / bigT;
  if (swap) {
    out[1] = dOther;
    out[2] = dOwn;
    out[3] = dSmall;
    out[4] = dBig;
  } else {
    out[1] = dOwn;
    out[2] = dOther;
    out[3] = dBig;
    out[4] = dSmall;
  }
  if (!wantSecond) return true;
  // ∂² ln H = ∂²H/H − ∂H·∂H/H²; at z = 0 (α = β) only the z terms of c_1 z and c_2 z² remain
  let Lqq = 0;
  let Lqd = 0;
  let Ldd = 0;
  let Lqz: number;
  let Ldz: number;
  let Lzz: number;
  if (z === 0) {
    Lqz = 1 / d;
    Ldz = -q / (d * d);
    Lzz = (2 * q * (q + 1)) / (d * (d + 1)) - (q * q) / (d * d);
  } else {
    Lqq = hqq / sum - Hq * Hq;
    Lqd = hqd / sum - Hq * Hd;
    Ldd = hdd / sum - Hd * Hd;
    Lqz = hqz / sum - Hq * Hz;
    Ldz = hdz / sum - Hd * Hz;
    Lzz = hzz / sum - Hz * Hz;
  }
  // z = (big − small)/(big + t): its derivatives over big and small
  const zBig = smallT / (bigT * bigT);
  const zSmall = -1 / bigT;
  const zBigBig = (-2 * smallT) / (bigT * bigT * bigT);
  const zBigSmall = 1 / (bigT * bigT);
  const c2 = 1 / (c * c);
  // over (own, other, big, small), then placed at (A, B, α, β)
  const second2 = [
    [c2 + Lqq + 2 * Lqd + Ldd, c2 + Lqd + Ldd, -1 / bigT + (Lqz + Ldz) * zBig, (Lqz + Ldz) * zSmall],
    [0, c2 + Ldd, Ldz * zBig, -1 / smallT + Ldz * zSmall],
    [0, 0, ownExp / (bigT * bigT) + Lzz * zBig * zBig + Hz * zBigBig, Lzz * zBig * zSmall + Hz * zBigSmall],
    [0, 0, 0, -(1 - otherExp) / (smallT * smallT) + Lzz * zSmall * zSmall],
  ];
  const place = swap ? [1, 0, 3, 2] : [0, 1, 2, 3];
  for (let i = 0; i < 4; i++) for (let j = i; j < 4; j++) out[SECOND_INDEX[place[i]][place[j]]] = second2[i][j];
  return true;
}

/** Where ∂² ln J over variables i, j ∈ (A, B, α, β) is written in `paretoNbdLogJ`'s `out`. */
export const SECOND_INDEX: readonly (readonly number[])[] = [
  [5, 6, 7, 8],
  [6, 9, 10, 11],
  [7, 10, 12, 13],
  [8, 11, 13, 14],
];

/** Above this z the series converges slowly (~40/(1−z) terms): J is split at the t where z = SPLIT_AT. */
const SPLIT_AT = 0.9;

/**
 * J(t) for z > SPLIT_AT: ∫_t^{t₁} by quadrature plus J(t₁) by the series, with t₁ where
 * z = SPLIT_AT (a few hundred terms). The piece is integrated over v = ln(small + τ), where the
 * integrand exp((1−A_small)·v − A_big·ln(e^v + big − small)) is smooth (the spike of (small+τ)^−A
 * near τ = t is spread over v), scaled by its value at v = ln(small + t) so it never underflows;
 * with `derivatives`, the same quadrature carries the integrand times −ln(α+τ), −ln(β+τ),
 * −A/(α+τ), −B/(β+τ). The split point's own dependence on α, β cancels between the two parts
 * (±f(t₁)), so each is differentiated at fixed t₁. Adaptive Gauss–Kronrod, each piece to 1e-13
 * of the integral of the component's absolute value.
 */
function splitLogJ(
  t: number,
  A: number,
  B: number,
  alpha: number,
  beta: number,
  out: Float64Array,
  derivatives: boolean,
  swap: boolean,
  big: number,
  small: number,
  second: boolean,
): boolean {
  const t1 = (big - small) / SPLIT_AT - big;
  const tail = new Float64Array(second ? 15 : 5);
  if (!paretoNbdLogJ(t1, A, B, alpha, beta, tail, derivatives, false, second)) return false;
  const gap = big - small;
  const aSmall = swap ? A : B; // exponent of the smaller base
  const aBig = swap ? B : A;
  const v0 = Math.log(small + t);
  const v1 = Math.log(small + t1);
  const phi = (v: number) => (1 - aSmall) * v - aBig * Math.log(Math.exp(v) + gap);
  const phi0 = phi(v0);
  const k = derivatives ? 5 : 1;
  const piece = integrateVector(
    (v, values) => {
      const g = Math.exp(phi(v) - phi0);
      values[0] = g;
      if (k === 1) return;
      const smallTau = Math.exp(v);
      const bigTau = smallTau + gap;
      const alphaTau = swap ? smallTau : bigTau;
      const betaTau = swap ? bigTau : smallTau;
      values[1] = -g * Math.log(alphaTau);
      values[2] = -g * Math.log(betaTau);
      values[3] = (-g * A) / alphaTau;
      values[4] = (-g * B) / betaTau;
    },
    v0,
    v1,
    k,
  );
  if (piece === null || !(piece[0] > 0)) return false;
  const logPiece = phi0 + Math.log(piece[0]);
  const [lse, wTail] = logSumExp2(logPiece, tail[0]);
  out[0] = lse;
  if (derivatives) for (let i = 1; i < 5; i++) out[i] = (1 - wTail) * (piece[i] / piece[0]) + wTail * tail[i];
  if (!second) return true;
  // ∂²(integrand)/integrand = ∂ln f·∂ln f + ∂² ln f, ln f = −A·ln(α+τ) − B·ln(β+τ), in SECOND_INDEX order
  const squares = integrateVector(
    (v, values) => {
      const g = Math.exp(phi(v) - phi0);
      const smallTau = Math.exp(v);
      const bigTau = smallTau + gap;
      const la = Math.log(swap ? smallTau : bigTau);
      const lb = Math.log(swap ? bigTau : smallTau);
      const ia = 1 / (swap ? smallTau : bigTau);
      const ib = 1 / (swap ? bigTau : smallTau);
      values[0] = g * la * la;
      values[1] = g * la * lb;
      values[2] = g * (A * la * ia - ia);
      values[3] = g * B * la * ib;
      values[4] = g * lb * lb;
      values[5] = g * A * lb * ia;
      values[6] = g * (B * lb * ib - ib);
      values[7] = g * (A * A + A) * ia * ia;
      values[8] = g * A * B * ia * ib;
      values[9] = g * (B * B + B) * ib * ib;
    },
    v0,
    v1,
    10,
  );
  if (squares === null) return false;
  // ∂² ln J = (1 − w)·P_ij/P + w·(∂² ln J₁ + ∂ln J₁·∂ln J₁) − ∂ln J·∂ln J (P the piece, J₁ the tail, w its weight)
  let slot = 0;
  for (let i = 1; i < 5; i++)
    for (let j = i; j < 5; j++, slot++) {
      const at = 5 + slot;
      out[at] = (1 - wTail) * (squares[slot] / piece[0]) + wTail * (tail[at] + tail[i] * tail[j]) - out[i] * out[j];
    }
  return true;
}

/**
 * ∫_a^b of k functions at once (`f(x, values)` writes them) by adaptive Gauss–Kronrod 7–15. A
 * first pass over 64 equal pieces estimates each component's ∫|f|; then a piece is accepted when,
 * for every component, its |Kronrod − Gauss| is below 1e-14 of that estimate (so negligible
 * pieces, where the integrand underflows, are not refined). Null after 4,000 pieces.
 */
function integrateVector(f: (x: number, values: Float64Array) => void, a: number, b: number, k: number): Float64Array | null {
  const values = new Float64Array(k);
  const kronrod = new Float64Array(k);
  const gauss = new Float64Array(k);
  const absolute = new Float64Array(k);
  const rule = (lo: number, hi: number) => {
    const half = (hi - lo) / 2;
    const mid = lo + half;
    f(mid, values);
    for (let c = 0; c < k; c++) {
      kronrod[c] = values[c] * KRONROD_WEIGHTS[7];
      gauss[c] = values[c] * GAUSS_WEIGHTS[3];
      absolute[c] = Math.abs(values[c]) * KRONROD_WEIGHTS[7];
    }
    for (let i = 0; i < 7; i++) {
      const dx = half * KRONROD_NODES[i];
      for (const x of [mid - dx, mid + dx]) {
        f(x, values);
        for (let c = 0; c < k; c++) {
          kronrod[c] += KRONROD_WEIGHTS[i] * values[c];
          absolute[c] += KRONROD_WEIGHTS[i] * Math.abs(values[c]);
          if (i % 2 === 1) gauss[c] += GAUSS_WEIGHTS[(i - 1) / 2] * values[c];
        }
      }
    }
    for (let c = 0; c < k; c++) {
      kronrod[c] *= half;
      gauss[c] *= half;
      absolute[c] *= half;
    }
  };
  const scale = new Float64Array(k);
  const width = (b - a) / 64;
  for (let p = 0; p < 64; p++) {
    rule(a + p * width, p === 63 ? b : a + (p + 1) * width);
    for (let c = 0; c < k; c++) scale[c] += absolute[c];
  }
  const total = new Float64Array(k);
  const stack: number[] = [];
  for (let p = 63; p >= 0; p--) stack.push(a + p * width, p === 63 ? b : a + (p + 1) * width);
  let pieces = 0;
  while (stack.length > 0) {
    const hi = stack.pop()!;
    const lo = stack.pop()!;
    rule(lo, hi);
    let accepted = true;
    for (let c = 0; c < k && accepted; c++) if (Math.abs(kronrod[c] - gauss[c]) > 1e-14 * scale[c]) accepted = false;
    if (accepted || hi - lo < 1e-12 * (b - a)) {
      for (let c = 0; c < k; c++) total[c] += kronrod[c];
    } else {
      if (++pieces > 4000) return null;
      stack.push(mid(lo, hi), hi, lo, mid(lo, hi));
    }
  }
  return total;
}

const mid = (lo: number, hi: number) => lo + (hi - lo) / 2;

/** ln(e^a + e^b) and the weight e^b / (e^a + e^b). */
export function logSumExp2(a: number, b: number): [number, number] {
  if (a >= b) {
    const e = Math.exp(b - a);
    return [a + Math.log1p(e), e / (1 + e)];
  }
  const e = Math.exp(a - b);
  return [b + Math.log1p(e), 1 / (1 + e)];
}

/**
 * The history-dependent part of the Pareto/NBD likelihood, in logs:
 *   ln[ (r+x)·J(T; r+x+1, s) + s·J(t_x; r+x, s+1) ],
 * which equals ln[ (α+T)^−(r+x)(β+T)^−s + s·∫_{t_x}^T (α+τ)^−(r+x)(β+τ)^−(s+1) dτ ] (Fader &
 * Hardie 2005 note, eq. 19 before the 2F1 terms: the second form's difference of two 2F1 terms is
 * written as a sum of two positive ones, integrating the first term by parts to ∞). NaN when a
 * series does not converge.
 */
export function paretoNbdLogBracket(r: number, alpha: number, s: number, beta: number, x: number, tx: number, T: number): number {
  const j1 = new Float64Array(5);
  const j2 = new Float64Array(5);
  if (!paretoNbdLogJ(T, r + x + 1, s, alpha, beta, j1, false) || !paretoNbdLogJ(tx, r + x, s + 1, alpha, beta, j2, false)) return Number.NaN;
  return logSumExp2(Math.log(r + x) + j1[0], Math.log(s) + j2[0])[0];
}

/**
 * P(alive | x, t_x, T) = (α+T)^−(r+x)(β+T)^−s / bracket (Fader & Hardie 2005 note, eq. 18 over
 * eq. 19), in logs.
 */
export function paretoNbdAlive(r: number, alpha: number, s: number, beta: number, x: number, tx: number, T: number): number {
  const bracket = paretoNbdLogBracket(r, alpha, s, beta, x, tx, T);
  return Math.min(1, Math.exp(-(r + x) * Math.log(alpha + T) - s * Math.log(beta + T) - bracket));
}

/** (1 − (1 + u)^−(s−1)) / (s − 1) for u ≥ 0, with its s → 1 limit ln(1 + u), without cancellation. */
export function powerIntegral(s: number, u: number): number {
  const L = Math.log1p(u);
  const e = (s - 1) * L;
  if (Math.abs(e) < 1e-6) return L * (1 - e / 2 + (e * e) / 6);
  return -Math.expm1(-e) / (s - 1);
}

/**
 * ∫_0^b f over [0, b] by adaptive Gauss–Kronrod (7–15 points), to `tolerance` absolute (the sum
 * of the Kronrod–Gauss differences of the accepted pieces), at most 2,000 pieces. Returns NaN when
 * it cannot reach the tolerance.
 */
export function integrate(f: (x: number) => number, a: number, b: number, tolerance: number): number {
  let total = 0;
  const stack: [number, number][] = [[a, b]];
  let pieces = 0;
  while (stack.length > 0) {
    const [lo, hi] = stack.pop()!;
    const half = (hi - lo) / 2;
    const mid = lo + half;
    const fc = f(mid);
    let kronrod = fc * KRONROD_WEIGHTS[7];
    let gauss = fc * GAUSS_WEIGHTS[3];
    for (let i = 0; i < 7; i++) {
      const dx = half * KRONROD_NODES[i];
      const sum = f(mid - dx) + f(mid + dx);
      kronrod += KRONROD_WEIGHTS[i] * sum;
      if (i % 2 === 1) gauss += GAUSS_WEIGHTS[(i - 1) / 2] * sum;
    }
    kronrod *= half;
    gauss *= half;
    const error = Math.abs(kronrod - gauss);
    if (error <= (tolerance * (hi - lo)) / (b - a) || hi - lo < 1e-12 * (b - a)) {
      total += kronrod;
    } else {
      if (++pieces > 2000) return Number.NaN;
      stack.push([lo, mid], [mid, hi]);
    }
  }
  return total;
}

// Gauss–Kronrod 7–15 nodes (positive, descending) and weights (QUADPACK qk15); also the conditional count distribution's quadrature.
export const KRONROD_NODES = [
  0.9914553711208126, 0.9491079123427585, 0.8648644233597691, 0.7415311855993945, 0.5860872354676911, 0.4058451513773972, 0.20778495500789848,
];
export const KRONROD_WEIGHTS = [
  0.022935322010529224, 0.06309209262997856, 0.10479001032225019, 0.14065325971552592, 0.1690047266392679, 0.19035057806478542, 0.20443294007529889,
  0.20948214108472782,
];
export const GAUSS_WEIGHTS = [0.1294849661688697, 0.27970539148927664, 0.3818300505051189, 0.4179591836734694];

/** E[Y(t) | alive at T, x] = (r+x)/(α+T)·(β+T)·(1 − ((β+T)/(β+T+t))^(s−1))/(s−1) (Fader & Hardie 2005 note, eq. 24 without P(alive)). */
export function paretoNbdExpectationIfAlive(r: number, alpha: number, s: number, beta: number, x: number, T: number, t: number): number {
  return ((r + x) / (alpha + T)) * (beta + T) * powerIntegral(s, t / (beta + T));
}

/**
 * P(X(t) = n) for a new customer: alive through t with n Poisson purchases, or dead at τ < t
 * with n purchases by then (the expression behind Fader & Hardie's 2006 note, eq. 20):
 *   NB(n; r, α, t)·(β/(β+t))^s + ∫_0^t s·β^s/(β+τ)^(s+1) · Γ(r+n)/(Γ(r) n!)·α^r·τ^n/(α+τ)^(r+n) dτ,
 * the integral by adaptive Gauss–Kronrod to 1e-14 absolute (the note's closed form subtracts a
 * sum of n + 1 2F1 terms from a 2F1 term and loses every digit for large n). Terms in logs.
 */
export function paretoNbdPurchaseProbabilityOf(r: number, alpha: number, s: number, beta: number, n: number, t: number, logGammaRatioRN: number): number {
  // logGammaRatioRN = lnΓ(r+n) − lnΓ(r) − ln n!
  if (t === 0) return n === 0 ? 1 : 0;
  const lnC = logGammaRatioRN + r * Math.log(alpha);
  const alive = Math.exp(lnC + (n === 0 ? 0 : n * Math.log(t)) - (r + n) * Math.log(alpha + t) + s * (Math.log(beta) - Math.log(beta + t)));
  const lnS = Math.log(s) + s * Math.log(beta);
  const dead = integrate(
    (u) => Math.exp(lnC + lnS + (n === 0 ? 0 : n * Math.log(u)) - (r + n) * Math.log(alpha + u) - (s + 1) * Math.log(beta + u)),
    0,
    t,
    1e-14,
  );
  return alive + dead;
}

/**
 * K(z, s) = ∫_0^∞ e^(−z·u)·(1+u)^(−s) du = z^(s−1)·U(s, s, z) (U: Tricomi's confluent
 * hypergeometric function of the second kind, Ψ in Fader, Hardie & Lee 2005), for z > 0: on
 * u = e^v − 1 the integrand exp(−z(e^v − 1) + (1−s)v) is smooth and dies doubly exponentially,
 * integrated by adaptive Gauss–Kronrod to 1e-12 relative (a first pass at 1e-6 sets the scale).
 */
export function discountedLifetimeIntegral(z: number, s: number): number {
  const f = (v: number) => Math.exp(-z * Math.expm1(v) + (1 - s) * v);
  const V = Math.log1p((60 + Math.max(0, 1 - s) * 40) / z);
  const rough = integrate(f, 0, V, 1e-6);
  return integrate(f, 0, V, 1e-12 * rough);
}

/**
 * DERT: discounted expected residual transactions of a customer with history (x, t_x, T) at a
 * continuously compounded rate δ per time unit (Fader, Hardie & Lee 2005, "RFM and CLV", eq. 2):
 *   α^r β^s δ^(s−1) Γ(r+x+1) U(s, s; δ(β+T)) / (Γ(r) (α+T)^(r+x+1) L)
 * = P(alive)·(r+x)/(α+T)·(β+T)·K(δ(β+T), s): the expected purchase rate of a live customer times
 * the expected discounted remaining lifetime. NaN when a series does not converge.
 */
export function paretoNbdDertOf(r: number, alpha: number, s: number, beta: number, x: number, tx: number, T: number, delta: number): number {
  return paretoNbdAlive(r, alpha, s, beta, x, tx, T) * ((r + x) / (alpha + T)) * (beta + T) * discountedLifetimeIntegral(delta * (beta + T), s);
}
