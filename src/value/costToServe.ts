import * as z from 'zod/mini';
import { ColumnReader } from '../internal/columnReader.js';
import { readKeys } from '../internal/keyColumns.js';
import { parseSpec } from '../internal/parseSpec.js';
import type { TableInput } from '../io/tableInput.js';
import { missingValuesMiniSchema, type MissingValues } from '../io/missingValues.js';

const FN = 'costToServe';

// zod/mini (issue 21): the same messages through parseSpec, without zod's classic API in the bundle
const specSchema = z.strictObject({
  customer: z.string().check(z.minLength(1)),
  cost: z.string().check(z.minLength(1)),
  stage: z.optional(z.string().check(z.minLength(1))),
  budget: z.optional(z.string().check(z.minLength(1))),
  missing: z._default(missingValuesMiniSchema, 'error'),
});

/** Columns of a service-event log. */
export interface CostToServeSpec {
  /** Customer id column. */
  readonly customer: string;
  /** Cost of each event (hours × rate, travel, maintenance...), ≥ 0, in money. */
  readonly cost: string;
  /** Optional service stage of each event (e.g. `'pre-sale'`, `'delivery'`, `'after-sale'`). */
  readonly stage?: string;
  /** Optional budgeted cost of each event, ≥ 0: gives actual vs budget and the variance. */
  readonly budget?: string;
  /** Rows with a missing value: `'error'` (default) or `'skip'` (counted). */
  readonly missing?: MissingValues;
}

/** One stage's totals over all customers. */
export interface StageCost {
  readonly stage: string;
  readonly events: number;
  readonly cost: number;
  readonly budget: number | null;
  /** Actual minus budget (positive = over budget); null without a budget column. */
  readonly variance: number | null;
}

/** Per-customer cost to serve, in columns (customers in order of first appearance). */
export interface CostToServeResult {
  readonly customer: (string | number)[];
  /** Total cost per customer. */
  readonly cost: Float64Array;
  /** Service events per customer. */
  readonly events: Float64Array;
  /** Budgeted cost per customer (with a budget column). */
  readonly budget?: Float64Array;
  /** Actual minus budget per customer (positive = over budget). */
  readonly variance?: Float64Array;
  /** Cost per customer split by stage, keyed by stage name (with a stage column). */
  readonly costByStage?: Readonly<Record<string, Float64Array>>;
  /** Totals per stage (with a stage column), in order of first appearance. */
  readonly stages?: readonly StageCost[];
  readonly counts: { readonly rows: number; readonly used: number; readonly skipped: number; readonly customers: number };
}

/**
 * Cost to serve each customer from a log of service events: the total, its split by service
 * stage, and actual against budget with the variance. Realized profit can then be
 * revenue × margin − cost to serve (`realizedProfit`), so a customer who buys a lot but costs
 * more to serve ranks where they belong (Kaplan & Narayanan 2001, "Measuring and managing
 * customer profitability").
 *
 * @throws {CustomerValueError} `invalid_spec`, `missing_column`, `invalid_value` (negative cost or budget).
 * @example
 * const result = costToServe(
 *   [
 *     { customer: 'a', stage: 'delivery', cost: 40, budget: 30 },
 *     { customer: 'a', stage: 'support', cost: 15, budget: 20 },
 *     { customer: 'b', stage: 'support', cost: 5, budget: 20 },
 *   ],
 *   { customer: 'customer', cost: 'cost', stage: 'stage', budget: 'budget' },
 * );
 * result.customer; // => ['a', 'b']
 * Array.from(result.cost); // => [55, 5]
 * Array.from(result.variance); // => [5, -15]
 * Array.from(result.costByStage.support); // => [15, 5]
 * result.stages.map((s) => [s.stage, s.cost, s.variance]); // => [['delivery', 40, 10], ['support', 20, -20]]
 */
export function costToServe(serviceEvents: TableInput, spec: CostToServeSpec): CostToServeResult {
  const s = parseSpec(specSchema, spec, FN);
  const names = [s.customer, s.cost, ...(s.stage ? [s.stage] : []), ...(s.budget ? [s.budget] : [])];
  const reader = new ColumnReader(serviceEvents, FN, names, s.missing);
  const customer = readKeys(reader, s.customer, 'customer id');
  const cost = reader.number(s.cost, 'cost per event', { min: 0, expected: 'a non-negative cost' });
  const stage = s.stage ? readKeys(reader, s.stage, 'service stage') : null;
  const budget = s.budget ? reader.number(s.budget, 'budgeted cost per event', { min: 0, expected: 'a non-negative budget' }) : null;
  const { skipMask, skipped } = reader.finish();
  const n = reader.rowCount;
  const k = customer.keys.length;
  // Customers seen only in skipped rows get no output slot.
  const slot = new Int32Array(k).fill(-1);
  const ids: (string | number)[] = [];
  for (let i = 0; i < n; i++) {
    if (skipMask !== null && skipMask[i] === 1) continue;
    const c = customer.codes[i];
    if (slot[c] < 0) {
      slot[c] = ids.length;
      ids.push(customer.keys[c]);
    }
  }
  const m = ids.length;
  const total = new Float64Array(m);
  const events = new Float64Array(m);
  const budgetTotal = budget ? new Float64Array(m) : null;
  const stageCount = stage ? stage.keys.length : 0;
  const byStage = Array.from({ length: stageCount }, () => new Float64Array(m));
  const stageEvents = new Float64Array(stageCount);
  const stageCost = new Float64Array(stageCount);
  const stageBudget = new Float64Array(stageCount);
  for (let i = 0; i < n; i++) {
    if (skipMask !== null && skipMask[i] === 1) continue;
    const o = slot[customer.codes[i]];
    total[o] += cost[i];
    events[o]++;
    if (budgetTotal && budget) budgetTotal[o] += budget[i];
    if (stage) {
      const g = stage.codes[i];
      byStage[g][o] += cost[i];
      stageEvents[g]++;
      stageCost[g] += cost[i];
      if (budget) stageBudget[g] += budget[i];
    }
  }
  let used = 0;
  for (let o = 0; o < m; o++) used += events[o];
  const result: CostToServeResult = {
    customer: ids,
    cost: total,
    events,
    counts: { rows: n, used, skipped, customers: m },
  };
  if (budgetTotal) {
    const variance = new Float64Array(m);
    for (let o = 0; o < m; o++) variance[o] = total[o] - budgetTotal[o];
    Object.assign(result, { budget: budgetTotal, variance });
  }
  if (stage) {
    const costByStage: Record<string, Float64Array> = Object.create(null) as Record<string, Float64Array>;
    const stages: StageCost[] = [];
    stage.keys.forEach((key, g) => {
      if (stageEvents[g] === 0) return; // a stage seen only in skipped rows
      costByStage[String(key)] = byStage[g];
      stages.push({
        stage: String(key),
        events: stageEvents[g],
        cost: stageCost[g],
        budget: budget ? stageBudget[g] : null,
        variance: budget ? stageCost[g] - stageBudget[g] : null,
      });
    });
    Object.assign(result, { costByStage, stages });
  }
  return result;
}
