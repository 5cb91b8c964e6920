import * as z from 'zod/mini';
import { CustomerValueError } from '../errors.js';
import { parseSpec, specError } from './parseSpec.js';

const FN = 'parseCsv';

const optionsSchema = z.strictObject({
  delimiter: z._default(z.string().check(z.length(1)), ','),
  text: z._default(z.array(z.string()), () => []),
  maxFieldSize: z._default(z.int().check(z.gte(1), z.lte(2 ** 30)), 2 ** 20),
  maxRecordSize: z._default(z.int().check(z.gte(1), z.lte(2 ** 30)), 2 ** 22),
  numbers: z._default(z.array(z.string()), () => []),
  decimal: z._default(z.enum(['.', ',']), '.'),
});

/** `parseCsv`'s options, validated and with their defaults (shared by `readCsvFile`'s byte path). */
export type CsvOptions = z.output<typeof optionsSchema>;

/**
 * Validate `parseCsv` options (as `parseCsv` and `readCsvFile` do at the door): the schema, a
 * column in both `text` and `numbers`, a decimal comma with the comma delimiter.
 */
export function parseCsvOptions(options: unknown): CsvOptions {
  const o = parseSpec(optionsSchema, options, FN, 'options');
  const both = o.text.find((name) => o.numbers.includes(name));
  if (both !== undefined) {
    throw specError(
      FN,
      'options.text',
      `a column in text or in numbers, not both`,
      `"${both}" in both`,
      'an id column goes in text (kept as written: 007 stays 007); a measure in numbers',
    );
  }
  if (o.decimal === ',' && o.delimiter === ',') {
    throw new CustomerValueError('invalid_spec', `${FN}: a decimal comma needs another delimiter`, [
      { function: FN, path: 'options.delimiter', expected: "a delimiter other than ',' when options.decimal is ',' (usually ';')", received: '","' },
    ]);
  }
  return o;
}
