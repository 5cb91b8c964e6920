import type { FittedCovariate } from '../loyalty/clv/staticCovariatesSpec.js';

// The covariate part of a compiled covariate model (issue 19): the linear predictor η = γ'z of one
// process, written for the compiled scorer's loop (JavaScript) and for toSql, and the input domain
// that keeps exp(ln θ ± η) finite and normal. Shared by every covariate kind scored row by row, so
// a second kind (Pareto/NBD, BG/BB with covariates) writes only its own closed form around it.
//
// In both, a numeric covariate is its value (the model stores no centring or scaling: it entered
// the fit as it is), a categorical one is the index of its level in `covariate.levels` (the
// reference level is 0), read by the scorer's input for that column: scoreColumns encodes the
// levels into their index before the loop, toSql with a CASE over the fitted levels, and an
// unknown level is refused by both (out of the index range).

/** |η| of a process stays within this for every accepted row: with |ln θ| ≤ 230, exp(ln θ ± η) is a normal double (±630 < ±708). */
export const ETA_BOUND = 400;
/** A covariate model's positive parameters lie within [1e-100, 1e100] (|ln θ| ≤ 230.3): `checkModelValues`. */
export const COVARIATE_PARAMETER_BOUND = 1e100;

/** Each covariate's coefficients, from the coefficients aligned with the terms: one for a numeric covariate, one per non-reference level for a categorical one. */
export function coefficientsByCovariate(covariates: readonly FittedCovariate[], gamma: readonly number[]): number[][] {
  let t = 0;
  return covariates.map((c) => {
    const count = c.type === 'numeric' ? 1 : c.levels.length - 1;
    const slice = gamma.slice(t, t + count);
    t += count;
    return slice;
  });
}

/**
 * The largest |z| of each numeric covariate (Infinity for a categorical one): |γ_j·z_j| ≤ ETA_BOUND / terms
 * for every process, so |η| ≤ ETA_BOUND. A numeric covariate whose coefficients are all 0 is only required finite.
 */
export function numericCovariateReach(covariates: readonly FittedCovariate[], processes: readonly (readonly number[])[], terms: number): number[] {
  const byProcess = processes.map((gamma) => coefficientsByCovariate(covariates, gamma));
  return covariates.map((c, j) => {
    if (c.type !== 'numeric') return Infinity;
    const largest = Math.max(...byProcess.map((g) => Math.abs(g[j][0])));
    return largest === 0 ? Number.MAX_VALUE : Math.min(ETA_BOUND / terms / largest, Number.MAX_VALUE);
  });
}

/**
 * η = γ'z as a JavaScript expression, term by term in `terms` order from 0 (the arithmetic of
 * `patternParameters`: a categorical covariate adds the coefficient of its level, the other
 * levels' terms being 0 · γ, which leaves the sum unchanged). `variable(column)` names the loop's
 * value of a covariate (a categorical covariate's level index); `n` writes a constant exactly.
 */
export function linearPredictorJs(
  covariates: readonly FittedCovariate[],
  gamma: readonly number[],
  variable: (column: string) => string,
  n: (value: number) => string,
): string {
  const parts = coefficientsByCovariate(covariates, gamma).map((g, j) => {
    const c = covariates[j];
    const v = variable(c.column);
    if (c.type === 'numeric') return `${n(g[0])} * ${v}`;
    return `(${g.map((value, l) => `${v} === ${l + 1} ? ${n(value)} : `).join('')}0)`;
  });
  return `(0 + ${parts.join(' + ')})`;
}

/**
 * η = γ'z as a SQL expression over the same inputs (a categorical covariate's level index), in
 * the same order: `CASE index WHEN 1 THEN γ₁ … ELSE 0 END` for a categorical covariate, the
 * guarded product `times(γ, z)` for a numeric one (a product below 1e-300 is given as 0:
 * PostgreSQL raises when one rounds to 0), a coefficient of 0 left out.
 */
export function linearPredictorSql(
  covariates: readonly FittedCovariate[],
  gamma: readonly number[],
  variable: (column: string) => string,
  num: (value: number) => string,
  times: (constant: number, expr: string) => string,
): string {
  const parts = coefficientsByCovariate(covariates, gamma).flatMap((g, j) => {
    const c = covariates[j];
    const v = variable(c.column);
    if (c.type === 'numeric') return g[0] === 0 ? [] : [times(g[0], v)];
    return [`(CASE ${v} ${g.map((value, l) => `WHEN ${l + 1} THEN ${num(value)}`).join(' ')} ELSE ${num(0)} END)`];
  });
  return parts.length === 0 ? num(0) : `(${parts.join(' + ')})`;
}

/** The levels of a categorical covariate as its scorer input takes them (by index), or null for a numeric one. */
export const levelsOf = (c: FittedCovariate): readonly (string | number)[] | null => (c.type === 'categorical' ? c.levels : null);
