import { describe, expect, it } from 'vitest';
import { assessPlsPathModel, ECSI_MODEL, fitPlsPathModel, PLS_GUIDELINES, plsPredict, type PlsAssessedValue } from '../../src/pls.js';
import { assessPlsPathModel as assessOnThreads } from '../../src/node/index.js';
import { caught, readFixtureCsv } from '../helpers/fixtures.js';

// assessPlsPathModel's `predict` option is plsPredict (checked against an independent numpy
// PLSpredict/CVPAT in plsPredict.test.ts) on the model's spec; here: that it is that call, and
// that every reading follows from the figures by its guideline's rule, recomputed in the test.
const mobi = readFixtureCsv('satisfaction/ecsi_mobi.csv').columns as Record<string, Float64Array>;
const model = fitPlsPathModel(mobi, ECSI_MODEL);
const options = { folds: 5, repetitions: 2, seed: 7 };
const report = assessPlsPathModel(model, mobi, { predict: options });
const predict = report.predict!;

describe('assessPlsPathModel with options.predict', () => {
  it("carries plsPredict's result for the model's spec on the same data, unchanged", () => {
    expect(predict.result).toEqual(plsPredict(mobi, ECSI_MODEL, options));
    expect([predict.result.folds, predict.result.repetitions, predict.result.seed]).toEqual([5, 2, 7]);
  });

  it("mirrors plsPredict's defaults (10 folds, 10 repetitions, seed 1)", () => {
    const result = assessPlsPathModel(model, mobi, { predict: {} }).predict!.result;
    expect([result.folds, result.repetitions, result.seed]).toEqual([10, 10, 1]);
    expect(result.foldOf).toEqual(plsPredict(mobi, ECSI_MODEL).foldOf);
  });

  it('leaves the report without the option as it was, and the rest of the report unchanged with it', () => {
    const plain = assessPlsPathModel(model, mobi);
    expect('predict' in plain).toBe(false);
    const { predict: _, ...rest } = report;
    expect(rest).toEqual(plain);
  });

  it('reads Q²predict against 0 and sets PLS-SEM RMSE and MAE beside the linear model, per endogenous indicator', () => {
    expect(predict.items.map((i) => i.item)).toEqual(predict.result.items.map((i) => i.item));
    predict.items.forEach((item, q) => {
      const figures = predict.result.items[q];
      expect(item.construct).toBe(figures.construct);
      expect(item.q2predict.value).toBe(figures.pls.q2predict);
      expect(item.q2predict.guideline).toBe(PLS_GUIDELINES.q2predict);
      expect(item.q2predict.verdict).toBe(
        (figures.pls.q2predict as number) > 0 ? 'above 0 (better than the training mean)' : 'not above 0 (no better than the training mean)',
      );
      expect(item.rmse).toEqual({ pls: figures.pls.rmse, linearModel: figures.linearModel.rmse, plsLower: figures.pls.rmse < figures.linearModel.rmse });
      expect(item.mae).toEqual({ pls: figures.pls.mae, linearModel: figures.linearModel.mae, plsLower: figures.pls.mae < figures.linearModel.mae });
    });
    // both readings occur on these data: the verdict is not a constant
    expect(new Set(predict.items.map((i) => i.rmse.plsLower)).size).toBe(2);
  });

  it('reads the predictive power from the share of indicators where PLS-SEM beats the linear model (Shmueli et al. 2019)', () => {
    const expected = (lower: number, of: number) => (lower === of ? 'high' : 2 * lower >= of ? 'medium' : lower > 0 ? 'low' : 'none');
    const check = (power: { indicators: number; rmse: PlsAssessedValue; mae: PlsAssessedValue }, construct: string | null) => {
      const items = predict.result.items.filter((i) => construct === null || i.construct === construct);
      expect(power.indicators).toBe(items.length);
      // Q²predict > 0 first (every indicator here has it: checked below), then the error below the LM's
      const q2 = (i: (typeof items)[number]) => (i.pls.q2predict as number) > 0;
      const rmse = items.filter((i) => q2(i) && i.pls.rmse < i.linearModel.rmse).length;
      const mae = items.filter((i) => q2(i) && i.pls.mae < i.linearModel.mae).length;
      expect(power.rmse.value).toBe(rmse / items.length);
      expect(power.mae.value).toBe(mae / items.length);
      expect(power.rmse.verdict!.split(' ')[0]).toBe(expected(rmse, items.length));
      expect(power.mae.verdict!.split(' ')[0]).toBe(expected(mae, items.length));
      expect(power.rmse.guideline).toBe(PLS_GUIDELINES.predictLinearModel);
      return expected(rmse, items.length);
    };
    check(predict.predictivePower.overall, null);
    expect(predict.predictivePower.constructs.map((c) => c.construct)).toEqual(predict.result.endogenous);
    const readings = predict.predictivePower.constructs.map((c) => check(c, c.construct));
    // more than one reading occurs across the constructs
    expect(new Set(readings).size).toBeGreaterThan(1);
  });

  it('reads low power when the README finds PLS-SEM below the linear model on 4 of the 19 items (10 folds × 10, seed 1)', () => {
    const power = assessPlsPathModel(model, mobi, { predict: { seed: 1 } }).predict!.predictivePower.overall.rmse;
    expect(power.value).toBe(4 / 19);
    expect(power.verdict).toBe('low (below for 4 of 19 indicators: a minority)');
  });

  it('reads a tie (half the indicators) as medium, "the majority (or the same number)" of Shmueli et al. 2019', () => {
    // 5 folds × 1, seed 12: PLS-SEM beats the linear model on exactly 1 of Value's 2 items (found by scanning seeds 1–20)
    const tie = assessPlsPathModel(model, mobi, { predict: { folds: 5, repetitions: 1, seed: 12 } }).predict!;
    const value = tie.result.items.filter((i) => i.construct === 'Value');
    expect(value.filter((i) => i.pls.rmse < i.linearModel.rmse)).toHaveLength(1);
    const power = tie.predictivePower.constructs.find((c) => c.construct === 'Value')!;
    expect([power.indicators, power.rmse.value, power.rmse.verdict]).toEqual([2, 0.5, 'medium (below for 1 of 2 indicators: the majority or half)']);
  });

  it('counts an indicator against the linear model only when its Q²predict is above 0, the prerequisite, and says so', () => {
    // Image's items reversed in row order: no longer related to Value and Quality, so PLS-SEM and LM both predict
    // about as well as the mean, and "high" against LM alone would mislead
    const data = { ...mobi, IMAG1: mobi.IMAG1.slice().reverse(), IMAG2: mobi.IMAG2.slice().reverse(), IMAG3: mobi.IMAG3.slice().reverse() };
    const spec = {
      constructs: {
        Image: { items: ['IMAG1', 'IMAG2', 'IMAG3'] },
        Value: { items: ['PERV1', 'PERV2'] },
        Quality: { items: ['PERQ1', 'PERQ2', 'PERQ3', 'PERQ4'] },
      },
      paths: [
        ['Image', 'Value'],
        ['Image', 'Quality'],
      ] as [string, string][],
    };
    const noise = assessPlsPathModel(fitPlsPathModel(data, spec), data, { predict: { folds: 10, repetitions: 2, seed: 1 } }).predict!;
    const value = noise.result.items.filter((i) => i.construct === 'Value');
    const notAbove = value.filter((i) => !((i.pls.q2predict as number) > 0)).length;
    const lower = value.filter((i) => i.pls.rmse < i.linearModel.rmse).length;
    expect([notAbove, lower]).toEqual([1, 2]);
    // both below the LM, but one without Q²predict > 0: 1 of 2 counts (before: "high … for all 2")
    const power = noise.predictivePower.constructs.find((c) => c.construct === 'Value')!;
    expect([power.rmse.value, power.rmse.verdict]).toEqual([
      0.5,
      'medium (below for 1 of 2 indicators: the majority or half; Q²predict not above 0 for 1 of 2: not counted)',
    ]);
    // with every Q²predict above 0 there is no such note
    expect(predict.predictivePower.overall.rmse.verdict).not.toContain('Q²predict');
  });

  it("reads CVPAT's one-sided p against 0.05 for both benchmarks, overall and per construct", () => {
    const check = (assessedPair: typeof predict.cvpat.overall, tests: typeof predict.result.cvpat.overall) => {
      for (const key of ['vsIndicatorAverage', 'vsLinearModel'] as const) {
        expect(assessedPair[key].value).toBe(tests[key].pOneSided);
        expect(assessedPair[key].guideline).toBe(PLS_GUIDELINES.cvpat);
        expect(assessedPair[key].verdict!.startsWith((tests[key].pOneSided as number) < 0.05 ? 'significantly' : 'not significantly')).toBe(true);
      }
    };
    check(predict.cvpat.overall, predict.result.cvpat.overall);
    predict.cvpat.constructs.forEach((c, t) => {
      expect(c.construct).toBe(predict.result.cvpat.constructs[t].construct);
      check(c, predict.result.cvpat.constructs[t]);
    });
    // PLS-SEM beats the indicator average (p < 0.05) but not the linear model on these data: both verdicts occur
    expect(predict.cvpat.overall.vsIndicatorAverage.verdict).toBe('significantly lower loss (one-sided p < 0.05)');
    expect(predict.cvpat.overall.vsLinearModel.verdict).toBe('not significantly lower loss (one-sided p ≥ 0.05)');
  });

  it('names its guidelines and their sources', () => {
    expect(PLS_GUIDELINES.q2predict).toMatchObject({
      limits: [0],
      source: expect.stringContaining('Shmueli et al. 2019 (European Journal of Marketing 53(11))'),
    });
    expect(PLS_GUIDELINES.predictLinearModel).toMatchObject({ limits: [0, 0.5, 1], source: expect.stringContaining('Shmueli et al. 2019') });
    expect(PLS_GUIDELINES.predictLinearModel.rule).toContain('linear-model benchmark');
    expect(PLS_GUIDELINES.cvpat).toMatchObject({ limits: [0.05], source: expect.stringContaining('Liengaard et al. 2021 (Decision Sciences 52(2))') });
    expect(PLS_GUIDELINES.cvpat.rule).toContain('one-sided');
    expect(Object.isFrozen(PLS_GUIDELINES.cvpat.limits)).toBe(true);
  });

  it('is plain JSON', () => {
    expect(JSON.parse(JSON.stringify(predict))).toEqual(predict);
  });

  it('gives the same predict field from customer-value/node', () => {
    expect(assessOnThreads(model, mobi, { predict: options }).predict).toEqual(predict);
  });
});

