import { describe, expect, it } from 'vitest';
import { readCsvFile } from '../../src/node/index.js';
import { fixturePath } from '../helpers/fixtures.js';

describe('readCsvFile(path, options)', () => {
  it('reads the CDNOW sample into typed columns (6,919 rows; lifetimes / BTYD cdnowElog)', async () => {
    const { columns, names, rowCount } = await readCsvFile(fixturePath('value/cdnow_sample.csv'));
    expect(rowCount).toBe(6919);
    expect(names).toEqual(['master_id', 'sample_id', 'date', 'number_of_cds', 'dollar_value']);
    expect(columns.date).toBeInstanceOf(Float64Array);
    expect((columns.date as Float64Array)[0]).toBe(19970101);
  });

  it('names the path of a file it cannot read', async () => {
    await expect(readCsvFile('no/such/file.csv')).rejects.toMatchObject({ code: 'invalid_value', message: expect.stringContaining('"no/such/file.csv"') });
  });
});
