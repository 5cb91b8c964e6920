import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { writeCsvBatches } from '../../src/node/index.js';
import { csvField } from '../../src/node/writeCsv.js';
import { formatCsvRows } from '../../src/node/formatCsvRows.js';
import { createNumberWriter } from '../../src/internal/createNumberWriter.js';
import { seededRandom } from '../../src/internal/random.js';
import { CustomerValueError } from '../../src/errors.js';

// Witness: the string writer the byte writer replaced — `csvField(v)` per value (String(v) /
// formatNumberText for numbers, JSON for objects, quoting) joined by commas — and, for fixed
// decimals, `v.toFixed(d)`. Random tables of every column kind the writer takes.
const utf8 = new TextEncoder();
const text = new TextDecoder();

const bits = new Float64Array(1);
const words = new Uint32Array(bits.buffer);

function randomTable(seed: number, rows: number) {
  const random = seededRandom(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random.uniform() * list.length)];
  const double = (): number => {
    switch (Math.floor(random.uniform() * 7)) {
      case 0:
        words[0] = (random.uniform() * 4294967296) >>> 0;
        words[1] = (random.uniform() * 4294967296) >>> 0;
        return bits[0];
      case 1:
        return Math.round(random.uniform() * 1e6) / 100;
      case 2:
        return Math.floor(random.uniform() * 2 ** 53) * pick([1, -1, 2 ** 10, 2 ** 20]);
      case 3:
        return pick([0, -0, NaN, Infinity, -Infinity, 1e21, 1e-7, 5e-324, 2 ** 31, -(2 ** 31), 0.5, 1.005]);
      case 4:
        return Math.floor(random.uniform() * 2000) - 1000;
      default:
        return Math.log1p(random.uniform() * 1e3) * (random.uniform() - 0.5) * 10 ** Math.floor(random.uniform() * 12 - 6);
    }
  };
  const texts = ['a', 'C000123', 'with,comma', 'say "hi"', 'two\nlines', 'crlf\r\n', 'é ü 日本', '', '007'];
  const passThrough = texts.map((t) => utf8.encode(csvField(t)));
  const offsets = new Int32Array(rows + 1);
  const chosen = Array.from({ length: rows }, () => Math.floor(random.uniform() * texts.length));
  for (let i = 0; i < rows; i++) offsets[i + 1] = offsets[i] + passThrough[chosen[i]].length;
  const fieldBytes = new Uint8Array(offsets[rows]);
  chosen.forEach((k, i) => fieldBytes.set(passThrough[k], offsets[i]));
  const columns: Record<string, unknown> = {
    id: { kind: 'csvFields', bytes: fieldBytes, offsets, length: rows },
    value: Float64Array.from({ length: rows }, double),
    single: Float32Array.from({ length: rows }, double),
    tier: Int32Array.from({ length: rows }, () => Math.floor(random.uniform() * 2 ** 32) - 2 ** 31),
    cell: Uint8Array.from({ length: rows }, () => Math.floor(random.uniform() * 256)),
    score: Uint16Array.from({ length: rows }, () => Math.floor(random.uniform() * 65536)),
    mixed: Array.from({ length: rows }, () =>
      pick<unknown>([double(), pick(texts), null, undefined, true, 12n, { a: [1, 'x,y'] }, new Date(Date.UTC(2026, 10, 30))]),
    ),
  };
  const reference = (row: number, decimals: (name: string, v: number) => string | null) =>
    Object.entries(columns)
      .map(([name, column]) => {
        if (name === 'id') return text.decode(passThrough[chosen[row]]);
        const v = (column as ArrayLike<unknown>)[row];
        const fixed = typeof v === 'number' && v === v ? decimals(name, v) : null;
        return fixed ?? csvField(v);
      })
      .join(',');
  return { columns, names: Object.keys(columns), rows, reference };
}

function sink(chunks: Buffer[]) {
  return new Writable({ write: (chunk, _e, done) => (chunks.push(Buffer.from(chunk)), done()) });
}

