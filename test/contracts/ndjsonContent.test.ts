import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileScorer, fitValuePyramid } from '../../src/index.js';
import { readNdjsonBatches, runCli, scoreStream } from '../../src/node/index.js';
import { CLI_COMMANDS } from '../../src/node/cli.js';

// NDJSON content contract: realistic encodings and layouts reach every NDJSON door — the library
// reader, scoreStream over it, and every CLI command whose --input takes NDJSON (derived from the
// CLI's own declarations (CLI_COMMANDS), so a new command must get a recipe here). Attacks:
//   - a valid U+FFFD character (EF BF BD) is text, not an encoding error;
//   - multibyte characters split across read chunks (at the 64 KiB and 1 MiB chunk boundaries
//     of the file streams; test/node/ndjsonBatching.test.ts cuts the reader's input at every byte);
//   - fields absent from early lines (so from early batches) behave exactly as `null`, at every
//     batch size;
//   - bytes that are not UTF-8 are still refused, naming the line.

const pyramid = fitValuePyramid({ profit: [500, 120, 80, 40, 30, 20, 10, 5, 0, 0] }, { dimensions: [{ column: 'profit', transform: 'log1p' }] });
const scorer = compileScorer({ pyramid });
const dir = mkdtempSync(join(tmpdir(), 'cv-ndjson-contract-'));
writeFileSync(join(dir, 'model.json'), JSON.stringify(pyramid));
writeFileSync(join(dir, 'spec.json'), JSON.stringify({ dimensions: [{ column: 'profit' }] }));

interface Row {
  id: string;
  customer: string;
  date: string;
  amount: number;
  profit: number;
  note?: string | null;
}

// The CDNOW transaction log (examples/data, Fader & Hardie's public data set): real purchase
// histories, so the CLI report's BG/NBD and Gamma-Gamma fits converge as they do for users.
const cdnow = readFileSync(join(__dirname, '../../examples/data/cdnow_master.csv'), 'utf8')
  .trim()
  .split('\n')
  .slice(1)
  .map((l) => l.split(','));

/** Row `i` of the log: `mark` goes into its id and customer name (the character under attack). */
function row(i: number, mark: string): Row {
  const [customer, date, , dollars] = cdnow[i % cdnow.length];
  return {
    id: `${mark}${i}`,
    customer: `${mark}c${customer}`,
    date: `${date.slice(0, 4)}-${date.slice(4, 6)}-${date.slice(6, 8)}`,
    amount: Number(dollars),
    profit: Math.round(Number(dollars)),
    note: i % 3 === 0 ? `n${i}` : null,
  };
}

const rows = (count: number, mark: string): Row[] => Array.from({ length: count }, (_, i) => row(i, mark));

const lineOf = (r: Row) => JSON.stringify(r);

/** Lines per attack file: enough for the report's model fits (the first 6,000 CDNOW lines). */
const SIZE = 6000;

/**
 * NDJSON text where a 4-byte character starts one byte before each boundary (so the file
 * streams' chunks, cut at multiples of their highWaterMark, split it), then ordinary lines.
 */
function straddling(boundaries: number[], mark: string, total: number): string {
  const lines: string[] = [];
  let at = 0;
  let i = 0;
  for (const boundary of boundaries) {
    for (;;) {
      const line = lineOf(row(i, mark));
      if (at + Buffer.byteLength(line) + 1 > boundary - 100) break;
      lines.push(line);
      at += Buffer.byteLength(line) + 1;
      i++;
    }
    // the line starts with k spaces then {"id":" (7 bytes) then the 4-byte mark: its first byte at boundary − 1
    const line = lineOf(row(i, mark));
    const k = boundary - 1 - 7 - at;
    lines.push(' '.repeat(k) + line);
    at += k + Buffer.byteLength(line) + 1;
    i++;
  }
  for (; lines.length < total; i++) lines.push(lineOf(row(i, mark)));
  return lines.join('\n') + '\n';
}

