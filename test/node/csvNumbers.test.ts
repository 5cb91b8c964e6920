import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../src/index.js';
import { parseNumberText } from '../../src/internal/numberText.js';
import { seededRandom } from '../../src/internal/random.js';
import { readCsvBatches } from '../../src/node/index.js';

// Differential test: every cell through the byte reader's two number paths (the fast path that
// parses digits from the bytes, the slow path for the rest) must agree exactly with the one
// grammar, `parseNumberText` (src/internal/numberText.ts): the same double, bit for bit, where
// the grammar accepts; a reject of the line, naming the column, where it refuses. The fast path
// witness is `Number` itself (correctly rounded), which `parseNumberText` returns when it accepts.

/** Cells chosen to sit on every edge of the grammar and of the fast path's limits. */
const ADVERSARIAL = [
  '0',
  '-0',
  '+0',
  '00',
  '007',
  '-007',
  '0.0',
  '.5',
  '+.5',
  '-.5e-3',
  '5.',
  '1.e5',
  '1e5',
  '1E5',
  '1e+5',
  '1e-5',
  '1e0005',
  '0x1F',
  '0X1f',
  '0b11',
  '0o17',
  '0x',
  'Infinity',
  '-Infinity',
  '+Infinity',
  'infinity',
  'NaN',
  'nan',
  '1_000',
  '1e',
  'e5',
  '.',
  '-',
  '+',
  '+-1',
  '--1',
  '1e+-5',
  '1.2.3',
  '1e5.5',
  ' ',
  '  ',
  '\t',
  ' 12',
  '12 ',
  ' 12 ',
  '\t3\t',
  ' -4.5e1 ',
  '\u00a012',
  '12\u00a0',
  '１２',
  '١٢',
  '1\u20002',
  '0.30000000000000004',
  '123456789012345',
  '1234567890123456',
  '12345678901234567',
  '999999999999999',
  '9999999999999999',
  '9007199254740991',
  '-9007199254740991',
  '9007199254740992',
  '9007199254740993',
  '-9007199254740993',
  '12345678901234567890',
  '90071992547409930',
  '9007199254740993.0',
  '9007199254740993e0',
  '1e22',
  '1e23',
  '1.5e22',
  '1.5e-22',
  '9.999999999999999e22',
  '123456789012345e8',
  '0.000000000000000000001',
  '1e-22',
  '1e-23',
  '1e308',
  '1.7976931348623157e308',
  '1.7976931348623159e308',
  '1e309',
  '1e400',
  '-1e400',
  '1e-400',
  '4.9e-324',
  '5e-324',
  '2e-324',
  '2.2250738585072014e-308',
  '0e999999',
  '1e999999',
  '0.1e1000000',
  '100000000000000000000000e-23',
  `1${'0'.repeat(400)}`,
  `0.${'0'.repeat(400)}1`,
  `${'0'.repeat(40)}1`,
  '1e0000000000022',
  '3.14159265358979323846',
  '-2.5',
  '+2.5',
];

function randomCell(random: ReturnType<typeof seededRandom>): string {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random.uniform() * items.length)];
  const digits = (count: number) => Array.from({ length: count }, () => String(Math.floor(random.uniform() * 10))).join('');
  const k = Math.floor(random.uniform() * 10);
  if (k === 0) return pick(ADVERSARIAL);
  if (k === 1) return String(random.normal() * 10 ** Math.floor(random.uniform() * 600 - 300));
  if (k === 2) return (random.uniform() * 1e6).toFixed(Math.floor(random.uniform() * 6));
  // a random spelling from the grammar's parts, sometimes broken
  const sign = pick(['', '', '-', '+']);
  const whole = random.uniform() < 0.15 ? '' : digits(1 + Math.floor(random.uniform() * (random.uniform() < 0.3 ? 22 : 8)));
  const fraction = random.uniform() < 0.5 ? '' : `.${random.uniform() < 0.1 ? '' : digits(1 + Math.floor(random.uniform() * 20))}`;
  const exponent =
    random.uniform() < 0.6
      ? ''
      : `${pick(['e', 'E'])}${pick(['', '-', '+'])}${random.uniform() < 0.05 ? '' : String(Math.floor(random.uniform() * (random.uniform() < 0.5 ? 30 : 420)))}`;
  const pad = () => (random.uniform() < 0.05 ? pick([' ', '\t', '  ']) : '');
  const junk = random.uniform() < 0.05 ? pick(['x', '_', '0x', 'e', '.', '+']) : '';
  return `${pad()}${sign}${whole}${fraction}${exponent}${junk}${pad()}`;
}

