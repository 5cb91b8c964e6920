// Run code under a given IANA time zone in this process: Node re-reads `process.env.TZ` when it
// is assigned (https://nodejs.org/api/cli.html#tz), so `new Date(y, m, d)` and `getDate()`
// follow it at once. The zone is restored afterwards, even on failure. TZ is process-wide: this is
// safe in vitest's default 'forks' pool (one process per worker), not in the 'threads' pool, where
// the switch would reach test files running on other threads — so it refuses to run off the main
// thread.
import { isMainThread } from 'node:worker_threads';

/** The zones the date tests run under: UTC, east (whole, half-day-plus, +14), west, half-hour, a DST day without midnight. */
export const TIME_ZONES = [
  'UTC',
  'Europe/Berlin',
  'Asia/Tokyo',
  'Australia/Sydney',
  'America/New_York',
  'America/St_Johns',
  'Pacific/Kiritimati',
  'America/Sao_Paulo',
] as const;

export function withTimeZone<T>(zone: string, run: () => T): T {
  if (!isMainThread) throw new Error("withTimeZone: process.env.TZ is process-wide; run these tests in the 'forks' pool");
  const before = process.env.TZ;
  process.env.TZ = zone;
  try {
    return run();
  } finally {
    if (before === undefined) delete process.env.TZ;
    else process.env.TZ = before;
  }
}

/** The offset of the running zone at a UTC instant, in minutes east of UTC (to prove the switch took). */
export function offsetMinutes(utcMs: number): number {
  return 0 - new Date(utcMs).getTimezoneOffset();
}

/**
 * A DATE column value as the drivers build it: `pg` (postgres-date: `new Date(year, month, day,
 * 0, 0, 0, 0)` for 'YYYY-MM-DD') and `mysql2` (`new Date(y, m - 1, d)` with its default
 * `timezone: 'local'`) both give local midnight, or the first local time of a day without one.
 */
export function driverDate(iso: string): Date {
  const [y, m, d] = iso.split('-').map(Number);
  return new Date(y, m - 1, d, 0, 0, 0, 0);
}
