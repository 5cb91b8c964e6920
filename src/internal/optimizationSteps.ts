/**
 * An optimization written once, run against a synchronous objective (the in-memory fitters) or
 * an asynchronous one (a likelihood evaluated by a SQL engine): the algorithm is a generator that
 * yields each point it needs evaluated and receives the objective's value there. The request
 * carries the buffer the gradient is to be written into (null when only the value is needed), and
 * the index of the objective among the driver's (e.g. a screening subsample and the full data).
 * Internal: never exported from the package.
 */
export interface PointRequest {
  /** Index of the objective among those the driver holds. */
  readonly objective: number;
  readonly x: Float64Array;
  /** Where ∇f is to be written; null for the value alone. */
  readonly gradient: Float64Array | null;
  /** Where ∇²f is to be written (n × n, row-major; asked only with `gradient`); absent or null: not needed. */
  readonly hessian?: Float64Array | null;
}

/** An algorithm as a generator: yields points, receives f there, returns its result. */
export type OptimizationSteps<Result, Request = PointRequest> = Generator<Request, Result, number>;

/** A synchronous objective: f(x), writing ∇f into `gradient` and ∇²f into `hessian` when given. */
export type SyncObjective = (x: Float64Array, gradient: Float64Array | null, hessian: Float64Array | null) => number;
/** An asynchronous objective (e.g. one query per evaluation). */
export type AsyncObjective = (x: Float64Array, gradient: Float64Array | null, hessian: Float64Array | null) => Promise<number>;

/** Run the steps to their result with synchronous objectives. */
export function runSteps<Result>(steps: OptimizationSteps<Result>, objectives: readonly SyncObjective[]): Result {
  let next = steps.next();
  while (!next.done) {
    const { objective, x, gradient, hessian } = next.value;
    next = steps.next(objectives[objective](x, gradient, hessian ?? null));
  }
  return next.value;
}

/** Run the steps to their result with asynchronous objectives, one evaluation at a time. */
export async function runStepsAsync<Result>(steps: OptimizationSteps<Result>, objectives: readonly AsyncObjective[]): Promise<Result> {
  let next = steps.next();
  while (!next.done) {
    const { objective, x, gradient, hessian } = next.value;
    next = steps.next(await objectives[objective](x, gradient, hessian ?? null));
  }
  return next.value;
}

/** A synchronous gradient-writing function as an objective (the gradient buffer is always given to it). */
export function withGradientBuffer(fg: (x: Float64Array, gradient: Float64Array) => number, size: number): SyncObjective {
  const scratch = new Float64Array(size);
  return (x, gradient) => fg(x, gradient ?? scratch);
}

/**
 * Steps whose requests are rewritten on the way out and whose answers on the way back: e.g. an
 * optimizer over log-parameters asking for a scaled negative log-likelihood, turned into
 * requests for the log-likelihood at the parameters themselves.
 */
export function* mapSteps<Result>(
  inner: OptimizationSteps<Result>,
  toOuter: (request: PointRequest) => PointRequest,
  fromOuter: (request: PointRequest, value: number) => number,
): OptimizationSteps<Result> {
  let next = inner.next();
  while (!next.done) {
    const request = next.value;
    const value = yield toOuter(request);
    next = inner.next(fromOuter(request, value));
  }
  return next.value;
}
