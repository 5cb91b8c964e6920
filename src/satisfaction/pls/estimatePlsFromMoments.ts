import { CustomerValueError } from '../../errors.js';
import type { Moments } from '../../internal/momentMatrix.js';
import { estimatePls, regression } from './plsEstimate.js';
import type { PlsIndexStructure } from './plsStructure.js';

/** @internal Estimate weights and path coefficients from item moments (shared with the bootstrap). */
export function estimatePlsFromMoments(moments: Moments, structure: PlsIndexStructure, fn: string) {
  const p = moments.p;
  const estimate = estimatePls(moments.correlation, p, structure);
  const C = structure.blocks.length;
  const coefficients = new Map<number, Float64Array>();
  for (let j = 0; j < C; j++) {
    const preds = structure.predecessors[j];
    if (preds.length === 0) continue;
    const beta = regression(estimate.constructCorrelation, C, preds, j);
    if (beta.some((b) => !Number.isFinite(b))) {
      throw new CustomerValueError('invalid_value', `${fn}: the predecessors of a construct are perfectly collinear`, [
        {
          function: fn,
          path: 'spec.paths',
          expected: `predecessor construct scores of "${structure.names[j]}" that are not linearly dependent`,
          received: `perfectly collinear scores of ${structure.predecessors[j].map((i) => `"${structure.names[i]}"`).join(', ')}`,
          hint: 'drop one of the collinear predecessors or merge their constructs',
        },
      ]);
    }
    coefficients.set(j, beta);
  }
  return { estimate, coefficients };
}
