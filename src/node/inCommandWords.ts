// The library's advice in the command's words: a hint naming a library option
// (`missing: 'skip'`) names the flag that sets it on the command line (`--missing skip`).
import { CustomerValueError } from '../errors.js';

/**
 * `error` with each issue's hint rewritten by `hints` (pairs of library text and command text);
 * any other error is returned as it was. File lines are added by `atFileLines` (cliSupport.ts).
 */
export function inCommandWords(error: unknown, hints: readonly (readonly [string, string])[]): unknown {
  if (!(error instanceof CustomerValueError) || !error.issues.some((issue) => issue.hint !== undefined)) return error;
  const issues = error.issues.map((issue) => {
    if (issue.hint === undefined) return issue;
    let hint = issue.hint;
    for (const [library, command] of hints) hint = hint.replace(library, command);
    return { ...issue, hint };
  });
  return new CustomerValueError(error.code, error.message.split('\n')[0], issues, error.totalIssues);
}

/** The hints every command reading a log rewrites. */
export const MISSING_HINTS = [["pass missing: 'skip'", 'pass --missing skip']] as const;
