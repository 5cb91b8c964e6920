import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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

  it('refuses bytes that are not UTF-8, naming the file line, instead of reading U+FFFD', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cv-read-csv-file-'));
    // invalid sequences (Unicode table 3-7): a lone 0xFF, an encoded surrogate, an overlong slash, a cut sequence
    for (const bad of [[0xff], [0xed, 0xa0, 0x80], [0xc0, 0xaf], [0xe2, 0x82]]) {
      const path = join(dir, 'bad.csv');
      // line 3–4 is one record (a quoted line break), the bad bytes are on line 5; U+FFFD itself (EF BF BD) is valid text
      writeFileSync(path, Buffer.concat([Buffer.from('id,n\r\n\ufffd,2\r\n"a\r\nb",3\r\nc'), Buffer.from(bad), Buffer.from(',4\r\n')]));
      const error = await readCsvFile(path).catch((e: unknown) => e);
      expect(error, JSON.stringify(bad)).toMatchObject({ code: 'invalid_value', issues: [{ line: 5 }] });
      expect((error as Error).message).toContain('line 5');
    }
    writeFileSync(join(dir, 'ok.csv'), 'id,n\n\ufffd,2\n');
    expect((await readCsvFile(join(dir, 'ok.csv'), { text: ['id'] })).columns.id).toEqual(['\ufffd']);
  });
});