describe('assessPlsPathModel: bad predict options, named', () => {
  it('refuses fewer than 2 folds', () => {
    const error = caught(() => assessPlsPathModel(model, mobi, { predict: { folds: 1 } }));
    expect(error.code).toBe('invalid_spec');
    expect(error.issues[0]).toMatchObject({ function: 'assessPlsPathModel', path: 'options.predict.folds' });
  });

  it('refuses more folds than respondents, naming options.predict.folds and the count', () => {
    const error = caught(() => assessPlsPathModel(model, mobi, { predict: { folds: 251 } }));
    expect(error.code).toBe('invalid_value');
    expect(error.issues[0]).toMatchObject({
      function: 'assessPlsPathModel',
      path: 'options.predict.folds',
      expected: 'at most 250 folds (one per respondent is leave-one-out)',
    });
    // the function is named once, the option once (plsPredict's own prefix dropped)
    expect(error.message.split('\n')[0]).toBe('assessPlsPathModel: options.predict: 251 folds for 250 respondents');
  });

  it('refuses a non-integer seed, zero repetitions and unknown keys', () => {
    expect(caught(() => assessPlsPathModel(model, mobi, { predict: { seed: 1.5 } })).issues[0].path).toBe('options.predict.seed');
    expect(caught(() => assessPlsPathModel(model, mobi, { predict: { repetitions: 0 } })).issues[0].path).toBe('options.predict.repetitions');
    expect(caught(() => assessPlsPathModel(model, mobi, { predict: { fold: 5 } as never })).issues[0].path).toBe('options.predict');
    expect(caught(() => assessOnThreads(model, mobi, { predict: { folds: 1 } })).issues[0].path).toBe('options.predict.folds');
  });
});
