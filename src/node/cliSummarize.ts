// `customer-value summarize`: a transaction log to one row per customer (frequency, recency, T,
// monetary…), with `summarizeTransactions`' semantics, and the log reading that `fit` and `clv`
// share when their input is a log.
import type { Writable } from 'node:stream';
import { daysFromDateValue, isoDateOfDay } from '../internal/civilDays.js';
import { timeUnitSchema } from '../internal/timeUnits.js';
import { summarizeTransactions, type CustomerSummary } from '../value/summarizeTransactions.js';
import {
  type Args,
  type CommandIo,
  type FlagSpec,
  type Format,
  atFileLines,
  DATE_FLAGS,
  formatOf,
  INPUT_FLAGS,
  one,
  readInputColumns,
  usage,
  withOutputs,
} from './cliSupport.js';
import { inCommandWords, MISSING_HINTS } from './inCommandWords.js';
import { writeCsvBatches } from './writeCsv.js';
import { writeNdjsonBatches } from './writeNdjson.js';
import type { ScoredBatch } from './scoreStream.js';
import { MISSING_VALUES, type MissingValues } from '../io/missingValues.js';

const TIME_UNITS = timeUnitSchema.options;

/** The options that describe a transaction log: shared by `summarize`, `clv` and `fit` on a log. */
export const LOG_FLAGS: Record<string, FlagSpec> = {
  input: { value: '<transactions.csv|.ndjson>', required: true, help: 'The transaction log: one row per order (CSV with a header line, or NDJSON).' },
  customer: { value: '<column>', required: true, help: 'The customer id column, read as text (007 and 7 are two customers).' },
  date: {
    value: '<column>',
    required: true,
    help: 'The order date column: YYYY-MM-DD, YYYYMMDD or an ISO timestamp (counted on the date as written; see --date-format, --timezone).',
  },
  'time-unit': { value: '<day|week|month>', required: true, help: 'The unit of recency, T and horizons (a month is 30.4375 days); never assumed.' },
  'observation-end': {
    value: '<YYYY-MM-DD>',
    help: 'Last day observed, inclusive; later orders are left out and counted (default: the latest order date, printed).',
  },
  ...INPUT_FLAGS,
  ...DATE_FLAGS,
  missing: { value: '<error|skip>', help: 'A row with an empty customer, date or amount: an error naming its line (default), or skipped and counted.' },
};

/** A transaction log read and summarized, with what the user should be told about it. */
export interface LogSummary {
  readonly summary: CustomerSummary;
  /** The customer column's name (the output's id column). */
  readonly customer: string;
  /** True when the log had an amount column. */
  readonly withAmount: boolean;
  /** One line for stderr: rows, customers, window, what was left out. */
  readonly note: string;
}

/**
 * Read the log `--input` names and summarize it (`summarizeTransactions`): `--customer` as text,
 * `--amount` (optional unless `amountRequired`) as numbers with bad cells named by file line,
 * `--observation-end` defaulting to the latest order date, `--calibration-end` when given (and
 * the command takes one: `split`). Errors
 * from the summary name file lines, not row positions.
 */
export async function summarizeLog(args: Args, command: string, options: { amountRequired: boolean; split: boolean }): Promise<LogSummary> {
  const { amountRequired, split } = options;
  const input = one(args, 'input');
  const customer = one(args, 'customer');
  const date = one(args, 'date');
  const amount = one(args, 'amount', amountRequired);
  const timeUnit = one(args, 'time-unit');
  if (!(TIME_UNITS as readonly string[]).includes(timeUnit)) throw usage(`--time-unit must be day, week or month (got ${JSON.stringify(timeUnit)})`);
  const calibrationEnd = one(args, 'calibration-end', false);
  if (calibrationEnd && !split)
    throw usage(
      `${command.replace('customer-value ', '')} takes no --calibration-end: summarize splits a log; to fit on the calibration period, set --observation-end to its last day`,
    );
  const given = one(args, 'observation-end', false);
  for (const [flag, value] of [
    ['observation-end', given],
    ['calibration-end', calibrationEnd],
  ] as const) {
    if (value && !/^\d{4}-\d{2}-\d{2}$/.test(value)) throw usage(`--${flag} must be a date YYYY-MM-DD (got ${JSON.stringify(value)})`);
  }
  formatOf(args, 'format', input); // refuses a bad --format before the log is read
  const missing = (one(args, 'missing', false) || 'error') as MissingValues;
  if (!MISSING_VALUES.includes(missing)) throw usage(`--missing must be ${MISSING_VALUES.join(' or ')} (got ${JSON.stringify(missing)})`);
  const columns = await readInputColumns(args, input, amount ? [amount] : [], [customer], [date]);
  // readInputColumns has refused a log without the customer or date column, naming the header found
  let amountColumn = amount;
  if (!amount) {
    // no amounts: every order is a purchase of value 0 (monetary and revenue are not written)
    amountColumn = '\u0000amount';
    columns[amountColumn] = new Float64Array((columns[date] as ArrayLike<unknown>).length);
  }
  const observationEnd = given || latestDate(columns[date] as ArrayLike<unknown>);
  let summary: CustomerSummary;
  try {
    summary = atFileLines(columns, () =>
      summarizeTransactions(columns, {
        customer,
        date,
        amount: amountColumn,
        observationEnd,
        timeUnit: timeUnit as (typeof TIME_UNITS)[number],
        missing,
        ...(calibrationEnd ? { calibrationEnd } : {}),
      }),
    );
  } catch (error) {
    throw inCommandWords(error, MISSING_HINTS);
  }
  const c = summary.counts;
  const n = (v: number) => v.toLocaleString('en-US');
  const window = summary.holdout
    ? `calibration to ${summary.holdout.calibrationEnd}, holdout to ${summary.observationEnd}`
    : `to ${summary.observationEnd}${given ? '' : ' (the latest order date; --observation-end sets it)'}`;
  const left = [
    c.afterObservationEnd > 0 ? `${n(c.afterObservationEnd)} later rows left out` : '',
    c.skipped > 0 ? `${n(c.skipped)} rows with a missing value skipped` : '',
    summary.holdout ? `${n(summary.holdout.rows)} holdout rows` : '',
    summary.holdout && summary.holdout.newCustomers > 0 ? `${n(summary.holdout.newCustomers)} customers first seen in the holdout left out` : '',
    c.refundDays > 0 ? `${n(c.refundDays)} refund days` : '',
    c.withoutPurchase > 0 ? `${n(c.withoutPurchase)} refund-only customers left out` : '',
  ].filter(Boolean);
  const note = `${command}: ${n(c.rows)} rows, ${n(c.customers)} customers, ${window}, time unit ${timeUnit}${left.length ? `; ${left.join(', ')}` : ''}\n`;
  // what changes the statistics without a word (refunds, duplicates, time zones, a short window)
  const warned = summary.warnings.map((warning) => `${command}: warning: ${warning.message}\n`).join('');
  return { summary, customer, withAmount: Boolean(amount), note: note + warned };
}

