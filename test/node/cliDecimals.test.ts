import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fitValuePyramid } from '../../src/index.js';
import { runCli } from '../../src/node/index.js';

// `customer-value score --decimals`: the float output written as toFixed writes it (the witness),
// for every float column or per named column; refused where it cannot apply.
const dir = mkdtempSync(join(tmpdir(), 'cv-score-decimals-'));
const model = fitValuePyramid({ revenue: [10, 20, 30, 40, 50, 60, 70, 80, 90, 100] }, { dimensions: [{ column: 'revenue' }] });
writeFileSync(join(dir, 'p.json'), JSON.stringify(model));
writeFileSync(join(dir, 'in.csv'), `id,revenue\n${Array.from({ length: 200 }, (_, i) => `c${i},${(i * 1.37).toFixed(2)}`).join('\n')}\n`);

async function cli(args: string[]) {
  let stderr = '';
  const code = await runCli(args, { stdout: { write: () => undefined }, stderr: { write: (t: string) => (stderr += t) } });
  return { code, stderr };
}

const rows = (path: string) =>
  readFileSync(path, 'utf8')
    .trim()
    .split('\n')
    .map((line) => line.split(','));

describe('customer-value score --decimals', () => {
  it('writes float columns with d decimals, as toFixed rounds the shortest output, for --decimals d and --decimals column=d', async () => {
    const base = ['score', '--model', `p=${join(dir, 'p.json')}`, '--input', join(dir, 'in.csv'), '--keep', 'id', '--output'];
    expect((await cli([...base, join(dir, 'shortest.csv')])).code).toBe(0);
    expect((await cli([...base, join(dir, 'two.csv'), '--decimals', '2'])).code).toBe(0);
    expect((await cli([...base, join(dir, 'named.csv'), '--decimals', 'p.value=4'])).code).toBe(0);
    const shortest = rows(join(dir, 'shortest.csv'));
    const value = shortest[0].indexOf('p.value');
    expect(value).toBeGreaterThan(0);
    const two = rows(join(dir, 'two.csv'));
    const named = rows(join(dir, 'named.csv'));
    expect(two[0]).toEqual(shortest[0]);
    for (let i = 1; i < shortest.length; i++) {
      const v = Number(shortest[i][value]);
      expect(two[i][value]).toBe(v.toFixed(2));
      expect(named[i][value]).toBe(v.toFixed(4));
      // the other columns (id, tier) are written as before
      expect(two[i].filter((_, c) => c !== value)).toEqual(shortest[i].filter((_, c) => c !== value));
    }
  });

  it('refuses --decimals that is not 0–20, names no output column, or meets NDJSON output', async () => {
    const base = ['score', '--model', `p=${join(dir, 'p.json')}`, '--input', join(dir, 'in.csv'), '--output'];
    for (const [extra, message] of [
      [['--decimals', '21'], /whole number from 0 to 20/],
      [['--decimals', 'x'], /whole number from 0 to 20/],
      [['--decimals', 'p.valeu=2'], /options\.decimals names 1 column/],
    ] as const) {
      const run = await cli([...base, join(dir, 'bad.csv'), ...extra]);
      expect(run.code, extra.join(' ')).not.toBe(0);
      expect(run.stderr).toMatch(message);
    }
    const ndjson = await cli([...base, join(dir, 'out.ndjson'), '--decimals', '2']);
    expect(ndjson.code).not.toBe(0);
    expect(ndjson.stderr).toMatch(/--decimals applies to CSV output/);
  });
});
