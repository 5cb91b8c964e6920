import { CustomerValueError } from '../errors.js';

/**
 * The count column a scorer's `count` option names: a column name as given, `true` for the
 * model's `spec.columns.count` (the histogram it was fitted on), `false` for none (one customer
 * per row). `count: true` with a model fitted without a count column is refused (`invalid_spec`,
 * naming the option), never read as `false`: one rule for every door that takes the option.
 */
export function countColumn(count: string | boolean, modelCount: string | undefined, fn: string, path: string): string | undefined {
  if (count === false) return undefined;
  if (count !== true) return count;
  if (modelCount === undefined) {
    throw new CustomerValueError('invalid_spec', `${fn}: ${path}: true reads the model's spec.columns.count, and it has none`, [
      {
        function: fn,
        path,
        expected: "a model fitted with columns.count, or the count column's name",
        received: 'true',
        hint: "name the column holding each row's customers (count: 'customers'), or leave count out for one row per customer",
      },
    ]);
  }
  return modelCount;
}
