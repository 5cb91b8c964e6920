import { describe, expect, it } from 'vitest';
import { CustomerValueError, parseCsv, toColumns, toIsoDate } from '../../src/index.js';
import { civilFromDays, daysFromCivil, daysFromDateString, daysFromYyyymmdd } from '../../src/internal/civilDays.js';
import { caught } from '../helpers/fixtures.js';

describe('toColumns(data, names, options)', () => {
  it('reads rows, columns and Arrow-like tables into the same numbers', () => {
    const rows = [
      { a: 1, b: 2.5 },
      { a: 3, b: -4 },
    ];
    const columns = { a: [1, 3], b: [2.5, -4] };
    const arrow = { numRows: 2, getChild: (name: string) => (name in columns ? { toArray: () => Float64Array.from(columns[name as 'a']) } : null) };
    const expected = { a: new Float64Array([1, 3]), b: new Float64Array([2.5, -4]) };
    expect(toColumns(rows, ['a', 'b']).columns).toEqual(expected);
    expect(toColumns(columns, ['a', 'b']).columns).toEqual(expected);
    expect(toColumns(arrow, ['a', 'b']).columns).toEqual(expected);
  });

  it('passes numeric typed arrays through without a copy', () => {
    const f64 = new Float64Array([1, 2]);
    const i32 = new Int32Array([3, 4]);
    const { columns } = toColumns({ f64, i32 }, ['f64', 'i32']);
    expect(columns.f64).toBe(f64);
    expect(columns.i32).toBe(i32);
  });

  it('never coerces strings, and says what to do', () => {
    const error = caught(() => toColumns({ a: [1, '2', 'n/a', Infinity, true] }, ['a']));
    expect(error).toBeInstanceOf(CustomerValueError);
    expect(error.code).toBe('invalid_value');
    expect(error.message).toBe(
      [
        'toColumns: 4 of 5 rows have invalid values',
        '  ✖ row 1, column "a": expected a finite number, got "2" (numbers must be numbers, not strings: convert the column first (parseCsv does))',
        '  ✖ row 2, column "a": expected a finite number, got "n/a"',
        '  ✖ row 3, column "a": expected a finite number, got Infinity',
        '  ✖ row 4, column "a": expected a finite number, got true',
      ].join('\n'),
    );
    expect(error.issues[2]).toEqual({ function: 'toColumns', column: 'a', row: 3, expected: 'a finite number', received: 'Infinity' });
  });

  it('treats null, undefined and NaN as missing: an error by default, counted under skip', () => {
    const data = { a: [1, null, undefined, NaN] };
    const error = caught(() => toColumns(data, ['a']));
    expect(error.totalIssues).toBe(3);
    const { columns, missingRows } = toColumns(data, ['a'], { missing: 'skip' });
    expect(missingRows).toBe(3);
    expect(Array.from(columns.a)).toEqual([1, NaN, NaN, NaN]);
  });

  it('rejects non-tables, rows that are not objects, ragged columns and absent columns', () => {
    expect(caught(() => toColumns(null as never, ['a'])).message).toContain('expected an array of row objects');
    expect(caught(() => toColumns([{ a: 1 }, 7] as never, ['a'])).message).toContain('row 1 is not an object');
    expect(caught(() => toColumns({ a: [1, 2], b: [1] }, ['a', 'b'])).message).toContain('expected 2 values, the same length as column "a", got 1 values');
    const absent = caught(() => toColumns({ a: [1] }, ['a', 'b', 'c']));
    expect(absent.code).toBe('missing_column');
    expect(absent.issues.map((i: { column: string }) => i.column)).toEqual(['b', 'c']);
    expect(caught(() => toColumns({ a: 5 }, ['a'])).message).toContain('column "a" is not an array');
  });

  it('reads only own properties of rows', () => {
    const proto = { a: 99 };
    const row = Object.create(proto) as { a?: number };
    expect(caught(() => toColumns([row, { a: 1 }], ['a'])).message).toContain('row 0, column "a": expected a value, got undefined');
  });
});

describe('parseCsv(text, options)', () => {
  it('handles quotes, doubled quotes, CRLF, BOM, embedded newlines and blank trailing lines', () => {
    const csv = '\ufeffid,name,amount\r\n1,"Smith, J.",10\r\n2,"say ""hi""\nthere",2.5\r\n\r\n';
    const { columns, names, rowCount } = parseCsv(csv);
    expect(names).toEqual(['id', 'name', 'amount']);
    expect(rowCount).toBe(2);
    expect(columns.name).toEqual(['Smith, J.', 'say "hi"\nthere']);
    expect(Array.from(columns.amount as Float64Array)).toEqual([10, 2.5]);
  });

  it('reports ragged lines by line number instead of dropping them', () => {
    const error = caught(() => parseCsv('a,b\n1,2\n3\n4,5,6\n'));
    expect(error.code).toBe('invalid_value');
    expect(error.message).toContain('line 3: expected 2 fields, as the header has, got 1 fields');
    expect(error.message).toContain('line 4: expected 2 fields, as the header has, got 3 fields');
    expect(caught(() => parseCsv('a,b\n"1,2\n')).message).toContain('unterminated quoted field');
    expect(caught(() => parseCsv('')).message).toContain('no header line');
    expect(caught(() => parseCsv('a,a\n1,2\n')).message).toContain('unique, non-empty name');
  });

  it('keeps mixed columns as text and honours the delimiter option', () => {
    const { columns } = parseCsv('a;b\n1;x\n2;\n', { delimiter: ';' });
    expect(columns.b).toEqual(['x', null]);
    expect(caught(() => parseCsv('a\n1\n', { delimiter: ';;' })).code).toBe('invalid_spec');
  });
});

describe('calendar arithmetic on epoch days', () => {
  it('agrees with Date.UTC on every day from 1900 to 2100', () => {
    const mismatches: number[] = [];
    for (let day = daysFromCivil(1900, 1, 1); day <= daysFromCivil(2100, 12, 31); day++) {
      const date = new Date(day * 86_400_000);
      const [y, m, d] = civilFromDays(day);
      if (y !== date.getUTCFullYear() || m !== date.getUTCMonth() + 1 || d !== date.getUTCDate()) mismatches.push(day);
      if (daysFromCivil(y, m, d) !== day) mismatches.push(day);
    }
    expect(mismatches).toEqual([]);
  });

  it('parses YYYYMMDD integers and ISO strings, and refuses impossible dates', () => {
    expect(daysFromYyyymmdd(19970101)).toBe(Date.UTC(1997, 0, 1) / 86_400_000);
    expect(daysFromYyyymmdd(20000229)).toBe(Date.UTC(2000, 1, 29) / 86_400_000);
    expect(daysFromYyyymmdd(19000229)).toBeNaN();
    expect(daysFromYyyymmdd(19971301)).toBeNaN();
    expect(daysFromYyyymmdd(1997010.5)).toBeNaN();
    expect(daysFromDateString('1997-03-05')).toBe(Date.UTC(1997, 2, 5) / 86_400_000);
    expect(daysFromDateString('1997-03-05T23:30:00')).toBe(Date.UTC(1997, 2, 5) / 86_400_000);
    // with an offset: the date as written (the day in that offset), not the UTC day (03-06)
    expect(daysFromDateString('1997-03-05T23:30:00-02:00')).toBe(Date.UTC(1997, 2, 5) / 86_400_000);
    expect(daysFromDateString('05/03/1997')).toBeNaN();
    expect(toIsoDate(daysFromYyyymmdd(19971231))).toBe('1997-12-31');
    expect(caught(() => toIsoDate(1.5)).code).toBe('invalid_value');
  });
});
