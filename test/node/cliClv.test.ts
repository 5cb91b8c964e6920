import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCsv, parseModel, summarizeTransactions } from '../../src/index.js';
import { conditionalExpectedSpend, customerLifetimeValue, fitBetaGeo, fitGammaGamma, probabilityAlive } from '../../src/clv.js';
import { CLI_COMMANDS } from '../../src/node/cli.js';
import { readFixtureJson } from '../helpers/fixtures.js';
import { runInProcess } from '../helpers/cli.js';

// `customer-value summarize`, `clv`, `fit` on a transaction log and `score` with BG/NBD and
// Gamma-Gamma models, end to end (runCli in process). Witnesses: the library's own functions on
// the same data (the CLI adds reading and writing, never arithmetic: outputs must be equal to the
// last bit after the CSV round trip), the published CDNOW figures (Fader, Hardie & Lee 2005:
// r = 0.243, α = 4.414, a = 0.793, b = 2.426, LL = −9582.4; Fader & Hardie 2013 Gamma-Gamma:
// p = 6.25, q = 3.74, γ = 15.44; Hardie's BG/NBD spreadsheet: E[Y(39) | x = 2, t_x = 30.43,
// T = 38.86] = 1.226) and the numpy re-implementation of lifetimes' calibration_and_holdout_data
// (test/fixtures/value/make_calibration_holdout.py).

const root = join(__dirname, '../..');
const MASTER = join(root, 'examples/data/cdnow_master.csv');
const SAMPLE = join(root, 'test/fixtures/value/cdnow_sample.csv');
const dir = mkdtempSync(join(tmpdir(), 'cv-clv-'));
const p = (name: string) => join(dir, name);

const run = (args: string[]) => runInProcess(args);

/** A CSV output read back with ids as text. */
function readCsv(path: string, id: string) {
  const text = readFileSync(path, 'utf8');
  const header = text.slice(0, text.indexOf('\n')).split(',');
  return parseCsv(text, { text: [id, 'firstPurchase', 'lastPurchase'].filter((name) => header.includes(name)) }).columns as Record<string, any>;
}

function readLog(path: string, id: string) {
  return parseCsv(readFileSync(path, 'utf8'), { text: [id] }).columns;
}

const week = ['--time-unit', 'week'];

