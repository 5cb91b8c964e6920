// Content attacks on every text reader. The other contract files attack types; this one feeds
// what real exports contain — Excel's CRLF after a quoted last field, old-Mac CR line ends,
// mixed line ends, no trailing newline, a BOM, doubled quotes, delimiters and line breaks inside
// quotes, a stray quote, and numbers in every form of the one grammar (src/internal/numberText.ts)
// and each refused form. The same logical table is rendered as CSV or NDJSON, and every reader
// must either give the right values (the same for all readers: the table's, with numbers from
// `parseNumberText`) or name the bad line — as a reject of that line or as a CustomerValueError
// naming it. Never a lost row, never an extra row, never a silently wrong number.
//
// To cover a new reader, add one entry to READERS.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { CustomerValueError, fitRfm, parseCsv } from '../../src/index.js';
import { parseNumberText } from '../../src/internal/numberText.js';
import { readCsvBatches, readCsvFile, readNdjsonBatches, runCli } from '../../src/node/index.js';
import type { ColumnBatch } from '../../src/node/index.js';

// ---------------------------------------------------------------------------------------------
// The content: a logical table (id, n, name), rendered as CSV or NDJSON

/** One record of the table: `n` is the number cell as text ('' is missing). */
interface Good {
  readonly id: string;
  readonly n: string;
  readonly name: string;
}
/** A malformed record, as it stands in each format (`bad`: every reader must name its line). */
interface Bad {
  readonly bad: string;
  readonly csv: string;
  readonly ndjson: string;
}
/** An empty line: skipped by every reader, its number still counted. */
interface Blank {
  readonly blank: true;
}
type Item = Good | Bad | Blank;

interface Case {
  readonly name: string;
  readonly items: readonly Item[];
  /** Line end after each line, in turn (one style, or several for mixed files). */
  readonly eol: readonly string[];
  readonly trailing: boolean;
  readonly bom?: boolean;
  /** Quote every name field (a quoted last field: the CRLF trap). */
  readonly quoteNames?: boolean;
  /** NDJSON: write `n` as a JSON number literal instead of a string (forms valid as JSON only). */
  readonly jsonNumbers?: boolean;
  /** The formats this content makes sense in. */
  readonly formats: readonly Format[];
  /** Bytes that are not text (invalid UTF-8): not for readers that take a string. */
  readonly bytes?: boolean;
}
type Format = 'csv' | 'ndjson';

/** An expected record: its file line, and either its values or the mark that it is bad. */
interface Expected {
  readonly line: number;
  readonly good?: Good;
}

const isGood = (item: Item): item is Good => 'id' in item;
const isBad = (item: Item): item is Bad => 'bad' in item;

