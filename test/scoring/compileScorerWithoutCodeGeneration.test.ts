import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { compileScorer, scoreColumns } from '../../src/index.js';
import { interpretLoop } from '../../src/internal/interpretLoop.js';
import { data, models } from '../helpers/sqlModels.js';

// Under `--disallow-code-generation-from-strings` (or a CSP without 'unsafe-eval') compileScorer
// cannot use `new Function`; it interprets the same generated loop instead. Witness: the
// interpreted outputs equal the compiled ones bit for bit, for every compiled model kind, and the
// checked loop stops at the same row.
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const digest = (outputs: Record<string, ArrayLike<number>>) => {
  const hash = createHash('sha256');
  for (const name of Object.keys(outputs).sort()) hash.update(name).update(Buffer.from(new Float64Array(Array.from(outputs[name])).buffer));
  return hash.digest('hex');
};
const columns = Object.fromEntries(Object.entries(data).map(([name, column]) => [name, Float64Array.from(column as ArrayLike<number>)]));

describe('compileScorer without code generation from strings', () => {
  const scorer = compileScorer(models);

  it.each(Object.keys(models))('the interpreted loop of a %s model writes the compiled outputs bit for bit', (name) => {
    const one = compileScorer({ [name]: (models as unknown as Record<string, never>)[name] });
    const inputs = one.inputs.map((input) => columns[input]);
    const make = () =>
      one.outputs.map((o) => new { float64: Float64Array, int32: Int32Array, uint8: Uint8Array, uint16: Uint16Array }[o.type](inputs[0].length));
    const compiled = make();
    const interpreted = make();
    one.run(inputs, compiled, 0, inputs[0].length);
    interpretLoop(one.source)(inputs, interpreted, 0, inputs[0].length);
    one.outputs.forEach((o, k) => expect(Buffer.from(interpreted[k].buffer).equals(Buffer.from(compiled[k].buffer)), o.name).toBe(true));
    // the checked loop: every row clean, then the first bad row found at the same index
    expect(interpretLoop(one.checkedSource)(inputs, interpreted, 0, inputs[0].length)).toBe(-1);
    const bad = inputs.map((column) => column.slice());
    bad[0][777] = Number.NaN;
    expect(interpretLoop(one.checkedSource)(bad, interpreted, 0, bad[0].length)).toBe(one.runChecked(bad, compiled, 0, bad[0].length));
  });

  it('node --disallow-code-generation-from-strings: compileScorer and scoreColumns give the compiled outputs, no EvalError', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cv-nocodegen-'));
    writeFileSync(join(dir, 'models.json'), JSON.stringify(models));
    writeFileSync(join(dir, 'columns.json'), JSON.stringify(Object.fromEntries(Object.entries(columns).map(([k, v]) => [k, Array.from(v)]))));
    const script = `
      import { readFileSync } from 'node:fs';
      import { createHash } from 'node:crypto';
      import { compileScorer, parseModel, scoreColumns } from '${pathToFileURL(join(ROOT, 'dist/index.js')).href}';
      let codeGeneration = true;
      try { new Function('return 1'); } catch { codeGeneration = false; }
      const models = JSON.parse(readFileSync(${JSON.stringify(join(dir, 'models.json'))}, 'utf8'));
      const parsed = Object.fromEntries(Object.entries(models).map(([k, m]) => [k, parseModel(JSON.stringify(m))]));
      const columns = Object.fromEntries(Object.entries(JSON.parse(readFileSync(${JSON.stringify(join(dir, 'columns.json'))}, 'utf8'))).map(([k, v]) => [k, Float64Array.from(v)]));
      const { outputs } = scoreColumns(compileScorer(parsed), columns);
      const hash = createHash('sha256');
      for (const name of Object.keys(outputs).sort()) hash.update(name).update(Buffer.from(new Float64Array(Array.from(outputs[name])).buffer));
      console.log(JSON.stringify({ codeGeneration, digest: hash.digest('hex') }));`;
    writeFileSync(join(dir, 'score.mjs'), script);
    const child = spawnSync(process.execPath, ['--disallow-code-generation-from-strings', join(dir, 'score.mjs')], { encoding: 'utf8', timeout: 60_000 });
    expect(child.stderr).toBe('');
    expect(JSON.parse(child.stdout)).toEqual({ codeGeneration: false, digest: digest(scoreColumns(scorer, columns).outputs) });
  });
});

describe('interpretLoop reads the whole generated subset', () => {
  it('evaluates %, NaN, if/else, Number.* and Math.* calls, returns and indexed stores as JavaScript does', () => {
    const source = [
      'const in0 = inputs[0]; const out0 = outputs[0];',
      'for (let i = start; i < end; i++) {',
      '  const x0 = in0[i];',
      '  if (!(x0 - x0 === 0)) return i;',
      '  let v = 0; if (Number.isInteger(x0)) { v = x0 % 3; } else { v = -Math.sqrt(Math.abs(x0)) * 2.5e-1; }',
      '  v += x0 > 1 ? NaN === NaN ? 1 : 2 : +(x0 <= -1) || 7;',
      '  out0[i] = v;',
      '}',
      'return -1;',
    ].join('\n');
    const xs = Float64Array.of(4, 2.25, -1, 0.5, -0, 9, Number.NaN, 3);
    // eslint-disable-next-line @typescript-eslint/no-implied-eval
    const compiled = new Function('inputs', 'outputs', 'start', 'end', source);
    const a = new Float64Array(xs.length);
    const b = new Float64Array(xs.length);
    expect(interpretLoop(source)([xs], [a], 0, xs.length)).toBe(compiled([xs], [b], 0, xs.length));
    expect(Buffer.from(a.buffer).equals(Buffer.from(b.buffer))).toBe(true);
    expect(() => interpretLoop('while (true) {}')).toThrow(/interpretLoop/);
  });
});
