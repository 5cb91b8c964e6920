/**
 * One finished stage of a warehouse job, as `onProgress` hears it: the stage's name (the same
 * name an `engine_failed` error gives), the result rows it brought out of the engine (0 for work
 * done in JavaScript, such as a fit) and its wall time in seconds.
 */
export interface WarehouseProgress {
  readonly stage: string;
  readonly rows: number;
  readonly seconds: number;
}
