import * as z from 'zod/mini';

// The option fields the PLS analyses share, in `zod/mini` (issue 21): their doors then hold no part
// of zod's classic API. Each reads exactly as the classic schema it replaced did (`z.int().min(10)`
// and `z.check(z.gte(10))` give the same issue), as test/contracts/plsDoorIssues.test.ts checks.

/** A number of resamples (or permutations): a whole number from `min` (10 unless given) to 1,000,000, `fallback` when left out. */
export const resampleCount = (fallback: number, min = 10) => z._default(z.int().check(z.gte(min), z.lte(1_000_000)), fallback);

/** A seed: any whole number, 1 when left out. */
export const seedOption = () => z._default(z.int(), 1);

/** A confidence level in (0, 1), 0.95 when left out. */
export const confidenceOption = () => z._default(z.number().check(z.gt(0), z.lt(1)), 0.95);
