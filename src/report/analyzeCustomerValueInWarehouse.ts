import { isoDateOfDay } from '../internal/civilDays.js';
import { CHOICE_RESTARTS } from '../internal/reportSegments.js';
import { SQL_DOUBLE, sqlIsNaN } from '../internal/sqlText.js';
import { needsMedianGap, transactionWarnings } from '../internal/transactionWarnings.js';
import { toSql } from '../scoring/toSql.js';
import { rfmSegments } from '../segmentation/rfmSegments.js';
import { tierTable } from '../value/tierSummary.js';
import { activeLifetimesInWarehouse } from '../warehouse/activeLifetimesInWarehouse.js';
import { cohortRetentionInWarehouse } from '../warehouse/cohortRetentionInWarehouse.js';
import { customerFlowsInWarehouse } from '../warehouse/customerFlowsInWarehouse.js';
import { customerValueInWarehouse, REPORT_RESTARTS, type FitInWarehouseOptions, type FitInWarehouseResult } from '../warehouse/fitInWarehouse.js';
import { summaryQuery } from '../warehouse/summarizeTransactionsSql.js';
import { engineFailure, warehouseNumber, type WarehouseEngine, type WarehouseRow } from '../warehouse/warehouseEngine.js';
import type { CustomerValueAnalysis } from './analyzeCustomerValue.js';
import type { CustomerValueReportSpec } from './customerValueReportSpec.js';

const FN = 'analyzeCustomerValueInWarehouse';

/** What `analyzeCustomerValueInWarehouse` returns: the analysis, the models it rests on, and what crossed out of the engine. */
export interface CustomerValueAnalysisInWarehouse {
  /** The same shape as `analyzeCustomerValue`'s: `renderReportMarkdown` and `renderReportCharts` render it. */
  readonly analysis: CustomerValueAnalysis;
  /** The fitted models (as `fitInWarehouse` returns them, its `transferred` included). */
  readonly models: FitInWarehouseResult;
  /** Result rows and values (rows × columns) that left the engine over the whole analysis. */
  readonly transferred: { readonly rows: number; readonly values: number };
}

