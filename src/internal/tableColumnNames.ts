/**
 * The column names of a table input, in the table's order: the union of the rows' own keys (in
 * order of first appearance), an Arquero table's `columnNames()`, an Arrow table's schema field
 * names, or an object's own keys.
 */
export function tableColumnNames(data: object): string[] {
  if (Array.isArray(data)) {
    const seen = new Set<string>();
    for (const row of data as unknown[]) if (row !== null && typeof row === 'object') for (const key of Object.keys(row)) seen.add(key);
    return [...seen];
  }
  const table = data as { columnNames?: unknown; getChild?: unknown; schema?: { fields?: { name: string }[] } };
  if (typeof table.columnNames === 'function') return Array.from((table.columnNames as () => Iterable<string>).call(data));
  if (typeof table.getChild === 'function') return Array.isArray(table.schema?.fields) ? table.schema.fields.map((f) => f.name) : [];
  return Object.keys(data);
}
