import { createWriteStream, unlinkSync } from 'node:fs';
import { chmod, realpath, rename, stat, unlink } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { basename, dirname, join } from 'node:path';
import type { Writable } from 'node:stream';
import { CustomerValueError } from '../errors.js';

/** Temporary files being written, by temporary path → the final path they will replace. */
const unfinished = new Map<string, string>();

/**
 * An output file that appears at its path complete or not at all: the bytes go to a temporary
 * file in the same directory (`.<name>.<pid>-<random>.tmp`, same file system, so the rename is
 * atomic), which `commit` flushes to disk and renames over the path; `discard` removes it and
 * leaves the path as it was. A path that names a device, a pipe or a socket (`/dev/stdout`, a
 * FIFO) is written in place: there is no file to replace.
 */
export interface AtomicOutput {
  /** The path the caller asked for. */
  readonly path: string;
  /** What the file is for, in words (`"output"`, `"reject file"`): named in errors. */
  readonly role: string;
  /** Where the bytes go until `commit`. */
  readonly stream: Writable;
  /**
   * End the stream and flush it to disk, without renaming: a write that failed (full disk) is
   * raised here, naming the path. Finishing every file of a run before committing any of them
   * keeps a run's files all-or-nothing.
   */
  finish(): Promise<void>;
  /** Finish (if not done) and rename the file into place. Throws a `CustomerValueError` naming the path. */
  commit(): Promise<void>;
  /** Stop writing and remove the temporary file. Resolves true when an unfinished file was removed. */
  discard(): Promise<boolean>;
}

/** The reason of a file-system error without the (temporary) path Node appends to its message. */
function reason(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const code = (error as { code?: unknown })?.code;
  const short = /^(E[A-Z]+: [^,]+)/.exec(message)?.[1] ?? message;
  if (code === 'ENOENT') return `${short} (its directory does not exist)`;
  return short;
}

/**
 * A file error as a `CustomerValueError` naming the operation and the path:
 * `fn: cannot write output "scored.csv": ENOSPC: no space left on device`. Errors that are
 * already `CustomerValueError`s pass through.
 */
export function outputError(error: unknown, fn: string, role: string, path: string): CustomerValueError {
  if (error instanceof CustomerValueError) return error;
  const code = (error as { code?: unknown })?.code;
  return new CustomerValueError('invalid_value', `${fn}: cannot write ${role} "${path}": ${reason(error)}`, [
    { function: fn, path: role, expected: 'a writable file', received: `${typeof code === 'string' ? code : 'an error'} for "${path}"` },
  ]);
}

/** True for an error a closed downstream pipe causes (`EPIPE`): the reader has had enough. */
export function isBrokenPipe(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === 'EPIPE';
}

/** Wait until a write stream has closed its file (or failed). */
function closed(stream: Writable, end: boolean): Promise<void> {
  return new Promise((resolve, reject) => {
    const errored = (stream as Writable & { errored?: Error | null }).errored;
    if (errored) return reject(errored);
    if (stream.closed) return resolve();
    stream.once('error', reject);
    stream.once('close', () => {
      const late = (stream as Writable & { errored?: Error | null }).errored;
      if (late) reject(late);
      else resolve();
    });
    if (end) stream.end();
    else stream.destroy();
  });
}

/**
 * Open `path` for writing as an {@link AtomicOutput}. A path that cannot be written (missing
 * directory, a directory, no permission) fails here, naming `fn`, `role` and the path, and leaves
 * no file behind. An existing file keeps its permissions; a symbolic link is followed (the file
 * it points to is replaced, the link stays).
 */
export async function openAtomicOutput(path: string, fn: string, role = 'output'): Promise<AtomicOutput> {
  let target = path;
  let mode: number | undefined;
  let direct = false;
  try {
    const info = await stat(path);
    if (info.isDirectory()) throw Object.assign(new Error('EISDIR: it is a directory'), { code: 'EISDIR' });
    if (info.isFile()) {
      target = await realpath(path);
      mode = info.mode & 0o7777;
    } else direct = true;
  } catch (error) {
    if ((error as { code?: unknown }).code !== 'ENOENT') throw outputError(error, fn, role, path);
  }
  const temporary = direct ? path : join(dirname(target), `.${basename(target)}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`);
  if (!direct) unfinished.set(temporary, path);
  // flush: fsync before close, so a renamed file is on disk (not only in the page cache)
  const stream = createWriteStream(temporary, direct ? { flags: 'w' } : { flags: 'wx', mode: 0o666, flush: true });
  try {
    await new Promise<void>((resolve, reject) => {
      stream.once('open', () => resolve());
      stream.once('error', reject);
    });
  } catch (error) {
    unfinished.delete(temporary);
    throw outputError(error, fn, role, path);
  }
  let settled = false;
  let finished: Promise<void> | null = null;
  const finish = () =>
    (finished ??= closed(stream, true).catch((error) => {
      throw outputError(error, fn, role, path);
    }));
  const discard = async (): Promise<boolean> => {
    if (settled) return false;
    settled = true;
    if (finished) await finished.catch(() => {});
    else await closed(stream, false).catch(() => {});
    if (direct) return false;
    unfinished.delete(temporary);
    try {
      await unlink(temporary);
      return true;
    } catch {
      return false;
    }
  };
  return {
    path,
    role,
    stream,
    finish,
    discard,
    async commit() {
      if (settled) return;
      try {
        await finish();
      } catch (error) {
        await discard();
        throw error;
      }
      settled = true;
      try {
        if (!direct) {
          if (mode !== undefined) await chmod(temporary, mode);
          await rename(temporary, target);
        }
      } catch (error) {
        if (!direct) await unlink(temporary).catch(() => {});
        throw outputError(error, fn, role, path);
      } finally {
        unfinished.delete(temporary);
      }
    },
  };
}

/**
 * Write `data` to `path` atomically (see {@link openAtomicOutput}): the file appears complete or
 * not at all. Errors name `fn`, `role` and the path.
 */
export async function writeFileAtomic(path: string, data: string | Uint8Array, fn: string, role = 'output'): Promise<void> {
  const output = await openAtomicOutput(path, fn, role);
  try {
    await new Promise<void>((resolve, reject) => {
      output.stream.write(data, (error) => (error ? reject(error) : resolve()));
    });
  } catch (error) {
    await output.discard();
    throw outputError(error, fn, role, path);
  }
  await output.commit();
}

/**
 * Remove every temporary file still being written, synchronously (for a signal handler, where
 * nothing asynchronous runs again). Returns the final paths whose unfinished file was removed.
 */
export function discardUnfinishedOutputs(): string[] {
  const removed: string[] = [];
  for (const [temporary, path] of unfinished) {
    unfinished.delete(temporary);
    try {
      unlinkSync(temporary);
      removed.push(path);
    } catch {
      // already gone
    }
  }
  return removed;
}
