import { CustomerValueError, describeValue } from '../errors.js';
import type { FittedCovariate, staticCovariatesSchema } from '../loyalty/clv/staticCovariatesSpec.js';
import type { MissingValues } from '../io/missingValues.js';
import { ColumnReader } from './columnReader.js';
import { readKeys } from './keyColumns.js';
import { IssueList } from './issueList.js';
import type * as z from 'zod/mini';

/**
 * Static covariates read and encoded once at the door (issue 19): one Float64Array per term of
 * the linear predictor, in the order of `terms`. A numeric covariate is one term (its values as
 * they are); a categorical one is one 0/1 term per level other than the reference, named
 * `column=level`. Shared by every CLV fitter with covariates and by their predictions.
 */
export interface CovariateDesign {
  readonly covariates: FittedCovariate[];
  readonly terms: string[];
  readonly columns: Float64Array[];
  /** Rows with a missing covariate under `missing: 'skip'` (1), else null. */
  readonly skip: Uint8Array | null;
}

/** Numbers first (ascending), then strings (code-point order): the order levels are listed in. */
function compareLevels(p: string | number, q: string | number): number {
  if (typeof p === 'number' && typeof q === 'number') return p - q;
  if (typeof p === 'number') return -1;
  if (typeof q === 'number') return 1;
  return p < q ? -1 : p > q ? 1 : 0;
}

const levelText = (level: string | number) => (typeof level === 'string' ? JSON.stringify(level) : String(level));

/**
 * Read the covariate columns of a fit and encode them: categorical levels are those present in
 * the rows kept, sorted (`compareLevels`), the reference first (the spec's, or the first level);
 * a covariate that takes one value only is refused (it is not identified beside α, a, b).
 */
export function readCovariatesForFit(data: unknown, fn: string, spec: z.output<typeof staticCovariatesSchema>, missing: MissingValues): CovariateDesign {
  const names = spec.columns.map((c) => c.column);
  const seen = new Set<string>();
  for (const [i, name] of names.entries()) {
    if (seen.has(name))
      throw new CustomerValueError('invalid_spec', `${fn}: covariate column "${name}" is listed twice`, [
        { function: fn, path: `spec.covariates.columns.${i}.column`, expected: 'each covariate column once', received: JSON.stringify(name) },
      ]);
    seen.add(name);
  }
  const reader = new ColumnReader(data, fn, names, missing);
  const raw = spec.columns.map((c) =>
    c.categorical
      ? { kind: 'categorical' as const, ...readKeys(reader, c.column, 'categorical covariate') }
      : { kind: 'numeric' as const, values: reader.number(c.column, 'numeric covariate') },
  );
  const { skipMask } = reader.finish();
  const rows = reader.rowCount;
  const kept = (i: number) => skipMask === null || skipMask[i] === 0;
  const covariates: FittedCovariate[] = [];
  const terms: string[] = [];
  const columns: Float64Array[] = [];
  const issues = new IssueList();
  spec.columns.forEach((c, j) => {
    const read = raw[j];
    if (read.kind === 'numeric') {
      let first = Number.NaN;
      let constant = true;
      for (let i = 0; i < rows; i++) {
        if (!kept(i)) continue;
        if (first !== first) first = read.values[i];
        else if (read.values[i] !== first) constant = false;
      }
      if (constant)
        issues.add({
          function: fn,
          column: c.column,
          expected: 'a covariate that varies between customers',
          received: `every customer has ${describeValue(first)}`,
          hint: 'a constant covariate is not identified beside the model’s own parameters: leave it out',
        });
      covariates.push({ column: c.column, type: 'numeric' });
      terms.push(c.column);
      columns.push(Float64Array.from({ length: rows }, (_, i) => (kept(i) ? read.values[i] : 0)));
      return;
    }
    const present = new Uint8Array(read.keys.length);
    for (let i = 0; i < rows; i++) if (kept(i) && read.codes[i] >= 0) present[read.codes[i]] = 1;
    const levels = read.keys.filter((_, k) => present[k] === 1).sort(compareLevels);
    if (c.reference !== undefined && !levels.includes(c.reference)) {
      throw new CustomerValueError('invalid_spec', `${fn}: the reference level of covariate "${c.column}" does not occur in the data`, [
        {
          function: fn,
          path: `spec.covariates.columns.${j}.reference`,
          expected: `one of the levels ${levels.map(levelText).join(', ')}`,
          received: levelText(c.reference),
          hint: 'a numeric level and its text are different levels (7 is not "7")',
        },
      ]);
    }
    if (levels.length < 2)
      issues.add({
        function: fn,
        column: c.column,
        expected: 'a categorical covariate with at least two levels',
        received: levels.length === 0 ? 'no level' : `the one level ${levelText(levels[0])}`,
        hint: 'a constant covariate is not identified beside the model’s own parameters: leave it out',
      });
    const reference = c.reference ?? levels[0];
    const ordered = [reference, ...levels.filter((level) => level !== reference)];
    covariates.push({ column: c.column, type: 'categorical', reference, levels: ordered });
    const levelOfKey = read.keys.map((key) => ordered.indexOf(key));
    for (let l = 1; l < ordered.length; l++) {
      terms.push(`${c.column}=${String(ordered[l])}`);
      const column = new Float64Array(rows);
      for (let i = 0; i < rows; i++) if (kept(i) && read.codes[i] >= 0 && levelOfKey[read.codes[i]] === l) column[i] = 1;
      columns.push(column);
    }
  });
  issues.throwIfAny('invalid_value', fn, rows);
  return { covariates, terms, columns, skip: skipMask };
}