/**
 * The customer-value report's analysis computed where the transactions live: `fitInWarehouse`'s
 * models, then every figure of `analyzeCustomerValue` from aggregate queries in the engine, so
 * the result has the same shape and renders with `renderReportMarkdown` / `renderReportCharts`
 * (the `customer-value report --duckdb` / `--postgres` command does that).
 *
 * Stages after the fits (named in progress events and errors): `counts` (rows, skipped, after the
 * end, refund days, customers with refunds only, negative rows, duplicate rows and the window's
 * first date, in one query over the log), `customer counts` (customers, net spend ≤ 0, repeat
 * buyers and their purchase gaps, total CLV, over the summary), `median gap` (only when the
 * short-calibration rule needs it), `value tiers` (the pyramid scored with `toSql` and grouped
 * by tier: customers, revenue, CLV and value per tier), `rfm segments` (the RFM model scored with
 * `toSql`, grouped by the r, f, m scores — at most 125 rows — and named by `rfmSegments`), then
 * `cohort cells`, `flows` and `lifetimes` (`cohortRetentionInWarehouse`,
 * `customerFlowsInWarehouse`, `activeLifetimesInWarehouse`). With `spec.holdoutEnd` the CLV
 * model comparison (`analysis.modelComparison`, the pick in `analysis.purchaseModel`) comes from
 * `fitInWarehouse`'s `model comparison` stage: aggregates only, the same table, pick and tracking
 * as in memory.
 *
 * Equal to `analyzeCustomerValue` on the same log (tested in DuckDB and PostgreSQL on CDNOW and a
 * generated log with refunds, refund-only and one-purchase customers, same-day ties and
 * duplicate rows): counts exactly, every other number to 1e-9 relative (the engine's double
 * `SUM`s add in another order than the in-memory exact sums) — except where it cannot be:
 * - `segments`: k is chosen the same way as in memory (k-means and the silhouette on a seeded
 *   sample of ≤ 3,000 customers) but on another sample — drawn in SQL and scaled by its own
 *   z-scores, where the in-memory report draws it in JavaScript and scales by all customers' — so
 *   `curve` differs and k may differ; the in-engine k-means is within 0.1% of `fitSegments`' inertia at
 *   the same k (see `fitInWarehouse`). The rendered Markdown differs in that section only.
 * - `warnings`: `time_of_day` is never given — the engine casts the date column to `DATE`, so a
 *   `TIMESTAMP` counts on its day in the session's time zone and no time of day reaches this
 *   function (cast to `DATE` in the zone you mean first); `duplicate_rows` then compares
 *   customer, date and amount, where the in-memory report compares timestamps. Its example is the
 *   earliest duplicate (then the smallest amount), as in memory.
 * - `counts.skipped`: rows with a NULL customer, date or amount (or a NaN amount) are skipped and
 *   counted, where the in-memory report stops with an error.
 * - A day or customer whose net value lies within rounding of 0 can be classed differently (exact
 *   sums in memory, double sums in the engine).
 *
 * @throws {CustomerValueError} as `fitInWarehouse`: `invalid_spec`, `engine_failed` naming the stage (nothing is returned), `invalid_value`, the fitters' errors.
 * @example
 * // DuckDB (customer-value/duckdb): `duckdbEngine({ file: 'orders.parquet', table: 'orders' })` reads a file in place;
 * // here CDNOW's CSV, its YYYYMMDD dates made DATEs first
 * const engine = await duckdbEngine();
 * await engine.query(`CREATE TABLE orders AS SELECT customer_id, strptime(CAST(date AS VARCHAR), '%Y%m%d')::DATE AS day, dollar_value FROM read_csv('examples/data/cdnow_master.csv')`);
 * const spec = { customer: 'customer_id', date: 'day', amount: 'dollar_value', observationEnd: '1997-09-30', title: 'CDNOW' };
 * const { analysis, transferred } = await analyzeCustomerValueInWarehouse(engine, spec, { table: 'orders' });
 * engine.close();
 * [analysis.counts.rows, analysis.counts.customers, analysis.window.start, analysis.valueTiers.tiers.length]; // => [69659, 23570, '1997-01-01', 4]
 * renderReportMarkdown(analysis).startsWith('# '); // => true
 * transferred.rows < 69659 / 2; // => true
 */