describe('customer-value summarize', () => {
  it('writes summarizeTransactions’ summary of the CDNOW log, bit for bit, ids as text', async () => {
    const result = await run([
      'summarize',
      '--input',
      MASTER,
      '--customer',
      'customer_id',
      '--date',
      'date',
      '--amount',
      'dollar_value',
      ...week,
      '--observation-end',
      '1997-09-30',
      '--output',
      p('summary.csv'),
    ]);
    expect(result.code).toBe(0);
    const library = summarizeTransactions(readLog(MASTER, 'customer_id'), {
      customer: 'customer_id',
      date: 'date',
      amount: 'dollar_value',
      observationEnd: '1997-09-30',
      timeUnit: 'week',
    });
    // the counts, then the summary's warnings (113 duplicate rows to 1997-09-30: the report engineer's numpy count)
    expect(result.stderr).toBe(
      [
        'customer-value summarize: 69,659 rows, 23,570 customers, to 1997-09-30, time unit week; 20,573 later rows left out',
        ...library.warnings.map((w) => `customer-value summarize: warning: ${w.message}`),
        '',
      ].join('\n'),
    );
    expect(library.warnings.map((w) => w.code)).toContain('duplicate_rows');
    expect(result.stderr).toContain('warning: 113 rows repeat');
    const cli = readCsv(p('summary.csv'), 'customer_id');
    expect(Object.keys(cli)).toEqual(['customer_id', 'frequency', 'recency', 'T', 'monetary', 'revenue', 'firstPurchase', 'lastPurchase', 'transactions']);
    expect(cli.customer_id).toEqual(library.customer);
    for (const name of ['frequency', 'recency', 'T', 'monetary', 'revenue', 'transactions'] as const) expect(cli[name], name).toEqual(library[name]);
    expect(cli.firstPurchase[0]).toBe('1997-01-01');
  });

  it('--calibration-end adds the holdout columns of lifetimes’ calibration_and_holdout_data (numpy reference)', async () => {
    const reference = readFixtureJson<any>('value/calibration_holdout_reference.json');
    const result = await run([
      'summarize',
      '--input',
      MASTER,
      '--customer',
      'customer_id',
      '--date',
      'date',
      '--amount',
      'dollar_value',
      ...week,
      '--calibration-end',
      '1997-09-30',
      '--observation-end',
      '1998-06-30',
      '--output',
      p('split.ndjson'),
    ]);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('calibration to 1997-09-30, holdout to 1998-06-30');
    const rows = readFileSync(p('split.ndjson'), 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(rows.length).toBe(reference.customers);
    expect(typeof rows[0].customer_id).toBe('string');
    for (const name of Object.keys(reference.sums))
      expect(
        rows.reduce((sum: number, row: any) => sum + row[name], 0),
        name,
      ).toBeCloseTo(reference.sums[name], 6);
    expect(rows.every((row: any) => row.durationHoldout === 39)).toBe(true);
    const byId = new Map(rows.map((row: any) => [row.customer_id, row]));
    for (const expected of reference.sample) {
      for (const name of ['frequency', 'recency', 'T', 'monetary', 'frequencyHoldout', 'monetaryHoldout'])
        expect(byId.get(expected.customer)[name]).toBeCloseTo(expected[name], 9);
    }
  });

  it('edge cases: one purchase, no repeat, a customer first seen after the calibration end, ids 007 and 7, same-day orders', async () => {
    writeFileSync(p('edge.csv'), 'id,day,total\n007,2024-01-01,10\n7,2024-01-01,20\n7,2024-01-01,5\n7,2024-01-15,30\nlate,2024-02-10,50\n007,2024-02-20,12\n');
    const result = await run([
      'summarize',
      '--input',
      p('edge.csv'),
      '--customer',
      'id',
      '--date',
      'day',
      '--amount',
      'total',
      '--time-unit',
      'day',
      '--calibration-end',
      '2024-01-31',
      '--observation-end',
      '2024-02-29',
      '--output',
      p('edge-out.csv'),
    ]);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('1 customers first seen in the holdout left out');
    expect(readFileSync(p('edge-out.csv'), 'utf8')).toBe(
      'id,frequency,recency,T,monetary,revenue,firstPurchase,lastPurchase,transactions,frequencyHoldout,monetaryHoldout,durationHoldout\n' +
        '007,0,0,30,0,10,2024-01-01,2024-01-01,1,1,12,29\n' +
        '7,1,14,30,30,55,2024-01-01,2024-01-15,3,0,0,29\n',
    );
  });

  it('one customer with one order; without --amount there are no monetary columns; the observation end defaults to the latest order, said on stderr', async () => {
    writeFileSync(p('one.csv'), 'id,day\nc1,20240105\n');
    const result = await run(['summarize', '--input', p('one.csv'), '--customer', 'id', '--date', 'day', '--time-unit', 'week']);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('id,frequency,recency,T,firstPurchase,lastPurchase,transactions\nc1,0,0,0,2024-01-05,2024-01-05,1\n');
    expect(result.stderr).toContain('to 2024-01-05 (the latest order date; --observation-end sets it)');
  });

  it('names the file line of a bad amount and of a bad date, and the header of a missing column', async () => {
    writeFileSync(p('bad-amount.csv'), 'id,day,total\na,2024-01-01,10\nb,2024-01-02,ten\n');
    const amount = await run(['summarize', '--input', p('bad-amount.csv'), '--customer', 'id', '--date', 'day', '--amount', 'total', ...week]);
    expect(amount.code).toBe(1);
    expect(amount.stderr).toMatch(/line 3, column "total"/);
    // a quoted line break: file lines, not row positions
    writeFileSync(p('bad-date.csv'), 'id,day,note\na,2024-01-01,"two\nlines"\nb,2024-02-30,x\n');
    const date = await run(['summarize', '--input', p('bad-date.csv'), '--customer', 'id', '--date', 'day', ...week, '--observation-end', '2024-03-01']);
    expect(date.code).toBe(1);
    expect(date.stderr).toMatch(/line \d+, column "day": expected a date/);
    expect(date.stderr).toMatch(/line 4, column "day": expected a date/);
    const missing = await run(['summarize', '--input', p('bad-amount.csv'), '--customer', 'customer', '--date', 'day', ...week]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('the header has 3 fields: "id", "day", "total"');
  });

  it('reads an NDJSON log: a JSON number 7 and the string "007" are two customers, written as strings; a blank line still counts as a line', async () => {
    writeFileSync(p('log.ndjson'), '{"id":7,"d":"2024-01-01","v":10}\n{"id":"007","d":"2024-01-03","v":5}\n\n{"id":7,"d":"2024-01-09","v":"12.5"}\n');
    const ok = await run(['summarize', '--input', p('log.ndjson'), '--customer', 'id', '--date', 'd', '--amount', 'v', '--time-unit', 'day']);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toBe(
      '{"id":"7","frequency":1,"recency":8,"T":8,"monetary":12.5,"revenue":22.5,"firstPurchase":"2024-01-01","lastPurchase":"2024-01-09","transactions":2}\n' +
        '{"id":"007","frequency":0,"recency":0,"T":6,"monetary":0,"revenue":5,"firstPurchase":"2024-01-03","lastPurchase":"2024-01-03","transactions":1}\n',
    );
    writeFileSync(p('bad-log.ndjson'), `${readFileSync(p('log.ndjson'), 'utf8')}{"id":7,"d":"2024-13-09","v":1}\n`);
    const bad = await run(['summarize', '--input', p('bad-log.ndjson'), '--customer', 'id', '--date', 'd', '--amount', 'v', '--time-unit', 'day']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/line 5, column "d": expected a date/);
  });

  it('--missing skip skips rows with an empty customer, date or amount and counts them; by default they are errors that say so', async () => {
    writeFileSync(p('holes.csv'), 'id,day,total\na,2024-01-01,10\n,2024-01-02,3\na,,4\na,2024-01-05,6\n');
    const args = ['summarize', '--input', p('holes.csv'), '--customer', 'id', '--date', 'day', '--amount', 'total', '--time-unit', 'day'];
    const refused = await run(args);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/line 3, column "id"/);
    expect(refused.stderr).toMatch(/line 4, column "day"/);
    expect(refused.stderr).toContain('pass --missing skip');
    const skipped = await run([...args, '--missing', 'skip']);
    expect(skipped.code).toBe(0);
    expect(skipped.stdout).toBe('id,frequency,recency,T,monetary,revenue,firstPurchase,lastPurchase,transactions\na,1,4,4,6,16,2024-01-01,2024-01-05,2\n');
    expect(skipped.stderr).toContain('2 rows with a missing value skipped');
  });

  it('requires --time-unit (never assumed) and refuses a calibration end on or after the observation end', async () => {
    const noUnit = await run(['summarize', '--input', MASTER, '--customer', 'customer_id', '--date', 'date']);
    expect(noUnit.code).toBe(1);
    expect(noUnit.stderr).toContain('missing required option --time-unit');
    const late = await run(['summarize', '--input', MASTER, '--customer', 'customer_id', '--date', 'date', ...week, '--calibration-end', '1998-07-01']);
    expect(late.code).toBe(1);
    expect(late.stderr).toContain('spec.calibrationEnd');
  });
});

describe('customer-value fit on a transaction log', () => {
  it('prints a spec problem at its path, and a bad cell at its file line and column (issue 15)', async () => {
    writeFileSync(
      p('no-direction.json'),
      JSON.stringify({ recency: { column: 'recency' }, frequency: { column: 'frequency' }, monetary: { column: 'monetary' } }),
    );
    writeFileSync(p('summary-ok.csv'), 'id,frequency,recency,monetary\na,1,2,3\nb,4,2,3\n');
    writeFileSync(p('summary-bad.csv'), 'id,frequency,recency,monetary\na,1,2,3\nb,,2,3\n');
    const spec = await run(['fit', '--kind', 'rfm', '--spec', p('no-direction.json'), '--input', p('summary-ok.csv'), '--output', p('never.json')]);
    expect(spec.stderr).toMatch(/at "spec\.recency\.better": expected/);
    expect(spec.stderr).not.toContain('column "spec');
    writeFileSync(
      p('direction.json'),
      JSON.stringify({ recency: { column: 'recency', better: 'lower' }, frequency: { column: 'frequency' }, monetary: { column: 'monetary' } }),
    );
    const cell = await run(['fit', '--kind', 'rfm', '--spec', p('direction.json'), '--input', p('summary-bad.csv'), '--output', p('never.json')]);
    expect(cell.stderr).toMatch(/line 3, column "frequency"/);
    expect([spec.code, cell.code]).toEqual([1, 1]);
  });

  it('betaGeo and gammaGamma from the CDNOW sample log reproduce the published parameters, and equal the fits of the library summary', async () => {
    const log = ['--input', SAMPLE, '--customer', 'sample_id', '--date', 'date', ...week, '--observation-end', '1997-09-30'];
    expect((await run(['fit', '--kind', 'betaGeo', ...log, '--output', p('bg.json')])).code).toBe(0);
    expect((await run(['fit', '--kind', 'gammaGamma', ...log, '--amount', 'dollar_value', '--output', p('gg.json')])).code).toBe(0);
    const bg = parseModel(readFileSync(p('bg.json'), 'utf8')) as any;
    const gg = parseModel(readFileSync(p('gg.json'), 'utf8')) as any;
    expect(['r', 'alpha', 'a', 'b'].map((k) => Math.round(bg.params[k] * 1000) / 1000)).toEqual([0.243, 4.414, 0.793, 2.426]);
    expect(Math.round(bg.fitted.diagnostics.logLikelihood * 10) / 10).toBe(-9582.4);
    expect(['p', 'q', 'gamma'].map((k) => Math.round(gg.params[k] * 100) / 100)).toEqual([6.25, 3.74, 15.44]);
    const summary = summarizeTransactions(readLog(SAMPLE, 'sample_id'), {
      customer: 'sample_id',
      date: 'date',
      amount: 'dollar_value',
      observationEnd: '1997-09-30',
      timeUnit: 'week',
    });
    expect(bg).toEqual(JSON.parse(JSON.stringify(fitBetaGeo(summary, { timeUnit: 'week' }))));
    expect(gg).toEqual(JSON.parse(JSON.stringify(fitGammaGamma(summary))));
  });

  it('refuses a log for kinds that do not take a summary of one, gammaGamma without --amount, and a spec that sets columns', async () => {
    const rfm = await run(['fit', '--kind', 'rfm', '--input', SAMPLE, '--customer', 'sample_id', '--date', 'date', ...week]);
    expect(rfm.stderr).toContain('--customer (a transaction log as input) works with --kind betaGeo or gammaGamma');
    const noAmount = await run(['fit', '--kind', 'gammaGamma', '--input', SAMPLE, '--customer', 'sample_id', '--date', 'date', ...week]);
    expect(noAmount.stderr).toContain('--amount is required');
    writeFileSync(p('columns.json'), JSON.stringify({ columns: { frequency: 'x' } }));
    const spec = await run(['fit', '--kind', 'betaGeo', '--spec', p('columns.json'), '--input', SAMPLE, '--customer', 'sample_id', '--date', 'date', ...week]);
    expect(spec.stderr).toContain('cannot set columns');
    const split = await run([
      'fit',
      '--kind',
      'betaGeo',
      '--input',
      SAMPLE,
      '--customer',
      'sample_id',
      '--date',
      'date',
      ...week,
      '--calibration-end',
      '1997-09-30',
    ]);
    expect(split.stderr).toContain('unknown option --calibration-end: it does not apply to fit; summarize takes it');
    expect([rfm.code, noAmount.code, spec.code, split.code]).toEqual([1, 1, 1, 1]);
  });
});

describe('customer-value clv and score with Gamma-Gamma', () => {
  const log = ['--input', SAMPLE, '--customer', 'sample_id', '--date', 'date', '--amount', 'dollar_value', ...week, '--observation-end', '1997-09-30'];
  const valuation = ['--horizon', '39', '--discount-rate', '0.002', '--margin', '0.3'];

  it('clv writes the library’s customerLifetimeValue per customer, and the models it fitted', async () => {
    const result = await run(['clv', ...log, ...valuation, '--output', p('clv.csv'), '--models-out', p('models')]);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('BG/NBD r 0.2426, alpha 4.414, a 0.7929, b 2.426; Gamma-Gamma p 6.250, q 3.744, gamma 15.44');
    const summary = summarizeTransactions(readLog(SAMPLE, 'sample_id'), {
      customer: 'sample_id',
      date: 'date',
      amount: 'dollar_value',
      observationEnd: '1997-09-30',
      timeUnit: 'week',
    });
    const purchaseModel = fitBetaGeo(summary, { timeUnit: 'week' });
    const spendModel = fitGammaGamma(summary, { nonPositiveSpend: 'exclude' });
    const library = customerLifetimeValue({ purchaseModel, spendModel, customers: summary, horizon: 39, timeUnit: 'week', discountRate: 0.002, margin: 0.3 });
    const cli = readCsv(p('clv.csv'), 'sample_id');
    expect(Object.keys(cli)).toEqual(['sample_id', 'frequency', 'recency', 'T', 'monetary', 'probabilityAlive', 'expectedPurchases', 'expectedSpend', 'clv']);
    expect(cli.sample_id).toEqual(summary.customer);
    expect(cli.probabilityAlive).toEqual(library.probabilityAlive);
    expect(cli.expectedPurchases).toEqual(library.expectedPurchases);
    expect(cli.expectedSpend).toEqual(library.expectedSpend);
    expect(cli.clv).toEqual(library.clv);
    expect(readdirSync(p('models')).sort()).toEqual(['betaGeo.json', 'gammaGamma.json']);
    expect(parseModel(readFileSync(p('models/betaGeo.json'), 'utf8'))).toEqual(JSON.parse(JSON.stringify(purchaseModel)));
  });

  it('clv on a log without repeat purchases, or with one customer, says why no model can be fitted and writes nothing', async () => {
    writeFileSync(p('no-repeat.csv'), 'id,day,total\na,2024-01-01,10\nb,2024-01-03,5\nc,2024-02-01,7\n');
    writeFileSync(p('one-customer.csv'), 'id,day,total\na,2024-01-01,10\na,2024-01-09,5\na,2024-02-01,7\n');
    const args = (input: string) => [
      'clv',
      '--input',
      input,
      '--customer',
      'id',
      '--date',
      'day',
      '--amount',
      'total',
      ...week,
      '--horizon',
      '4',
      '--output',
      p('never-clv.csv'),
    ];
    const noRepeat = await run(args(p('no-repeat.csv')));
    expect(noRepeat.stderr).toContain('fitBetaGeo: no customer made a repeat purchase, so the model cannot be fitted');
    const oneCustomer = await run(args(p('one-customer.csv')));
    expect(oneCustomer.stderr).toContain('fitBetaGeo: needs at least 2 customers, got 1');
    expect([noRepeat.code, oneCustomer.code]).toEqual([1, 1]);
    expect(existsSync(p('never-clv.csv'))).toBe(false);
  });

  it('score --model bg=… --model gg=… --horizon on the summary gives the clv command’s columns', async () => {
    await run(['clv', ...log, ...valuation, '--output', p('clv2.csv'), '--models-out', p('models2')]);
    await run(['summarize', ...log, '--output', p('sample-summary.csv')]);
    const result = await run([
      'score',
      '--model',
      `bg=${p('models2/betaGeo.json')}`,
      '--model',
      `gg=${p('models2/gammaGamma.json')}`,
      '--input',
      p('sample-summary.csv'),
      '--keep',
      'sample_id',
      ...valuation,
      '--output',
      p('scored.csv'),
    ]);
    expect(result.stderr).toContain('rows in 2357, rows out 2357, rejected 0');
    expect(result.code).toBe(0);
    const scored = readCsv(p('scored.csv'), 'sample_id');
    const clv = readCsv(p('clv2.csv'), 'sample_id');
    expect(Object.keys(scored)).toEqual(['sample_id', 'bg.probabilityAlive', 'bg.expectedPurchases', 'gg.expectedSpend', 'clv']);
    expect(scored.sample_id).toEqual(clv.sample_id);
    expect(scored['bg.probabilityAlive']).toEqual(clv.probabilityAlive);
    expect(scored['bg.expectedPurchases']).toEqual(clv.expectedPurchases);
    expect(scored['gg.expectedSpend']).toEqual(clv.expectedSpend);
    expect(scored.clv).toEqual(clv.clv);
  });

  it('score with a Gamma-Gamma model alone writes the expected spend; with a BG/NBD model and --horizon, P(alive) and expected purchases (Hardie: 1.226)', async () => {
    const spendModel = fitGammaGamma(
      summarizeTransactions(readLog(SAMPLE, 'sample_id'), {
        customer: 'sample_id',
        date: 'date',
        amount: 'dollar_value',
        observationEnd: '1997-09-30',
        timeUnit: 'week',
      }),
    );
    writeFileSync(p('gg-only.json'), JSON.stringify(spendModel));
    writeFileSync(p('history.csv'), 'id,frequency,recency,T,monetary\n007,2,30.43,38.86,22.35\n7,0,0,38.86,0\n');
    const spend = await run(['score', '--model', p('gg-only.json'), '--input', p('history.csv'), '--keep', 'id', '--output', p('spend.csv')]);
    expect(spend.code).toBe(0);
    const written = readCsv(p('spend.csv'), 'id');
    expect(written.id).toEqual(['007', '7']);
    expect(written['gammaGamma.expectedSpend']).toEqual(conditionalExpectedSpend(spendModel, { frequency: [2, 0], monetary: [22.35, 0] }).values);
    // the published BG/NBD CDNOW parameters (Fader, Hardie & Lee 2005)
    const published = {
      kind: 'betaGeo',
      version: 2,
      spec: { timeUnit: 'week', columns: { frequency: 'frequency', recency: 'recency', T: 'T', monetary: 'monetary' }, missing: 'error', maxIterations: 1000 },
      params: { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 },
      standardErrors: null,
      fitted: { n: 2357, skipped: 0, warnings: [], diagnostics: { logLikelihood: -9582.4, groups: 1016, iterations: 0 } },
    };
    writeFileSync(p('published.json'), JSON.stringify(published));
    const purchases = await run(['score', '--model', p('published.json'), '--input', p('history.csv'), '--horizon', '39', '--output', p('purchases.ndjson')]);
    expect(purchases.code).toBe(0);
    const rows = readFileSync(p('purchases.ndjson'), 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(Math.round(rows[0]['betaGeo.expectedPurchases'] * 1000) / 1000).toBe(1.226);
    expect(rows.map((row) => row['betaGeo.probabilityAlive'])).toEqual(
      Array.from(probabilityAlive(published as never, { frequency: [2, 0], recency: [30.43, 0], T: [38.86, 38.86] }).values),
    );
  });

  it('score refuses what the CLV path cannot do, saying what to do: other kinds, no horizon for a CLV, a reject file; a bad line is named', async () => {
    await run(['clv', ...log, ...valuation, '--output', p('clv3.csv'), '--models-out', p('models3')]);
    const models = ['--model', `bg=${p('models3/betaGeo.json')}`, '--model', `gg=${p('models3/gammaGamma.json')}`];
    const noHorizon = await run(['score', ...models, '--input', p('history.csv')]);
    expect(noHorizon.stderr).toContain('--horizon is required');
    const rejects = await run(['score', ...models, '--input', p('history.csv'), '--horizon', '4', '--reject-file', p('r.csv')]);
    expect(rejects.stderr).toContain('--reject-file does not apply with a gammaGamma model');
    writeFileSync(
      p('spec.json'),
      JSON.stringify({ recency: { column: 'recency', better: 'lower' }, frequency: { column: 'frequency' }, monetary: { column: 'monetary' } }),
    );
    await run(['fit', '--kind', 'rfm', '--spec', p('spec.json'), '--input', p('sample-summary.csv'), '--output', p('rfm.json')]);
    const mixed = await run(['score', ...models, '--model', `rfm=${p('rfm.json')}`, '--input', p('history.csv'), '--horizon', '4']);
    expect(mixed.stderr).toContain('score "rfm" (rfm) in a separate run');
    writeFileSync(p('bad-history.csv'), 'id,frequency,recency,T,monetary\na,2,30.43,38.86,22.35\nb,1,40,38.86,10\n');
    const bad = await run(['score', ...models, '--input', p('bad-history.csv'), '--horizon', '4', '--output', p('never.csv')]);
    expect(bad.stderr).toMatch(/line 3, column "recency": expected recency ≤ T/);
    expect(existsSync(p('never.csv'))).toBe(false);
    writeFileSync(p('hole-history.csv'), 'id,frequency,recency,T,monetary\na,2,30.43,38.86,22.35\nb,,0,38.86,0\n');
    const hole = await run(['score', ...models, '--input', p('hole-history.csv'), '--horizon', '4']);
    expect(hole.stderr).toMatch(/line 3, column "frequency".*pass --missing skip/);
    const skip = await run(['score', ...models, '--input', p('hole-history.csv'), '--keep', 'id', '--horizon', '4', '--missing', 'skip']);
    expect(skip.stdout.split('\n')[2]).toBe('b,,,,');
    expect(skip.stderr).toContain('skipped 1');
    expect([noHorizon.code, rejects.code, mixed.code, bad.code, hole.code, skip.code]).toEqual([1, 1, 1, 1, 1, 0]);
    // the library's words (issue 15): error is the default here, reject its deprecated alias; any other word names them
    const error = await run(['score', ...models, '--input', p('hole-history.csv'), '--horizon', '4', '--missing', 'error']);
    const reject = await run(['score', ...models, '--input', p('hole-history.csv'), '--horizon', '4', '--missing', 'reject']);
    for (const refused of [error, reject]) expect([refused.code, refused.stderr]).toEqual([1, hole.stderr]);
    const drop = await run(['score', ...models, '--input', p('hole-history.csv'), '--horizon', '4', '--missing', 'drop']);
    expect(drop.stderr).toContain('--missing must be error or skip');
  });
});

describe('CLI_COMMANDS entries: summary, flags and examples for the help generator', () => {
  // every entry that declares its flags (summarize and clv here; the others as they gain them)
  const declared = Object.entries(CLI_COMMANDS).filter(([, entry]) => 'flags' in entry) as [
    string,
    { summary: string; flags: Record<string, { help: string }>; examples: readonly string[]; inputs: Record<string, string>; outputs: readonly string[] },
  ][];

  it('includes summarize and clv', () => {
    expect(declared.map(([name]) => name)).toEqual(expect.arrayContaining(['summarize', 'clv']));
  });

  it.each(declared)('%s declares a one-line summary, every flag with help, and examples naming only declared flags', (name, entry) => {
    expect(entry.summary).not.toContain('\n');
    for (const [flag, spec] of Object.entries(entry.flags)) expect(spec.help.length, flag).toBeGreaterThan(10);
    expect(entry.examples.length).toBeGreaterThan(0);
    for (const example of entry.examples) {
      expect(example.startsWith(`customer-value ${name} `)).toBe(true);
      for (const [, flag] of example.matchAll(/(?:^|\s)--([a-z-]+)/g))
        if (flag !== 'help') expect(Object.keys(entry.flags), `${name} example uses --${flag}`).toContain(flag);
    }
    for (const flag of [...Object.keys(entry.inputs), ...entry.outputs]) expect(Object.keys(entry.flags)).toContain(flag);
  });
});

describe('README "From a transaction log to CLV" shows what the commands print', () => {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');

  it('the CDNOW clv rows and parameters, and the holdout check (expected vs observed repeat purchases)', async () => {
    const cdnow = ['--input', MASTER, '--customer', 'customer_id', '--date', 'date', '--amount', 'dollar_value', ...week];
    const result = await run([
      'clv',
      ...cdnow,
      '--observation-end',
      '1997-09-30',
      '--horizon',
      '39',
      '--discount-rate',
      '0.002',
      '--output',
      p('readme-clv.csv'),
    ]);
    expect(result.stderr).toContain('BG/NBD r 0.2516, alpha 4.789, a 0.7234, b 2.161; Gamma-Gamma p 6.275, q 3.624, gamma 14.98');
    expect(readme).toContain('(BG/NBD r 0.2516, α 4.789, a 0.7234, b 2.161; Gamma-Gamma p 6.275, q 3.624, γ 14.98)');
    const lines = readFileSync(p('readme-clv.csv'), 'utf8').split('\n');
    for (const line of [lines[0], lines[1], lines.find((l) => l.startsWith('3,'))!]) expect(readme).toContain(`\n${line}\n`);
    const expected = readCsv(p('readme-clv.csv'), 'customer_id').expectedPurchases.reduce((a: number, b: number) => a + b, 0);
    await run(['summarize', ...cdnow, '--calibration-end', '1997-09-30', '--observation-end', '1998-06-30', '--output', p('readme-split.csv')]);
    const observed = readCsv(p('readme-split.csv'), 'customer_id').frequencyHoldout.reduce((a: number, b: number) => a + b, 0);
    const n = (v: number) => Math.round(v).toLocaleString('en-US');
    expect(readme).toContain(`the model above expects ${n(expected)}\n  repeat purchases in those 39 weeks; the holdout has ${n(observed)}.`);
  });
});
