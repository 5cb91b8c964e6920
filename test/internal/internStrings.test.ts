// internStrings(values): equal strings become one string object, in place. The values are
// unchanged (checked against a copy) and non-string cells are left alone; the count is the number
// of distinct strings (a Set of the same values is the witness). That the cells then share one
// string object — what frees the memory — is seen in a heap snapshot: the copies of a text are gone.
import { getHeapSnapshot } from 'node:v8';
import { describe, expect, it } from 'vitest';
import { internStrings } from '../../src/internal/internStrings.js';

/** How many string objects in this process's heap hold `text` (from a V8 heap snapshot). */
async function stringsHolding(text: string): Promise<number> {
  const chunks: Buffer[] = [];
  for await (const chunk of getHeapSnapshot()) chunks.push(chunk as Buffer);
  const snapshot = JSON.parse(Buffer.concat(chunks).toString()) as {
    snapshot: { meta: { node_fields: string[]; node_types: [string[]] } };
    nodes: number[];
    strings: string[];
  };
  const fields = snapshot.snapshot.meta.node_fields;
  const types = snapshot.snapshot.meta.node_types[0];
  const type = fields.indexOf('type');
  const name = fields.indexOf('name');
  let count = 0;
  for (let i = 0; i < snapshot.nodes.length; i += fields.length) {
    if (types[snapshot.nodes[i + type]] === 'string' && snapshot.strings[snapshot.nodes[i + name]] === text) count++;
  }
  return count;
}

describe('internStrings(values)', () => {
  it('keeps every value and counts the distinct strings, runs and repeats far apart alike', () => {
    // strings built at run time, so equal texts are distinct objects as a CSV reader makes them
    const text = (i: number) => ['c', String(i % 7), i % 3 === 0 ? '-x' : ''].join('');
    const values: unknown[] = Array.from({ length: 500 }, (_, i) => text(Math.floor(i / 4) * 13));
    values.push(null, undefined, 7, Number.NaN, '', '', '007', '7');
    const before = values.slice();
    const distinct = new Set(values.filter((v) => typeof v === 'string')).size;
    expect(internStrings(values)).toBe(distinct);
    expect(values).toEqual(before);
  });

  it('counts nothing in a column without strings', () => {
    const values: unknown[] = [1, 2, null];
    expect(internStrings(values)).toBe(0);
    expect(values).toEqual([1, 2, null]);
  });

  it('leaves one string object per distinct text in the heap (a heap snapshot before and after)', async () => {
    // 300 cells, 3 texts, each cell its own string object as a CSV reader makes them
    const values = Array.from({ length: 300 }, (_, i) => ['intern', '-probe-', String(i % 3)].join(''));
    const text = ['intern', '-probe-', '1'].join('');
    expect(await stringsHolding(text)).toBeGreaterThanOrEqual(100);
    expect(internStrings(values)).toBe(3);
    // the kept one (and at most the probe itself): the 99 copies are garbage, not in the snapshot
    expect(await stringsHolding(text)).toBeLessThanOrEqual(2);
    expect(values.filter((v) => v === text)).toHaveLength(100);
  }, 60_000);
});
