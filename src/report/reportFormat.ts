/** Numbers as the report prints them: en-US grouping, a fixed number of decimals. */
export const fmt = (n: number, digits = 0): string => n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

/** A share as a percentage with one decimal, or `n/a`. */
export const pct = (share: number | null): string => (share === null ? 'n/a' : `${(100 * share).toFixed(1)}%`);
