// CLV from the shell: `customer-value clv` (a transaction log to per-customer CLV in one step),
// `fit --kind betaGeo|gammaGamma` on a transaction log, and `score` with a Gamma-Gamma model
// (P(alive), expected purchases, expected spend and CLV from saved models).
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Writable } from 'node:stream';
import { CustomerValueError } from '../errors.js';
import { fitBetaGeo, type BetaGeoModel } from '../loyalty/clv/fitBetaGeo.js';
import { fitGammaGamma, type GammaGammaModel } from '../loyalty/clv/fitGammaGamma.js';
import { CLI_FITTERS, LOG_FIT_KINDS } from './cliFitters.js';
import type { CliFitKind } from '../model/kinds.js';
import { customerLifetimeValue } from '../loyalty/clv/customerLifetimeValue.js';
import { conditionalExpectedSpend } from '../loyalty/clv/conditionalExpectedSpend.js';
import { conditionalExpectedPurchases, probabilityAlive } from '../loyalty/clv/betaGeoPredictions.js';
import { parseModel, type CustomerValueModel } from '../model/parseModel.js';
import { outputError, writeFileAtomic } from './atomicOutput.js';
import {
  type Args,
  type CommandIo,
  type FlagSpec,
  atFileLines,
  formatOf,
  one,
  readInputColumns,
  readJson,
  removeEmptyDirectories,
  usage,
  withOutputs,
} from './cliSupport.js';
import { inCommandWords, MISSING_HINTS } from './inCommandWords.js';
import { LOG_FLAGS, summarizeLog, writeTable, writeTableOutput } from './cliSummarize.js';
import { MISSING_VALUES, type MissingValues } from '../io/missingValues.js';

/** `--horizon`, `--discount-rate` and `--margin`, read and checked (horizon absent: null). */
function valuation(args: Args, horizonRequired: boolean): { horizon: number | null; discountRate: number; margin: number } {
  const text = one(args, 'horizon', horizonRequired);
  const horizon = text ? Number(text) : null;
  if (horizon !== null && !(Number.isInteger(horizon) && horizon >= 1 && horizon <= 100_000))
    throw usage(`--horizon must be a whole number of periods from 1 to 100,000 (got ${JSON.stringify(text)})`);
  const discountRate = Number(one(args, 'discount-rate', false) || 0);
  if (!(discountRate >= 0 && discountRate <= 10))
    throw usage(`--discount-rate must be a rate per period from 0 to 10, e.g. 0.01 (got ${JSON.stringify(one(args, 'discount-rate', false))})`);
  const margin = Number(one(args, 'margin', false) || 1);
  if (!(margin > 0 && margin <= 1)) throw usage(`--margin must be a share of spend in (0, 1], e.g. 0.3 (got ${JSON.stringify(one(args, 'margin', false))})`);
  return { horizon, discountRate, margin };
}

/** The spec file a log fit may add (fit options only: the summary's columns are its own). */
function logFitSpec(args: Args, timeUnit: boolean): Record<string, unknown> {
  const path = one(args, 'spec', false);
  const spec = path ? readJson(path) : {};
  if (spec === null || typeof spec !== 'object' || Array.isArray(spec)) throw usage(`the spec "${path}" must be a JSON object`);
  for (const key of ['columns', 'timeUnit']) {
    if (key in spec)
      throw usage(
        `with a transaction log (--customer), the spec "${path}" cannot set ${key}: the summary's columns are frequency, recency, T, monetary and its time unit is --time-unit`,
      );
  }
  return timeUnit ? { ...spec, timeUnit: one(args, 'time-unit') } : { ...spec };
}

/**
 * `fit --kind betaGeo|gammaGamma` on a transaction log (`--customer` given): the log is
 * summarized first (`summarizeTransactions`, as `summarize` does), then the model is fitted to
 * the summary. Without `--customer` the input is a summary, as before.
 */