/** The outcome of one door on one NDJSON file: everything it produced, as one comparable text. */
type Door = (input: string, batchSize: number) => Promise<string>;

async function libraryOutcome(
  batches: AsyncIterable<{
    rowCount: number;
    columns: Record<string, unknown>;
    rejects: readonly { line: number; reason: string }[];
    names: readonly string[];
  }>,
): Promise<string> {
  const out: string[] = [];
  try {
    for await (const batch of batches) {
      for (let i = 0; i < batch.rowCount; i++)
        out.push(
          JSON.stringify(
            ['id', 'note', 'profit', 'pyramid.tier'].map((n) => (batch.columns[n] === undefined ? null : (batch.columns[n] as ArrayLike<unknown>)[i])),
          ),
        );
      for (const r of batch.rejects) out.push(`reject ${r.line}: ${r.reason}`);
    }
  } catch (error) {
    out.push(`error ${(error as { code?: string }).code}: ${(error as Error).message}`);
  }
  return out.join('\n');
}

const cli = async (argv: string[], files: string[]): Promise<string> => {
  const err: string[] = [];
  const code = await runCli(argv, { stdout: { write: () => true }, stderr: { write: (t: string) => err.push(t) } });
  const contents = files.map((f) => {
    try {
      return readFileSync(f, 'utf8');
    } catch {
      return '(none)';
    }
  });
  return [`exit ${code}`, err.join('').split(dir).join('<dir>'), ...contents].join('\n--\n');
};

let run = 0;
/** CLI recipes, one per command that reads NDJSON (the help text must list no other). */
const cliDoors: Record<string, Door> = {
  fit: (input) => {
    const output = join(dir, `model-${++run}.json`);
    return cli(['fit', '--kind', 'valuePyramid', '--spec', join(dir, 'spec.json'), '--input', input, '--output', output], [output]);
  },
  score: async (input, batchSize) => {
    const outcomes: string[] = [];
    for (const format of ['csv', 'ndjson']) {
      const output = join(dir, `scored-${++run}.${format}`);
      const rejects = join(dir, `rejects-${run}.${format}`);
      outcomes.push(
        await cli(
          [
            'score',
            '--model',
            join(dir, 'model.json'),
            '--input',
            input,
            '--output',
            output,
            '--keep',
            'id',
            '--keep',
            'note',
            '--batch-size',
            String(batchSize),
            '--reject-file',
            rejects,
          ],
          [output, rejects],
        ),
      );
    }
    return outcomes.join('\n==\n');
  },
  report: (input) => {
    // one folder for every run (its path is in the message), rewritten each time
    const outDir = join(dir, 'report');
    rmSync(outDir, { recursive: true, force: true });
    return cli(
      ['report', '--input', input, '--customer', 'customer', '--date', 'date', '--amount', 'amount', '--out-dir', outDir, '--observation-end', '1997-06-30'],
      [join(outDir, 'report.md')],
    );
  },
  summarize: (input) => {
    const output = join(dir, `summary-${++run}.ndjson`);
    return cli(
      [
        'summarize',
        '--input',
        input,
        '--customer',
        'customer',
        '--date',
        'date',
        '--amount',
        'amount',
        '--time-unit',
        'week',
        '--observation-end',
        '1997-06-30',
        '--output',
        output,
      ],
      [output],
    );
  },
  clv: (input) => {
    const output = join(dir, `clv-${++run}.csv`);
    return cli(
      [
        'clv',
        '--input',
        input,
        '--customer',
        'customer',
        '--date',
        'date',
        '--amount',
        'amount',
        '--time-unit',
        'week',
        '--observation-end',
        '1997-06-30',
        '--horizon',
        '26',
        '--output',
        output,
      ],
      [output],
    );
  },
};