async function* batchesOf(table: ReturnType<typeof randomTable>, size: number) {
  for (let from = 0; from < table.rows; from += size) {
    const to = Math.min(table.rows, from + size);
    const columns: Record<string, unknown> = {};
    for (const [name, column] of Object.entries(table.columns)) {
      if (name === 'id') {
        const c = column as { bytes: Uint8Array; offsets: Int32Array };
        const offsets = c.offsets.slice(from, to + 1).map((o) => o - c.offsets[from]);
        columns[name] = { kind: 'csvFields', bytes: c.bytes.slice(c.offsets[from], c.offsets[to]), offsets, length: to - from };
      } else columns[name] = (column as unknown[]).slice(from, to);
    }
    yield { columns, names: table.names, rowCount: to - from, rejects: [] } as never;
  }
}

describe('formatCsvRows(columns, rowCount, numbers, columnDecimals, floatDecimals)', () => {
  it('writes the same bytes as the string writer (csvField per value) for 20 random tables of every column kind', () => {
    const numbers = createNumberWriter();
    for (let seed = 1; seed <= 20; seed++) {
      const table = randomTable(seed, 5000);
      const got = text.decode(formatCsvRows(Object.values(table.columns), table.rows, numbers));
      const want = Array.from({ length: table.rows }, (_, i) => `${table.reference(i, () => null)}\n`).join('');
      expect(got === want, `seed ${seed}`).toBe(true);
    }
  });

  it('writes v.toFixed(d) for the float columns with floatDecimals, and for the named columns with columnDecimals', () => {
    const numbers = createNumberWriter();
    for (let seed = 21; seed <= 30; seed++) {
      const table = randomTable(seed, 5000);
      const d = seed - 21;
      const all = text.decode(formatCsvRows(Object.values(table.columns), table.rows, numbers, [], d));
      const wantAll = Array.from(
        { length: table.rows },
        (_, i) => `${table.reference(i, (name, v) => (name === 'value' || name === 'single' ? v.toFixed(d) : null))}\n`,
      ).join('');
      expect(all === wantAll, `floatDecimals ${d}`).toBe(true);
      // per column: an int column and a mixed one get d + 1, value keeps the shortest form
      const named = table.names.map((name) => (name === 'tier' || name === 'mixed' ? d + 1 : -1));
      const some = text.decode(formatCsvRows(Object.values(table.columns), table.rows, numbers, named));
      const wantSome = Array.from(
        { length: table.rows },
        (_, i) => `${table.reference(i, (name, v) => (name === 'tier' || name === 'mixed' ? v.toFixed(d + 1) : null))}\n`,
      ).join('');
      expect(some === wantSome, `columnDecimals ${d + 1}`).toBe(true);
    }
  });
});

describe('writeCsvBatches(batches, output, rejects, { threads, decimals })', () => {
  for (const threads of [1, 2]) {
    it(`writes the string writer's bytes, and toFixed's with decimals, in batches of 777 rows (threads: ${threads})`, async () => {
      const table = randomTable(99, 4000);
      const header = `${table.names.map(csvField).join(',')}\n`;
      const plain: Buffer[] = [];
      await writeCsvBatches(batchesOf(table, 777), sink(plain), undefined, { threads });
      expect(Buffer.concat(plain).toString()).toBe(header + Array.from({ length: table.rows }, (_, i) => `${table.reference(i, () => null)}\n`).join(''));
      const fixed: Buffer[] = [];
      await writeCsvBatches(batchesOf(table, 777), sink(fixed), undefined, { threads, decimals: { value: 3, cell: 1 } });
      const want = (name: string, v: number) => (name === 'value' ? v.toFixed(3) : name === 'cell' ? v.toFixed(1) : null);
      expect(Buffer.concat(fixed).toString()).toBe(header + Array.from({ length: table.rows }, (_, i) => `${table.reference(i, want)}\n`).join(''));
    });
  }

  it('refuses decimals outside 0–20 or naming a column not in the output, before writing a row', async () => {
    const table = randomTable(5, 10);
    for (const decimals of [-1, 21, 1.5, { value: 30 }]) {
      await expect(writeCsvBatches(batchesOf(table, 10), sink([]), undefined, { decimals })).rejects.toMatchObject({ code: 'invalid_spec' });
    }
    const chunks: Buffer[] = [];
    const error: unknown = await writeCsvBatches(batchesOf(table, 10), sink(chunks), undefined, { decimals: { valeu: 2 } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CustomerValueError);
    expect((error as CustomerValueError).issues[0]).toMatchObject({ function: 'writeCsvBatches', path: 'options.decimals.valeu', received: '"valeu"' });
    expect(Buffer.concat(chunks).toString()).toBe('');
  });
});