/** A cell written as a CSV field: quoted when it holds a quote, comma or line break (and sometimes anyway). */
function field(cell: string, quote: boolean): string {
  return quote || /[",\r\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell;
}

async function readNumbers(text: string, chunk: number): Promise<{ values: Map<number, number>; rejects: Map<number, string> }> {
  const bytes = Buffer.from(text);
  const chunks: Buffer[] = [];
  for (let at = 0; at < bytes.length; at += chunk) chunks.push(bytes.subarray(at, at + chunk));
  const values = new Map<number, number>();
  const rejects = new Map<number, string>();
  for await (const batch of readCsvBatches(Readable.from(chunks), { numeric: ['n'], batchSize: 997 })) {
    const n = batch.columns.n as Float64Array;
    batch.lines.forEach((line, i) => values.set(line, n[i]));
    for (const r of batch.rejects) rejects.set(r.line, r.reason);
  }
  return { values, rejects };
}

describe('readCsvBatches numbers against parseNumberText', () => {
  for (const seed of [11, 12, 13]) {
    it(`agrees bit for bit, or rejects naming the column, on 12,000 random and adversarial cells (seed ${seed})`, async () => {
      const random = seededRandom(seed);
      const cells = [...(seed === 11 ? ADVERSARIAL : []), ...Array.from({ length: 12_000 }, () => randomCell(random))];
      const quoted = cells.map(() => random.uniform() < 0.25);
      const text = `id,n\n${cells.map((cell, i) => `r${i},${field(cell, quoted[i])}`).join('\n')}\n`;
      for (const chunk of [1 << 20, 61]) {
        const { values, rejects } = await readNumbers(text, chunk);
        cells.forEach((cell, i) => {
          const line = i + 2;
          const expected = cell === '' ? Number.NaN : parseNumberText(cell);
          if (cell !== '' && Number.isNaN(expected)) {
            expect(rejects.get(line), `cell ${JSON.stringify(cell)} must be refused`).toMatch(/^column "n": not a number: /);
            expect(values.has(line)).toBe(false);
          } else {
            expect(rejects.get(line), `cell ${JSON.stringify(cell)}`).toBeUndefined();
            expect(Object.is(values.get(line), expected), `cell ${JSON.stringify(cell)}: got ${values.get(line)}, expected ${expected}`).toBe(true);
          }
        });
      }
    });
  }

  it('names why a number in the grammar is refused: beyond 2^53, or beyond a double', async () => {
    const { rejects } = await readNumbers('id,n\na,0x1F\nb,9007199254740993\nc,1e400\nd,Infinity\n', 1000);
    expect([...rejects.values()]).toEqual([
      'column "n": not a number: "0x1F"',
      'column "n": not a number: "9007199254740993" (expected an integer of magnitude below 2^53 (larger integers cannot all be held exactly: read the column as text))',
      'column "n": not a number: "1e400" (expected a number within the range of a double (±1.8e308))',
      'column "n": not a number: "Infinity"',
    ]);
  });
});

describe('parseCsv numbers against parseNumberText', () => {
  it('types a column as numbers only when every cell is in the grammar, with the same doubles', () => {
    for (const cell of ADVERSARIAL) {
      const { columns } = parseCsv(`id,n\na,${field(cell, false)}\nb,1\n`, { text: ['id'] });
      const n = columns.n;
      const expected = parseNumberText(cell);
      if (n instanceof Float64Array) {
        expect(Number.isNaN(expected) && cell.trim() !== '', `${JSON.stringify(cell)} must not be read as a number`).toBe(false);
        expect(Object.is(n[0], cell === '' ? Number.NaN : expected), JSON.stringify(cell)).toBe(true);
      } else {
        // text: the cell exactly as written, nothing lost
        expect(n[0], JSON.stringify(cell)).toBe(cell === '' ? null : cell);
      }
    }
  });
});

describe('readCsvBatches: short decimals scanned once (a sentinel byte after each chunk)', () => {
  it('a short decimal over maxFieldSize still stops the read, naming its line and column', async () => {
    await expect(
      (async () => {
        for await (const batch of readCsvBatches(Readable.from(['id,n\na,12\nb,1234\n']), { numeric: ['n'], maxFieldSize: 3 })) void batch;
      })(),
    ).rejects.toMatchObject({ code: 'invalid_value', issues: [{ line: 3, column: 'n' }] });
  });

  it('numbers cut at every byte by the chunks, and at the very end of the input (no line break), read as in one chunk', async () => {
    const text = 'id,n\na,-0\nb,12.5\r\nc,.5e-3\rd,7,\ne,1e22\nf,3';
    for (let chunk = 1; chunk <= 8; chunk++) {
      const { values, rejects } = await readNumbers(text, chunk);
      expect(Object.fromEntries(values)).toEqual({ 2: -0, 3: 12.5, 4: 0.0005, 6: 1e22, 7: 3 });
      expect(Object.is(values.get(2), -0)).toBe(true);
      expect([...rejects.keys()]).toEqual([5]);
    }
  });
});
