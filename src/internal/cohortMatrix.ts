import { periodLabel, type CalendarPeriod } from '../loyalty/calendarPeriods.js';

// The cohort × offset matrix from per-cell counts, shared by cohortRetention (counts from rows in
// memory) and cohortRetentionInWarehouse (counts grouped in the engine). Internal.

/** Cells of a cohort matrix: `span` periods from `firstPeriod`, cell `cohort * span + offset`. */
export interface CohortCells {
  readonly firstPeriod: number;
  readonly span: number;
  /** Distinct customers of the cohort active at the offset; offset 0 is the cohort's size. */
  readonly active: Float64Array;
  readonly revenue: Float64Array | null;
}

export interface CohortMatrix {
  readonly cohorts: string[];
  readonly size: number[];
  readonly active: (number | null)[][];
  readonly retention: (number | null)[][];
  readonly revenue: (number | null)[][] | null;
}

/** Rows per cohort with a customer, cells after the last observed period null, trailing all-null columns trimmed. */
export function cohortMatrix(cells: CohortCells, period: CalendarPeriod): CohortMatrix {
  const { firstPeriod, span, active: activeCounts, revenue: revenueSums } = cells;
  const cohorts: string[] = [];
  const sizes: number[] = [];
  const active: (number | null)[][] = [];
  const retention: (number | null)[][] = [];
  const revenue: (number | null)[][] | null = revenueSums ? [] : null;
  for (let cohort = 0; cohort < span; cohort++) {
    const size = activeCounts[cohort * span];
    if (size === 0) continue; // a period in which nobody was acquired
    const observed = span - cohort;
    const row = Array.from({ length: span }, (_, offset) => (offset < observed ? activeCounts[cohort * span + offset] : null));
    cohorts.push(periodLabel(firstPeriod + cohort, period));
    sizes.push(size);
    active.push(row);
    retention.push(row.map((v) => (v === null ? null : v / size)));
    if (revenue && revenueSums) revenue.push(row.map((v, offset) => (v === null ? null : revenueSums[cohort * span + offset])));
  }
  // Trim trailing all-null columns (from skipped empty cohorts at the end).
  const width = Math.max(0, ...active.map((row) => row.filter((v) => v !== null).length));
  const trim = <T>(rows: T[][]) => rows.map((row) => row.slice(0, width));
  return { cohorts, size: sizes, active: trim(active), retention: trim(retention), revenue: revenue ? trim(revenue) : null };
}
