// What `customer-value fit --kind <kind>` runs for each kind the registry (src/model/kinds.ts)
// says the CLI fits: the fit function, the columns its spec reads as numbers, and whether it
// also fits on a transaction log (`--customer`). A kind the registry marks `cli: true` without
// an entry here does not compile; a kind it marks with a reason is refused with that reason.
import { fitBetaGeo } from '../loyalty/clv/fitBetaGeo.js';
import { fitGammaGamma } from '../loyalty/clv/fitGammaGamma.js';
import { fitParetoNbd } from '../loyalty/clv/fitParetoNbd.js';
import { fitModifiedBetaGeo } from '../loyalty/clv/fitModifiedBetaGeo.js';
import { CLI_FIT_KINDS, refusalReason, type CliFitKind } from '../model/kinds.js';
import { fitSatisfactionIndex } from '../satisfaction/fitSatisfactionIndex.js';
import { fitSegments } from '../segmentation/fitSegments.js';
import { fitRfm } from '../value/fitRfm.js';
import { fitValuePyramid } from '../value/fitValuePyramid.js';

/** How the CLI fits one kind. */
export interface CliFitter {
  /** The fit function, given the columns read and the spec JSON (it validates the spec). */
  readonly fit: (data: never, spec: never) => unknown;
  /** The columns a fit spec names as numeric inputs, read from the raw spec JSON (the fitter validates it). */
  readonly numericColumns: (spec: Record<string, unknown>) => string[];
  /** Fitted on a transaction log too (`--customer`): the log's summary is the data; `timeUnit` adds `--time-unit` to the spec, `amount` requires `--amount`. */
  readonly log?: { readonly timeUnit: boolean; readonly amount: boolean };
}

const strings = (value: unknown): string[] => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string' && v !== '') : []);
const column = (value: unknown): string[] =>
  value !== null && typeof value === 'object' && typeof (value as { column?: unknown }).column === 'string' ? [(value as { column: string }).column] : [];
/** A BTYD summary's columns: the spec's `columns`, or the default names. */
const summary = (s: Record<string, unknown>, fields: readonly string[]): string[] => {
  const given = (s.columns ?? {}) as Record<string, unknown>;
  return fields.map((field) => (typeof given[field] === 'string' ? given[field] : field));
};

export const CLI_FITTERS: { readonly [K in CliFitKind]: CliFitter } = {
  rfm: { fit: fitRfm, numericColumns: (s) => [...column(s.recency), ...column(s.frequency), ...column(s.monetary)] },
  valuePyramid: { fit: fitValuePyramid, numericColumns: (s) => (Array.isArray(s.dimensions) ? s.dimensions.flatMap(column) : []) },
  satisfactionIndex: {
    fit: fitSatisfactionIndex,
    numericColumns: (s) => {
      const dimensions = s.dimensions;
      const names = strings(s.items);
      if (Array.isArray(dimensions)) names.push(...dimensions.flatMap((d) => strings((d as { items?: unknown })?.items)));
      else if (dimensions !== null && typeof dimensions === 'object') names.push(...Object.values(dimensions).flatMap(strings));
      return names;
    },
  },
  segments: { fit: fitSegments, numericColumns: (s) => strings(s.features) },
  betaGeo: { fit: fitBetaGeo, numericColumns: (s) => summary(s, ['frequency', 'recency', 'T']), log: { timeUnit: true, amount: false } },
  gammaGamma: { fit: fitGammaGamma, numericColumns: (s) => summary(s, ['frequency', 'monetary']), log: { timeUnit: false, amount: true } },
  paretoNbd: { fit: fitParetoNbd, numericColumns: (s) => summary(s, ['frequency', 'recency', 'T']), log: { timeUnit: true, amount: false } },
  modifiedBetaGeo: { fit: fitModifiedBetaGeo, numericColumns: (s) => summary(s, ['frequency', 'recency', 'T']), log: { timeUnit: true, amount: false } },
};

/** The kinds `fit --kind` takes, in registry order (for its help and errors). */
export const CLI_KIND_LIST = CLI_FIT_KINDS.join(', ');

/** The kinds `fit` also fits on a transaction log. */
export const LOG_FIT_KINDS: readonly CliFitKind[] = CLI_FIT_KINDS.filter((kind) => CLI_FITTERS[kind].log !== undefined);

/**
 * The fitter for `--kind`, or a usage message: the registry's reason for a kind the CLI does
 * not fit, the list of kinds for an unknown one.
 */
export function cliFitterOf(kind: string): CliFitter | { readonly refused: string } {
  if ((CLI_FIT_KINDS as readonly string[]).includes(kind)) return CLI_FITTERS[kind as CliFitKind];
  const why = refusalReason(kind, 'cli');
  return { refused: why ? `fit: --kind ${kind}: ${why}` : `fit: --kind must be one of ${CLI_KIND_LIST} (got ${JSON.stringify(kind)})` };
}

/** The columns a fit spec names as numeric inputs, each once. */
export function numericColumnsOf(fitter: CliFitter, spec: unknown): string[] {
  return [...new Set(fitter.numericColumns((spec ?? {}) as Record<string, unknown>))];
}
