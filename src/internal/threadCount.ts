/**
 * What a `threads` option takes, in its error's `expected` (zod's union of a count and `'auto'`
 * would say "invalid input"): the worker threads of the Node functions that run in parallel.
 */
export const THREADS_EXPECTED = "a thread count: a whole number 1–256, or 'auto'";
