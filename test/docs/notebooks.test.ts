// The notebooks (examples/notebooks/, executed by `npm run notebooks`) show their results: a
// cell whose last expression is an un-awaited display call prints `Promise { undefined }` under
// its chart. run.sh also fails on such an output when it executes them; this test checks the
// source of every notebook without Jupyter, and that the runner says how to get Jupyter.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const DIR = join(__dirname, '../../examples/notebooks');
const notebooks = readdirSync(DIR).filter((f) => f.endsWith('.ipynb'));

describe('notebooks', () => {
  it('are found', () => {
    expect(notebooks.length).toBeGreaterThanOrEqual(4);
  });

  for (const file of notebooks) {
    it(`${file}: every display call is awaited, so no cell prints a Promise`, () => {
      const nb = JSON.parse(readFileSync(join(DIR, file), 'utf8')) as { cells: { cell_type: string; source: string[] | string }[] };
      const code = nb.cells.filter((c) => c.cell_type === 'code').map((c) => (Array.isArray(c.source) ? c.source.join('') : c.source));
      // the display helpers (any const bound to an arrow calling Deno.jupyter.display)
      const helpers = code.flatMap((src) => [...src.matchAll(/^const (\w+) = [^\n]*Deno\.jupyter\.display/gm)].map((m) => m[1]));
      const calls = new RegExp(`^\\s*(?:${['Deno\\.jupyter\\.display', ...helpers].join('|')})\\(`, 'm');
      const bare = code.flatMap((src) => src.split('\n').filter((line) => calls.test(line)));
      expect(bare, 'write `await showSvg(...)`').toEqual([]);
    });
  }

  it('run.sh says how to install Jupyter when it is missing', () => {
    const bin = mkdtempSync(join(tmpdir(), 'cv-nojupyter-'));
    for (const tool of ['dirname']) symlinkSync(execFileSync('/usr/bin/bash', ['-c', `command -v ${tool}`], { encoding: 'utf8' }).trim(), join(bin, tool));
    let stderr = '';
    try {
      execFileSync('/usr/bin/bash', [join(DIR, 'run.sh')], { env: { PATH: bin }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    } catch (error) {
      stderr = (error as { stderr: string }).stderr;
    }
    expect(stderr).toContain('apt-get install -y jupyter-nbconvert jupyter-client python3-ipykernel');
  });
});
