import { CustomerValueError } from '../errors.js';
import { IssueList } from '../internal/issueList.js';
import { readNdjsonBatches } from './ndjsonBatches.js';

/**
 * A whole NDJSON file as columns: `numeric` fields as numbers under the readers' one policy (a
 * JSON number, or a string holding a decimal number), other fields as parsed. Any rejected line
 * is an error listing the first ten with their line (a fit never drops rows).
 */
export async function readNdjsonColumns(path: string, numeric: readonly string[]): Promise<{ columns: Record<string, unknown[]>; lines: number[] }> {
  const columns: Record<string, unknown[]> = Object.create(null) as Record<string, unknown[]>;
  let rows = 0;
  const lines: number[] = [];
  const issues = new IssueList();
  for await (const batch of readNdjsonBatches(path, { numeric })) {
    for (const r of batch.rejects) {
      const field = /^field "((?:[^"\\]|\\.)*)": (.*)$/s.exec(r.reason);
      if (field)
        issues.add({
          function: 'customer-value',
          line: r.line,
          column: field[1],
          expected: 'a number (a JSON number or a numeric string) or null',
          received: field[2].replace(/^not a number: /, ''),
        });
      else issues.add({ function: 'customer-value', line: r.line, expected: 'one valid JSON object per line', received: r.reason });
    }
    for (const name of batch.names) {
      if (!(name in columns)) columns[name] = new Array(rows).fill(null);
      const values = batch.columns[name] as readonly unknown[] | undefined;
      for (let i = 0; i < batch.rowCount; i++) columns[name].push(values === undefined ? null : values[i]);
    }
    rows += batch.rowCount;
    for (let i = 0; i < batch.rowCount; i++) lines.push(batch.lines[i]);
  }
  for (const name in columns) while (columns[name].length < rows) columns[name].push(undefined);
  if (issues.size > 0) {
    throw new CustomerValueError(
      'invalid_value',
      `customer-value: ${issues.size.toLocaleString('en-US')} bad line(s) in "${path}"`,
      issues.issues,
      issues.size,
    );
  }
  return { columns, lines };
}
