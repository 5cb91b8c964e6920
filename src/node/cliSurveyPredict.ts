// `customer-value survey --model`: the "Prediction (PLSpredict, CVPAT)" subsection — how well the
// model predicts respondents it was not fitted on: assessPlsPathModel's `predict` (plsPredict with
// fixed folds, repetitions and seed), per endogenous item Q²predict and PLS-SEM's RMSE and MAE
// beside the linear-model benchmark's, the predictive power those give, and CVPAT, each with the
// guideline it is read against and its source.
import { CustomerValueError } from '../errors.js';
import { assessPlsPathModel, type PlsAssessedValue, type PlsCvpatAssessment } from '../satisfaction/pls/assessPlsPathModel.js';
import type { PlsPathModel } from '../satisfaction/pls/fitPlsPathModel.js';
import type { CvpatTest } from '../satisfaction/pls/plsPredict.js';

/** The cross-validation the report runs (stated in it): 10 folds, repeated 10 times, seed 1. */
export const PLS_PREDICT = { folds: 10, repetitions: 10, seed: 1 } as const;

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
const num = (value: number | null, digits = 3) => (value === null ? '—' : value.toFixed(digits));
const pValue = (p: number | null) => (p === null ? '—' : p < 0.001 ? '< 0.001' : p.toFixed(3));
const guidelineLine = (label: string, a: PlsAssessedValue) => `- ${label}: ${a.guideline.rule} — ${a.guideline.source}.`;

/** The "Prediction (PLSpredict, CVPAT)" subsection; a note instead of the tables when PLSpredict cannot run on these data. */
export function predictSection(model: PlsPathModel, columns: Readonly<Record<string, Float64Array>>): string[] {
  const out = ['### Prediction (PLSpredict, CVPAT)', ''];
  let predict;
  try {
    predict = assessPlsPathModel(model, columns, { predict: PLS_PREDICT }).predict!;
  } catch (error) {
    if (!(error instanceof CustomerValueError)) throw error;
    out.push(`_Not computed: ${cell(error.message.split('\n')[0])}._`, '');
    return out;
  }
  const r = predict.result;
  out.push(
    `Does the model predict respondents it was not fitted on? PLSpredict (plsPredict, Shmueli et al. 2016; read as Shmueli et al. 2019): ` +
      `the ${r.n} respondents are split into ${r.folds} folds, ${r.repetitions} times (seed ${r.seed}); each fold is predicted by the model fitted on the other folds, ` +
      `from the items of ${r.exogenous.map(cell).join(', ')} alone, and each respondent's prediction is the mean over the repetitions. ` +
      `Q²predict compares the prediction error with that of the item's training mean; RMSE and MAE (in answer points) are set beside those of ` +
      `the linear-model benchmark (LM: each item regressed on all items of ${r.exogenous.map(cell).join(', ')}).`,
    '',
  );
  out.push(
    '| construct | item | Q²predict | reading | RMSE PLS | RMSE LM | MAE PLS | MAE LM | PLS error below LM (RMSE, MAE) |',
    '|---|---|---:|---|---:|---:|---:|---:|---|',
  );
  for (const i of predict.items)
    out.push(
      `| ${cell(i.construct)} | ${cell(i.item)} | ${num(i.q2predict.value)} | ${i.q2predict.verdict ?? '—'} | ${num(i.rmse.pls)} | ${num(i.rmse.linearModel)} | ` +
        `${num(i.mae.pls)} | ${num(i.mae.linearModel)} | ${i.rmse.plsLower ? 'yes' : 'no'}, ${i.mae.plsLower ? 'yes' : 'no'} |`,
    );
  out.push('');
  out.push(guidelineLine('Q²predict', predict.items[0].q2predict), '');

  out.push('| predictive power against LM | by RMSE | by MAE |', '|---|---|---|');
  const power = [{ construct: 'all endogenous items', ...predict.predictivePower.overall }, ...predict.predictivePower.constructs];
  for (const p of power) out.push(`| ${cell(p.construct)} | ${p.rmse.verdict} | ${p.mae.verdict} |`);
  out.push('', guidelineLine('Predictive power', predict.predictivePower.overall.rmse), '');

  out.push(
    "CVPAT tests whether PLS-SEM's average loss (a respondent's mean squared prediction error over the items) is lower than a benchmark's: paired t test, one-sided.",
    '',
    '| items of | PLS loss | IA loss | t | one-sided p | reading vs IA | LM loss | t | one-sided p | reading vs LM |',
    '|---|---:|---:|---:|---:|---|---:|---:|---:|---|',
  );
  const cvpatRow = (label: string, tests: { vsIndicatorAverage: CvpatTest; vsLinearModel: CvpatTest }, read: PlsCvpatAssessment) => {
    const ia = tests.vsIndicatorAverage;
    const lm = tests.vsLinearModel;
    return (
      `| ${cell(label)} | ${num(ia.plsLoss)} | ${num(ia.benchmarkLoss)} | ${num(ia.t, 2)} | ${pValue(ia.pOneSided)} | ${read.vsIndicatorAverage.verdict ?? '—'} | ` +
      `${num(lm.benchmarkLoss)} | ${num(lm.t, 2)} | ${pValue(lm.pOneSided)} | ${read.vsLinearModel.verdict ?? '—'} |`
    );
  };
  out.push(cvpatRow('all endogenous items', r.cvpat.overall, predict.cvpat.overall));
  r.cvpat.constructs.forEach((c, t) => out.push(cvpatRow(c.construct, c, predict.cvpat.constructs[t])));
  out.push('', guidelineLine('CVPAT', predict.cvpat.overall.vsIndicatorAverage), '');
  if (r.notConverged > 0) out.push(`- Warning: ${r.notConverged} of ${r.folds * r.repetitions} training fits did not converge (kept).`, '');
  return out;
}
