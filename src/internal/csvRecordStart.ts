import type { FileHandle } from 'node:fs/promises';

const LF = 10;
const CR = 13;
/** Bytes read per look while searching for a line end. */
const LOOK = 1 << 16;

/**
 * Where a part of a CSV file that begins at byte `split` starts: the first byte at or after
 * `split` that follows a line end (LF, CRLF or a lone CR, as in `parseCsv`; `size` when no line
 * end follows). This is a guess, not knowledge: the line end may be inside a quoted field (a
 * field may hold line breaks), which only a parse from the file's start can tell.
 *
 * The guess is checked, never trusted: the part before parses exactly (from a start known to be
 * a record's) on past `split` and stops at the first record boundary at or after it; the two
 * must meet. A record boundary is always after a line end, so when this guess is a boundary it is
 * the first one at or after `split`, the very byte the part before stops at; when it is not (a
 * quoted line break), they differ, and the caller parses the part again from where the part
 * before stopped. So the stitched parts are the one-thread parse, whatever the quoting; a
 * quoted line break right after a split point costs one part parsed twice.
 */
export async function csvRecordStart(file: FileHandle, split: number, size: number): Promise<number> {
  if (split <= 0) return 0;
  const buf = Buffer.allocUnsafe(LOOK + 1);
  // from the byte before the split: a split right after a line end starts there
  for (let at = split - 1; at < size; at += LOOK) {
    const { bytesRead } = await file.read(buf, 0, LOOK + 1, at);
    if (bytesRead === 0) break;
    const found = recordStartIn(buf, bytesRead, at === split - 1 ? 0 : -1);
    if (found >= 0) return Math.min(at + found, size);
    if (found === -2) return Math.min(at + bytesRead, size); // a CR at the very end of the file
  }
  return size;
}

/**
 * In `buf[0..n)` (`buf[n]` is not read), the index after the first line end that starts at or
 * after `from + 1` (for `from = 0`: the byte at 0 is the one before the split); a CR whose next
 * byte is not in the bytes: -2 when `n` is short of a full look (the file ends), else scanned in
 * the next look (-1).
 */
function recordStartIn(buf: Buffer, n: number, from: number): number {
  // buf[0] is the byte before the split on the first look: a line end there starts the part at the split
  if (from === 0) {
    if (buf[0] === LF) return 1;
    if (buf[0] === CR && n > 1 && buf[1] !== LF) return 1;
  }
  // the rest: the look holds LOOK + 1 bytes, the last one only to tell a CRLF from a lone CR
  const last = Math.min(n, LOOK);
  for (let i = from === 0 ? 1 : 0; i < last; i++) {
    const c = buf[i];
    if (c === LF) return i + 1;
    if (c === CR) {
      if (i + 1 >= n) return n < LOOK + 1 ? -2 : -1;
      return buf[i + 1] === LF ? i + 2 : i + 1;
    }
  }
  return -1;
}
