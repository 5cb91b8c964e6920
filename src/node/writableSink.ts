import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { assertIterable, assertOutput } from './nodeArguments.js';

/** The error a stream failed with, or a generic one when it was closed under us. */
function failure(out: Writable): Error {
  const error = (out as Writable & { errored?: Error | null }).errored;
  return error ?? new Error('the output stream was closed before all rows were written');
}

/**
 * Write with backpressure: wait for 'drain' when the stream's buffer is full. A stream that has
 * failed (or fails while we wait) raises its error here — never a wait that cannot end. The
 * wait's listeners ('drain', 'close', 'error') are removed when it ends, whichever event ended
 * it, so a long run of waits leaves the stream's listener counts as they were.
 */
export async function writeWithBackpressure(out: Writable, text: string | Uint8Array): Promise<void> {
  if (out.destroyed) throw failure(out);
  if (out.write(text)) return;
  await new Promise<void>((resolve, reject) => {
    const settle = (error: Error | null) => {
      out.off('drain', onDrain);
      out.off('close', onClose);
      out.off('error', onError);
      if (error === null) resolve();
      else reject(error);
    };
    const onDrain = () => settle(null);
    // 'close' without 'drain' means the stream died
    const onClose = () => settle(failure(out));
    const onError = (error: Error) => settle(error);
    out.on('drain', onDrain);
    out.on('close', onClose);
    out.on('error', onError);
  });
}

/**
 * A writable for a path (opened here — an unwritable path fails now, with its error — and closed
 * by `close`) or a stream given by the caller (left open).
 */
export async function openSink(target: Writable | string): Promise<{ stream: Writable; close(): Promise<void> }> {
  if (typeof target !== 'string') return { stream: target, close: async () => {} };
  const stream = createWriteStream(target);
  await once(stream, 'open');
  return {
    stream,
    async close() {
      stream.end();
      await once(stream, 'finish');
    },
  };
}

/**
 * The outputs of a batch writer, checked and opened: the batches must be iterable, the output
 * and the optional reject sink a path or a writable stream. `close` ends the files opened here.
 */
export async function openOutputs(fn: string, batches: unknown, output: Writable | string, rejectSink: Writable | string | undefined) {
  assertIterable(batches, fn, 'batches', 'an async iterable of scored batches (from scoreStream)');
  assertOutput(output, fn, 'output');
  if (rejectSink !== undefined) assertOutput(rejectSink, fn, 'rejectSink');
  const sink = await openSink(output);
  const rejects = rejectSink === undefined ? null : await openSink(rejectSink);
  return {
    out: sink.stream,
    rejectOut: rejects?.stream,
    async close(): Promise<void> {
      await sink.close();
      await rejects?.close();
    },
  };
}
