import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fitSatisfactionIndex, parseModel, scoreSatisfactionIndex } from '../../src/index.js';
import { fitPlsPathModel } from '../../src/pls.js';
import { safeParse } from 'zod/mini';
import { MISSING_VALUES, missingAnswersSchema, missingValuesMiniSchema, missingValuesSchema, streamMissingValuesSchema } from '../../src/io/missingValues.js';

// One spelling for missing values (issue 15). Before: `z.enum(['error', 'skip'])` written out in
// 26 specs, `'error' | 'listwise'` in the satisfaction functions, `reject | skip` in the stream.

const SRC = join(__dirname, '../../src');
function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : path.endsWith('.ts') ? [path] : [];
  });
}

describe('the missing-value vocabulary (src/io/missingValues.ts)', () => {
  it('is the one place a missing option is spelt: every zod `missing:` key in src/ uses a shared schema', () => {
    const files = sources(SRC);
    expect(files.length).toBeGreaterThan(100);
    const offenders: string[] = [];
    let uses = 0;
    for (const file of files) {
      if (file.endsWith('missingValues.ts')) continue;
      readFileSync(file, 'utf8')
        .split('\n')
        .forEach((line, i) => {
          const at = `${relative(SRC, file)}:${i + 1}`;
          // (a zod/mini door wraps the mini twin: z._default(missingValuesMiniSchema, …) or z.optional(…))
          if (/\bmissing: (z\.(_default|optional)\()?(missingValuesSchema|missingValuesMiniSchema|missingAnswersSchema|streamMissingValuesSchema)\b/.test(line))
            uses++;
          // (z.unknown() passes the option on to a function that reads it with the shared schema)
          else if (/\bmissing: z\.(?!unknown\(\))/.test(line)) offenders.push(`${at}: ${line.trim()}`);
          if (/'error' \| '(skip|listwise)'|'reject' \| 'skip'|z\.enum\(\['(error', '(skip|listwise)|reject)'/.test(line))
            offenders.push(`${at}: ${line.trim()}`);
        });
    }
    expect(offenders).toEqual([]);
    expect(uses).toBeGreaterThan(25);
  });

  it("has the words 'error' and 'skip'; 'listwise' is read as 'skip'; the stream's 'reject' is its own word", () => {
    expect(MISSING_VALUES).toEqual(['error', 'skip']);
    expect(missingValuesSchema.safeParse('listwise').success).toBe(false);
    expect(['error', 'skip', 'listwise'].map((w) => missingAnswersSchema.parse(w))).toEqual(['error', 'skip', 'skip']);
    expect(streamMissingValuesSchema.options).toEqual(['reject', 'skip']);
    // the zod/mini twin (the value pyramid's and RFM's doors) takes the same words, and no other
    expect(['error', 'skip', 'listwise', 'reject'].map((w) => safeParse(missingValuesMiniSchema, w).success)).toEqual([true, true, false, false]);
  });

  it("a satisfaction model fitted or saved with 'listwise' holds and scores as 'skip'", () => {
    const data = { a: [1, 2, 3, 4, 5, NaN], b: [2, 1, 4, 3, 5, 5], c: [1, 3, 2, 5, 4, 4] };
    const spec = { items: ['a', 'b', 'c'], scale: [1, 5] as [number, number] };
    const skip = fitSatisfactionIndex(data, { ...spec, missing: 'skip' });
    const listwise = fitSatisfactionIndex(data, { ...spec, missing: 'listwise' });
    expect(listwise).toEqual(skip);
    expect(skip.spec.missing).toBe('skip');
    // a model saved before the rename holds 'listwise': it loads, and scores as 'skip'
    const saved = JSON.parse(JSON.stringify(skip));
    saved.spec.missing = 'listwise';
    const loaded = parseModel(JSON.stringify(saved)) as typeof skip;
    expect(loaded.spec.missing).toBe('skip');
    expect(scoreSatisfactionIndex(saved, data).skipped).toBe(1);
    const pls = { constructs: { X: { items: ['a', 'b'] }, Y: { items: ['c'] } }, paths: [['X', 'Y']] as [string, string][], scale: [1, 5] as [number, number] };
    expect(fitPlsPathModel(data, { ...pls, missing: 'listwise' })).toEqual(fitPlsPathModel(data, { ...pls, missing: 'skip' }));
  });
});
