import { baseTotalOverTimeSvg, clvConfidenceBandSvg } from '../../src/charts/index.js';
import { summarizeTransactions } from '../../src/index.js';
import { clvConfidenceIntervals, clvParameterDraws, fitBetaGeo, fitGammaGamma, type ClvConfidenceIntervals } from '../../src/clv.js';
import { readFixtureCsv } from './fixtures.js';

let cached: ClvConfidenceIntervals | undefined;

/**
 * The README's confidence intervals on the whole CDNOW log (calibration to 1997-09-30, BG/NBD +
 * Gamma-Gamma, 200 delta-method draws with seeds 1 and 2, 12 months, 1% a month, margin 0.3), with
 * the totals at every horizon: the README's section "How sure?" computes the same.
 */
export function cdnowClvIntervals(): ClvConfidenceIntervals {
  if (cached !== undefined) return cached;
  const log = readFixtureCsv('../../examples/data/cdnow_master.csv').columns;
  const summary = summarizeTransactions(log, { customer: 'customer_id', date: 'date', amount: 'dollar_value', observationEnd: '1997-09-30', timeUnit: 'week' });
  const purchaseModel = fitBetaGeo(summary, { timeUnit: 'week' });
  const spendModel = fitGammaGamma(summary, { nonPositiveSpend: 'exclude' });
  const purchaseDraws = clvParameterDraws(purchaseModel, summary, { method: 'delta', draws: 200, seed: 1 });
  const spendDraws = clvParameterDraws(spendModel, summary, { method: 'delta', draws: 200, seed: 2 });
  cached = clvConfidenceIntervals({
    purchaseModel,
    purchaseDraws,
    spendModel,
    spendDraws,
    customers: summary,
    horizon: 12,
    timeUnit: 'month',
    discountRate: 0.01,
    margin: 0.3,
    totalsOverTime: true,
  });
  return cached;
}

/** The README's two images (docs/images/clv-confidence-band.svg, docs/images/clv-base-total.svg). */
export const readmeClvCharts = {
  'clv-confidence-band.svg': () =>
    clvConfidenceBandSvg(cdnowClvIntervals(), {
      title: 'CDNOW: 12-month CLV per customer, with its 90% confidence interval',
      subtitle: 'BG/NBD + Gamma-Gamma, 200 delta-method draws; margin 0.3, 1% a month',
    }),
  'clv-base-total.svg': () =>
    baseTotalOverTimeSvg(cdnowClvIntervals(), {
      title: "CDNOW: the base's value over the next 1–12 months",
      subtitle: 'BG/NBD + Gamma-Gamma, 200 delta-method draws; margin 0.3, 1% a month',
    }),
};
