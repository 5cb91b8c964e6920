import { CustomerValueError } from '../errors.js';
import type { TableInput } from '../io/tableInput.js';
import { tableColumnNames } from './tableColumnNames.js';

/**
 * Refuse a discrete-time summary (BG/BB: `periods` opportunities, no `T`) given to a
 * continuous-time model: `missing_column` naming the T column, what the table looks like and what
 * to do, instead of a bare "no column T". Internal: the continuous-time CLV fitters share it.
 */
export function refuseDiscreteSummary(fn: string, model: string, summary: TableInput, tColumn: string): void {
  if (summary === null || typeof summary !== 'object') return;
  const names = tableColumnNames(summary);
  if (names.includes(tColumn) || !names.includes('periods')) return;
  throw new CustomerValueError('missing_column', `${fn}: the summary has "periods" but no "${tColumn}": it looks like a discrete-time (BG/BB) summary`, [
    {
      function: fn,
      column: tColumn,
      expected: 'a continuous-time summary: recency and T (customer age) in spec.timeUnit',
      received: `columns ${names.map((n) => JSON.stringify(n)).join(', ')}`,
      hint: `${model} is a continuous-time model: build the summary with summarizeTransactions, or fit a discrete-time model (fitBetaGeoBetaBinomial) to counts of transaction opportunities`,
    },
  ]);
}
