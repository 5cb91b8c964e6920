import { CustomerValueError, describeValue } from '../../errors.js';
import { logBetaRatio } from '../../internal/logBetaRatio.js';
import { assertModelOf } from '../../model/assertModelKind.js';
import { betaDiscreteWeibullModelSchema, shiftedBetaGeometricModelSchema } from '../../model/retentionModelSchemas.js';
import type { BetaDiscreteWeibullModel } from './fitBetaDiscreteWeibull.js';
import type { ShiftedBetaGeometricModel } from './fitShiftedBetaGeometric.js';

/** A fitted contractual retention model: the kinds whose predictions share one survival function. */
export type ContractualRetentionModel = ShiftedBetaGeometricModel | BetaDiscreteWeibullModel;

const KINDS = ['shiftedBetaGeometric', 'betaDiscreteWeibull'] as const;

/**
 * Check that `model` is a valid fitted contractual retention model (any of its kinds): the kind
 * first, then the model against that kind's own schema (assertModelOf), not through the registry
 * of every kind's schema, so that a retention fitter with its scorer bundles small (issue 21).
 */
export function assertRetentionModel(model: unknown, fn: string): ContractualRetentionModel {
  const kind = model !== null && typeof model === 'object' ? (model as { kind?: unknown }).kind : undefined;
  const known = KINDS.find((k) => k === kind);
  if (known === undefined) {
    throw new CustomerValueError('invalid_model', `${fn}: expected a contractual retention model`, [
      {
        function: fn,
        path: 'model.kind',
        expected: KINDS.map((k) => JSON.stringify(k)).join(' or '),
        received: describeValue(kind),
        hint: 'fit one with fitShiftedBetaGeometric or fitBetaDiscreteWeibull, or load one with parseModel',
      },
    ]);
  }
  // the model as parsed (defaults filled), not as given
  return known === 'shiftedBetaGeometric'
    ? (assertModelOf(model, known, 'fitShiftedBetaGeometric', shiftedBetaGeometricModelSchema, null, fn) as ContractualRetentionModel)
    : (assertModelOf(model, known, 'fitBetaDiscreteWeibull', betaDiscreteWeibullModelSchema, null, fn) as ContractualRetentionModel);
}

/**
 * ln S(t), the log of the probability that a customer acquired at period 0 is still active after
 * t renewal decisions (t ≥ 0, whole): sBG ln B(α, β + t) − ln B(α, β); BdW ln B(α, β + t^c) − ln B(α, β).
 */
export function logSurvival(model: ContractualRetentionModel, t: number): number {
  const shift = model.kind === 'betaDiscreteWeibull' ? Math.pow(t, model.params.c) : t;
  return logBetaRatio(model.params.alpha, model.params.beta, 0, shift);
}