export async function fitFromLog(args: Args, io: CommandIo): Promise<number> {
  const kind = one(args, 'kind');
  // the kinds fitted on a log: those with `log` in the CLI's table of fitters (cliFitters.ts)
  if (!(LOG_FIT_KINDS as readonly string[]).includes(kind))
    throw usage(
      `--customer (a transaction log as input) works with --kind ${LOG_FIT_KINDS.join(' or ')}, not ${JSON.stringify(kind)}: summarize the log first for other kinds`,
    );
  const fitter = CLI_FITTERS[kind as CliFitKind];
  const spec = logFitSpec(args, fitter.log!.timeUnit);
  const log = await summarizeLog(args, 'customer-value fit', { amountRequired: fitter.log!.amount, split: false });
  io.err(log.note);
  const model = bySummaryCustomer(log.summary.customer, () => fitter.fit(log.summary as never, spec as never));
  const json = `${JSON.stringify(model, null, 2)}\n`;
  const output = one(args, 'output', false);
  if (output) await writeFileAtomic(output, json, 'customer-value fit', 'output');
  else io.out(json);
  return 0;
}

/**
 * Run a fit or prediction on a summary built from a log: an issue naming a summary row names the
 * customer instead (the user never saw the summary's row order).
 */
function bySummaryCustomer<T>(customers: readonly (string | number)[], body: () => T): T {
  try {
    return body();
  } catch (error) {
    if (!(error instanceof CustomerValueError) || !error.issues.some((issue) => issue.row !== undefined)) throw error;
    const issues = error.issues.map((issue) => {
      if (issue.row === undefined) return issue;
      const { row, ...rest } = issue;
      return { ...rest, received: `${issue.received ?? 'a bad value'} for customer ${JSON.stringify(String(customers[row]))}` };
    });
    throw new CustomerValueError(
      error.code,
      error.message.split('\n')[0].replace(/rows? (has|have)/, (m) => m.replace(/rows?/, (w) => (w === 'row' ? 'customer' : 'customers'))),
      issues,
      error.totalIssues,
    );
  }
}

/** Options `fit` gains for a transaction log as input (merged into fit's own flags). */
export const FIT_LOG_FLAGS: Record<string, FlagSpec> = {
  customer: { value: '<column>', help: 'The input is a transaction log (betaGeo, gammaGamma): the customer id column; the log is summarized first.' },
  date: { value: '<column>', help: 'With --customer: the order date column.' },
  amount: { value: '<column>', help: 'With --customer: the order value column (required for gammaGamma).' },
  'time-unit': { value: '<day|week|month>', help: 'With --customer: the unit of recency and T.' },
  'observation-end': { value: '<YYYY-MM-DD>', help: 'With --customer: last day observed (default: the latest order date).' },
  missing: {
    value: '<error|skip>',
    help: 'With --customer: a row with an empty customer, date or amount is an error naming its line (default), or skipped and counted.',
  },
};

/** The options that describe a log: given without --customer, fit would ignore them. */
const LOG_ONLY = ['date', 'amount', 'time-unit', 'observation-end', 'missing', 'date-format', 'timezone'] as const;

