import { describe, expect, it } from 'vitest';
import { CustomerValueError, parseCsv } from '../../src/index.js';
import { readCsvBatches } from '../../src/node/csvBatches.js';
import { caught } from '../helpers/fixtures.js';

describe('parseCsv(text, { decimal: "," })', () => {
  it('reads numbers written with a decimal comma, in the one grammar otherwise', () => {
    const { columns } = parseCsv('id;amount;rate\n007;12,5;-3,5\n8;1,2e3;,5\n9;7;\n', { delimiter: ';', decimal: ',', numbers: ['amount'] });
    expect(Array.from(columns.amount as Float64Array)).toEqual([12.5, 1200, 7]);
    // typed losslessly as numbers too, ids stay text
    expect(Array.from(columns.rate as Float64Array)).toEqual([-3.5, 0.5, Number.NaN]);
    expect(columns.id).toEqual(['007', '8', '9']);
  });

  it('refuses a point (a thousands separator, or a file without a decimal comma) in a number column, naming the line', () => {
    const error = caught(() => parseCsv('id;amount\na;1.234,5\nb;2\nc;1.5\n', { delimiter: ';', decimal: ',', numbers: ['amount'] })) as CustomerValueError;
    expect(error.issues.map((issue) => issue.line)).toEqual([2, 4]);
    expect(error.message).toContain('a decimal comma');
    // a column holding points is not typed as numbers under a decimal comma
    expect(parseCsv('x;y\n1.5;1\n', { delimiter: ';', decimal: ',' }).columns.x).toEqual(['1.5']);
  });

  it('refuses a decimal comma with a comma delimiter', () => {
    expect((caught(() => parseCsv('a\n1\n', { decimal: ',' })) as CustomerValueError).code).toBe('invalid_spec');
  });
});

describe('parseCsv: lines of rows, and the header found when a column is missing', () => {
  it('gives the file line where each row starts (quoted line breaks, CRLF, blank lines counted)', () => {
    const { lines } = parseCsv('id,note\r\na,"x\ny"\r\n\r\nb,z\nc,"1\r\n2\r\n3"\nd,w\n');
    expect(Array.from(lines)).toEqual([2, 5, 6, 9]);
  });

  it('names the header found and the one other delimiter that would split it (parseCsv and readCsvBatches)', async () => {
    const text = 'id;date;amount\na;2024-01-01;5\n';
    const parsed = caught(() => parseCsv(text, { numbers: ['amount'] })) as CustomerValueError;
    const streamed = await (async () => {
      try {
        for await (const _ of readCsvBatches(
          (async function* () {
            yield text;
          })(),
          { numeric: ['amount'] },
        ));
      } catch (error) {
        return error as CustomerValueError;
      }
      throw new Error('expected an error');
    })();
    for (const error of [parsed, streamed]) {
      expect(error.code).toBe('missing_column');
      expect(error.message).toContain('the header has one field, "id;date;amount"');
      expect(error.issues[0].hint).toContain('is the delimiter ";"?');
    }
    // a tab-separated header read with ";" (the default would not say ";")
    const tabs = caught(() => parseCsv('id\tamount\na\t1\n', { delimiter: ';', numbers: ['amount'] })) as CustomerValueError;
    expect(tabs.issues[0].hint).toContain('is the delimiter "\\t"?');
    // two delimiters that would both give the column: no guess
    const both = caught(() => parseCsv('amount;x|amount\n1\n', { numbers: ['amount'] })) as CustomerValueError;
    expect(both.issues[0].hint).toBeUndefined();
    expect(both.message).toContain('"amount;x|amount"');
  });
});
