import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileScorer, scoreColumns } from '../../src/index.js';
import { betaGeoCovariatePredictions } from '../../src/clv.js';
import { EXIT } from '../../src/node/index.js';
import { cdnowSegmentModels } from '../helpers/cdnowFirstSpend.js';
import { runDist, runInProcess } from '../helpers/cli.js';

// `customer-value score` with a betaGeoCovariates model saved from fitBetaGeoWithCovariates on CDNOW
// with the first-purchase-spend split as a categorical covariate (issue 19): the scored file's
// P(alive) is the model's own (betaGeoCovariatePredictions, checked against scipy in
// test/loyalty/betaGeoCovariates.test.ts) to 1e-12, from CSV and NDJSON, on any number of
// threads; a value that is no fitted level is a rejected line named on stderr with its column and
// value, and the exit code is a rejected line's, as for a cell that is not a number.

const { customers, byText: model, byNumber: tierModel } = cdnowSegmentModels();
const N = customers.frequency.length;
const expected = betaGeoCovariatePredictions(model, customers, { horizon: 0 }).probabilityAlive;

const dir = mkdtempSync(join(tmpdir(), 'cv-cli-covariates-'));
const path = (name: string) => join(dir, name);
writeFileSync(path('seg.model.json'), JSON.stringify(model, null, 2));
writeFileSync(path('tier.model.json'), JSON.stringify(tierModel, null, 2));
const names = ['id', 'frequency', 'recency', 'T', 'segment', 'tier'] as const;
const csvLines = [names.join(','), ...Array.from({ length: N }, (_, i) => names.map((name) => String(customers[name][i])).join(','))];
writeFileSync(path('customers.csv'), `${csvLines.join('\n')}\n`);
writeFileSync(
  path('customers.ndjson'),
  `${Array.from({ length: N }, (_, i) => JSON.stringify(Object.fromEntries(names.map((name) => [name, customers[name][i]])))).join('\n')}\n`,
);

/** `customer-value score` in this process with the model saved as `<name>.model.json`, named `name`, on a scratch file, keeping `id`, then `options`. */
const score = (name: 'seg' | 'tier', input: string, ...options: string[]) =>
  runInProcess(['score', '--model', `${name}=${path(`${name}.model.json`)}`, '--input', path(input), '--keep', 'id', ...options]);

/** The scored CSV's columns: the header's names, each as its text cells. */
function readScored(text: string): Record<string, string[]> {
  const [header, ...rows] = text.trimEnd().split('\n');
  const columns = header.split(',');
  const out: Record<string, string[]> = Object.fromEntries(columns.map((c) => [c, []]));
  for (const row of rows) row.split(',').forEach((cell, j) => out[columns[j]].push(cell));
  return out;
}

/** Largest |a − b| / max(1, |b|). */
function largestDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]) / Math.max(1, Math.abs(b[i])));
  return worst;
}

