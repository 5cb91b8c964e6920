import { CustomerValueError } from '../../src/errors.js';

/**
 * What a call gives, as JSON: its refusal (code, message, issues) or its result (typed arrays as
 * arrays), so a door's behaviour can be recorded on one version of the code and compared on the
 * next (test/satisfaction/surveyDoorIssues.test.ts, test/contracts/smallDoorIssues.test.ts).
 */
export function doorOutcome(call: () => unknown): unknown {
  try {
    const result = call();
    return { ok: JSON.parse(JSON.stringify(result ?? null, (_k, v: unknown) => (ArrayBuffer.isView(v) ? Array.from(v as Float64Array) : v))) as unknown };
  } catch (error) {
    if (!(error instanceof CustomerValueError)) throw error;
    return { code: error.code, message: error.message, issues: error.issues };
  }
}
