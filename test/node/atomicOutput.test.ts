import { existsSync, readFileSync, readdirSync, statSync, writeFileSync, chmodSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileScorer, fitValuePyramid } from '../../src/index.js';
import { readCsvBatches, scoreStream, writeCsvBatches, writeNdjsonBatches } from '../../src/node/index.js';
import type { ScoredBatch } from '../../src/node/index.js';
import { bigCustomers, mountTinyDisk, runDist, scratch, startDist, temporaryFiles } from '../helpers/cli.js';

// Outputs are atomic: a file appears at its path complete, or the path keeps what it held.
// These tests run dist/cli.js: build first (npx tsup --silent).
const model = fitValuePyramid({ profit: [500, 120, 80, 40, 30, 20, 10, 5, 0, 0] }, { dimensions: [{ column: 'profit' }] });
const scorer = compileScorer({ model });
const csv = `id,profit\n${Array.from({ length: 5000 }, (_, i) => `c${i},${(i * 7919) % 600}`).join('\n')}\n`;

/** Scored batches that fail after `good` batches (a reader or scorer failing mid-way). */
async function* failingAfter(good: number): AsyncGenerator<ScoredBatch> {
  let n = 0;
  for await (const batch of scoreStream(readCsvBatches(Readable.from([csv]), { numeric: scorer.inputs, batchSize: 500 }), scorer, { keep: ['id'] })) {
    if (n++ === good) throw new Error('the source failed');
    yield batch;
  }
}

describe('writeCsvBatches / writeNdjsonBatches to a path', () => {
  it.each([
    ['writeCsvBatches', writeCsvBatches],
    ['writeNdjsonBatches', writeNdjsonBatches],
  ] as const)('%s: a run that fails mid-way leaves the path as it was and no temporary file', async (_name, write) => {
    const dir = scratch();
    const out = join(dir, 'scored.out');
    const rejects = join(dir, 'rejects.out');
    writeFileSync(out, 'the previous run\n');
    await expect(write(failingAfter(3), out, rejects)).rejects.toThrow('the source failed');
    expect(readFileSync(out, 'utf8')).toBe('the previous run\n');
    expect(existsSync(rejects)).toBe(false);
    expect(temporaryFiles(dir)).toEqual([]);
    // and a complete run replaces the file, keeping its permissions
    chmodSync(out, 0o640);
    const done = await write(failingAfter(Infinity), out, rejects);
    expect(done.rows).toBe(5000);
    expect(readFileSync(out, 'utf8').trim().split('\n').length).toBe(_name === 'writeCsvBatches' ? 5001 : 5000);
    expect(statSync(out).mode & 0o777).toBe(0o640);
    expect(temporaryFiles(dir)).toEqual([]);
  });

  it('an output that cannot be opened leaves no file behind (reject file in a missing directory)', async () => {
    const dir = scratch();
    const out = join(dir, 'scored.csv');
    await expect(writeCsvBatches(failingAfter(Infinity), out, join(dir, 'missing', 'rejects.csv'))).rejects.toThrow(
      /writeCsvBatches: cannot write reject file ".*missing.*rejects\.csv": ENOENT/,
    );
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(dir).filter((name) => name.startsWith('.'))).toEqual([]);
  });
});

