import * as z from 'zod/mini';

/**
 * What a `threads` option takes, in its error's `expected` (zod's union of a count and `'auto'`
 * would say "invalid input"): the worker threads of the Node functions that run in parallel.
 */
export const THREADS_EXPECTED = "a thread count: a whole number 1–256, or 'auto'";

/**
 * The Node functions' `threads` option: 1 to 256 or `'auto'`, `fallback` when left out (`'auto'`
 * unless given), in `zod/mini` (a field of their classic schemas too).
 */
export const threadsOption = (fallback: number | 'auto' = 'auto') =>
  z._default(z.union([z.int().check(z.gte(1), z.lte(256)), z.literal('auto')], { error: THREADS_EXPECTED }), fallback);