describe('customer-value score with a betaGeoCovariates model (categorical covariate)', () => {
  const inMemory = scoreColumns(compileScorer({ seg: model }), customers).outputs['seg.probabilityAlive'];

  it('scores a CSV: P(alive) of betaGeoCovariatePredictions to 1e-12, the in-memory scorer bit for bit', async () => {
    const run = await score('seg', 'customers.csv', '--output', path('scored.csv'));
    expect(run.stderr).toBe(`rows in ${N}, rows out ${N}, rejected 0\n`);
    expect(run.code).toBe(EXIT.ok);
    const scored = readScored(readFileSync(path('scored.csv'), 'utf8'));
    expect(Object.keys(scored)).toEqual(['id', 'seg.probabilityAlive']);
    expect(scored.id).toEqual(customers.id);
    const got = Float64Array.from(scored['seg.probabilityAlive'], Number);
    expect(largestDifference(got, expected)).toBeLessThanOrEqual(1e-12);
    expect(got).toEqual(inMemory);
  });

  it('the same scores from NDJSON, with the covariate kept, and on 2 formatting threads the same bytes as on 1', async () => {
    const ndjson = await score('seg', 'customers.ndjson', '--keep', 'segment');
    expect(ndjson.code).toBe(EXIT.ok);
    const records = ndjson.stdout
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(records[0]).toEqual({ id: customers.id[0], segment: customers.segment[0], 'seg.probabilityAlive': inMemory[0] });
    expect(Float64Array.from(records, (r) => r['seg.probabilityAlive'] as number)).toEqual(inMemory);
    const onThreads = (threads: number) => score('seg', 'customers.csv', '--keep', 'segment', '--batch-size', '4096', '--threads', String(threads));
    const one = await onThreads(1);
    const two = await onThreads(2);
    expect(two.code).toBe(EXIT.ok);
    expect(one.stdout.split('\n')[0]).toBe('id,segment,seg.probabilityAlive');
    expect(two.stdout).toBe(one.stdout);
  });

  it('a model fitted on numeric levels (1, 2) scores the CSV text "1", "2"', async () => {
    const run = await score('tier', 'customers.csv');
    expect(run.code).toBe(EXIT.ok);
    const got = Float64Array.from(readScored(run.stdout)['tier.probabilityAlive'], Number);
    expect(got).toEqual(scoreColumns(compileScorer({ tier: tierModel }), customers).outputs['tier.probabilityAlive']);
  });

  it('rejects an unknown level and an empty cell, naming line, column and value, with the exit code of a rejected line (as a bad number)', async () => {
    const lines = [...csvLines];
    // file lines 12,001 (unknown level), 20,001 (empty covariate), 21,001 (a frequency that is no number), in different batches of 5,000
    const cells = (line: number) => lines[line - 1].split(',');
    const set = (line: number, column: (typeof names)[number], value: string) => {
      const c = cells(line);
      c[names.indexOf(column)] = value;
      lines[line - 1] = c.join(',');
    };
    set(12_001, 'segment', 'vip');
    set(20_001, 'segment', '');
    set(21_001, 'frequency', 'x');
    writeFileSync(path('bad.csv'), `${lines.join('\n')}\n`);
    const run = await score('seg', 'bad.csv', '--batch-size', '5000', '--output', path('bad-scored.csv'), '--reject-file', path('bad-rejects.csv'));
    expect(run.code).toBe(EXIT.rejected);
    expect(run.stderr).toContain(`rows in ${N}, rows out ${N - 3}, rejected 3\n`);
    expect(run.stderr).toContain('  ✖ line 12,001: column "segment": "vip" is not a level the model was fitted with ("low", "high")\n');
    expect(run.stderr).toContain('  ✖ line 20,001: column "segment": missing value\n');
    expect(run.stderr).toContain('  ✖ line 21,001: column "frequency": not a number: "x"\n');
    const rejects = readFileSync(path('bad-rejects.csv'), 'utf8').split('\n');
    expect(rejects[0]).toBe('line,reason,text');
    expect(rejects[1]).toMatch(/^12001,/);
    expect(rejects[1]).toContain(',vip,');
    const scored = readScored(readFileSync(path('bad-scored.csv'), 'utf8'));
    expect(scored.id).toEqual(customers.id.filter((_, i) => i !== 11_999 && i !== 19_999 && i !== 20_999));
  });
});

describe('the built command (dist/cli.js) with a betaGeoCovariates model', () => {
  it('exits 3 on an unknown level and prints the line to stderr', () => {
    writeFileSync(path('small.csv'), `id,frequency,recency,T,segment\na,2,10,30,high\nb,2,10,30,vip\n`);
    const run = runDist(['score', '--model', path('seg.model.json'), '--input', path('small.csv'), '--keep', 'id']);
    expect(run.code).toBe(3);
    expect(run.stdout).toBe(
      `id,betaGeoCovariates.probabilityAlive\na,${String(scoreColumns(compileScorer(model), { frequency: [2], recency: [10], T: [30], segment: ['high'] }).outputs['betaGeoCovariates.probabilityAlive'][0])}\n`,
    );
    expect(run.stderr).toContain('line 3: column "segment": "vip" is not a level the model was fitted with ("low", "high")');
  });
});

describe('customer-value score --help on covariate models', () => {
  it('names the kinds scored row by row (betaGeoCovariates among them), what a categorical covariate column must hold, and the covariate kinds it does not score', async () => {
    const run = await runInProcess(['score', '--help']);
    expect(run.code).toBe(EXIT.ok);
    const help = run.stdout.replace(/\s+/g, ' ');
    expect(help).toContain('Scored row by row: rfm, valuePyramid, satisfactionIndex, segments, betaGeo, betaGeoCovariates;');
    expect(help).toContain("a categorical one as one of the levels the model was fitted with (the model's covariates[].levels");
    expect(help).toContain('paretoNbdCovariates, betaGeoBetaBinomialCovariates and gammaGammaCovariates are not scored here');
  });
});
