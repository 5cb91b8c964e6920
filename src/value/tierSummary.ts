import * as z from 'zod/mini';
import { parseSpec } from '../internal/parseSpec.js';
import type { TableInput } from '../io/tableInput.js';
import { assertModelOf } from '../model/assertModelKind.js';
import { valuePyramidModelValues } from '../model/modelValueChecks.js';
import { valuePyramidModelSchema } from '../model/valueModelSchemas.js';
import type { ValuePyramidModel } from './fitValuePyramid.js';
import { scoreValuePyramidUnchecked } from './scoreValuePyramid.js';
import { missingValuesMiniSchema, type MissingValues } from '../io/missingValues.js';

const FN = 'tierSummary';

// zod/mini (issue 21): with the model checked by its own kind's schema, a bundle of tierSummary holds no classic zod
const optionsSchema = z.strictObject({
  revenue: z.string().check(z.minLength(1)),
  profit: z.optional(z.string().check(z.minLength(1))),
  missing: z.optional(missingValuesMiniSchema),
});

/** Options for `tierSummary`: the money columns to total per tier. */
export interface TierSummaryOptions {
  /** Revenue column (e.g. `revenue` from `summarizeTransactions`). */
  readonly revenue: string;
  /** Optional profit column (e.g. from `realizedProfit`). */
  readonly profit?: string;
  /** Overrides the model's missing-value policy for this call. */
  readonly missing?: MissingValues;
}

/** One tier's line in the table. Shares are null when the column's total is 0. */
export interface TierSummaryRow {
  readonly tier: string;
  readonly customers: number;
  readonly customerShare: number;
  readonly revenue: number;
  readonly revenueShare: number | null;
  readonly profit: number | null;
  readonly profitShare: number | null;
  /** Mean value score of the tier's customers (null for an empty tier). */
  readonly meanValue: number | null;
  readonly revenuePerCustomer: number | null;
  readonly profitPerCustomer: number | null;
}

/** The tier table with a total line. */
export interface TierSummaryResult {
  readonly tiers: readonly TierSummaryRow[];
  readonly total: TierSummaryRow;
  /** Rows skipped for missing values (not in any tier, not in the total). */
  readonly skipped: number;
}

/**
 * The tier table a manager reads: per tier of a fitted value pyramid, the number and share of
 * customers, the revenue and profit they bring and their shares, and means per customer. It
 * shows at a glance when a middle tier carries more profit than the top, or when the bottom
 * tier destroys value. Shares of each column sum to 1 over the tiers.
 *
 * @throws {CustomerValueError} `invalid_model`, `invalid_spec`, `missing_column`, `invalid_value`.
 * @example
 * const data = { profit: [500, 120, 80, 40, 30, 20, 10, 5, 0, 0], revenue: [900, 300, 200, 90, 80, 60, 40, 20, 10, 5] };
 * const model = fitValuePyramid(data, { dimensions: [{ column: 'profit', scale: 'none' }], tiers: { method: 'cumulativeShare' } });
 * const table = tierSummary(model, data, { revenue: 'revenue', profit: 'profit' });
 * table.tiers.map((t) => [t.tier, t.customers, t.profitShare]); // => [['A', 3, 700 / 805], ['B', 2, 70 / 805], ['C', 5, 35 / 805]]
 * table.total.revenue; // => 1705
 */
export function tierSummary(model: ValuePyramidModel, data: TableInput, options: TierSummaryOptions): TierSummaryResult {
  model = assertModelOf(model, 'valuePyramid', 'fitValuePyramid', valuePyramidModelSchema, valuePyramidModelValues, FN);
  const o = parseSpec(optionsSchema, options, FN, 'options');
  const extra = [{ column: o.revenue, role: 'revenue' }, ...(o.profit ? [{ column: o.profit, role: 'profit' }] : [])];
  const scored = scoreValuePyramidUnchecked(model, data, o.missing ?? model.spec.missing, FN, extra);
  const [revenue, profit] = scored.extra;
  const tiers = model.tierNames.length;
  const customers = new Float64Array(tiers);
  const revenueSum = new Float64Array(tiers);
  const profitSum = new Float64Array(tiers);
  const valueSum = new Float64Array(tiers);
  const { tier, value } = scored;
  for (let i = 0; i < tier.length; i++) {
    const t = tier[i];
    if (t < 0) continue;
    customers[t]++;
    revenueSum[t] += revenue[i];
    if (profit) profitSum[t] += profit[i];
    valueSum[t] += value[i];
  }
  return tierTable(model.tierNames, { customers, revenue: revenueSum, profit: profit ? profitSum : null, value: valueSum }, scored.skipped);
}

/**
 * The tier table from per-tier totals (customers, revenue, profit or null, summed value score),
 * as `tierSummary` builds it; shared with the warehouse report, whose totals come from a GROUP
 * BY in the engine. Internal: not exported from the package.
 */
export function tierTable(
  tierNames: readonly string[],
  sums: { readonly customers: Float64Array; readonly revenue: Float64Array; readonly profit: Float64Array | null; readonly value: Float64Array },
  skipped: number,
): TierSummaryResult {
  const { customers, revenue: revenueSum, value: valueSum } = sums;
  const profit = sums.profit !== null;
  const profitSum = sums.profit ?? new Float64Array(tierNames.length);
  const totals = {
    customers: sum(customers),
    revenue: sum(revenueSum),
    profit: sum(profitSum),
    value: sum(valueSum),
  };
  const row = (name: string, c: number, r: number, p: number, v: number): TierSummaryRow => ({
    tier: name,
    customers: c,
    customerShare: totals.customers > 0 ? c / totals.customers : 0,
    revenue: r,
    revenueShare: totals.revenue !== 0 ? r / totals.revenue : null,
    profit: profit ? p : null,
    profitShare: profit && totals.profit !== 0 ? p / totals.profit : null,
    meanValue: c > 0 ? v / c : null,
    revenuePerCustomer: c > 0 ? r / c : null,
    profitPerCustomer: profit && c > 0 ? p / c : null,
  });
  return {
    tiers: tierNames.map((name, t) => row(name, customers[t], revenueSum[t], profitSum[t], valueSum[t])),
    total: row('total', totals.customers, totals.revenue, totals.profit, totals.value),
    skipped,
  };
}

function sum(values: Float64Array): number {
  let s = 0;
  for (let i = 0; i < values.length; i++) s += values[i];
  return s;
}