/**
 * Read the covariate columns a fitted model names and encode them as at the fit; a level the
 * model does not know is an `invalid_value` naming the row, the column, the value and the levels.
 */
export function readCovariatesForModel(data: unknown, fn: string, covariates: readonly FittedCovariate[], missing: MissingValues): CovariateDesign {
  const reader = new ColumnReader(
    data,
    fn,
    covariates.map((c) => c.column),
    missing,
  );
  const raw = covariates.map((c) =>
    c.type === 'categorical'
      ? { kind: 'categorical' as const, ...readKeys(reader, c.column, 'categorical covariate') }
      : { kind: 'numeric' as const, values: reader.number(c.column, 'numeric covariate') },
  );
  const { skipMask } = reader.finish();
  const rows = reader.rowCount;
  const kept = (i: number) => skipMask === null || skipMask[i] === 0;
  const terms: string[] = [];
  const columns: Float64Array[] = [];
  const issues = new IssueList();
  covariates.forEach((c, j) => {
    const read = raw[j];
    if (read.kind === 'numeric') {
      terms.push(c.column);
      columns.push(Float64Array.from({ length: rows }, (_, i) => (kept(i) ? read.values[i] : 0)));
      return;
    }
    if (c.type !== 'categorical') return;
    const levelOfKey = read.keys.map((key) => c.levels.indexOf(key));
    const levelColumns = c.levels.slice(1).map(() => new Float64Array(rows));
    for (let i = 0; i < rows; i++) {
      if (!kept(i) || read.codes[i] < 0) continue;
      const level = levelOfKey[read.codes[i]];
      if (level < 0) {
        issues.add({
          function: fn,
          column: c.column,
          row: i,
          expected: `a level the model was fitted with: ${c.levels.map(levelText).join(', ')}`,
          received: levelText(read.keys[read.codes[i]]),
          hint: 'refit with customers of this level, or map it to a known level (the reference level is the baseline)',
        });
      } else if (level > 0) levelColumns[level - 1][i] = 1;
    }
    c.levels.slice(1).forEach((level) => terms.push(`${c.column}=${String(level)}`));
    columns.push(...levelColumns);
  });
  issues.throwIfAny('invalid_value', fn, rows);
  return { covariates: [...covariates], terms, columns, skip: skipMask };
}
