import { Readable, Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { readCsvBatches, readNdjsonBatches, writeCsvBatches, writeNdjsonBatches } from '../../src/node/index.js';
import { formatNumberText, parseNumberText } from '../../src/internal/numberText.js';

// What the library writes, its readers read back: every finite double written by the CSV and
// NDJSON writers is read by the one number grammar to the same double (−0 is written as 0).
// Witness: the doubles themselves (Object.is after the round trip), not a stored table.
const VALUES = [
  0,
  1,
  -1,
  0.1,
  1 / 3,
  -2.5e-7,
  5e-324,
  1.7976931348623157e308,
  -1.7976931348623157e308,
  2 ** 31,
  -(2 ** 31) - 1,
  2 ** 53 - 1,
  2 ** 53,
  -(2 ** 53),
  2 ** 53 + 2,
  9007199254740994,
  5.1e20,
  -1e20,
  999999999999999900000,
  1e21,
  1.5e21,
  123456789012345680000,
];

function sink(chunks: Buffer[]) {
  return new Writable({ write: (chunk, _e, done) => (chunks.push(Buffer.from(chunk)), done()) });
}

async function* one(values: readonly number[]) {
  yield {
    columns: { id: values.map((_, i) => `c${i}`), x: Float64Array.from(values), y: values.slice() },
    names: ['id', 'x', 'y'],
    rowCount: values.length,
    rejects: [],
  };
}

async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const v of it) out.push(v);
  return out;
}

describe('writers and readers round-trip every finite double', () => {
  it('formatNumberText(v) is read back by parseNumberText to the same double', () => {
    for (const v of VALUES) expect(Object.is(parseNumberText(formatNumberText(v)), v), `${v} as ${formatNumberText(v)}`).toBe(true);
    expect(formatNumberText(5.1e20)).toBe('5.1e+20');
    expect(formatNumberText(2 ** 53 - 1)).toBe('9007199254740991');
  });

  for (const threads of [1, 2]) {
    it(`writeCsvBatches (threads ${threads}) → readCsvBatches: the same doubles, no rejects`, async () => {
      const chunks: Buffer[] = [];
      await writeCsvBatches(one(VALUES), sink(chunks), undefined, { threads });
      const [back] = await collect(readCsvBatches(Readable.from([Buffer.concat(chunks)]), { numeric: ['x', 'y'], batchSize: 1e6 }));
      expect(back.rejects).toEqual([]);
      expect(Array.from(back.columns.x as Float64Array)).toEqual(VALUES);
      expect(Array.from(back.columns.y as Float64Array)).toEqual(VALUES);
    });
  }

  it('writeNdjsonBatches → readNdjsonBatches: the same doubles, no rejects', async () => {
    const chunks: Buffer[] = [];
    await writeNdjsonBatches(one(VALUES), sink(chunks));
    const [back] = await collect(readNdjsonBatches(Readable.from([Buffer.concat(chunks)]), { numeric: ['x', 'y'], batchSize: 1e6 }));
    expect(back.rejects).toEqual([]);
    expect(Array.from(back.columns.x as Float64Array)).toEqual(VALUES);
    expect(Array.from(back.columns.y as Float64Array)).toEqual(VALUES);
  });
});

describe('writeCsvBatches writes kept objects and arrays as JSON text', () => {
  for (const threads of [1, 2]) {
    it(`threads ${threads}: {"x":1} and [1,2] are JSON, not "[object Object]" or "1,2"`, async () => {
      const chunks: Buffer[] = [];
      async function* batches() {
        yield { columns: { kept: [{ x: 1 }, [1, 2], [], 'plain', new Date(Date.UTC(2024, 0, 5))] }, names: ['kept'], rowCount: 5, rejects: [] };
      }
      await writeCsvBatches(batches(), sink(chunks), undefined, { threads });
      expect(Buffer.concat(chunks).toString('utf8')).toBe('kept\n"{""x"":1}"\n"[1,2]"\n[]\nplain\n2024-01-05T00:00:00.000Z\n');
    });
  }
});
