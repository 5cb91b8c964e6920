/**
 * Version written into every model this release fits; `parseModel` accepts this version and
 * upgrades version 1 (counts, warnings and diagnostics at the top level) with `upgradeModel`.
 */
export const MODEL_VERSION = 2;