/** The latest date in a column, as YYYY-MM-DD (values that are not dates are left to the summary to name). */
function latestDate(values: ArrayLike<unknown>): string {
  let latest = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const day = daysFromDateValue(values[i]);
    if (day > latest) latest = day;
  }
  if (latest === -Infinity) throw usage('the log holds no valid date to end the observation at: give --observation-end');
  return isoDateOfDay(latest);
}

/** The summary's columns as written by `summarize`, in order: id first, then the BTYD columns. */
export function summaryColumns(log: LogSummary): Record<string, ArrayLike<unknown>> {
  const s = log.summary;
  const dates = (days: Float64Array) => Array.from(days, (d) => isoDateOfDay(d));
  return {
    [log.customer]: s.customer.map(String),
    frequency: s.frequency,
    recency: s.recency,
    T: s.T,
    ...(log.withAmount ? { monetary: s.monetary, revenue: s.revenue } : {}),
    firstPurchase: dates(s.firstPurchase),
    lastPurchase: dates(s.lastPurchase),
    transactions: s.transactions,
    ...(s.holdout
      ? {
          frequencyHoldout: s.holdout.frequency,
          ...(log.withAmount ? { monetaryHoldout: s.holdout.monetary } : {}),
          durationHoldout: new Float64Array(s.customer.length).fill(s.holdout.duration),
        }
      : {}),
  };
}

/** Write named columns as one CSV or NDJSON table (ids are text: NDJSON strings). */
export async function writeTable(columns: Record<string, ArrayLike<unknown>>, target: Writable, format: Format): Promise<void> {
  const names = Object.keys(columns);
  const rowCount = names.length === 0 ? 0 : columns[names[0]].length;
  // eslint-disable-next-line @typescript-eslint/require-await -- the batch writers take an async iterable
  async function* one(): AsyncGenerator<ScoredBatch> {
    yield { columns, names, rowCount, rejects: [] };
  }
  if (format === 'ndjson') await writeNdjsonBatches(one(), target);
  else await writeCsvBatches(one(), target);
}

/** Write a table to `--output` (atomically) or to standard output. */
export async function writeTableOutput(args: Args, command: string, io: CommandIo, columns: Record<string, ArrayLike<unknown>>): Promise<void> {
  const output = one(args, 'output', false);
  const format = formatOf(args, 'output-format', output, formatOf(args, 'format', one(args, 'input')));
  await withOutputs(command, async (open) => {
    const target = output ? await open(output, 'output') : (io.stdout as Writable);
    await writeTable(columns, target, format);
  });
}

async function summarize(args: Args, io: CommandIo): Promise<number> {
  const log = await summarizeLog(args, 'customer-value summarize', { amountRequired: false, split: true });
  await writeTableOutput(args, 'summarize', io, summaryColumns(log));
  io.err(log.note);
  return 0;
}

/** The `summarize` entry of `CLI_COMMANDS`. */
export const SUMMARIZE_COMMAND = {
  run: summarize,
  inputs: { input: 'input' },
  outputs: ['output'],
  formats: ['csv', 'ndjson'],
  stdout: true,
  summary: 'A transaction log to one row per customer: frequency, recency, T, monetary (BTYD conventions).',
  flags: {
    ...LOG_FLAGS,
    amount: { value: '<column>', help: 'The order value column, read as numbers (refunds negative): adds monetary and revenue.' },
    'calibration-end': {
      value: '<YYYY-MM-DD>',
      help: 'Split: summarize to this day (T runs to it) and add frequencyHoldout, monetaryHoldout, durationHoldout up to --observation-end.',
    },
    output: { value: '<summary.csv|.ndjson>', help: 'Where to write the summary (default: standard output).' },
    'output-format': { value: '<csv|ndjson>', help: "the output's format (default: from --output's extension, else the input's)" },
  } satisfies Record<string, FlagSpec>,
  examples: [
    'customer-value summarize --input orders.csv --customer customer_id --date order_date --amount total --time-unit week --output summary.csv',
    'customer-value summarize --input orders.csv --customer customer_id --date order_date --amount total --time-unit week \\\n      --calibration-end 1997-09-30 --observation-end 1998-06-30 --output split.csv',
  ],
} as const;
