// Row numbers as file lines: a library function names a bad row by its 0-based position in
// the columns it was given; on the command line the user looks for a line of the input file.
import { createReadStream } from 'node:fs';
import { CustomerValueError, type CustomerValueIssue } from '../errors.js';
import { readCsvBatches } from './csvBatches.js';
import { readNdjsonBatches } from './ndjsonBatches.js';
import type { Format } from './cliSupport.js';

/**
 * `error` with every issue's `row` (a position among the rows read from `path`) given as the
 * file `line` that row came from (the header is line 1; quoted line breaks and, in NDJSON, blank
 * lines counted), and its first line naming the file; `hints` rewrite the library's advice in the
 * command's words (`missing: 'skip'` → `--missing skip`). Reads the file again, on the error path only.
 * Any other error is returned as it was.
 */
export async function withFileLines(error: unknown, path: string, format: Format, options: { delimiter?: string; hints?: readonly [string, string][] } = {}): Promise<unknown> {
  const { delimiter, hints = [] } = options;
  if (!(error instanceof CustomerValueError) || !error.issues.some((issue) => issue.row !== undefined && issue.line === undefined)) return error;
  const wanted = new Set(error.issues.flatMap((issue) => (issue.row !== undefined ? [issue.row] : [])));
  const lineOf = new Map<number, number>();
  let row = 0;
  try {
    const batches = format === 'ndjson' ? readNdjsonBatches(createReadStream(path), { numeric: [] }) : readCsvBatches(createReadStream(path), { numeric: [], ...(delimiter ? { delimiter } : {}) });
    for await (const batch of batches) {
      for (let i = 0; i < batch.rowCount; i++, row++) if (wanted.has(row)) lineOf.set(row, batch.lines[i]);
      if (lineOf.size === wanted.size) break;
    }
  } catch {
    return error; // the rows stay rows if the file cannot be read again
  }
  const issues: CustomerValueIssue[] = error.issues.map((issue) => {
    let hint = issue.hint;
    for (const [library, command] of hints) hint = hint?.replace(library, command);
    const line = issue.row === undefined ? undefined : lineOf.get(issue.row);
    if (line === undefined) return { ...issue, ...(hint === undefined ? {} : { hint }) };
    const { row: _row, ...rest } = issue;
    return { ...rest, line, ...(hint === undefined ? {} : { hint }) };
  });
  const [summary] = error.message.split('\n');
  return new CustomerValueError(error.code, `${summary} (in "${path}")`, issues, error.totalIssues);
}