const doors: Record<string, Door> = {
  readNdjsonBatches: (input, batchSize) => libraryOutcome(readNdjsonBatches(input, { numeric: ['profit'], batchSize })),
  'scoreStream(readNdjsonBatches)': (input, batchSize) =>
    libraryOutcome(scoreStream(readNdjsonBatches(input, { numeric: scorer.inputs, batchSize }), scorer, { keep: ['id', 'note'] })),
  ...Object.fromEntries(Object.entries(cliDoors).map(([name, door]) => [`CLI ${name}`, door])),
};

const file = (name: string, content: string | Buffer) => {
  const path = join(dir, `${name}-${++run}.ndjson`);
  writeFileSync(path, content);
  return path;
};

describe('NDJSON content contract', () => {
  it("has a recipe for every CLI command that reads NDJSON (from the commands' declared --input)", async () => {
    const commands = Object.entries(CLI_COMMANDS as Record<string, { flags: Record<string, { value?: string }> }>)
      .filter(([, command]) => /ndjson/.test(command.flags.input?.value ?? ''))
      .map(([name]) => name);
    expect(commands.length).toBeGreaterThan(0);
    expect(Object.keys(cliDoors).sort()).toEqual([...new Set(commands)].sort());
  });

  describe.each(Object.entries(doors))('%s', (_name, door) => {
    it('reads a valid U+FFFD character as text: the outcome of the same file with "x" in its place', async () => {
      const withMark = await door(file('fffd', rows(SIZE, '\u{FFFD}').map(lineOf).join('\n') + '\n'), 65_536);
      const plain = await door(file('plain', rows(SIZE, 'x').map(lineOf).join('\n') + '\n'), 65_536);
      expect(withMark).not.toMatch(/invalid UTF-8|exit 1|^error /m);
      if (plain.includes('x1')) expect(withMark).toContain('\u{FFFD}1');
      expect(withMark.replaceAll('\u{FFFD}', 'x')).toEqual(plain);
    });

    it('reads 4-byte characters split across the 64 KiB and 1 MiB read chunks', async () => {
      const text = straddling([1 << 16, 1 << 20], '\u{1F600}', 0);
      const bytes = Buffer.from(text);
      // the attack is real: a 4-byte sequence starts one byte before each boundary
      expect([bytes[(1 << 16) - 1], bytes[(1 << 20) - 1]]).toEqual([0xf0, 0xf0]);
      const split = await door(file('split', bytes), 65_536);
      const plain = await door(file('split-plain', text.replaceAll('\u{1F600}', 'abcd')), 65_536);
      expect(split).not.toMatch(/invalid UTF-8|exit 1|^error /m);
      expect(split.replaceAll('\u{1F600}', 'abcd')).toEqual(plain);
    });

    it('takes a field absent from the early lines as null, at every batch size', async () => {
      const all = rows(SIZE, 'k');
      const absent = all.map((row, i) => {
        if (i >= 250) return lineOf(row);
        const { note: _note, ...rest } = row;
        return JSON.stringify(rest);
      });
      const nulls = all.map((row, i) => lineOf(i < 250 ? { ...row, note: null } : row));
      const reference = await door(file('nulls', nulls.join('\n') + '\n'), 65_536);
      expect(reference).not.toMatch(/exit 1|^error /m);
      const input = file('absent', absent.join('\n') + '\n');
      // doors with a batch size (a recipe taking one) are tried at several
      for (const batchSize of door.length >= 2 ? [65_536, 1, 7, 250, 251] : [65_536]) expect(await door(input, batchSize)).toEqual(reference);
    });

    it('still refuses bytes that are not UTF-8, naming the line', async () => {
      const good = rows(SIZE, 'g').map(lineOf);
      const bytes = Buffer.concat([
        Buffer.from(good.slice(0, 100).join('\n') + '\n{"id":"'),
        Buffer.from([0xe2, 0x82]),
        Buffer.from('","profit":1}\n' + good.slice(100).join('\n') + '\n'),
      ]);
      const outcome = await door(file('invalid', bytes), 65_536);
      expect(outcome).toMatch(/101\D[^\n]*invalid UTF-8|invalid UTF-8[^\n]*101/);
    });
  });
});