async function clv(args: Args, io: CommandIo): Promise<number> {
  const { horizon, discountRate, margin } = valuation(args, true);
  const log = await summarizeLog(args, 'customer-value clv', { amountRequired: true, split: false });
  const s = log.summary;
  const purchaseModel = bySummaryCustomer(s.customer, () => fitBetaGeo(s, { timeUnit: s.timeUnit }));
  // a repeat customer whose purchases total 0 says nothing about spend amounts: left out of the
  // Gamma-Gamma fit (counted below), valued like every customer
  const spendModel = bySummaryCustomer(s.customer, () => fitGammaGamma(s, { nonPositiveSpend: 'exclude' }));
  const result = bySummaryCustomer(s.customer, () =>
    customerLifetimeValue({ purchaseModel, spendModel, customers: s, horizon: horizon!, timeUnit: s.timeUnit, discountRate, margin }),
  );
  const columns = {
    [log.customer]: s.customer.map(String),
    frequency: s.frequency,
    recency: s.recency,
    T: s.T,
    monetary: s.monetary,
    probabilityAlive: result.probabilityAlive,
    expectedPurchases: result.expectedPurchases,
    expectedSpend: result.expectedSpend,
    clv: result.clv,
  };
  const modelsOut = one(args, 'models-out', false);
  const output = one(args, 'output', false);
  const format = formatOf(args, 'output-format', output, formatOf(args, 'format', one(args, 'input')));
  let created: string | undefined;
  if (modelsOut) {
    try {
      // the folder itself, not missing parents: a mistyped path is an error, not a new tree
      mkdirSync(modelsOut);
      created = modelsOut;
    } catch (error) {
      if ((error as { code?: unknown }).code !== 'EEXIST') throw outputError(error, 'customer-value clv', 'models directory', modelsOut);
      created = undefined;
    }
  }
  try {
    await withOutputs('clv', async (open) => {
      const target = output ? await open(output, 'output') : (io.stdout as Writable);
      if (modelsOut) {
        for (const [name, model] of [
          ['betaGeo.json', purchaseModel],
          ['gammaGamma.json', spendModel],
        ] as const) {
          const file = await open(join(modelsOut, name), 'model file');
          await new Promise<void>((done, fail) => file.write(`${JSON.stringify(model, null, 2)}\n`, (error) => (error ? fail(error) : done())));
        }
      }
      await writeTable(columns, target, format);
    });
  } catch (error) {
    if (created !== undefined) removeEmptyDirectories(resolve(created), resolve(created));
    throw error;
  }
  const p = purchaseModel.params;
  const g = spendModel.params;
  const total = result.clv.reduce((a, b) => a + b, 0);
  io.err(log.note);
  io.err(
    `customer-value clv: BG/NBD r ${p.r.toPrecision(4)}, alpha ${p.alpha.toPrecision(4)}, a ${p.a.toPrecision(4)}, b ${p.b.toPrecision(4)}; Gamma-Gamma p ${g.p.toPrecision(4)}, q ${g.q.toPrecision(4)}, gamma ${g.gamma.toPrecision(4)}\n`,
  );
  io.err(
    `customer-value clv: horizon ${horizon} ${s.timeUnit}s, discount ${discountRate} per ${s.timeUnit}, margin ${margin}: total CLV ${total.toLocaleString('en-US', { maximumFractionDigits: 2 })}, mean ${(total / Math.max(1, result.clv.length)).toLocaleString('en-US', { maximumFractionDigits: 2 })} per customer\n`,
  );
  if (spendModel.fitted.diagnostics.nonPositiveExcluded > 0)
    io.err(
      `customer-value clv: ${spendModel.fitted.diagnostics.nonPositiveExcluded} repeat customer(s) whose repeat purchases total 0 were left out of the Gamma-Gamma fit (still valued: their expected spend is shrunk from 0 toward the population mean)\n`,
    );
  for (const warning of [...purchaseModel.fitted.warnings, ...spendModel.fitted.warnings]) io.err(`customer-value clv: warning: ${warning}\n`);
  return 0;
}

const VALUATION_FLAGS: Record<string, FlagSpec> = {
  'discount-rate': { value: '<rate>', help: 'Discount rate per period of the time unit, e.g. 0.01 a month (default 0: undiscounted).' },
  margin: { value: '<share>', help: 'Profit margin on spend in (0, 1] (default 1: CLV in revenue).' },
};

/** The `clv` entry of `CLI_COMMANDS`. */
export const CLV_COMMAND = {
  run: clv,
  inputs: { input: 'input' },
  outputs: ['output', 'models-out'],
  formats: ['csv', 'ndjson'],
  stdout: true,
  summary: 'A transaction log to per-customer CLV: fits BG/NBD and Gamma-Gamma, writes P(alive), expected purchases, expected spend, CLV.',
  flags: {
    ...LOG_FLAGS,
    amount: { value: '<column>', required: true, help: 'The order value column, read as numbers (refunds negative).' },
    horizon: { value: '<periods>', required: true, help: 'How many periods of --time-unit to value, e.g. 52 weeks.' },
    ...VALUATION_FLAGS,
    output: { value: '<clv.csv|.ndjson>', help: 'Where to write one row per customer (default: standard output).' },
    'output-format': { value: '<csv|ndjson>', help: "the output's format (default: from --output's extension, else the input's)" },
    'models-out': { value: '<folder>', help: 'Also save the fitted models there as betaGeo.json and gammaGamma.json (for score and sql).' },
  } satisfies Record<string, FlagSpec>,
  examples: [
    'customer-value clv --input orders.csv --customer customer_id --date order_date --amount total --time-unit week \\\n      --horizon 52 --discount-rate 0.002 --output clv.csv --models-out models',
  ],
} as const;

