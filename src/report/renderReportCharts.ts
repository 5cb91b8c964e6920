import { cohortRetentionSvg } from '../charts/cohortRetentionSvg.js';
import { repeatPurchaseTrackingSvg } from '../charts/repeatPurchaseTrackingSvg.js';
import { segmentProfileSvg } from '../charts/segmentProfileSvg.js';
import { survivalCurveSvg } from '../charts/survivalCurveSvg.js';
import { valuePyramidSvg } from '../charts/valuePyramidSvg.js';
import { parseSpec } from '../internal/parseSpec.js';
import type { CustomerValueAnalysis } from './analyzeCustomerValue.js';
import { customerValueAnalysisSchema } from './customerValueAnalysisSchema.js';
import { fmt } from './reportFormat.js';

/**
 * The customer-value report's charts as SVG documents by the file names its Markdown links:
 * `value-pyramid.svg` and `segments.svg` always, `cohort-retention.svg` when there is a complete
 * month, `survival.svg` when there is an active-lifetime curve, `tracking.svg` with a model
 * comparison (`spec.holdoutEnd`). From an analysis
 * (`analyzeCustomerValue`, or the same object read back from JSON).
 *
 * @throws {CustomerValueError} `invalid_value` naming the field when `analysis` is not an analysis.
 * @example
 * const log = await readCsvFile('examples/data/cdnow_master.csv');
 * const analysis = analyzeCustomerValue(log.columns, { customer: 'customer_id', date: 'date', amount: 'dollar_value', observationEnd: '1997-09-30', title: 'CDNOW' });
 * Object.keys(renderReportCharts(analysis)).sort(); // => ['cohort-retention.svg', 'segments.svg', 'survival.svg', 'value-pyramid.svg']
 */
export function renderReportCharts(analysis: CustomerValueAnalysis): Record<string, string> {
  // checked, not parsed: rendered from the object given, so an analysis renders as it is
  parseSpec(customerValueAnalysisSchema, analysis, 'renderReportCharts', 'analysis', 'invalid_value');
  const a = analysis;
  const unit = a.timeUnit;
  const charts: Record<string, string> = {
    'value-pyramid.svg': valuePyramidSvg(a.valueTiers.tiers, {
      title: `Customer value pyramid: ${a.title}`,
      subtitle: `${fmt(a.counts.customers)} customers to ${a.window.end} · realized + potential value`,
      shareNames: ['customers', 'revenue to date', 'expected revenue'],
    }),
    'segments.svg': segmentProfileSvg(
      { spec: { features: a.segments.features }, profiles: a.segments.profiles },
      { title: `Customer segments: ${a.title}`, subtitle: `k-means, k = ${a.segments.k} by silhouette · bars: segment mean − overall mean, in SDs` },
    ),
  };
  if (a.cohorts.cohorts.length > 0)
    charts['cohort-retention.svg'] = cohortRetentionSvg(a.cohorts, { title: `Monthly cohort retention: ${a.title}`, periodName: 'month' });
  const survival = a.activeLifetimes.survival;
  if (survival !== null) {
    const lapse = fmt(a.lapseAfter, 1);
    charts['survival.svg'] = survivalCurveSvg(survival, {
      title: `Active lifetime of repeat buyers: ${a.title}`,
      subtitle: `lapse = no purchase for more than ${lapse} ${unit}s; others censored ${lapse} ${unit}s before the end; the data reach ${fmt(a.activeLifetimes.reach ?? 0, 1)} ${unit}s`,
      timeLabel: `${unit}s since first purchase`,
    });
  }
  const comparison = a.modelComparison;
  if (comparison !== undefined) {
    charts['tracking.svg'] = repeatPurchaseTrackingSvg(comparison.tracking, {
      title: `Repeat purchases: ${comparison.picked} against actual, ${a.title}`,
      subtitle: `fitted to ${comparison.holdout.start}, tracked to ${comparison.holdout.end} · cumulative, from each customer's first purchase`,
      timeLabel: unit,
    });
  }
  return charts;
}
