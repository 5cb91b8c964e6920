import { CustomerValueError } from '../errors.js';

/**
 * A refusal raised by another public function that a pipeline called at one of its stages
 * (`analyzeCustomerValue` summarizing the log with `summarizeTransactions`, `fitInWarehouse`
 * fitting BG/NBD with `fitBetaGeo`…), renamed so that its first line names the function the user
 * called and the stage: "fitInWarehouse: the fit clv stage failed: fitBetaGeo: no customer made a
 * repeat purchase…". The code and the issues are kept (each issue still names the function that
 * raised it, and the column and row it found). An error already in the pipeline's name, or not a
 * `CustomerValueError` (a bug), is returned as it is; the renamed error's `cause` is the original.
 */
export function stageError(fn: string, stage: string, error: unknown): unknown {
  if (!(error instanceof CustomerValueError) || error.message.startsWith(`${fn}:`)) return error;
  const renamed = new CustomerValueError(error.code, `${fn}: the ${stage} stage failed: ${error.message.split('\n')[0]}`, error.issues, error.totalIssues);
  renamed.cause = error; // its stack, for a bug report
  return renamed;
}

/**
 * Run a pipeline's stage (`work`, synchronous or returning a promise) with a refusal raised in it
 * renamed by `stageError`.
 */
export function atStage<T>(fn: string, stage: string, work: () => T): T {
  let result: T;
  try {
    result = work();
  } catch (error) {
    throw stageError(fn, stage, error);
  }
  if (result instanceof Promise) {
    return result.catch((error: unknown) => {
      throw stageError(fn, stage, error);
    }) as T;
  }
  return result;
}