/** Options `score` gains for BG/NBD and Gamma-Gamma models (merged into score's own flags). */
export const SCORE_CLV_FLAGS: Record<string, FlagSpec> = {
  horizon: {
    value: '<periods>',
    help: 'With a betaGeo model: expected purchases over this many periods of its time unit (and CLV with a gammaGamma model; then required).',
  },
  ...VALUATION_FLAGS,
};

/**
 * The models of `score --model [name=]path…` when `score` must take the lifetime-value path (a
 * Gamma-Gamma model, or `--horizon`), else null (the compiled streaming scorer takes them).
 */
function lifetimeValueModels(args: Args): Record<string, CustomerValueModel> | null {
  const models: Record<string, CustomerValueModel> = {};
  for (const entry of args.options.get('model') ?? []) {
    const at = entry.indexOf('=');
    const model = parseModel(readJson(at >= 0 ? entry.slice(at + 1) : entry));
    models[(at >= 0 ? entry.slice(0, at) : '') || model.kind] = model;
  }
  const lifetimeValue = Object.values(models).some((model) => model.kind === 'gammaGamma') || one(args, 'horizon', false) !== '';
  return lifetimeValue ? models : null;
}

type Run = (args: Args, io: CommandIo) => Promise<number>;

/** `fit`'s run: on a transaction log (`--customer` given) `fitFromLog`, else `fit` on a summary. */
export function orFromLog(fit: Run): Run {
  return (args, io) => {
    if (args.options.has('customer')) return fitFromLog(args, io);
    const logOnly = LOG_ONLY.filter((flag) => args.options.has(flag));
    if (logOnly.length > 0)
      throw usage(
        `fit: ${logOnly.map((flag) => `--${flag}`).join(', ')} describe${logOnly.length === 1 ? 's' : ''} a transaction log: add --customer <column> to fit betaGeo or gammaGamma on a log, or leave ${logOnly.length === 1 ? 'it' : 'them'} out for a table`,
        'fit',
      );
    return fit(args, io);
  };
}

/** `score`'s run: `scoreLifetimeValue` for a Gamma-Gamma model or `--horizon`, else the compiled streaming `score`. */
export function orLifetimeValue(score: Run): Run {
  return (args, io) => {
    const models = lifetimeValueModels(args);
    return models ? scoreLifetimeValue(args, models, io) : score(args, io);
  };
}

/**
 * `score` with BG/NBD and Gamma-Gamma models: P(alive) (`<bg>.probabilityAlive`), expected
 * purchases over `--horizon` (`<bg>.expectedPurchases`), expected spend per purchase
 * (`<gg>.expectedSpend`) and, with both models, `clv` — the library's `customerLifetimeValue`,
 * `probabilityAlive`, `conditionalExpectedPurchases` and `conditionalExpectedSpend` on the whole
 * summary (read at once: a summary has a row per customer, not per order). A bad row stops the
 * run with its file line (no reject file on this path).
 */
