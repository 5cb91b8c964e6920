import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import type { Writable } from 'node:stream';

/** Write with backpressure: wait for 'drain' when the stream's buffer is full. */
export async function writeWithBackpressure(out: Writable, text: string | Uint8Array): Promise<void> {
  if (!out.write(text)) await once(out, 'drain');
}

/** A writable for a path (opened here, closed by `close`) or a stream given by the caller (left open). */
export function openSink(target: Writable | string): { stream: Writable; close(): Promise<void> } {
  if (typeof target !== 'string') return { stream: target, close: async () => {} };
  const stream = createWriteStream(target);
  return {
    stream,
    async close() {
      stream.end();
      await once(stream, 'finish');
    },
  };
}
