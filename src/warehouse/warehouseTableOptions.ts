import type { WarehouseProgress } from './warehouseProgress.js';

/**
 * Where a warehouse function reads its table, and who hears about progress (the dialect is the
 * engine's). Taken by `cohortRetentionInWarehouse`, `customerFlowsInWarehouse`,
 * `activeLifetimesInWarehouse` (the transaction log), `valuePyramidStatisticsInWarehouse`,
 * `rfmStatisticsInWarehouse`, `fitSegmentsInWarehouse` (a customer table) and
 * `itemMomentsInWarehouse` (a survey table).
 */
export interface WarehouseTableOptions {
  /** The table: a name, or its parts (`['crm', 'customers']`). */
  readonly table: string | readonly string[];
  /** Called after each query with its stage, the rows it brought out of the engine and its wall time. */
  readonly onProgress?: (event: WarehouseProgress) => void;
}