describe('customer-value: interrupted and failing runs', () => {
  it('SIGINT in the middle of `score` removes the unfinished output, says so, and dies of SIGINT', async () => {
    const dir = scratch();
    bigCustomers(join(dir, 'big.csv'), 2_000_000);
    const out = join(dir, 'scored.csv');
    writeFileSync(out, 'the previous run\n');
    const run = startDist([
      'score',
      '--model',
      join(dir, 'model.json'),
      '--input',
      join(dir, 'big.csv'),
      '--output',
      out,
      '--keep',
      'id',
      '--reject-file',
      join(dir, 'rejects.csv'),
    ]);
    // wait until the output is being written (bytes in its temporary file), then interrupt
    let exited = false;
    void run.done.then(() => (exited = true));
    for (;;) {
      const partial = temporaryFiles(dir).filter((name) => name.includes('scored.csv'));
      if (partial.length > 0 && statSync(join(dir, partial[0])).size > 100_000) break;
      if (exited) throw new Error('the run ended before it could be interrupted: make the input larger');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    run.child.kill('SIGINT');
    const result = await run.done;
    expect(result.signal).toBe('SIGINT');
    expect(result.stderr).toContain(`interrupted by SIGINT; removed the unfinished output; "${out}" was left as it was`);
    expect(readFileSync(out, 'utf8')).toBe('the previous run\n');
    expect(existsSync(join(dir, 'rejects.csv'))).toBe(false);
    expect(temporaryFiles(dir)).toEqual([]);
  });

  it.each(['fit', 'score', 'sql', 'report'])('`%s` with its output in a missing directory: exit 1, the path named, nothing created', (command) => {
    const dir = scratch();
    const target = join(dir, 'missing', command === 'report' ? 'deeper' : 'out.file');
    const args = {
      fit: ['fit', '--kind', 'valuePyramid', '--spec', join(dir, 'spec.json'), '--input', join(dir, 'customers.csv'), '--output', target],
      score: ['score', '--model', join(dir, 'model.json'), '--input', join(dir, 'customers.csv'), '--output', target],
      sql: ['sql', '--model', join(dir, 'model.json'), '--dialect', 'postgres', '--table', 't', '--output', target],
      // a report creates its folder: make the parent a file so it cannot
      report: [
        'report',
        '--input',
        join(dir, 'orders.csv'),
        '--customer',
        'customer',
        '--date',
        'date',
        '--amount',
        'amount',
        '--out-dir',
        join(dir, 'customers.csv', 'report'),
      ],
    }[command]!;
    const result = runDist(args);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      command === 'report' ? `cannot write output directory "${join(dir, 'customers.csv', 'report')}"` : `cannot write output "${target}"`,
    );
    expect(existsSync(join(dir, 'missing'))).toBe(false);
  });

  describe('on a full disk (a 64 KiB tmpfs)', () => {
    let disk: ReturnType<typeof mountTinyDisk> = { reason: 'not mounted yet' };
    beforeAll(() => {
      disk = mountTinyDisk();
      if ('reason' in disk) console.warn(`skipping the full-disk tests: ${disk.reason}`);
    });
    afterAll(() => {
      if ('dir' in disk) disk.unmount();
    });

    it.each(['csv', 'ndjson'])('`score` to %s: exit 1 naming the path and ENOSPC, the previous file kept, no temporary file', (format) => {
      if (!('dir' in disk)) return;
      const dir = scratch();
      bigCustomers(join(dir, 'big.csv'), 20_000);
      const out = join(disk.dir, `scored.${format}`);
      writeFileSync(out, 'old\n');
      const result = runDist(['score', '--model', join(dir, 'model.json'), '--input', join(dir, 'big.csv'), '--output', out, '--keep', 'id']);
      expect(result.code).toBe(1);
      expect(result.stderr).toContain(`customer-value score: cannot write output "${out}": ENOSPC`);
      expect(result.stderr).toContain(`removed the unfinished output; "${out}" was left as it was`);
      expect(readFileSync(out, 'utf8')).toBe('old\n');
      expect(temporaryFiles(disk.dir)).toEqual([]);
    });

    it('`report` and the library writer on a full disk leave nothing behind', async () => {
      if (!('dir' in disk)) return;
      const dir = scratch();
      const out = join(disk.dir, 'lib.csv');
      const big = csv.repeat(4).replace(/\nid,profit/g, '');
      const batches = scoreStream(readCsvBatches(Readable.from([big]), { numeric: scorer.inputs, batchSize: 1000 }), scorer, { keep: ['id'] });
      await expect(writeCsvBatches(batches, out)).rejects.toThrow(`writeCsvBatches: cannot write output "${out}": ENOSPC`);
      expect(readdirSync(disk.dir).filter((name) => name !== 'scored.csv' && name !== 'scored.ndjson')).toEqual([]);
      // fill the disk so even the report's few KiB do not fit
      writeFileSync(join(disk.dir, 'filler'), Buffer.alloc(0));
      let size = 0;
      try {
        for (;;) {
          writeFileSync(join(disk.dir, `filler${size}`), Buffer.alloc(4096));
          size++;
        }
      } catch {
        // full
      }
      const report = join(disk.dir, 'report');
      const result = runDist([
        'report',
        '--input',
        join(dir, 'orders.csv'),
        '--customer',
        'customer',
        '--date',
        'date',
        '--amount',
        'amount',
        '--out-dir',
        report,
      ]);
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/ENOSPC/);
      expect(result.stderr).toContain(report);
      expect(existsSync(report) ? readdirSync(report) : []).toEqual([]);
    });
  });
});
