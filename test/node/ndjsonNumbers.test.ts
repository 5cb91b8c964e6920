import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { readNdjsonBatches, runCli } from '../../src/node/index.js';
import { parseJsonExact } from '../../src/internal/parseJsonExact.js';

async function readAll(text: string, numeric: string[]) {
  const columns: Record<string, unknown[]> = {};
  const rejects: [number, string][] = [];
  for await (const batch of readNdjsonBatches(Readable.from([text]), { numeric, batchSize: 2 })) {
    for (const name of batch.names) (columns[name] ??= []).push(...Array.from(batch.columns[name] as ArrayLike<unknown>));
    rejects.push(...batch.rejects.map((r): [number, string] => [r.line, r.reason]));
  }
  return { columns, rejects };
}

// 19-digit ids differing only in the last digit; JSON.parse rounds both to 1234567890123456800.
const BIG_A = '1234567890123456789';
const BIG_B = '1234567890123456788';

describe('NDJSON numbers: one policy for numeric strings, no silent rounding', () => {
  it('reads numeric strings (BigQuery exports) where a number is expected, in the one number grammar', async () => {
    const text = [
      '{"v":"12"}',
      '{"v":" -3.5 "}',
      '{"v":"1.2e3"}',
      '{"v":"0x1F"}',
      '{"v":"Infinity"}',
      '{"v":"12 apples"}',
      '{"v":1e400}',
      `{"v":"${BIG_A}"}`,
      '{"v":7}',
    ].join('\n');
    const { columns, rejects } = await readAll(text, ['v']);
    expect(columns.v).toEqual([12, -3.5, 1200, 7]);
    expect(rejects.map(([line]) => line)).toEqual([4, 5, 6, 7, 8]);
    expect(rejects[0][1]).toBe('field "v": not a number: "0x1F"');
    expect(rejects[3][1]).toContain('range of a double');
    expect(rejects[4][1]).toContain('of magnitude below 2^53');
  });

  it('refuses a JSON integer beyond 2^53 where a number is expected, naming its exact digits', async () => {
    expect(JSON.parse(`{"v":${BIG_A}}`).v).toBe(JSON.parse(`{"v":${BIG_B}}`).v); // the rounding this prevents
    const { columns, rejects } = await readAll(`{"v":${BIG_A}}\n{"v":9007199254740991}\n{"v":-${BIG_B}}\n`, ['v']);
    expect(columns.v).toEqual([9007199254740991]);
    expect(rejects).toEqual([
      [1, `field "v": the integer ${BIG_A} is beyond 2^53 and cannot be read exactly as a number (send ids as strings and read them as text)`],
      [3, `field "v": the integer -${BIG_B} is beyond 2^53 and cannot be read exactly as a number (send ids as strings and read them as text)`],
    ]);
  });

  it('passes a big JSON integer in any other field through as its exact digits, never rounded', async () => {
    const { columns, rejects } = await readAll(
      `{"id":${BIG_A},"v":1,"s":"x ${BIG_A}"}\n{"id":${BIG_B},"v":2,"n":{"deep":[${BIG_B},1.5e300]}}\n{"id":12,"v":3}\n`,
      ['v'],
    );
    expect(rejects).toEqual([]);
    expect(columns.id).toEqual([BIG_A, BIG_B, 12]);
    expect(columns.s).toEqual([`x ${BIG_A}`, null, null]);
    expect(columns.n).toEqual([null, { deep: [BIG_B, 1.5e300] }, null]);
  });

  it('parseJsonExact leaves invalid JSON invalid and strings untouched', () => {
    expect(() => parseJsonExact(`{"id":0${BIG_A}}`)).toThrow(SyntaxError);
    expect(parseJsonExact(`{"a":"\\"${BIG_A}","b":-${BIG_A}.5,"c":${BIG_A}e0}`).value).toEqual({ a: `"${BIG_A}`, b: -Number(`${BIG_A}.5`), c: Number(BIG_A) });
    expect(parseJsonExact('{"a":1}').bigIntegers).toBeNull();
  });
});

describe('CLI fit and score read NDJSON numbers alike', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cv-ndjson-numbers-'));
  const quiet = { stdout: { write: () => true }, stderr: { write: () => true } };
  // a BigQuery export: every number a string, the ids 19-digit JSON integers
  const lines = Array.from({ length: 40 }, (_, i) =>
    JSON.stringify({ id: `${BIG_A.slice(0, -2)}${String(i).padStart(2, '0')}`, revenue: String(10 + ((i * 37) % 91)), frequency: String(i % 6) }).replace(
      /"id":"(\d+)"/,
      '"id":$1',
    ),
  );
  writeFileSync(join(dir, 'customers.ndjson'), `${lines.join('\n')}\n`);
  writeFileSync(join(dir, 'spec.json'), JSON.stringify({ dimensions: [{ column: 'revenue' }, { column: 'frequency' }] }));

  it('`fit` accepts numeric strings as `score` does, and `score` keeps 19-digit ids exactly', async () => {
    const err: string[] = [];
    expect(
      await runCli(
        ['fit', '--kind', 'valuePyramid', '--spec', join(dir, 'spec.json'), '--input', join(dir, 'customers.ndjson'), '--output', join(dir, 'model.json')],
        { ...quiet, stderr: { write: (t: string) => err.push(t) } },
      ),
      err.join(''),
    ).toBe(0);
    expect(
      await runCli(
        ['score', '--model', join(dir, 'model.json'), '--input', join(dir, 'customers.ndjson'), '--keep', 'id', '--output', join(dir, 'out.csv')],
        quiet,
      ),
    ).toBe(0);
    const ids = readFileSync(join(dir, 'out.csv'), 'utf8')
      .trim()
      .split('\n')
      .slice(1)
      .map((line) => line.split(',')[0]);
    expect(ids).toEqual(lines.map((line) => /"id":(\d+)/.exec(line)![1]));
    expect(new Set(ids).size).toBe(40);
  });

  it('`fit` names a bad NDJSON value with its line', async () => {
    writeFileSync(join(dir, 'bad.ndjson'), `${lines.slice(0, 5).join('\n')}\n{"id":"x","revenue":"NA","frequency":"1"}\n`);
    const err: string[] = [];
    expect(
      await runCli(['fit', '--kind', 'valuePyramid', '--spec', join(dir, 'spec.json'), '--input', join(dir, 'bad.ndjson')], {
        ...quiet,
        stderr: { write: (t: string) => err.push(t) },
      }),
    ).toBe(1);
    expect(err.join('')).toContain('line 6, column "revenue": expected a number (a JSON number or a numeric string) or null, got "NA"');
  });
});

describe('CLI fit on NDJSON without a field the spec names', () => {
  it('reports the missing column, not a missing value on every row', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cv-ndjson-absent-'));
    writeFileSync(join(dir, 'c.ndjson'), '{"spend":1,"frequency":2}\n{"spend":3,"frequency":1}\n');
    writeFileSync(join(dir, 'spec.json'), JSON.stringify({ dimensions: [{ column: 'revenue' }, { column: 'frequency' }] }));
    const err: string[] = [];
    expect(
      await runCli(['fit', '--kind', 'valuePyramid', '--spec', join(dir, 'spec.json'), '--input', join(dir, 'c.ndjson')], {
        stdout: { write: () => true },
        stderr: { write: (t: string) => err.push(t) },
      }),
    ).toBe(1);
    expect(err.join('')).toContain('required column is missing');
    expect(err.join('')).toContain('"revenue"');
  });
});
