// Checksums of the scoring benchmark's 12 outputs (issue 17's workload: a 6-dimension value
// pyramid plus two RFM models), the same in every implementation: sums of the two cells, the
// two totals, the six quintile scores, the tiers (exact integers) and the values (to 1e-6).
export const RFM_MODELS = ['rfm', 'engagement'];
export const SCORE_FIELDS = ['recency', 'frequency', 'monetary'];

/** `outputs[name]` for every scorer output name → the checksums. */
export function scoringChecks(outputs, n) {
  const sum = (array) => {
    let s = 0;
    for (let i = 0; i < n; i++) s += array[i];
    return s;
  };
  return {
    cellSum: RFM_MODELS.reduce((s, m) => s + sum(outputs[`${m}.cell`]), 0),
    totalSum: RFM_MODELS.reduce((s, m) => s + sum(outputs[`${m}.total`]), 0),
    scoreSum: RFM_MODELS.reduce((s, m) => s + SCORE_FIELDS.reduce((t, f) => t + sum(outputs[`${m}.${f}`]), 0), 0),
    tierSum: sum(outputs['pyramid.tier']),
    valueSum: sum(outputs['pyramid.value']),
  };
}