export async function scoreLifetimeValue(args: Args, models: Readonly<Record<string, CustomerValueModel>>, io: CommandIo): Promise<number> {
  const entries = Object.entries(models);
  const other = entries.find(([, model]) => model.kind !== 'betaGeo' && model.kind !== 'gammaGamma');
  if (other)
    throw usage(
      `score with a gammaGamma model or --horizon takes betaGeo and gammaGamma models only: score "${other[0]}" (${other[1].kind}) in a separate run`,
    );
  const purchase = entries.filter(([, model]) => model.kind === 'betaGeo') as [string, BetaGeoModel][];
  const spend = entries.filter(([, model]) => model.kind === 'gammaGamma') as [string, GammaGammaModel][];
  if (purchase.length > 1 || spend.length > 1) throw usage('score takes at most one betaGeo and one gammaGamma model at a time');
  if (one(args, 'reject-file', false))
    throw usage('--reject-file does not apply with a gammaGamma model or --horizon: the summary is read whole and a bad line stops the run, named');
  if (args.options.has('decimals'))
    throw usage('--decimals does not apply with a gammaGamma model or --horizon (it applies to the streamed score of the other models)');
  const { horizon, discountRate, margin } = valuation(args, purchase.length === 1 && spend.length === 1);
  if (purchase.length === 0 && horizon !== null) throw usage('--horizon needs a betaGeo model (expected purchases and CLV come from it)');
  // the whole summary goes through the library functions: their words, error (default) or skip;
  // reject, the streamed score's default, stops the run here too, so it is read as error (deprecated)
  const given = one(args, 'missing', false) || 'error';
  if (given !== 'reject' && !(MISSING_VALUES as readonly string[]).includes(given))
    throw usage(`--missing must be ${MISSING_VALUES.join(' or ')} with a gammaGamma model or --horizon (got ${JSON.stringify(given)})`);
  const missing: MissingValues = given === 'skip' ? 'skip' : 'error';
  const input = one(args, 'input');
  const keep = args.options.get('keep') ?? [];
  const columnsOf = (model: BetaGeoModel | GammaGammaModel) => model.spec.columns;
  const numbers = [
    ...new Set([
      ...purchase.flatMap(([, m]) => [columnsOf(m).frequency, columnsOf(m).recency, columnsOf(m).T]),
      ...spend.flatMap(([, m]) => [columnsOf(m).frequency, columnsOf(m).monetary]),
    ]),
  ];
  const data = (await readInputColumns(
    args,
    input,
    numbers,
    keep.filter((name) => !numbers.includes(name)),
  )) as Record<string, ArrayLike<unknown>>;
  const rows = Object.values(data)[0]?.length ?? 0;
  for (const name of keep) if (!(name in data)) throw usage(`--keep ${name}: the input "${input}" has no column "${name}"`);
  const policy = { missing };
  const out: Record<string, ArrayLike<unknown>> = {};
  for (const name of keep) out[name] = data[name];
  const add = (name: string, values: Float64Array) => {
    if (Object.keys(out).some((taken) => taken.toLowerCase() === name.toLowerCase()))
      throw usage(`the output column "${name}" is also a kept column: keep it under another name`);
    out[name] = values;
  };
  try {
    atFileLines(data, () => {
      if (purchase.length === 1 && spend.length === 1) {
        const [[bg, purchaseModel]] = purchase;
        const [[gg, spendModel]] = spend;
        const result = customerLifetimeValue({
          purchaseModel,
          spendModel,
          customers: data,
          horizon: horizon!,
          timeUnit: purchaseModel.spec.timeUnit,
          discountRate,
          margin,
          ...policy,
        });
        add(`${bg}.probabilityAlive`, result.probabilityAlive);
        add(`${bg}.expectedPurchases`, result.expectedPurchases);
        add(`${gg}.expectedSpend`, result.expectedSpend);
        add('clv', result.clv);
      } else {
        for (const [name, model] of purchase) {
          add(`${name}.probabilityAlive`, probabilityAlive(model, data, policy).values);
          if (horizon !== null) add(`${name}.expectedPurchases`, conditionalExpectedPurchases(model, data, horizon, policy).values);
        }
        for (const [name, model] of spend) add(`${name}.expectedSpend`, conditionalExpectedSpend(model, data, policy).values);
      }
    });
  } catch (error) {
    throw inCommandWords(error, MISSING_HINTS);
  }
  await writeTableOutput(args, 'score', io, out);
  const skipped = Object.values(out).length > keep.length ? Array.from(Object.values(out)[keep.length] as Float64Array).filter((v) => v !== v).length : 0;
  io.err(`rows in ${rows}, rows out ${rows}, rejected 0${missing === 'skip' ? `, skipped ${skipped} (missing inputs, written as empty cells)` : ''}\n`);
  if (purchase.length === 1 && spend.length === 1)
    io.err(
      `customer-value score: CLV over ${horizon} ${purchase[0][1].spec.timeUnit}s, discount ${discountRate} per ${purchase[0][1].spec.timeUnit}, margin ${margin}\n`,
    );
  return 0;
}
