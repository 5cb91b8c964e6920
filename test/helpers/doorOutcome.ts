import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { describe, expect, it } from 'vitest';
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

/**
 * The recorded-door test: each case's outcome (`doorOutcome`) equals the one recorded in `fixture`
 * on the code before a change. With `RECORD_DOOR_ISSUES=1` the fixture is (re)written from this
 * run first, which is how it is recorded on the old code; without it a missing fixture fails the
 * first test (no case is left unchecked).
 */
export function describeRecordedDoors(title: string, fixture: string, cases: Record<string, () => unknown>): void {
  describe(title, () => {
    const outcomes = Object.fromEntries(Object.entries(cases).map(([name, call]) => [name, doorOutcome(call)]));
    if (process.env.RECORD_DOOR_ISSUES) {
      mkdirSync(dirname(fixture), { recursive: true });
      writeFileSync(fixture, `${JSON.stringify(outcomes, null, 1)}\n`);
    }
    const recorded = existsSync(fixture) ? (JSON.parse(readFileSync(fixture, 'utf8')) as Record<string, unknown>) : {};

    it('has a recorded outcome for every case, and only for those', () => {
      expect(Object.keys(recorded).sort()).toEqual(Object.keys(cases).sort());
    });

    it.each(Object.keys(cases))('%s', (name) => {
      expect(outcomes[name]).toEqual(recorded[name]);
    });
  });
}
