import * as z from 'zod';
import * as zm from 'zod/mini';
import { afterEach, describe, expect, it } from 'vitest';
import { parseSpec } from '../../src/internal/parseSpec.js';
import { caught } from '../helpers/fixtures.js';

// A small metric's door takes zod/mini (issue 21: its bundle stays under 10 KB gzipped); mini loads
// no locale of its own, so parseSpec passes zod's English messages to every parse. A mini schema
// and its classic twin must then give the same issues, and a caller's global zod config must not
// change them.
const classic = z.strictObject({ confidence: z.number().gt(0).lt(1).default(0.95), label: z.string().length(1).optional() });
const mini = zm.strictObject({
  confidence: zm._default(zm.number().check(zm.gt(0), zm.lt(1)), 0.95),
  label: zm.optional(zm.string().check(zm.length(1))),
});

const bad: unknown[] = [{ confidence: 1 }, { confidence: 0 }, { confidence: '0.9' }, { label: 'ab' }, { extra: 1 }, null, { confidence: 2, label: 3 }];

describe('parseSpec with a zod/mini schema', () => {
  afterEach(() => z.config({ customError: undefined }));

  it.each(bad.map((input) => [JSON.stringify(input), input]))('gives the classic twin’s error for %s', (_, input) => {
    const a = caught(() => parseSpec(classic, input, 'probe', 'options'));
    const b = caught(() => parseSpec(mini, input, 'probe', 'options'));
    expect(b.message).toBe(a.message);
    expect(b.issues).toEqual(a.issues);
    // never zod's bare fallback: the English message was there to read
    for (const issue of b.issues) expect(issue.expected).not.toBe('invalid input');
  });

  it('reads the English messages (the expected text is not zod’s fallback)', () => {
    expect(caught(() => parseSpec(mini, { confidence: 1 }, 'probe', 'options')).issues[0]).toMatchObject({
      path: 'options.confidence',
      expected: 'number to be <1',
    });
  });

  it('keeps its messages when the caller configures zod globally', () => {
    z.config({ customError: () => 'custom' });
    expect(caught(() => parseSpec(mini, { confidence: 1 }, 'probe', 'options')).issues[0].expected).toBe('number to be <1');
    expect(caught(() => parseSpec(classic, { confidence: 1 }, 'probe', 'options')).issues[0].expected).toBe('number to be <1');
  });

  it('returns the parsed value with defaults', () => {
    expect(parseSpec(mini, {}, 'probe')).toEqual({ confidence: 0.95 });
  });
});

describe('parseSpec names what a record key must be', () => {
  it('gives the key schema\'s text and the key itself, not zod\'s "invalid key in record"', () => {
    const schema = zm.strictObject({ groups: zm.record(zm.string().check(zm.regex(/^[a-z]+$/, 'a lower-case group name')), zm.number()) });
    const error = caught(() => parseSpec(schema, { groups: { ok: 1, Bad: 2 } }, 'probe'));
    expect(error.issues).toEqual([{ function: 'probe', path: 'spec.groups', expected: 'a lower-case group name', received: '"Bad"' }]);
  });
});

describe('the recorded door refusals say what is expected', () => {
  // every refusal recorded by the *DoorIssues tests (thousands, at every door moved to zod/mini):
  // none says zod's "invalid input" (a union of forms without its own message) or "invalid key in record"
  it('has no issue whose expected text is a zod fallback', async () => {
    const { readdirSync, readFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const root = join(__dirname, '../fixtures');
    const files = (readdirSync(root, { recursive: true }) as string[]).filter((f) => /DoorIssues\.json$/.test(f));
    expect(files.length).toBeGreaterThanOrEqual(10);
    const opaque: string[] = [];
    for (const file of files) {
      const recorded = JSON.parse(readFileSync(join(root, file), 'utf8')) as Record<string, { issues?: { expected: string }[] }>;
      for (const [name, outcome] of Object.entries(recorded))
        for (const issue of outcome.issues ?? []) if (/^invalid (input|key in record)$/.test(issue.expected)) opaque.push(`${file}: ${name}`);
    }
    expect(opaque).toEqual([]);
  });
});

describe("parseSpec's summary agrees with what it names", () => {
  it.each([
    ['options', 'the options have 1 problem'],
    ['spec.columns', 'the spec.columns have 1 problem'],
    ['spec', 'the spec has 1 problem'],
    ['analysis', 'the analysis has 1 problem'],
    ['data', 'the data has 1 problem'],
    ['options.threads', 'the options.threads has 1 problem'],
  ])('%s', (what, summary) => {
    const error = caught(() => parseSpec(zm.strictObject({ n: zm.number() }), { n: 'x' }, 'probe', what));
    expect(error.message.split('\n')[0]).toBe(`probe: ${summary}`);
  });
});
