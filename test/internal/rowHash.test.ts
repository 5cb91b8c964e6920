import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { groupRows } from '../../src/internal/groupRows.js';
import { rowHash } from '../../src/internal/rowHash.js';

// rowHash is the one row hash of the grouping code (groupRows, canonicalGroups): equal rows hash
// alike (−0 as 0), and no other module under src/ carries its own copy of the FNV constants.
const SRC = join(__dirname, '../../src');
const sources = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []));

describe('rowHash(columns, row)', () => {
  it('hashes equal rows alike, −0 as 0, and tells rows apart by every column', () => {
    const columns = [Float64Array.of(1, 1, 1, 2, -0, 0), Float64Array.of(3.5, 3.5, 4, 3.5, 7, 7)];
    expect(rowHash(columns, 0)).toBe(rowHash(columns, 1));
    expect(rowHash(columns, 4)).toBe(rowHash(columns, 5));
    expect(rowHash(columns, 0)).not.toBe(rowHash(columns, 2));
    expect(rowHash(columns, 0)).not.toBe(rowHash(columns, 3));
    expect(Number.isInteger(rowHash(columns, 0))).toBe(true);
    // groupRows over it: four distinct rows, (−0, 7) and (0, 7) one of them
    expect(Array.from(groupRows(columns, 6).weights)).toEqual([2, 1, 1, 2]);
  });

  it('is the only copy of the FNV row hash under src/', () => {
    const copies = sources(SRC).filter((file) => /0x811c9dc5|0x01000193/i.test(readFileSync(file, 'utf8')));
    expect(copies.map((file) => file.slice(SRC.length + 1))).toEqual(['internal/rowHash.ts']);
  });
});
