import { describe, expect, it } from 'vitest';
import { allocateScoringMemory, isInScoringMemory, releaseScoringMemory, scoringMemory, scoringMemoryBuffer } from '../../src/internal/scoringMemory.js';

// The scoring memory's allocator: regions never overlap, a region given back is reused, adjacent
// free regions merge, and views made before the memory grew are still recognized as in it.
describe('scoringMemory', () => {
  it('is a shared WebAssembly memory in Node', () => {
    expect(scoringMemory()?.buffer).toBeInstanceOf(SharedArrayBuffer);
  });

  it('allocates 16-byte aligned regions that do not overlap, reuses given-back ones and merges neighbours', () => {
    const sizes = [24, 1000, 16, 4096, 8, 70_000];
    const regions = sizes.map((bytes) => ({ at: allocateScoringMemory(bytes) as number, bytes }));
    for (const r of regions) expect(r.at % 16).toBe(0);
    const sorted = [...regions].sort((a, b) => a.at - b.at);
    for (let i = 1; i < sorted.length; i++) expect(sorted[i].at).toBeGreaterThanOrEqual(sorted[i - 1].at + sorted[i - 1].bytes);
    // give back two neighbours: a region of their joint size fits where the first one was
    releaseScoringMemory(regions[1].at, regions[1].bytes);
    releaseScoringMemory(regions[2].at, regions[2].bytes);
    expect(allocateScoringMemory(1008 + 16)).toBe(regions[1].at);
    for (const r of [regions[0], ...regions.slice(3)]) releaseScoringMemory(r.at, r.bytes);
  });

  it('recognizes views made before the memory grew as in it, and no other memory', () => {
    const at = allocateScoringMemory(64) as number;
    const before = new Float64Array(scoringMemoryBuffer(), at, 8);
    const big = allocateScoringMemory(8 * 65536 * 4) as number; // grows the memory
    expect(big).not.toBeNull();
    expect(before.buffer === scoringMemory()?.buffer).toBe(false);
    expect(isInScoringMemory(before)).toBe(true);
    expect(isInScoringMemory(new Float64Array(8))).toBe(false);
    expect(isInScoringMemory(new Float64Array(new SharedArrayBuffer(64)))).toBe(false);
    releaseScoringMemory(big, 8 * 65536 * 4);
    releaseScoringMemory(at, 64);
  });
});
