import { describe, expect, it } from 'vitest';
import { fitGammaGamma } from '../../src/clv.js';
import { prepareBetaGeoData } from '../../src/loyalty/clv/betaGeoLikelihood.js';
import { gammaGammaLogLikelihood, prepareGammaGammaData, subsampleGammaGammaData } from '../../src/loyalty/clv/gammaGammaLikelihood.js';
import { indexDistinct } from '../../src/loyalty/clv/indexDistinct.js';
import { readFixtureCsv, readFixtureJson } from '../helpers/fixtures.js';

// References: R's Gamma-Gamma log-likelihood at its optimum on the CDNOW sample
// (test/fixtures/loyalty/make_reference.R); the fitted models as issue 16 left them
// (gamma_gamma_issue16.json, exact doubles; it replaced the pre-issue-15 pin once the Newton
// finish moved the optimum's last digits to a point with a smaller gradient: see its source).
const R = readFixtureJson<any>('loyalty/r_clv_reference.json');
const pin = readFixtureJson<any>('loyalty/gamma_gamma_issue16.json');
const cbs = readFixtureCsv('loyalty/cdnow_btyd_cbs.csv').columns as Record<string, Float64Array>;
const repeat = (() => {
  const keep = Array.from(cbs.x.keys()).filter((i) => cbs.x[i] > 0);
  return { x: Float64Array.from(keep, (i) => cbs.x[i]), m: Float64Array.from(keep, (i) => cbs.m_x[i]) };
})();

describe('gammaGammaLogLikelihood(params, data, gradient)', () => {
  const data = prepareGammaGammaData(repeat.x, repeat.m);

  it("equals R's log-likelihood at R's optimum on the CDNOW sample", () => {
    const { p, q, gamma } = R.gammaGamma.params;
    expect(gammaGammaLogLikelihood([p, q, gamma], data, null)).toBeCloseTo(R.gammaGamma.logLikelihood, 6);
  });

  it('writes the gradient in log-parameters, as central differences give it', () => {
    const theta = [6, 3.5, 15];
    const gradient = new Float64Array(3);
    const value = gammaGammaLogLikelihood(theta, data, gradient);
    expect(gammaGammaLogLikelihood(theta, data, null)).toBe(value);
    for (let k = 0; k < 3; k++) {
      const h = 1e-6;
      const up = theta.map((v, j) => (j === k ? v * Math.exp(h) : v));
      const down = theta.map((v, j) => (j === k ? v * Math.exp(-h) : v));
      const numeric = (gammaGammaLogLikelihood(up, data, null) - gammaGammaLogLikelihood(down, data, null)) / (2 * h);
      expect(gradient[k] / numeric).toBeCloseTo(1, 5);
    }
  });

  it('sums over every k-th customer on a subsample, as over those customers alone', () => {
    const every = 7;
    const rows = Array.from({ length: Math.ceil(repeat.x.length / every) }, (_, i) => i * every);
    const alone = prepareGammaGammaData(
      Float64Array.from(rows, (i) => repeat.x[i]),
      Float64Array.from(rows, (i) => repeat.m[i]),
    );
    const sub = subsampleGammaGammaData(data, every);
    expect(sub.customers).toBe(rows.length);
    expect(gammaGammaLogLikelihood([6, 3.5, 15], sub, null)).toBeCloseTo(gammaGammaLogLikelihood([6, 3.5, 15], alone, null), 9);
  });
});

describe('indexDistinct, the grouping BG/NBD and Gamma-Gamma share', () => {
  it('indexes each value among the distinct values in first-appearance order', () => {
    const { index, distinct } = indexDistinct(Float64Array.from([3, 1, 3, 2, 1]));
    expect(Array.from(distinct)).toEqual([3, 1, 2]);
    expect(Array.from(index)).toEqual([0, 1, 0, 2, 1]);
  });

  it('gives both likelihoods their distinct frequencies', () => {
    const betaGeo = prepareBetaGeoData(cbs.x, cbs.t_x, cbs.T_cal, null);
    expect(Array.from(betaGeo.distinctX)).toEqual(Array.from(indexDistinct(betaGeo.x).distinct));
    expect(Array.from(prepareGammaGammaData(repeat.x, repeat.m).distinctX)).toEqual(Array.from(indexDistinct(repeat.x).distinct));
  });
});

describe('fitGammaGamma pinned to the bit', () => {
  it.each(Object.keys(pin.cases))('%s: the same fit to the bit (parameters, standard errors, log-likelihood, iterations)', (name) => {
    const N = 120_000;
    const data =
      name === 'cdnowCbs'
        ? { frequency: cbs.x, monetary: cbs.m_x }
        : (() => {
            const frequency = Array.from({ length: N }, (_, i) => 1 + ((i * 7919) % 13));
            return { frequency, monetary: Array.from({ length: N }, (_, i) => 5 + ((i * 104729) % 997) / 10 + frequency[i] * 0.37) };
          })();
    const model = fitGammaGamma(data);
    const { data: _described, ...expected } = pin.cases[name];
    expect({
      params: model.params,
      standardErrors: model.standardErrors,
      logLikelihood: model.fitted.diagnostics.logLikelihood,
      iterations: model.fitted.diagnostics.iterations,
      n: model.fitted.n,
    }).toEqual(expected);
  });
});
