/**
 * Make equal strings in `values` one string object, in place: every cell keeps its value (and
 * non-string cells are left alone), but a column of millions of repeated ids or dates — what a
 * CSV reader returns, one fresh string per cell — then holds each distinct text once (an id or
 * date costs a pointer per row instead of a string per row). A cell equal to the one before it
 * is resolved without the table (logs are often grouped by customer or date). Returns the number
 * of distinct strings.
 */
export function internStrings(values: unknown[]): number {
  const seen = new Map<string, string>();
  let previous: string | null = null;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (typeof v !== 'string') continue;
    if (v === previous) {
      values[i] = previous;
      continue;
    }
    const first = seen.get(v);
    if (first === undefined) {
      seen.set(v, v);
      previous = v;
    } else {
      values[i] = first;
      previous = first;
    }
  }
  return seen.size;
}
