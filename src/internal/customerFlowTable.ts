import { periodLabel, type CalendarPeriod } from '../loyalty/calendarPeriods.js';
import type { CustomerFlow } from '../loyalty/customerFlows.js';

// The flows per period from per-period counts, shared by customerFlows (counts from rows in
// memory) and customerFlowsInWarehouse (counts grouped in the engine). Internal.

/** Per-period counts over `span` consecutive periods from `firstPeriod` (a period without activity is all 0). */
export interface FlowCounts {
  readonly firstPeriod: number;
  readonly span: number;
  /** Distinct customers active in the period. */
  readonly active: Float64Array;
  /** Of them, first purchase ever in the period. */
  readonly new: Float64Array;
  /** Of them, active in the previous period too. */
  readonly retained: Float64Array;
}

/** The leaky bucket: returning = active − new − retained, lost = previous active − retained, rates over the previous active. */
export function customerFlowTable(counts: FlowCounts, period: CalendarPeriod): CustomerFlow[] {
  const flows: CustomerFlow[] = [];
  let previousActive = 0;
  let cumulative = 0;
  for (let p = 0; p < counts.span; p++) {
    const active = counts.active[p];
    const isNew = counts.new[p];
    const retained = counts.retained[p];
    cumulative += isNew;
    const lost = previousActive - retained;
    flows.push({
      period: periodLabel(counts.firstPeriod + p, period),
      active,
      new: isNew,
      retained,
      returning: active - isNew - retained,
      lost: p === 0 ? 0 : lost,
      cumulativeCustomers: cumulative,
      retentionRate: p === 0 || previousActive === 0 ? null : retained / previousActive,
      churnRate: p === 0 || previousActive === 0 ? null : lost / previousActive,
    });
    previousActive = active;
  }
  return flows;
}
