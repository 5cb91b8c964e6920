import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { writeCsvBatches, writeNdjsonBatches } from '../../src/node/index.js';
import type { ScoredBatch } from '../../src/node/index.js';
import { writeWithBackpressure } from '../../src/node/writableSink.js';

// A slow sink with a tiny buffer makes every write wait for 'drain'. Before the fix each wait
// left a 'close' and an 'error' listener behind: MaxListenersExceededWarning after 10 waits.
const slowSink = () =>
  new Writable({
    highWaterMark: 64,
    write: (_chunk, _encoding, done) => setImmediate(done),
  });

async function* batches(count: number): AsyncGenerator<ScoredBatch> {
  for (let b = 0; b < count; b++) {
    const id = Array.from({ length: 50 }, (_, i) => `c${b}-${i}`);
    yield { columns: { id, 'pyramid.tier': Int32Array.from({ length: 50 }, (_, i) => i % 4) }, names: ['id', 'pyramid.tier'], rowCount: 50, rejects: [] };
  }
}

const counts = (out: Writable) => ['close', 'error', 'drain', 'finish'].map((event) => out.listenerCount(event));

describe('writeWithBackpressure', () => {
  it('leaves the listener counts as they were after 500 waits on a slow sink', async () => {
    const out = slowSink();
    const before = counts(out);
    for (let i = 0; i < 500; i++) await writeWithBackpressure(out, 'x'.repeat(100));
    expect(out.writableNeedDrain || out.writableLength >= 0).toBe(true);
    expect(counts(out)).toEqual(before);
  });

  it.each([
    ['writeCsvBatches', writeCsvBatches],
    ['writeNdjsonBatches', writeNdjsonBatches],
  ])('%s: a large write to a slow sink emits no MaxListenersExceededWarning and keeps listener counts', async (_, write) => {
    const warnings: Error[] = [];
    const onWarning = (warning: Error) => warnings.push(warning);
    process.on('warning', onWarning);
    try {
      const out = slowSink();
      const before = counts(out);
      const written = await write(batches(300), out);
      expect(written.rows).toBe(15_000);
      expect(counts(out)).toEqual(before);
      await new Promise((resolve) => setImmediate(resolve)); // warnings are emitted on the next tick
      expect(warnings.map((w) => w.name)).not.toContain('MaxListenersExceededWarning');
    } finally {
      process.off('warning', onWarning);
    }
  });

  it('still rejects with the error of a stream that fails while we wait, and removes its listeners', async () => {
    const out = new Writable({ highWaterMark: 16, write: (_c, _e, done) => setTimeout(() => done(new Error('disk full')), 5) });
    const before = counts(out);
    await expect(writeWithBackpressure(out, 'x'.repeat(100))).rejects.toThrow('disk full');
    expect(counts(out)).toEqual(before);
  });
});
