import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseCsv } from '../../src/index.js';

/** Absolute path of a file under test/fixtures. */
export function fixturePath(relative: string): string {
  return fileURLToPath(new URL(`../fixtures/${relative}`, import.meta.url));
}

/** A CSV fixture parsed into columns. */
export function readFixtureCsv(relative: string) {
  return parseCsv(readFileSync(fixturePath(relative), 'utf8'));
}

/** A JSON fixture. */
export function readFixtureJson<T = unknown>(relative: string): T {
  return JSON.parse(readFileSync(fixturePath(relative), 'utf8')) as T;
}

/** Run `fn` and return what it threw (fails the test when it does not throw). */
export function caught(fn: () => unknown): any {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to throw');
}
