import type { Writable } from 'node:stream';
import { assertIterable, assertOutput } from './nodeArguments.js';
import { openAtomicOutput, outputError } from './atomicOutput.js';

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
 * A writable for a path (opened here — an unwritable path fails now, naming it — written to a
 * temporary file and renamed into place by `close`, removed by `abort`: see `openAtomicOutput`)
 * or a stream given by the caller (left open).
 */
export async function openSink(
  target: Writable | string,
  fn: string,
  role: string,
): Promise<{ stream: Writable; finish(): Promise<void>; close(): Promise<void>; abort(): Promise<void> }> {
  if (typeof target !== 'string') return { stream: target, finish: async () => {}, close: async () => {}, abort: async () => {} };
  const file = await openAtomicOutput(target, fn, role);
  return { stream: file.stream, finish: () => file.finish(), close: () => file.commit(), abort: async () => void (await file.discard()) };
}

/**
 * The outputs of a batch writer, checked and opened: the batches must be iterable, the output
 * and the optional reject sink a path or a writable stream. `close` ends the files opened here
 * and moves them into place; `abort` removes them (nothing appears at their paths). `named`
 * turns a write error of a file opened here into one naming its path.
 */
export async function openOutputs(fn: string, batches: unknown, output: Writable | string, rejectSink: Writable | string | undefined) {
  assertIterable(batches, fn, 'batches', 'an async iterable of scored batches (from scoreStream)');
  assertOutput(output, fn, 'output');
  if (rejectSink !== undefined) assertOutput(rejectSink, fn, 'rejectSink');
  const sink = await openSink(output, fn, 'output');
  let rejects: Awaited<ReturnType<typeof openSink>> | null = null;
  try {
    rejects = rejectSink === undefined ? null : await openSink(rejectSink, fn, 'reject file');
  } catch (error) {
    await sink.abort();
    throw error;
  }
  return {
    out: sink.stream,
    rejectOut: rejects?.stream,
    close: async (): Promise<void> => {
      // both flushed (a full disk shows here) before either is renamed: all or nothing
      try {
        await sink.finish();
        await rejects?.finish();
      } catch (error) {
        await sink.abort();
        await rejects?.abort();
        throw error;
      }
      await sink.close();
      await rejects?.close();
    },
    abort: async (): Promise<void> => {
      await sink.abort();
      await rejects?.abort();
    },
    named: (error: unknown): unknown => {
      for (const [target, stream, role] of [
        [output, sink.stream, 'output'],
        [rejectSink, rejects?.stream, 'reject file'],
      ] as const) {
        if (typeof target === 'string' && stream && (stream as Writable & { errored?: Error | null }).errored === error)
          return outputError(error, fn, role, target);
      }
      return error;
    },
  };
}
