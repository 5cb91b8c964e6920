import { integrate } from './paretoNbdMath.js';

/** The relative error bound `discountedExpectationIntegral` guarantees (quadrature estimate plus proven truncation bound). */
export const DERT_TOLERANCE = 1e-10;

/**
 * ∫_(a, b] e^(−δt) dE(t): the present value at rate δ (continuous, per time unit) of the expected
 * purchases of one customer in (a, b], E(t) = E[X(T, T + t) | history] (any model of repeat
 * buying), b = Infinity for no end. Internal. With F(t) = E(t) − E(a) and integration by parts,
 *   ∫_(a, b] e^(−δt) dF = e^(−δb) F(b) + e^(−δa) ∫_0^(δ(b−a)) e^(−u) F(a + u/δ) du,
 * the integral by adaptive Gauss–Kronrod (7–15) to an absolute 1e-12 · L0, L0 a lower bound on
 * the integral (F is non-decreasing: F(a + 1/δ)(e^(−1) − e^(−U)), or F(a + m/2δ) e^(−m) m/2 with
 * m = min(1, U) on a finite interval). For b = ∞ the boundary
 * term vanishes (F grows at most linearly) and the integral is cut at U, first 32 then ×1.5 until
 * the bound on the rest is below 1e-11 of the value:
 *
 * **Truncation bound.** E is concave on [0, ∞): its derivative is the expected purchase rate at
 * T + t, E[λ · 1{alive at T + t} | history], and for every customer λ is fixed while 1{alive} can
 * only fall, so the mixture's rate is non-increasing (true of every "buy till you die" model:
 * Pareto/NBD, BG/NBD, MBG/NBD). Hence F is concave with F(a) = 0, so for u ≥ U,
 * F(a + u/δ) ≤ F(a + U/δ) · u/U, and
 *   e^(−δa) ∫_U^∞ e^(−u) F(a + u/δ) du ≤ e^(−δa) F(a + U/δ) (U + 1) e^(−U) / U.
 * The result is within `DERT_TOLERANCE` (1e-10) relative of the exact value: 1e-12 for the
 * quadrature's own error estimate (with margin for the estimate), 1e-11 for the cut tail.
 * δ = 0 with a finite b gives F(b). NaN when E is not finite or the quadrature fails.
 */
export function discountedExpectationIntegral(E: (t: number) => number, delta: number, a: number, b: number): number {
  const Ea = a === 0 ? 0 : E(a);
  const F = (t: number) => E(t) - Ea;
  if (delta === 0) return F(b);
  const g = (u: number) => Math.exp(-u) * F(a + u / delta);
  const shift = Math.exp(-delta * a);
  if (Number.isFinite(b)) {
    const U = delta * (b - a);
    const Fb = F(b);
    if (Fb === 0) return 0;
    // the integral is at least ∫_(m/2)^m e^(−u) F du ≥ F(a + m/(2δ)) e^(−m) m/2, m = min(1, U)
    const m = Math.min(1, U);
    const scale = F(a + m / (2 * delta)) * Math.exp(-m) * (m / 2);
    const integral = integrate(g, 0, U, 1e-12 * Math.max(scale, Number.MIN_VALUE));
    return Math.exp(-delta * b) * Fb + shift * integral;
  }
  let U = 32;
  let FU = F(a + U / delta);
  if (FU === 0) return 0;
  const lower = F(a + 1 / delta) * (Math.exp(-1) - Math.exp(-U));
  const absolute = 1e-12 * Math.max(lower, Number.MIN_VALUE);
  let integral = integrate(g, 0, U, absolute);
  for (let round = 0; round < 60 && Number.isFinite(integral); round++) {
    const rest = (FU * (U + 1) * Math.exp(-U)) / U;
    if (rest <= 1e-11 * integral) break;
    const next = U * 1.5;
    integral += integrate(g, U, next, absolute);
    U = next;
    FU = F(a + U / delta);
  }
  return shift * integral;
}
