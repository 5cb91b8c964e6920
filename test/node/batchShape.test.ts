import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CustomerValueError } from '../../src/errors.js';
import { writeCsvBatches, writeNdjsonBatches } from '../../src/node/index.js';

const dir = mkdtempSync(join(tmpdir(), 'cv-batch-shape-'));

async function* one(batch: unknown) {
  yield batch as never;
}

const good = { columns: { v: new Float64Array([1.5, 2]), n: Int32Array.from([1, 2]) }, names: ['v', 'n'], rowCount: 2, rejects: [] };

// Batches handed to the writers by user code (not from scoreStream): a batch that names a column it
// does not hold for every row is refused naming the column, never a raw TypeError from the formatter.
describe.each([
  ['writeCsvBatches', writeCsvBatches],
  ['writeNdjsonBatches', writeNdjsonBatches],
] as const)('%s refuses a batch whose named columns are missing or short', (fn, write) => {
  it.each([
    ['columns given as an array', { ...good, columns: [good.columns.v, good.columns.n] }, 'v', 'no such column'],
    ['a name without a column', { ...good, names: ['v', 'n', 'w'] }, 'w', 'no such column'],
    ['a column shorter than rowCount', { ...good, columns: { ...good.columns, n: Int32Array.from([1]) } }, 'n', '1 values'],
    ['a column that is not an array', { ...good, columns: { ...good.columns, v: 7 } }, 'v', '7'],
  ])('%s', async (_, batch, column, received) => {
    const error = await write(one(batch), join(dir, `${fn}-bad.out`)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CustomerValueError);
    const issue = (error as CustomerValueError).issues[0];
    expect(issue).toMatchObject({ function: fn, path: 'batches', column });
    expect(issue.received).toContain(received);
  });

  it('writes a well-formed batch', async () => {
    const path = join(dir, `${fn}-good.out`);
    await write(one(good), path);
    expect(readFileSync(path, 'utf8')).toContain('1.5');
  });
});
