import { describe, expect, it } from 'vitest';
import * as root from '../helpers/library.js';
import { MODEL_KIND_NAMES, type ModelKind } from '../../src/model/kinds.js';
import { modelCases as v1Cases } from '../model/v1Cases.js';
import { modelCases } from './registry.js';
import { readFixtureCsv } from '../helpers/fixtures.js';

// Every model kind records its fit in one block with the same keys (issue 15):
// `fitted: { n, skipped, warnings: string[], diagnostics: {...} }`, and nothing of that record
// at the top level. Kinds are enumerated from parseModel's schemas, so a new kind is covered.
const RECORD_KEYS = ['n', 'skipped', 'warnings', 'diagnostics'];
/** Fit-record fields that version 1 kept at the top level of some kind: never there now. */
const FIT_RECORD_NAMES = [
  ...RECORD_KEYS,
  'iterations',
  'converged',
  'logLikelihood',
  'groups',
  'inertia',
  'scoreCounts',
  'meanIndex',
  'meanIndex100',
  'withoutRepeat',
  'nonPositiveExcluded',
  'frequencyMonetaryCorrelation',
];

/**
 * The v1Cases BG/NBD and Gamma-Gamma data sit on a flat likelihood boundary where, since issue 16's
 * canonical order, the fit is refused with not_converged (test/model/upgradeModel.test.ts): these
 * kinds are fitted with skipped rows on the CDNOW sample instead, one row's frequency missing.
 */
const cbs = readFixtureCsv('loyalty/cdnow_btyd_cbs.csv').columns as Record<string, Float64Array>;
const withMissing = { frequency: Float64Array.from(cbs.x, (v, i) => (i === 5 ? Number.NaN : v)), recency: cbs.t_x, T: cbs.T_cal, monetary: cbs.m_x };
const BOUNDARY_FITS: Record<string, () => unknown> = {
  betaGeo: () => root.fitBetaGeo(withMissing, { timeUnit: 'week', missing: 'skip' }),
  gammaGamma: () => root.fitGammaGamma(withMissing, { missing: 'skip' }),
};

/** Fitted models of a kind: the contract registry's, and the fits on data with skipped rows. */
function fitsOf(kind: ModelKind): [string, Record<string, unknown>][] {
  const out: [string, Record<string, unknown>][] = [];
  if (kind in modelCases) out.push(['contract registry fit', modelCases[kind].model as Record<string, unknown>]);
  for (const c of v1Cases) {
    if (c.kind !== kind) continue;
    const fit = BOUNDARY_FITS[c.name] ?? (() => c.fit(root));
    out.push([`${c.name} fit`, fit() as Record<string, unknown>]);
  }
  return out;
}

describe('contract: every fitted model records its fit in fitted: { n, skipped, warnings, diagnostics }', () => {
  describe.each(MODEL_KIND_NAMES)('%s', (kind) => {
    it('has fitted.n, fitted.skipped, fitted.warnings (strings) and fitted.diagnostics (an object), and no fit record at the top level', () => {
      const fits = fitsOf(kind);
      expect(fits.length, `${kind}: no fitted model to check (add a case to test/contracts/registry.ts modelCases)`).toBeGreaterThan(0);
      for (const [label, model] of fits) {
        const fitted = model.fitted as Record<string, unknown>;
        expect(Object.keys(fitted), label).toEqual(RECORD_KEYS);
        expect(Number.isInteger(fitted.n) && (fitted.n as number) >= 0, `${label}: fitted.n`).toBe(true);
        expect(Number.isInteger(fitted.skipped) && (fitted.skipped as number) >= 0, `${label}: fitted.skipped`).toBe(true);
        expect(Array.isArray(fitted.warnings) && (fitted.warnings as unknown[]).every((w) => typeof w === 'string'), `${label}: fitted.warnings`).toBe(true);
        expect(
          fitted.diagnostics !== null && typeof fitted.diagnostics === 'object' && !Array.isArray(fitted.diagnostics),
          `${label}: fitted.diagnostics`,
        ).toBe(true);
        expect(
          Object.keys(model).filter((key) => FIT_RECORD_NAMES.includes(key)),
          label,
        ).toEqual([]);
        expect(model.version).toBe(2);
      }
    });

    it('counts rows skipped for a missing value in fitted.skipped, and parseModel checks the record', () => {
      const [, model] = fitsOf(kind).at(-1)!;
      const fitted = model.fitted as { n: number; skipped: number };
      // the v1Cases data of the kinds whose spec says missing: 'skip' hold rows with a missing value
      if ((model.spec as { missing?: string }).missing === 'skip') expect(fitted.skipped).toBeGreaterThan(0);
      const tampered: [string, (f: Record<string, unknown>) => void][] = [
        ['a negative n', (f) => (f.n = -1)],
        ['a fractional skipped', (f) => (f.skipped = 0.5)],
        ['a warning that is not text', (f) => (f.warnings = [1])],
        ['diagnostics that are not an object', (f) => (f.diagnostics = [])],
        ['an extra key', (f) => (f.extra = 1)],
      ];
      for (const [what, tamper] of tampered) {
        const copy = JSON.parse(JSON.stringify(model));
        tamper(copy.fitted);
        let error: unknown;
        try {
          root.parseModel(copy);
        } catch (e) {
          error = e;
        }
        expect(error, `${kind}: ${what} was accepted`).toBeInstanceOf(root.CustomerValueError);
      }
    });
  });
});