function csvField(text: string, quote: boolean): string {
  return quote || /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Line breaks in a text, counting CRLF, LF and a lone CR once each. */
const breaks = (text: string) => text.match(/\r\n|\r|\n/g)?.length ?? 0;

function render(c: Case, format: Format): { bytes: Buffer; expected: Expected[] } {
  const lines: string[] = format === 'csv' ? ['id,n,name'] : [];
  const expected: Expected[] = [];
  let line = format === 'csv' ? 2 : 1;
  for (const item of c.items) {
    let text = '';
    if (isGood(item)) {
      if (format === 'csv') text = `${csvField(item.id, false)},${csvField(item.n, false)},${csvField(item.name, c.quoteNames ?? false)}`;
      else {
        const n = item.n === '' ? 'null' : c.jsonNumbers ? item.n : JSON.stringify(item.n);
        text = `{"id":${JSON.stringify(item.id)},"n":${n},"name":${JSON.stringify(item.name)}}`;
      }
      expected.push({ line, good: item });
    } else if (isBad(item)) {
      text = format === 'csv' ? item.csv : item.ndjson;
      expected.push({ line });
    }
    lines.push(text);
    line += 1 + (format === 'csv' ? breaks(text) : 0);
  }
  let out = '';
  lines.forEach((text, i) => {
    out += text;
    if (i < lines.length - 1 || c.trailing) out += c.eol[i % c.eol.length];
  });
  // U+FFFF in the text marks a byte 0xFF, which is not UTF-8
  const parts = `${c.bom ? '\ufeff' : ''}${out}`.split('\uffff');
  return { bytes: Buffer.concat(parts.flatMap((part, i) => (i === 0 ? [Buffer.from(part)] : [Buffer.from([0xff]), Buffer.from(part)]))), expected };
}

// ---------------------------------------------------------------------------------------------
// The readers: each turns bytes into an outcome (rows with their values, rejects, or an error)

interface Row {
  readonly id: unknown;
  /** A number, or the cell's text from a reader that types columns by content. */
  readonly n: unknown;
  readonly name: unknown;
  readonly line?: number;
}
type Outcome = { readonly rows: Row[]; readonly rejects: number[]; readonly numbersAsText: boolean } | { readonly error: unknown };

interface Reader {
  readonly name: string;
  readonly format: Format;
  /** The reader types columns by content: a column holding a refused number comes back as text. */
  readonly typesByContent?: boolean;
  /** The reader takes a string, not bytes (invalid UTF-8 cannot reach it). */
  readonly takesText?: boolean;
  /** The values pass through a writer that prints -0 as 0 (the CLI): zero's sign is not compared. */
  readonly unsignedZero?: boolean;
  read(bytes: Buffer): Promise<Outcome>;
  /**
   * Cases this reader fails on this branch, each with the reason (run as `it.fails`, so the suite
   * says when one starts passing and the entry must go).
   */
  readonly gaps?: Readonly<Record<string, string>>;
}

const dir = mkdtempSync(join(tmpdir(), 'cv-reader-content-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let files = 0;
const tempFile = (bytes: Buffer, ext: string) => {
  const path = join(dir, `${files++}.${ext}`);
  writeFileSync(path, bytes);
  return path;
};

function chunks(bytes: Buffer, size: number): Buffer[] {
  const out: Buffer[] = [];
  for (let at = 0; at < bytes.length; at += size) out.push(bytes.subarray(at, at + size));
  return out;
}

async function fromBatches(batches: AsyncIterable<ColumnBatch>): Promise<Outcome> {
  const rows: Row[] = [];
  const rejects: number[] = [];
  try {
    for await (const b of batches) {
      const n = b.columns.n as Float64Array;
      const id = b.columns.id as unknown[];
      const name = b.columns.name as unknown[];
      for (let i = 0; i < b.rowCount; i++) rows.push({ id: id[i], n: n[i], name: name[i], line: b.lines[i] });
      rejects.push(...b.rejects.map((r) => r.line));
    }
  } catch (error) {
    return { error };
  }
  return { rows, rejects, numbersAsText: false };
}

function fromColumns(read: () => { columns: Record<string, Float64Array | (string | null)[]>; rowCount: number }): Outcome {
  try {
    const { columns, rowCount } = read();
    const n = columns.n;
    const rows = Array.from({ length: rowCount }, (_, i) => ({ id: columns.id[i], n: n[i], name: columns.name[i] }));
    return { rows, rejects: [], numbersAsText: !(n instanceof Float64Array) };
  } catch (error) {
    return { error };
  }
}

/** Known gaps of the NDJSON readers (none today: numbers follow the one grammar, lines end at LF, CRLF or CR). */
const ndjsonGaps: Record<string, string> = {};

/**
 * The CLI `score` path: the file read by `readCsvBatches` inside `customer-value score`, `n` kept
 * in the output, rejected lines in the reject file; read back from the files it writes.
 */
async function scoreCli(bytes: Buffer): Promise<Outcome> {
  const input = tempFile(bytes, 'csv');
  const output = `${input}.out.csv`;
  const rejectFile = `${input}.rejects.csv`;
  const err: string[] = [];
  const io = { stdout: { write: () => true }, stderr: { write: (text: string) => err.push(text) } };
  const code = await runCli(
    [
      'score',
      '--model',
      cliModel(),
      '--input',
      input,
      '--output',
      output,
      '--reject-file',
      rejectFile,
      '--keep',
      'id',
      '--keep',
      'n',
      '--keep',
      'name',
      '--missing',
      'skip',
    ],
    io,
  );
  if (code === 1) return { error: new CustomerValueError('invalid_value', err.join('')) };
  expect([0, 3], err.join('')).toContain(code);
  const out = parseCsv(readFileSync(output, 'utf8'), { text: ['id', 'n', 'name'] }).columns;
  const rows = (out.id as string[]).map((id, i) => {
    const n = (out.n as (string | null)[])[i];
    return { id, n: n === null ? Number.NaN : Number(n), name: (out.name as (string | null)[])[i] ?? '' };
  });
  const rejects = existsSync(rejectFile) ? parseCsv(readFileSync(rejectFile, 'utf8'), { text: ['reason', 'text'] }) : null;
  return { rows, rejects: rejects === null || rejects.rowCount === 0 ? [] : Array.from(rejects.columns.line as Float64Array), numbersAsText: false };
}
let cliModelPath: string | undefined;
function cliModel(): string {
  // RFM scores on `n` alone: thresholds only, no arithmetic on `n`, so any finite number scores
  // (a value pyramid refuses inputs beyond ≈1e150, where its value would overflow)
  const n = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
  cliModelPath ??= tempFile(
    Buffer.from(JSON.stringify(fitRfm({ n }, { recency: { column: 'n', better: 'higher' }, frequency: { column: 'n' }, monetary: { column: 'n' } }))),
    'json',
  );
  return cliModelPath;
}

const READERS: readonly Reader[] = [
  {
    name: 'parseCsv',
    format: 'csv',
    typesByContent: true,
    takesText: true,
    read: async (bytes) => fromColumns(() => parseCsv(bytes.toString('utf8'), { text: ['id', 'name'] })),
  },
  {
    name: 'readCsvFile',
    format: 'csv',
    typesByContent: true,
    read: async (bytes) => {
      const path = tempFile(bytes, 'csv');
      try {
        const read = await readCsvFile(path, { text: ['id', 'name'] });
        return fromColumns(() => read);
      } catch (error) {
        return { error };
      }
    },
  },
  { name: 'readCsvBatches (one chunk)', format: 'csv', read: (bytes) => fromBatches(readCsvBatches(Readable.from([bytes]), { numeric: ['n'] })) },
  {
    name: 'readCsvBatches (3-byte chunks, batches of 2)',
    format: 'csv',
    read: (bytes) => fromBatches(readCsvBatches(Readable.from(chunks(bytes, 3)), { numeric: ['n'], batchSize: 2 })),
  },
  { name: 'readCsvBatches (file path)', format: 'csv', read: (bytes) => fromBatches(readCsvBatches(tempFile(bytes, 'csv'), { numeric: ['n'] })) },
  { name: 'customer-value score (CLI)', format: 'csv', unsignedZero: true, read: scoreCli },
  {
    name: 'readNdjsonBatches (one chunk)',
    format: 'ndjson',
    read: (bytes) => fromBatches(readNdjsonBatches(Readable.from([bytes]), { numeric: ['n'] })),
    gaps: ndjsonGaps,
  },
  {
    name: 'readNdjsonBatches (3-byte chunks, batches of 2)',
    format: 'ndjson',
    read: (bytes) => fromBatches(readNdjsonBatches(Readable.from(chunks(bytes, 3)), { numeric: ['n'], batchSize: 2 })),
    gaps: ndjsonGaps,
  },
];

// ---------------------------------------------------------------------------------------------
// The cases

const g = (id: string, n: string, name: string): Good => ({ id, n, name });
const blank: Blank = { blank: true };
const both: readonly Format[] = ['csv', 'ndjson'];

/** Realistic names: a delimiter, doubled quotes, line breaks inside quotes, non-ASCII, empty. */
const table = (eol: string): Item[] => [
  g('a', '1', 'plain'),
  g('b', '2.5', 'Smith, J.'),
  g('c', '', 'say "hi"'),
  g('d', '-3', `two${eol}lines`),
  g('e', '4e2', ''),
  g('f, g', '5', 'Zoë "Z" Ünal'),
  g('h', '6', `"quoted", ${eol}${eol}and more`),
];

const LINE_ENDS: readonly [string, readonly string[]][] = [
  ['LF', ['\n']],
  ['CRLF', ['\r\n']],
  ['CR', ['\r']],
  ['mixed LF, CRLF and CR', ['\r\n', '\n', '\r']],
];

const cases: Case[] = [];
for (const [label, eol] of LINE_ENDS) {
  cases.push({ name: `line ends: ${label}`, items: table(eol[0]), eol, trailing: true, quoteNames: true, formats: both });
  cases.push({
    name: `line ends: ${label}, no trailing line end`,
    items: table(eol[0]),
    eol,
    trailing: false,
    quoteNames: true,
    formats: label === 'LF' || label === 'CRLF' ? both : ['csv'],
  });
  cases.push({ name: `line ends: ${label}, names quoted only when needed`, items: table(eol[0]), eol, trailing: true, formats: ['csv'] });
}
cases.push({
  name: 'a BOM, CRLF and blank lines',
  items: [blank, ...table('\r\n').slice(0, 3), blank, blank, ...table('\r\n').slice(3)],
  eol: ['\r\n'],
  trailing: true,
  bom: true,
  quoteNames: true,
  formats: both,
});
cases.push({ name: 'a BOM and LF', items: table('\n'), eol: ['\n'], trailing: false, bom: true, formats: both });

// a later bad line after multi-line quoted fields keeps its file line
const later: Bad = { bad: 'a ragged line after multi-line fields', csv: 'z,1,after,extra', ndjson: '["z",1,"after"]' };
for (const [label, eol] of LINE_ENDS) {
  cases.push({
    name: `a bad line after quoted line breaks (${label})`,
    items: [...table(eol[0]), g('y', 'x', 'a refused number'), later, g('i', '7', 'last')],
    eol,
    trailing: true,
    quoteNames: true,
    formats: label === 'LF' || label === 'CRLF' ? both : ['csv'],
  });
}

// malformed structure: each reader names the line (a reject, or an error naming it)
const malformed: readonly Bad[] = [
  { bad: 'a stray opening quote', csv: 'c,3,"stray', ndjson: '{"id":"c","n":"3","name":"stray}' },
  { bad: 'a stray quote inside an unquoted field', csv: 'c,3,ab"c', ndjson: '{"id":"c","n":"3","name":"ab"c"}' },
  { bad: 'text after a closing quote', csv: 'c,3,"ab"c', ndjson: '{"id":"c","n":"3","name":"ab" c}' },
  { bad: 'a ragged line', csv: 'c,3,x,extra', ndjson: '["c",3,"x"]' },
];
for (const bad of malformed) {
  for (const [label, eol] of LINE_ENDS.slice(0, 2)) {
    cases.push({
      name: `${bad.bad} (${label})`,
      items: [g('a', '1', 'x'), g('b', '2', `y${eol}z`), bad, g('d', '4', 'w'), g('e', '5', 'v')],
      eol,
      trailing: true,
      formats: both,
    });
  }
}
// a stray quote closed by a later stray quote: the lines between must not vanish into one reject
cases.push({
  name: 'a stray quote closed by a later stray quote',
  items: [
    g('a', '1', 'x'),
    { bad: 'opens', csv: 'b,2,"stray', ndjson: '{"id":"b","n":"2","name":"stray}' },
    g('c', '3', 'y'),
    g('d', '4', 'z'),
    { bad: 'closes', csv: 'e,5,w"v', ndjson: '{"id":"e","n":"5","name":"w"v"}' },
    g('f', '6', 'u'),
  ],
  eol: ['\r\n'],
  trailing: true,
  formats: both,
});
cases.push({
  name: 'a line that is not UTF-8',
  items: [g('a', '1', 'x'), g('b', '2', 'y'), { bad: 'byte 0xFF', csv: 'c,3,caf\uffff', ndjson: '{"id":"c","n":"3","name":"caf\uffff"}' }, g('d', '4', 'Zoë')],
  eol: ['\r\n'],
  trailing: true,
  bytes: true,
  formats: both,
});
cases.push({
  name: 'a cut last line inside quotes',
  items: [g('a', '1', 'x'), g('b', '2', 'y'), { bad: 'cut', csv: 'c,3,"cut off', ndjson: '{"id":"c","n":"3","name":"cut off' }],
  eol: ['\n'],
  trailing: false,
  formats: both,
});

// numbers: every accepted form; leading zeros and padding apart (a reader typing by content may
// keep those columns as text); each refused form alone beside good rows
const ACCEPTED = [
  '12',
  '-3.5',
  '+2',
  '.5',
  '5.',
  '-.5e-3',
  '1.2e3',
  '1E5',
  '1e+5',
  '-0',
  '0',
  '9007199254740991',
  '-9007199254740991',
  '1e308',
  '4.9e-324',
  '1e-400',
  '0.30000000000000004',
  '123456789012345678.5',
  '1e22',
  '1.5e-22',
  '3.14159265358979323846',
];
cases.push({ name: 'numbers: accepted forms', items: ACCEPTED.map((n, i) => g(`r${i}`, n, 'x')), eol: ['\n'], trailing: true, formats: both });
cases.push({
  name: 'numbers: leading zeros',
  items: ['007', '-01', '00.5', '0e5'].map((n, i) => g(`r${i}`, n, 'x')),
  eol: ['\n'],
  trailing: true,
  formats: both,
});
cases.push({
  name: 'numbers: padded with spaces or tabs',
  items: [' 12', '12 ', '\t3', ' -4.5e1\t'].map((n, i) => g(`r${i}`, n, 'x')),
  eol: ['\n'],
  trailing: true,
  formats: both,
});
const REFUSED = [
  '0x1F',
  '0X1f',
  '0b11',
  '0o17',
  'Infinity',
  '-Infinity',
  'NaN',
  '1e400',
  '-1e400',
  '9007199254740993',
  '12345678901234567890',
  '1_000',
  '1,5',
  '１２',
  '\u00a012',
  '1e',
  '.',
  '-',
  'n/a',
];
for (const n of REFUSED) {
  cases.push({
    name: `numbers: refused ${JSON.stringify(n)}`,
    items: [g('a', '1', 'x'), g('b', n, 'y'), g('c', '2', 'z')],
    eol: ['\n'],
    trailing: true,
    formats: both,
  });
}
// NDJSON only: number literals, as JSON writes them
cases.push({
  name: 'numbers: JSON number literals',
  items: ['12', '-3.5', '1.2e3', '1E5', '-0', '9007199254740991', '4.9e-324', '1e-400'].map((n, i) => g(`r${i}`, n, 'x')),
  eol: ['\n'],
  trailing: true,
  jsonNumbers: true,
  formats: ['ndjson'],
});
cases.push({
  name: 'numbers: JSON number literals beyond a double or 2^53',
  items: [g('a', '1', 'x'), g('b', '1e400', 'y'), g('c', '9007199254740993', 'z'), g('d', '2', 'w')],
  eol: ['\n'],
  trailing: true,
  jsonNumbers: true,
  formats: ['ndjson'],
});

// ---------------------------------------------------------------------------------------------
// The contract

/** The number a good record's cell must give: missing is NaN; `undefined` when refused. */
function expectedNumber(cell: string): number | undefined {
  if (cell === '') return Number.NaN;
  const value = parseNumberText(cell);
  return Number.isNaN(value) ? undefined : value;
}

function check(reader: Reader, expected: readonly Expected[], outcome: Outcome): void {
  // a record is bad for this reader when it is malformed, or (for a reader that must read `n` as
  // numbers) when its number is refused by the grammar
  const badFor = (e: Expected) => e.good === undefined || (!reader.typesByContent && expectedNumber(e.good.n) === undefined);
  const badLines = expected.filter(badFor).map((e) => e.line);
  // a reader typing by content has no rejects: it throws exactly when some line is bad
  if (reader.typesByContent) expect('error' in outcome, `an error iff a bad line (${badLines.join(', ') || 'none'})`).toBe(badLines.length > 0);
  if ('error' in outcome) {
    expect(outcome.error, String(outcome.error)).toBeInstanceOf(CustomerValueError);
    const error = outcome.error as CustomerValueError;
    // a reader with rejects throws only when an unbalanced quote leaves the lines after it unreadable
    if (!reader.typesByContent) expect(error.message, 'a streaming reader rejects a bad line; it throws only for an unbalanced quote').toMatch(/quote/);
    expect(badLines.length, `an error on content without a bad line: ${error.message}`).toBeGreaterThan(0);
    const named = error.issues.some((issue) => issue.row === badLines[0]) || error.message.includes(`line ${badLines[0]}`);
    expect(named, `the error names line ${badLines[0]}: ${error.message}`).toBe(true);
    return;
  }
  const good = expected.filter((e) => !badFor(e));
  // typing by content: a bad record can only be an error (there are no rejects)
  expect(outcome.rejects, 'rejected lines').toEqual(badLines);
  expect(
    outcome.rows.map((r) => r.id),
    'rows, in order, none lost, none extra',
  ).toEqual(good.map((e) => e.good!.id));
  expect(
    outcome.rows.map((r) => r.name),
    'text values',
  ).toEqual(good.map((e) => (e.good!.name === '' && reader.typesByContent ? null : e.good!.name)));
  if (outcome.rows.length > 0 && outcome.rows[0].line !== undefined)
    expect(
      outcome.rows.map((r) => r.line),
      'file lines',
    ).toEqual(good.map((e) => e.line));
  outcome.rows.forEach((row, i) => {
    const cell = good[i].good!.n;
    if (outcome.numbersAsText) {
      // a column kept as text: the cells exactly as written, nothing lost
      expect(row.n, `cell ${JSON.stringify(cell)} as text`).toBe(cell === '' ? null : cell);
    } else {
      const value = expectedNumber(cell);
      expect(value !== undefined, `${JSON.stringify(cell)} must not be read as a number`).toBe(true);
      const same = reader.unsignedZero && value === 0 ? row.n === 0 : Object.is(row.n, value);
      expect(same, `cell ${JSON.stringify(cell)}: got ${String(row.n)}, expected ${String(value)}`).toBe(true);
    }
  });
}

describe('every text reader on realistic content: the right values or the bad line named', () => {
  it('covers every exported text reader', () => {
    const covered = new Set(READERS.map((r) => r.name.split(' ')[0]));
    for (const name of ['parseCsv', 'readCsvFile', 'readCsvBatches', 'readNdjsonBatches']) expect(covered.has(name), name).toBe(true);
  });

  for (const reader of READERS) {
    describe(reader.name, () => {
      for (const c of cases.filter((k) => k.formats.includes(reader.format) && !(k.bytes && reader.takesText))) {
        const gap = reader.gaps?.[c.name];
        const run = async () => {
          const { bytes, expected } = render(c, reader.format);
          check(reader, expected, await reader.read(bytes));
        };
        if (gap !== undefined) it.fails(`${c.name} — known gap: ${gap}`, run);
        else it(c.name, run);
      }
    });
  }

  it('the readers agree with each other: the same values for the same content in both formats', async () => {
    // a witness beyond the table: what one CSV reader gives, every other CSV reader gives
    for (const c of cases.filter((k) => k.formats.includes('csv'))) {
      const { bytes } = render(c, 'csv');
      const outcomes = await Promise.all(READERS.filter((r) => r.format === 'csv' && !r.typesByContent).map((r) => r.read(bytes)));
      // (file lines are checked per reader above; String(-0) is '0', as the CLI writes it)
      const plain = outcomes.map((o) =>
        'error' in o ? 'error' : JSON.stringify({ rows: o.rows.map((r) => [r.id, String(r.n), r.name]), rejects: o.rejects }),
      );
      expect(new Set(plain).size, c.name).toBe(1);
    }
  });
});
