import { parseNumberText } from './numberText.js';

/**
 * A categorical input's value as read from a file (a CSV cell, an NDJSON value, a number a reader
 * parsed), mapped to its level's index among a model's fitted levels (issue 19: covariates through
 * `scoreStream` and `customer-value score`).
 *
 * In memory a value is typed, and `scoreColumns` matches it strictly (7 is not "7", as the fit
 * reads levels). In a file every value is text, or a number only because a reader parsed it: so
 * here a text matches a text level exactly, else a numeric level when it reads as that number
 * under the one number grammar (`"2"`, `" 2.0"` are level 2); a number matches a numeric level by
 * value, else the one text level that reads as it (`2` is level `"2"`). Text prefers text and a
 * number prefers numbers, so a model with both 7 and "7" reads each as itself; a number that two
 * text levels read as (`"1"`, `"01"`) matches neither. `null`, `undefined`, NaN and the empty text
 * are missing; a bigint is its number when it is a safe integer; anything else matches nothing.
 */
export interface FileLevels {
  /** The level's index, NaN for a missing value, −1 for a value that is no fitted level. */
  code(value: unknown): number;
  /** True when some text level has no number reading: a column parsed as numbers can never hold it. */
  readonly textOnly: boolean;
  /** The levels for messages: `"low", "high"` (the first 10 and their count when there are more). */
  readonly listed: string;
}

/** Missing: NaN. */
const MISSING = Number.NaN;
/** Levels listed in a message (a reject reason is written per rejected line). */
const LISTED = 10;
/** No fitted level. */
const UNKNOWN = -1;

export function fileLevels(levels: readonly (string | number)[]): FileLevels {
  const byText = new Map<string, number>();
  const byNumber = new Map<number, number>();
  levels.forEach((level, l) => {
    if (typeof level === 'string') byText.set(level, l);
    else byNumber.set(level, l);
  });
  // numbers also match the one text level that reads as them (a second one makes the number ambiguous)
  const fromText = new Map<number, number>();
  let textOnly = false;
  levels.forEach((level, l) => {
    if (typeof level !== 'string') return;
    const value = parseNumberText(level);
    if (value !== value) {
      textOnly = true;
      return;
    }
    fromText.set(value, fromText.has(value) ? UNKNOWN : l);
  });
  const ofNumber = (v: number): number => {
    if (v !== v) return MISSING;
    return byNumber.get(v) ?? fromText.get(v) ?? UNKNOWN;
  };
  const ofText = (v: string): number => {
    if (v === '') return MISSING;
    const l = byText.get(v);
    if (l !== undefined) return l;
    if (byNumber.size === 0) return UNKNOWN;
    const value = parseNumberText(v);
    return value === value ? (byNumber.get(value) ?? UNKNOWN) : UNKNOWN;
  };
  return {
    code(value: unknown): number {
      if (typeof value === 'string') return ofText(value);
      if (typeof value === 'number') return ofNumber(value);
      if (value === null || value === undefined) return MISSING;
      if (typeof value === 'bigint') return value >= -(2n ** 53n) && value <= 2n ** 53n ? ofNumber(Number(value)) : UNKNOWN;
      return UNKNOWN;
    },
    textOnly,
    listed:
      levels.length <= LISTED
        ? levels.map((level) => JSON.stringify(level)).join(', ')
        : `${levels
            .slice(0, LISTED)
            .map((level) => JSON.stringify(level))
            .join(', ')}, … (${levels.length} levels)`,
  };
}
