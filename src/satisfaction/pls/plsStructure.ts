import type { PlsStructure } from './plsEstimate.js';
import type { ParsedPlsSpec } from './plsPathModelSpec.js';

/** The PLS structure with construct names and each construct's predecessors (construct indexes). */
export type PlsIndexStructure = PlsStructure & { readonly names: readonly string[]; readonly predecessors: readonly (readonly number[])[] };

/** @internal The index form of a parsed spec: item blocks (in construct order), modes, paths. */
export function plsStructure(s: ParsedPlsSpec): PlsIndexStructure {
  const names = Object.keys(s.constructs);
  let next = 0;
  const blocks = names.map((name) => s.constructs[name].items.map(() => next++));
  const paths = s.paths.map(([from, to]) => [names.indexOf(from), names.indexOf(to)] as const);
  return {
    names,
    blocks,
    modes: names.map((name) => s.constructs[name].mode),
    paths,
    scheme: s.scheme,
    maxIter: s.maxIter,
    tolerance: s.tolerance,
    predecessors: names.map((_, j) => paths.filter(([, to]) => to === j).map(([from]) => from)),
  };
}
