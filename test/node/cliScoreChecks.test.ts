import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fitValuePyramid } from '../../src/index.js';
import { runCli } from '../../src/node/index.js';
import { scoreStream } from '../../src/node/scoreStream.js';
import { compileScorer } from '../../src/scoring/compileScorer.js';

// `customer-value score` on what a real run meets: a kept column named like an output, the same
// file for output and rejects, and one bad cell among many lines without a reject file.
const dir = mkdtempSync(join(tmpdir(), 'cv-score-checks-'));
const model = fitValuePyramid({ revenue: [10, 20, 30, 40, 50, 60, 70, 80, 90, 100] }, { dimensions: [{ column: 'revenue' }] });
writeFileSync(join(dir, 'p.json'), JSON.stringify(model));

async function cli(args: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, { stdout: { write: (t: string) => (stdout += t) }, stderr: { write: (t: string) => (stderr += t) } });
  return { code, stdout, stderr };
}

describe('customer-value score: refusals before any row, and the first rejects named', () => {
  it('refuses a kept column named like an output column (any case), keeping the data it would have hidden', async () => {
    writeFileSync(join(dir, 'kc.csv'), 'customer_id,revenue,P.VALUE\n1,30,OLD\n');
    const out = join(dir, 'kc-scored.csv');
    const run = await cli([
      'score',
      '--model',
      `p=${join(dir, 'p.json')}`,
      '--input',
      join(dir, 'kc.csv'),
      '--output',
      out,
      '--keep',
      'customer_id',
      '--keep',
      'P.VALUE',
    ]);
    expect(run.code).toBe(1);
    expect(existsSync(out)).toBe(false);
    expect(run.stderr).toMatch(/kept column\(s\) would collide/);
    expect(run.stderr).toContain('"P.VALUE"');
    expect(run.stderr).toContain('"p.value"');
  });

  it('scoreStream refuses the same collision and duplicate kept columns', async () => {
    const scorer = compileScorer({ p: model });
    async function* none() {}
    const error = await (async () => {
      try {
        for await (const _ of scoreStream(none(), scorer, { keep: ['id', 'p.tier'] })) void _;
      } catch (e) {
        return e;
      }
    })();
    expect(error).toMatchObject({ code: 'invalid_spec' });
    await expect(
      (async () => {
        for await (const _ of scoreStream(none(), scorer, { keep: ['id', 'ID'] })) void _;
      })(),
    ).rejects.toMatchObject({ code: 'invalid_spec' });
  });

  it('refuses --output and --reject-file naming the same file, before writing either', async () => {
    writeFileSync(join(dir, 'ok.csv'), 'revenue\n10\n20\nNA\n');
    const same = join(dir, 'same.csv');
    const run = await cli([
      'score',
      '--model',
      join(dir, 'p.json'),
      '--input',
      join(dir, 'ok.csv'),
      '--output',
      same,
      '--reject-file',
      join(dir, '.', 'same.csv'),
    ]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/--reject-file and --output name the same file/);
    expect(existsSync(same)).toBe(false);
  });

  it('names the first rejected lines with their reason on stderr, without a reject file', async () => {
    const lines = Array.from({ length: 5000 }, (_, i) => (i === 4321 ? 'NA' : String(10 + (i % 90))));
    writeFileSync(join(dir, 'one-bad.csv'), `revenue\n${lines.join('\n')}\n`);
    const out = join(dir, 'scored.csv');
    const run = await cli(['score', '--model', join(dir, 'p.json'), '--input', join(dir, 'one-bad.csv'), '--output', out]);
    expect(run.code).toBe(3);
    expect(run.stderr).toContain('rows in 5000, rows out 4999, rejected 1');
    // file line = data row + 2 (header on line 1)
    expect(run.stderr).toMatch(/✖ line 4,323: .*"NA"|✖ line 4,323: .*NA/);
    expect(readFileSync(out, 'utf8').split('\n').length).toBe(5001);
  });

  it('lists at most ten rejects and says how many more', async () => {
    const lines = Array.from({ length: 30 }, (_, i) => (i % 2 ? 'x' : '5'));
    writeFileSync(join(dir, 'many-bad.csv'), `revenue\n${lines.join('\n')}\n`);
    const run = await cli(['score', '--model', join(dir, 'p.json'), '--input', join(dir, 'many-bad.csv'), '--output', join(dir, 'm.csv')]);
    expect(run.code).toBe(3);
    expect(run.stderr.match(/✖ line/g)?.length).toBe(10);
    expect(run.stderr).toContain('… and 5 more (--reject-file <file> lists them all)');
  });

  it('says how many rows --missing skip skipped (written with the skipped marks), counted by scoreStream', async () => {
    writeFileSync(join(dir, 'gaps.csv'), 'id,revenue\na,10\nb,\nc,30\nd,\ne,50\n');
    const out = join(dir, 'gaps-scored.csv');
    const run = await cli([
      'score',
      '--model',
      `p=${join(dir, 'p.json')}`,
      '--input',
      join(dir, 'gaps.csv'),
      '--output',
      out,
      '--keep',
      'id',
      '--missing',
      'skip',
    ]);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('rows in 5, rows out 5, rejected 0, skipped 2');
    // the skipped rows keep their place: an empty value, tier −1
    const rows = readFileSync(out, 'utf8').trim().split('\n');
    expect(rows[0]).toBe('id,p.value,p.tier');
    expect(rows.filter((line) => line.endsWith(',,-1')).map((line) => line[0])).toEqual(['b', 'd']);
  });
});
