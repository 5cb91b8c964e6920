type Json = Record<string, unknown>;

/**
 * Version-1 models kept their fit record in a different place on each kind; version 2 puts it in
 * `fitted: { n, skipped, warnings, diagnostics }` on every kind. Per kind: where the version-1
 * counts were (`source`: the top level, or the value pyramid's `fitted`), which keys become
 * `fitted.diagnostics` (in the order the version-2 fitters write them), and where the warnings
 * were (none: `[]`).
 */
const VERSION_1: Record<string, (model: Json) => Json> = {
  rfm: (m) => fromTopLevel(m, ['scoreCounts'], 'none'),
  valuePyramid: (m) => {
    const { fitted, ...rest } = m;
    if (!isObject(fitted)) return m;
    const { n, skipped, customersPerTier, valueSharePerTier, meanValue, ...unknown } = fitted;
    return { ...rest, fitted: { n, skipped, warnings: [], diagnostics: { customersPerTier, valueSharePerTier, meanValue }, ...unknown } };
  },
  satisfactionIndex: (m) => {
    const { meanIndex, meanIndex100, n, skipped, diagnostics, ...rest } = m;
    if (!isObject(diagnostics)) return m;
    const { warnings, ...checks } = diagnostics;
    return { ...rest, fitted: { n, skipped, warnings, diagnostics: { meanIndex, meanIndex100, ...checks } } };
  },
  betaGeo: (m) => fromTopLevel(m, ['logLikelihood', 'groups', 'iterations'], 'moved'),
  gammaGamma: (m) => fromTopLevel(m, ['logLikelihood', 'withoutRepeat', 'nonPositiveExcluded', 'frequencyMonetaryCorrelation', 'iterations'], 'moved'),
  segments: (m) => fromTopLevel(m, ['inertia', 'iterations', 'converged'], 'none'),
  // `warnings` was added to version-1 PLS models after the first ones were saved: absent means none
  plsPathModel: (m) => fromTopLevel(m, ['iterations', 'converged'], 'optional'),
};

/** The model kinds that existed in version 1, each of which `upgradeModel` upgrades. */
export const VERSION_1_KINDS: readonly string[] = Object.keys(VERSION_1);

/**
 * Upgrade a saved model to the current model version (2), so models written by earlier releases
 * still load: `parseModel` calls it on every value before checking it. A version-1 model of any
 * kind has its counts, warnings and diagnostics moved into `fitted: { n, skipped, warnings,
 * diagnostics }` (e.g. `model.n` → `model.fitted.n`, BG/NBD's `logLikelihood` →
 * `model.fitted.diagnostics.logLikelihood`); every learned value is kept as it was. Anything else
 * (a current model, another version, an unknown kind, not an object) is returned unchanged for
 * the schema to accept or reject. Never mutates its argument.
 */
export function upgradeModel(value: unknown): unknown {
  if (!isObject(value) || value.version !== 1 || typeof value.kind !== 'string') return value;
  if (!Object.prototype.hasOwnProperty.call(VERSION_1, value.kind)) return value;
  return VERSION_1[value.kind]({ ...value, version: 2 });
}

/**
 * Move version-1 top-level counts into `fitted`. `warnings`: `'moved'` (a top-level list),
 * `'optional'` (a list that may be absent, meaning none) or `'none'` (the kind had no warnings:
 * a `warnings` key is left where it is, for the strict schema to reject).
 */
function fromTopLevel(model: Json, diagnosticKeys: readonly string[], warnings: 'moved' | 'optional' | 'none'): Json {
  const { n, skipped, ...rest } = model;
  const diagnostics: Json = {};
  for (const key of diagnosticKeys) {
    diagnostics[key] = rest[key];
    delete rest[key];
  }
  let list: unknown = [];
  if (warnings !== 'none') {
    list = warnings === 'optional' && rest.warnings === undefined ? [] : rest.warnings;
    delete rest.warnings;
  }
  return { ...rest, fitted: { n, skipped, warnings: list, diagnostics } };
}

function isObject(value: unknown): value is Json {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
