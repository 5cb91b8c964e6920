import { wasmRuntime } from './wasmAssembler.js';

/** Most 64 KiB pages of the scoring memory (4 GiB, the 32-bit address space). */
export const SCORING_MEMORY_MAX_PAGES = 65536;
const PAGE = 65536;
/** Allocation granule: 16 bytes, so every region starts on a v128 boundary. */
const ALIGN = 16;

interface MemoryLike {
  readonly buffer: ArrayBuffer | SharedArrayBuffer;
  grow(pages: number): number;
}

interface ScoringMemoryState {
  readonly memory: MemoryLike;
  /** Every `memory.buffer` object handed out (a shared memory's buffer object changes when it grows; old views stay valid). */
  readonly buffers: WeakSet<object>;
  /** Free regions, sorted by address, never adjacent (merged on release). */
  readonly free: { at: number; bytes: number }[];
  /** End of the allocated part (everything past it is free). */
  top: number;
}

let state: ScoringMemoryState | null | undefined;

/**
 * The process-wide scoring memory: one shared `WebAssembly.Memory` (a `SharedArrayBuffer`
 * underneath) that every scorer kernel of this thread imports, so a column allocated in it is
 * read by any kernel in place, and a worker given the same memory reads it too. Null where this
 * runtime has no WebAssembly or no shared memory (a browser page without cross-origin
 * isolation): kernels then get a private memory each and copy every column.
 */
export function scoringMemory(): MemoryLike | null {
  if (state === undefined) {
    const runtime = wasmRuntime();
    try {
      const memory = runtime === null ? null : (new runtime.Memory({ initial: 1, maximum: SCORING_MEMORY_MAX_PAGES, shared: true }) as unknown as MemoryLike);
      state = memory === null || !(memory.buffer instanceof SharedArrayBuffer) ? null : { memory, buffers: new WeakSet(), free: [], top: 0 };
    } catch {
      state = null;
    }
  }
  return state === null ? null : state.memory;
}

/** The scoring memory's current buffer (registered, so views over it are recognized after the memory grows). */
export function scoringMemoryBuffer(): SharedArrayBuffer {
  const s = state as ScoringMemoryState;
  const buffer = s.memory.buffer;
  s.buffers.add(buffer);
  return buffer as SharedArrayBuffer;
}

/** Whether `array` is a view over the scoring memory. */
export function isInScoringMemory(array: ArrayBufferView): boolean {
  if (state === undefined || state === null) return false;
  const buffer = array.buffer;
  return buffer === state.memory.buffer || state.buffers.has(buffer);
}

/**
 * Reserve `bytes` (rounded up to 16) of the scoring memory, growing it when needed: the byte
 * address of the region, or null when there is no scoring memory or it cannot grow that far
 * (4 GiB in all). First fit over the free regions, then the end.
 */
export function allocateScoringMemory(bytes: number): number | null {
  if (scoringMemory() === null) return null;
  const s = state as ScoringMemoryState;
  const size = Math.max(ALIGN, Math.ceil(bytes / ALIGN) * ALIGN);
  for (let f = 0; f < s.free.length; f++) {
    const region = s.free[f];
    if (region.bytes < size) continue;
    const at = region.at;
    if (region.bytes === size) s.free.splice(f, 1);
    else {
      region.at += size;
      region.bytes -= size;
    }
    return at;
  }
  const end = s.top + size;
  const have = s.memory.buffer.byteLength;
  if (end > have) {
    const needed = Math.ceil((end - have) / PAGE);
    const pages = have / PAGE;
    // grow geometrically (fewer grows), at least what is needed, never past the maximum
    const grow = Math.min(Math.max(needed, Math.min(pages, 4096)), SCORING_MEMORY_MAX_PAGES - pages);
    if (grow < needed) return null;
    try {
      s.memory.grow(grow);
    } catch {
      try {
        s.memory.grow(needed);
      } catch {
        return null;
      }
    }
  }
  const at = s.top;
  s.top = end;
  return at;
}

/** Give back a region from `allocateScoringMemory` (same `bytes`). */
export function releaseScoringMemory(at: number, bytes: number): void {
  const s = state as ScoringMemoryState;
  const size = Math.max(ALIGN, Math.ceil(bytes / ALIGN) * ALIGN);
  let f = 0;
  while (f < s.free.length && s.free[f].at < at) f++;
  s.free.splice(f, 0, { at, bytes: size });
  // merge with the next, then with the previous region
  if (f + 1 < s.free.length && s.free[f].at + s.free[f].bytes === s.free[f + 1].at) {
    s.free[f].bytes += s.free[f + 1].bytes;
    s.free.splice(f + 1, 1);
  }
  if (f > 0 && s.free[f - 1].at + s.free[f - 1].bytes === s.free[f].at) {
    s.free[f - 1].bytes += s.free[f].bytes;
    s.free.splice(f, 1);
  }
  // a free region at the end gives its bytes back to the top
  const last = s.free[s.free.length - 1];
  if (last !== undefined && last.at + last.bytes === s.top) {
    s.top = last.at;
    s.free.pop();
  }
}

const regions =
  typeof FinalizationRegistry === 'function' ? new FinalizationRegistry<[number, number]>(([at, bytes]) => releaseScoringMemory(at, bytes)) : null;

/** Release the region [at, at + bytes) once `owner` is garbage collected (never, where there is no FinalizationRegistry). */
export function releaseWhenCollected(owner: object, at: number, bytes: number): void {
  regions?.register(owner, [at, bytes]);
}
