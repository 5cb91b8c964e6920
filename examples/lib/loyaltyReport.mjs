// The potential-value and retention part of the demo on the CDNOW log: BG/NBD + Gamma-Gamma
// fits, 52-week CLV checked against the holdout, cohort retention, flows and survival.
import {
  cohortRetention,
  conditionalExpectedPurchases,
  customerFlows,
  customerLifetimeValue,
  fitBetaGeo,
  fitGammaGamma,
  kaplanMeier,
} from 'customer-value';
import { cohortHeatmapSvg } from './cohortHeatmapSvg.mjs';
import { survivalSvg } from './survivalSvg.mjs';

const fmt = (n, digits = 0) => n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

/**
 * @param log parsed CDNOW master log (columns)
 * @param calibration summarizeTransactions to 1997-09-30 (weeks)
 * @param whole summarizeTransactions to 1998-06-30 (weeks), same customers
 */
export function loyaltyReport(log, calibration, whole) {
  const purchaseModel = fitBetaGeo(calibration, { timeUnit: 'week' });
  const spendModel = fitGammaGamma(calibration, { nonPositiveSpend: 'exclude' });
  // Potential value: expected revenue over the next 52 weeks (margin 1: revenue, not profit),
  // discounted at 10% a year (0.183% a week).
  const clv = customerLifetimeValue({
    purchaseModel,
    spendModel,
    customers: calibration,
    horizon: 52,
    timeUnit: 'week',
    discountRate: Math.pow(1.1, 1 / 52) - 1,
    margin: 1,
  });

  // Check the purchase model on the 39-week holdout: predicted vs actual repeat purchase days.
  const predicted = conditionalExpectedPurchases(purchaseModel, calibration, 39).values;
  const wholeFrequency = new Map(whole.customer.map((id, i) => [id, whole.frequency[i]]));
  const actual = Float64Array.from(calibration.customer, (id, i) => wholeFrequency.get(id) - calibration.frequency[i]);
  const buckets = Array.from({ length: 8 }, () => ({ customers: 0, predicted: 0, actual: 0 }));
  for (let i = 0; i < actual.length; i++) {
    const b = buckets[Math.min(7, calibration.frequency[i])];
    b.customers++;
    b.predicted += predicted[i];
    b.actual += actual[i];
  }
  const totalPredicted = predicted.reduce((a, b) => a + b, 0);
  const totalActual = actual.reduce((a, b) => a + b, 0);
  const checkTable = [
    '| repeat purchases in calibration | customers | mean actual in holdout | mean predicted |',
    '|---:|---:|---:|---:|',
    ...buckets.map((b, x) => `| ${x === 7 ? '7+' : x} | ${fmt(b.customers)} | ${(b.actual / b.customers).toFixed(2)} | ${(b.predicted / b.customers).toFixed(2)} |`),
  ].join('\n');

  const p = purchaseModel.params;
  const se = purchaseModel.standardErrors;
  const g = spendModel.params;

  // Retention: monthly acquisition cohorts, quarterly flows, and time to lapse.
  const cohorts = cohortRetention(log.columns, { customer: 'customer_id', date: 'date', period: 'month', amount: 'dollar_value' });
  const { flows } = customerFlows(log.columns, { customer: 'customer_id', date: 'date', period: 'quarter' });
  const flowTable = [
    '| quarter | active | new | retained | returning | lost | retention rate |',
    '|---|---:|---:|---:|---:|---:|---:|',
    ...flows.map((f) => `| ${f.period} | ${fmt(f.active)} | ${fmt(f.new)} | ${fmt(f.retained)} | ${fmt(f.returning)} | ${fmt(f.lost)} | ${f.retentionRate === null ? '—' : `${(100 * f.retentionRate).toFixed(1)}%`} |`),
  ].join('\n');
  // Active lifetime of repeat buyers: weeks from first to last purchase for those who lapsed (no
  // purchase in the last 26 weeks of the log, i.e. since 1997-12-31); those still buying are
  // censored at their age. One-time buyers (lifetime 0) are left out of the curve.
  const lapseWeeks = 26;
  const durations = [];
  const lapsed = [];
  let oneTime = 0;
  for (let i = 0; i < whole.customer.length; i++) {
    if (whole.frequency[i] === 0) {
      oneTime++;
      continue;
    }
    const gone = whole.T[i] - whole.recency[i] > lapseWeeks;
    durations.push(gone ? whole.recency[i] : whole.T[i]);
    lapsed.push(gone ? 1 : 0);
  }
  const survival = kaplanMeier(durations, lapsed);
  const at = (weeks) => {
    let s = 1;
    for (let k = 0; k < survival.time.length && survival.time[k] <= weeks; k++) s = survival.survival[k];
    return s;
  };

  const markdown = `## Potential value: BG/NBD and Gamma-Gamma on the calibration period

BG/NBD (Fader, Hardie & Lee 2005), ${fmt(purchaseModel.n)} customers (${fmt(purchaseModel.groups)} distinct histories):
r = ${p.r.toFixed(4)} (± ${se.r.toFixed(4)}), α = ${p.alpha.toFixed(3)} (± ${se.alpha.toFixed(3)}), a = ${p.a.toFixed(4)} (± ${se.a.toFixed(4)}), b = ${p.b.toFixed(3)} (± ${se.b.toFixed(3)}) — log-likelihood ${fmt(purchaseModel.logLikelihood, 1)}.
Gamma-Gamma (Fader & Hardie 2013), ${fmt(spendModel.n)} repeat customers: p = ${g.p.toFixed(3)}, q = ${g.q.toFixed(3)}, γ = ${g.gamma.toFixed(3)};
frequency–spend correlation ${spendModel.frequencyMonetaryCorrelation.toFixed(3)} (the model assumes independence).

**Holdout check** (1997-10-01 to 1998-06-30, 39 weeks): predicted ${fmt(totalPredicted)} repeat purchase days, actual ${fmt(totalActual)} (${((100 * (totalPredicted - totalActual)) / totalActual).toFixed(1)}%).

${checkTable}

52-week expected revenue per customer (discounted 10%/year): mean $${(clv.clv.reduce((a, b) => a + b, 0) / clv.clv.length).toFixed(2)}, total $${fmt(clv.clv.reduce((a, b) => a + b, 0))}.

## Retention

Monthly acquisition cohorts (share of each cohort buying in each month since its first purchase):

![cohort retention](cohort-retention.svg)

Quarterly flows (the leaky bucket):

${flowTable}

Active lifetime of the ${fmt(survival.n)} repeat buyers (${fmt(oneTime)} one-time buyers left out), Kaplan–Meier with lapse =
no purchase in the last ${lapseWeeks} weeks of the log: ${fmt(survival.totalEvents)} lapsed; ${(100 * at(13)).toFixed(1)}% still active 13 weeks after their first purchase,
${(100 * at(26)).toFixed(1)}% after 26, ${(100 * at(52)).toFixed(1)}% after 52; median active lifetime ${survival.median === null ? 'not reached' : `${survival.median.toFixed(1)} weeks`}.

![active lifetime](survival.svg)
`;
  return {
    clv: clv.clv,
    markdown,
    console: `BG/NBD r=${p.r.toFixed(3)} α=${p.alpha.toFixed(3)} a=${p.a.toFixed(3)} b=${p.b.toFixed(3)}; holdout repeat purchases predicted ${fmt(totalPredicted)} vs actual ${fmt(totalActual)}`,
    svgs: {
      'cohort-retention.svg': cohortHeatmapSvg(cohorts, { title: 'CDNOW: monthly cohort retention', subtitle: 'customers acquired Jan–Mar 1997, purchases to June 1998', periodName: 'month' }),
      'survival.svg': survivalSvg(survival, { title: 'CDNOW: active lifetime of repeat buyers', subtitle: `${fmt(survival.n)} repeat buyers · lapse = no purchase in the last ${lapseWeeks} weeks of the log; others censored`, timeLabel: 'weeks since first purchase' }),
    },
  };
}
