import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../src/internal/random.js';
import { Writable } from 'node:stream';
import { csvFieldText, readCsvBatches, writeCsvBatches } from '../../src/node/index.js';
import type { ColumnBatch, CsvFieldColumn } from '../../src/node/index.js';

// Differential test of the byte-level CSV reader against a plain reference: a character-by-
// character RFC 4180 split of the whole text and `Number` on each numeric field. Numbers must
// agree bit for bit, for random text in many number spellings and any chunking of the bytes.

async function collect(iterable: AsyncIterable<ColumnBatch>): Promise<ColumnBatch[]> {
  const out: ColumnBatch[] = [];
  for await (const item of iterable) out.push(item);
  return out;
}

/** Reference: records as arrays of fields (quotes resolved), with the line each starts on. */
function referenceRecords(text: string): { fields: string[]; line: number }[] {
  const records: { fields: string[]; line: number }[] = [];
  let fields: string[] = [];
  let field = '';
  let inQuotes = false;
  let line = 1;
  let start = 1;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inQuotes) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') inQuotes = false;
      else {
        if (c === '\n') line++;
        field += c;
      }
    } else if (c === '"') inQuotes = true;
    else if (c === ',') {
      fields.push(field);
      field = '';
    } else if (c === '\n') {
      fields.push(field.endsWith('\r') ? field.slice(0, -1) : field);
      records.push({ fields, line: start });
      fields = [];
      field = '';
      line++;
      start = line;
    } else field += c;
  }
  if (field !== '' || fields.length > 0) records.push({ fields: [...fields, field], line: start });
  return records;
}

function numberSpelling(random: ReturnType<typeof seededRandom>): string {
  const digits = (count: number) => Array.from({ length: count }, () => Math.floor(random.uniform() * 10)).join('');
  const sign = ['', '-', '+'][Math.floor(random.uniform() * 3)];
  switch (Math.floor(random.uniform() * 9)) {
    case 0:
      return sign + digits(1 + Math.floor(random.uniform() * 8));
    case 1:
      return `${sign}${digits(1 + Math.floor(random.uniform() * 6))}.${digits(1 + Math.floor(random.uniform() * 10))}`;
    case 2:
      return `${sign}${digits(1 + Math.floor(random.uniform() * 12))}.${digits(1 + Math.floor(random.uniform() * 12))}`; // > 15 digits
    case 3:
      return `${sign}${digits(1)}.${digits(3)}e${['', '-', '+'][Math.floor(random.uniform() * 3)]}${Math.floor(random.uniform() * 40)}`;
    case 4:
      return `${sign}.${digits(3)}`;
    case 5:
      return `${sign}${digits(2)}.`;
    case 6:
      return String(random.normal() * 10 ** Math.floor(random.uniform() * 30 - 15));
    case 7:
      return ['', '0', '-0', '00012', '1e300', '1E5', '9007199254740991', '0.1', '123456789012345.6'][Math.floor(random.uniform() * 9)]; // refused forms (1e400, 2^53 + 1): csvNumbers.test.ts
    default:
      return (Math.floor(random.uniform() * 1e6) / 100).toFixed(2);
  }
}

function randomCsv(seed: number, rows: number): string {
  const random = seededRandom(seed);
  const texts = ['plain', 'with space', '"quoted, comma"', '"say ""hi"""', '"two\nlines"', 'ünïcode', '""', ''];
  const lines = ['id,amount,label,score'];
  for (let i = 0; i < rows; i++) {
    const end = random.uniform() < 0.2 ? '\r' : '';
    lines.push(`c${i},${numberSpelling(random)},${texts[Math.floor(random.uniform() * texts.length)]},${numberSpelling(random)}${end}`);
    if (random.uniform() < 0.03) lines.push('');
  }
  return `${lines.join('\n')}\n`;
}