export async function analyzeCustomerValueInWarehouse(
  engine: WarehouseEngine,
  spec: CustomerValueReportSpec,
  options: FitInWarehouseOptions,
): Promise<CustomerValueAnalysisInWarehouse> {
  return customerValueInWarehouse(engine, spec, options, FN, async (job, models) => {
    const { q, num, spec: s, endDay } = job;
    const d = job.engine.dialect;
    const double = SQL_DOUBLE[d];
    const at = (stage: string) => ({ function: FN, stage });
    const one = (rows: readonly WarehouseRow[], stage: string) => {
      if (rows.length !== 1) throw engineFailure(at(stage), `the query returned ${rows.length} rows, not 1`);
      return rows[0];
    };
    const read = (row: WarehouseRow, stage: string, name: string) => warehouseNumber(row[name], at(stage), name, 0);
    const readNullable = (row: WarehouseRow, stage: string, name: string) => warehouseNumber(row[name], at(stage), name, 0, true);

    // counts over the log, on the summary query's own CTEs (same reading, same rules)
    const logSpec = { customer: s.customer, date: s.date, amount: s.amount, observationEnd: job.observationEnd, timeUnit: job.unit, missing: 'skip' } as const;
    const { ctes } = summaryQuery(logSpec, { dialect: d, table: job.table }, FN);
    const [customer, day, amount, purchase, count] = ['customer', 'day', 'amount', 'purchase', 'count'].map((name) => q(`__cv_${name}`));
    const counting = [
      ...ctes.slice(0, 4), // __cv_rows, __cv_kept, __cv_days, __cv_marked
      `${q('__cv_present')} AS (SELECT * FROM ${q('__cv_rows')} WHERE ${customer} IS NOT NULL AND ${day} IS NOT NULL AND ${amount} IS NOT NULL AND NOT (${sqlIsNaN(amount, d)}))`,
      `${q('__cv_buyers')} AS (SELECT ${customer}, SUM(${purchase}) AS ${q('__cv_purchase_days')}, SUM(${count}) AS ${q('__cv_customer_rows')} FROM ${q('__cv_marked')} GROUP BY ${customer})`,
      `${q('__cv_dups')} AS (SELECT ${customer}, ${day}, ${amount}, COUNT(*) - 1 AS ${q('__cv_extra')} FROM ${q('__cv_kept')} GROUP BY ${customer}, ${day}, ${amount} HAVING COUNT(*) > 1)`,
    ];
    const scalar = (expr: string, from: string, name: string, where = '') => `(SELECT ${expr} FROM ${q(from)}${where ? ` WHERE ${where}` : ''}) AS ${q(name)}`;
    const firstDup = (what: string, name: string) => `(SELECT ${what} FROM ${q('__cv_dups')} ORDER BY ${day}, ${amount} LIMIT 1) AS ${q(name)}`;
    const countsSql =
      `WITH ${counting.join(',\n')}\nSELECT ` +
      [
        scalar('COUNT(*)', '__cv_rows', 'rows'),
        scalar('COUNT(*)', '__cv_present', 'present'),
        scalar('COUNT(*)', '__cv_present', 'after_end', `${day} > ${endDay}`),
        scalar('COUNT(*)', '__cv_kept', 'kept'),
        scalar('COUNT(*)', '__cv_kept', 'negative_rows', `${amount} < ${num(0)}`),
        scalar('COUNT(*)', '__cv_marked', 'refund_days', `${purchase} = 0`),
        scalar('COUNT(*)', '__cv_buyers', 'without_purchase', `${q('__cv_purchase_days')} = 0`),
        scalar(`COALESCE(SUM(${q('__cv_customer_rows')}), 0)`, '__cv_buyers', 'without_purchase_rows', `${q('__cv_purchase_days')} = 0`),
        scalar(`COALESCE(SUM(${q('__cv_extra')}), 0)`, '__cv_dups', 'duplicate_rows'),
        firstDup(day, 'duplicate_day'),
        firstDup(amount, 'duplicate_amount'),
        scalar(`MIN(${day})`, '__cv_rows', 'first_day', `${day} <= ${endDay}`),
      ].join(', ');
    const c = one(await job.query('counts', countsSql), 'counts');
    const n = (name: string) => read(c, 'counts', name);
    const rows = n('rows');
    const kept = n('kept');
    const withoutPurchaseRows = n('without_purchase_rows');
    const duplicateRows = n('duplicate_rows');

    // counts over the customers: the summary table and the scores
    const [frequency, revenue, first, last] = ['frequency', 'revenue', 'first_purchase', 'last_purchase'].map(q);
    const gap = `CAST(${last} - ${first} AS ${double}) / ${frequency}`;
    const limit = `CAST(${endDay} - (SELECT MIN(${first}) FROM ${job.summary}) AS ${double}) / ${num(5)}`;
    const customerSql =
      `SELECT COUNT(*) AS ${q('customers')}, SUM(CASE WHEN NOT (${revenue} > ${num(0)}) THEN 1 ELSE 0 END) AS ${q('non_positive')}, ` +
      `SUM(CASE WHEN ${revenue} < ${num(0)} THEN 1 ELSE 0 END) AS ${q('negative')}, SUM(CASE WHEN ${frequency} > 0 THEN 1 ELSE 0 END) AS ${q('repeaters')}, ` +
      `MIN(${first}) AS ${q('earliest_first')}, SUM(CASE WHEN ${frequency} > 0 AND ${gap} > ${limit} THEN 1 ELSE 0 END) AS ${q('above')}, ` +
      `(SELECT SUM(${q('clv')}) FROM ${job.customers}) AS ${q('clv_total')} FROM ${job.summary}`;
    const u = one(await job.query('customer counts', customerSql), 'customer counts');
    const m = (name: string) => read(u, 'customer counts', name);
    const customers = m('customers');
    const repeaters = customers === 0 ? 0 : m('repeaters');
    const above = customers === 0 ? 0 : m('above');
    let medianGap = Number.NaN;
    if (repeaters > 0 && needsMedianGap(repeaters, above)) {
      const middle = await job.query(
        'median gap',
        `SELECT ${gap} AS ${q('gap')} FROM ${job.summary} WHERE ${frequency} > 0 ORDER BY 1 LIMIT 2 OFFSET ${Math.floor((repeaters - 1) / 2)}`,
      );
      const values = middle.map((row, i) => warehouseNumber(row.gap, at('median gap'), 'gap', i));
      medianGap = repeaters % 2 === 1 ? values[0] : (values[0] + values[1]) / 2;
    }
    const counts = {
      rows,
      used: kept - withoutPurchaseRows,
      afterObservationEnd: n('after_end'),
      skipped: rows - n('present'),
      customers,
      refundDays: n('refund_days'),
      nonPositiveNet: customers === 0 ? 0 : m('non_positive'),
      withoutPurchase: n('without_purchase'),
      withoutPurchaseRows,
    };
    const earliestFirst = customers === 0 ? Infinity : m('earliest_first');
    const duplicateDay = readNullable(c, 'counts', 'duplicate_day');
    const warnings = transactionWarnings({
      stats: {
        negativeRows: n('negative_rows'),
        negativeNet: customers === 0 ? 0 : m('negative'),
        sameDayAmount: duplicateRows,
        example: null,
        gaps: new Float64Array(0),
        repeaters,
        earliestFirst,
      },
      counts,
      duplicates: {
        rows: duplicateRows,
        sameTimestamp: false,
        example: duplicateDay === null ? null : `${isoDateOfDay(duplicateDay)}, amount ${read(c, 'counts', 'duplicate_amount')}`,
      },
      clock: null,
      clockExample: null,
      endDay,
      gapCounts: { above, medianGap },
    });
    const totalClv = readNullable(u, 'customer counts', 'clv_total') ?? 0;
    const firstDay = readNullable(c, 'counts', 'first_day');

    // value tiers: the pyramid scored in the engine by toSql, grouped by tier
    const pyramid = models.valuePyramid;
    const scoredTiers = toSql(pyramid, { dialect: d, table: job.customersName, keep: ['revenue', 'clv'] });
    const [tierColumn, valueColumn] = ['valuePyramid_tier', 'valuePyramid_value'].map(q);
    const tierRows = await job.query(
      'value tiers',
      `SELECT ${tierColumn} AS ${q('tier')}, COUNT(*) AS ${q('customers')}, SUM(${q('revenue')}) AS ${q('revenue')}, SUM(${q('clv')}) AS ${q('profit')}, ` +
        `SUM(${valueColumn}) AS ${q('value')} FROM (${scoredTiers}) ${q('__cv_scored')} GROUP BY ${tierColumn}`,
    );
    const tiers = pyramid.tierNames.length;
    const sums = { customers: new Float64Array(tiers), revenue: new Float64Array(tiers), profit: new Float64Array(tiers), value: new Float64Array(tiers) };
    let skippedTiers = 0;
    tierRows.forEach((row, i) => {
      const where = at('value tiers');
      const size = warehouseNumber(row.customers, where, 'customers', i);
      const tier = warehouseNumber(row.tier, where, 'tier', i, true);
      if (tier === null) {
        skippedTiers += size;
        return;
      }
      sums.customers[tier] = size;
      sums.revenue[tier] = warehouseNumber(row.revenue, where, 'revenue', i);
      sums.profit[tier] = warehouseNumber(row.profit, where, 'profit', i);
      sums.value[tier] = warehouseNumber(row.value, where, 'value', i);
    });
    const valueTiers = tierTable(pyramid.tierNames, sums, skippedTiers);

    // RFM named segments: the scores grouped in the engine (≤ 125 rows), named by rfmSegments
    const scoredRfm = toSql(models.rfm, { dialect: d, table: job.customersName });
    const [r, f, mm] = ['rfm_recency', 'rfm_frequency', 'rfm_monetary'].map(q);
    const cells = (
      await job.query(
        'rfm segments',
        `SELECT ${r} AS ${q('r')}, ${f} AS ${q('f')}, ${mm} AS ${q('m')}, COUNT(*) AS ${q('customers')} FROM (${scoredRfm}) ${q('__cv_scored')} GROUP BY ${r}, ${f}, ${mm}`,
      )
    ).filter((row) => row.r !== null && row.r !== undefined);
    const where = at('rfm segments');
    const score = (name: string) => Uint8Array.from(cells, (row, i) => warehouseNumber(row[name], where, name, i));
    const named = rfmSegments({ recency: score('r'), frequency: score('f'), monetary: score('m') });
    const segmentCounts: Record<string, number> = Object.fromEntries(named.segments.map((name) => [name, 0]));
    cells.forEach((row, i) => {
      if (named.segment[i] !== 255) segmentCounts[named.segments[named.segment[i]]] += warehouseNumber(row.customers, where, 'customers', i);
    });

    // retention, in the engine
    const activity = { customer: s.customer, date: s.date, observationEnd: job.observationEnd, missing: 'skip' } as const;
    const progress = job.onProgress ? { onProgress: job.onProgress } : {};
    const cohorts = await job.stage(
      'cohort cells',
      () => cohortRetentionInWarehouse(job.engine, { ...activity, period: 'month' }, { table: job.table, ...progress }),
      false,
    );
    const flows = await job.stage(
      'flows',
      () => customerFlowsInWarehouse(job.engine, { ...activity, period: 'quarter' }, { table: job.table, ...progress }),
      false,
    );
    const lives = await job.stage(
      'lifetimes',
      () => activeLifetimesInWarehouse(job.engine, { ...logSpec, lapseAfter: job.lapseAfter }, { table: job.table, ...progress }),
      false,
    );

    const analysis: CustomerValueAnalysis = {
      title: s.title,
      timeUnit: job.unit,
      horizon: job.horizon,
      annualDiscountRate: s.annualDiscountRate,
      lapseAfter: job.lapseAfter,
      window: { start: firstDay === null ? job.observationEnd : isoDateOfDay(firstDay), end: job.observationEnd },
      counts,
      warnings,
      purchaseModel: {
        kind: models.purchaseModel.kind,
        n: models.purchaseModel.fitted.n,
        params: { ...models.purchaseModel.params },
        logLikelihood: models.purchaseModel.fitted.diagnostics.logLikelihood,
        warnings: models.purchaseModel.fitted.warnings,
      },
      ...(models.modelComparison === undefined ? {} : { modelComparison: models.modelComparison }),
      spendModel: {
        n: models.gammaGamma.fitted.n,
        params: models.gammaGamma.params,
        frequencyMonetaryCorrelation: models.gammaGamma.fitted.diagnostics.frequencyMonetaryCorrelation,
        warnings: models.gammaGamma.fitted.warnings,
      },
      clv: { total: totalClv, mean: totalClv / customers },
      valueTiers,
      rfm: { thresholds: models.rfm.thresholds, segments: segmentCounts },
      cohorts,
      flows,
      activeLifetimes: { counts: lives.counts, reach: lives.reach, survival: lives.survival },
      segments: {
        features: [...job.features],
        k: models.choice.k,
        curve: models.choice.curve,
        profiles: models.segments.profiles,
        // k chosen on the engine's seeded sample; the restarts on a sample of the same size and seed, Lloyd's passes in the engine
        runs: {
          choiceRestarts: CHOICE_RESTARTS,
          choiceCustomers: models.choice.sampleSize,
          restarts: REPORT_RESTARTS,
          restartCustomers: models.counts.sample,
          customers: models.segments.fitted.n,
        },
      },
    };
    const transferred = models.transferred;
    return { analysis, models: { ...models, transferred }, transferred };
  });
}
