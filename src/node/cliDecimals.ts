import { usage, type Args } from './cliSupport.js';

/**
 * @internal `customer-value score --decimals`: `--decimals 2` (every float output column) or
 * `--decimals <column>=<d>`, repeatable (those columns); undefined when not given. Whole numbers
 * 0–20, for CSV output only.
 */
export function decimalsOf(args: Args, outputFormat: string): number | Record<string, number> | undefined {
  const values = args.options.get('decimals') ?? [];
  if (values.length === 0) return undefined;
  if (outputFormat !== 'csv') throw usage('score: --decimals applies to CSV output (NDJSON numbers are written at round-trip precision)', 'score');
  const whole = (text: string) => {
    const d = /^\d{1,2}$/.test(text) ? Number(text) : NaN;
    if (!(d <= 20)) throw usage(`score: --decimals takes a whole number from 0 to 20 or column=number (got ${JSON.stringify(text)})`, 'score');
    return d;
  };
  if (values.length === 1 && !values[0].includes('=')) return whole(values[0]);
  const named: Record<string, number> = Object.create(null) as Record<string, number>;
  for (const value of values) {
    const at = value.lastIndexOf('=');
    if (at <= 0) throw usage(`score: --decimals ${JSON.stringify(value)}: give one number for every float column, or column=number (repeatable)`, 'score');
    named[value.slice(0, at)] = whole(value.slice(at + 1));
  }
  return named;
}