describe('readCsvBatches: byte-level parser against a reference', () => {
  for (const seed of [1, 2, 3]) {
    it(`reads random CSV (seed ${seed}) exactly as the reference, for any chunking and batch size`, async () => {
      const text = randomCsv(seed, 3000);
      const records = referenceRecords(text)
        .slice(1)
        .filter((r) => !(r.fields.length === 1 && r.fields[0] === ''));
      const expected = { amount: [] as number[], score: [] as number[], label: [] as string[], line: [] as number[] };
      for (const r of records) {
        const [, amount, label, score] = r.fields;
        const a = amount === '' ? Number.NaN : Number(amount);
        const s = score === '' ? Number.NaN : Number(score);
        expect(Number.isNaN(a) && amount !== '', amount).toBe(false);
        expected.amount.push(a);
        expected.score.push(s);
        expected.label.push(label);
        expected.line.push(r.line);
      }
      const bytes = Buffer.from(text);
      const random = seededRandom(seed + 100);
      for (const batchSize of [1000, 17, 65_536]) {
        const chunks: Buffer[] = [];
        for (let at = 0; at < bytes.length;) {
          const size = 1 + Math.floor(random.uniform() * 300);
          chunks.push(bytes.subarray(at, at + size));
          at += size;
        }
        const batches = await collect(readCsvBatches(Readable.from(chunks), { numeric: ['amount', 'score'], batchSize }));
        expect(batches.flatMap((b) => b.rejects)).toEqual([]);
        const amount = new Float64Array(batches.flatMap((b) => Array.from(b.columns.amount as Float64Array)));
        const score = new Float64Array(batches.flatMap((b) => Array.from(b.columns.score as Float64Array)));
        expect(Buffer.from(amount.buffer).equals(Buffer.from(new Float64Array(expected.amount).buffer)), 'amount bits').toBe(true);
        expect(Buffer.from(score.buffer).equals(Buffer.from(new Float64Array(expected.score).buffer)), 'score bits').toBe(true);
        expect(batches.flatMap((b) => b.columns.label as string[])).toEqual(expected.label);
        expect(batches.flatMap((b) => Array.from(b.lines))).toEqual(expected.line);
        // a row's text, decoded on demand, is its input line (a multi-line record spans lines)
        const first = batches[0];
        const span = records[0].fields.join('').split('\n').length;
        expect(first.lineText(0)).toBe(
          text
            .split('\n')
            .slice(first.lines[0] - 1, first.lines[0] - 1 + span)
            .join('\n')
            .replace(/\r$/, ''),
        );
      }
    });
  }

  it('passes fields through undecoded: the same text as the decoded column, valid CSV when written', async () => {
    const text = randomCsv(7, 2000);
    const decoded = await collect(readCsvBatches(Readable.from([text]), { numeric: ['amount'], text: ['label'], batchSize: 300 }));
    const raw = await collect(readCsvBatches(Readable.from([text]), { numeric: ['amount'], text: [], passThrough: ['label'], batchSize: 300 }));
    const labels = decoded.flatMap((b) => b.columns.label as string[]);
    const fromRaw = raw.flatMap((b) => {
      const column = b.columns.label as CsvFieldColumn;
      return Array.from({ length: b.rowCount }, (_, i) => csvFieldText(column, i));
    });
    expect(fromRaw).toEqual(labels);
    // written back as CSV and read again, the fields are unchanged
    const chunks: Buffer[] = [];
    const sink = new Writable({ write: (chunk, _e, done) => (chunks.push(Buffer.from(chunk)), done()) });
    async function* scored() {
      for (const b of raw)
        yield { columns: { label: b.columns.label, amount: b.columns.amount as Float64Array }, names: ['label', 'amount'], rowCount: b.rowCount, rejects: [] };
    }
    await writeCsvBatches(scored(), sink);
    // (the writer prints doubles in [2^53, 1e21) in exponent form, so every amount reads back)
    const back = (await collect(readCsvBatches(Readable.from([Buffer.concat(chunks)]), { numeric: ['amount'], batchSize: 1e6 })))[0];
    expect(back.columns.label).toEqual(labels);
    expect(back.rejects).toEqual([]);
    // (−0 is written as 0, as String(−0) is)
    expect(Array.from(back.columns.amount as Float64Array)).toEqual(raw.flatMap((b) => Array.from(b.columns.amount as Float64Array, (v) => v + 0)));
    // under another delimiter a comma inside a field is quoted on the way out
    const semi = (
      await collect(readCsvBatches(Readable.from(['id;x\na,b;1\n"c;d";2\n']), { numeric: ['x'], text: [], passThrough: ['id'], delimiter: ';' }))
    )[0];
    const column = semi.columns.id as CsvFieldColumn;
    expect(Buffer.from(column.bytes).toString()).toBe('"a,b""c;d"');
    expect([csvFieldText(column, 0), csvFieldText(column, 1)]).toEqual(['a,b', 'c;d']);
  });

  it('decodes only the text columns asked for, and rejects stray quotes and duplicate headers', async () => {
    const only = await collect(readCsvBatches(Readable.from(['id,amount,label\na,1,x\n']), { numeric: ['amount'], text: ['id'] }));
    expect(only[0].names).toEqual(['id', 'amount']);
    expect(Object.keys(only[0].columns)).toEqual(['id', 'amount']);
    const stray = await collect(readCsvBatches(Readable.from(['id,amount\na"b,1\n"c"d,2\ne,3\n']), { numeric: ['amount'] }));
    expect(stray[0].rejects.map((r) => [r.line, r.reason])).toEqual([
      [2, 'a quote inside an unquoted field'],
      [3, 'characters after a closing quote'],
    ]);
    expect(stray[0].columns.id).toEqual(['e']);
    await expect(collect(readCsvBatches(Readable.from(['id,id\n1,2\n']), { numeric: [] }))).rejects.toMatchObject({ code: 'invalid_value' });
    await expect(collect(readCsvBatches(Readable.from(['id\n1\n']), { numeric: [], batchSize: 0 }))).rejects.toMatchObject({ code: 'invalid_spec' });
  });
});
